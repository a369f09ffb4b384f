"""The right-to-left web page's routes: the search page ``/``, a document's page ``/doc``, the API
reference ``/docs`` and the Persian error page (rendering in :mod:`kavosh.api.pages`, the facet sidebar in
:mod:`kavosh.api.sidebar`; :func:`kavosh.api.app.create_app` includes :data:`router` beside the JSON API's).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import __version__
from ..query.parse import MAX_QUERY_CHARS, DateFilterError, QuerySyntaxError
from ..query.plan import LIMITS
from . import sidebar
from .errors import ApiError
from .models import latin_digits
from .pages import PAGE_SIZE, Pager, render
from .route import QueryRoute, Service
from .service import IndexService

MAX_PAGE = LIMITS.offset // PAGE_SIZE + 1
"""The last results page the web page can show."""

router = APIRouter(route_class=QueryRoute)


def rewritten_query(res) -> str | None:
    """The query a search ran instead of the one typed (a spelling or keyboard-layout rewrite), else ``None``."""
    rewritten = getattr(res, "rewritten", None)
    return rewritten if rewritten and rewritten != res.query else None


def _base(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def _html(template: str, status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(render(template, version=__version__, **context), status_code=status_code)


def html_error(request: Request, status: int, message: str) -> HTMLResponse:
    """The Persian error page."""
    return _html("error.html", status, base=_base(request), q="", status=status, message=message,
                 not_utf8=" is not UTF-8 text " in message)


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
def page_search(request: Request, service: Service, q: str | None = None, page: str | None = None,
                exact: str | None = None, group: str | None = None, sort: str | None = None) -> HTMLResponse:
    """The search page: a search box, and results when there is a query (``group``: the
    members of one near-duplicate group, reached from a result's «خبر مشابه» link); ``f``
    (repeated): filters chosen in the facet sidebar (:mod:`kavosh.api.sidebar`); ``sort``."""
    q = q or ""
    group = group or None
    f = [x for x in request.query_params.getlist("f") if x.strip()]
    if len(f) > sidebar.MAX_F or any(len(x) > sidebar.MAX_F_CHARS for x in f):
        raise ApiError(400, "f", f"at most {sidebar.MAX_F} filters (f) of {sidebar.MAX_F_CHARS} characters each")
    config = service.fields
    ctx: dict[str, Any] = {"base": _base(request), "q": q, "documents": len(service), "res": None,
                           "error": None, "detail": None, "pager": None, "rewritten": None,
                           "suggestion": None, "group": group, "f": f, "sort": sort or None, "sidebar": [],
                           "page_href": sidebar.page_href, "sort_choices": sidebar.sort_choices(sort, config, service.has_dates()),
                           "kind_labels": sidebar.KIND_LABELS,
                           "filter_examples": lambda name=None: sidebar.filter_examples(config, name)}
    if not q.strip() and not f:
        return _html("search.html", **ctx)
    try:
        number = min(max(int(latin_digits(page or "1")), 1), MAX_PAGE)
    except ValueError:
        number = 1
    if len(q) > MAX_QUERY_CHARS:
        ctx["error"] = "too_long"
        return _html("search.html", 400, **ctx)
    if (bad_sort := sidebar.sort_problem(sort, config)) is not None:
        ctx.update(error="sort", detail=bad_sort)
        return _html("search.html", 400, **ctx)
    try:
        res = service.search(sidebar.query_text(q, f, config), PAGE_SIZE, (number - 1) * PAGE_SIZE,
                             exact=exact in ("1", "true"), group=group, sort=sort or None,
                             facets=sidebar.sidebar_facets(config) or None, disjunctive=True)
    except QuerySyntaxError as e:
        error = _problem(service, q, e)
        if error == "unknown_field" and sidebar.in_filters(q, e.details):
            error = "f_unknown_field"  # in an f= of the URL, not in the typed query: other advice
        ctx.update(error=error, detail=e.details)
        return _html("search.html", 400, **ctx)
    ctx.update(res=res, pager=Pager.make(number, res.total, MAX_PAGE), rewritten=rewritten_query(res),
               suggestion=getattr(res, "suggestion", None),
               sidebar=sidebar.build(ctx["base"], q, f, sort or None, res.facets))
    return _html("search.html", **ctx)


def _problem(service: IndexService, q: str, error: QuerySyntaxError) -> str:
    """Why a query could not run, for a Persian explanation: the error's ``code`` (group,
    unknown_field, filter, date, negative, empty, limit, too_long, field_value), else worked out from
    the query."""
    if error.code in ("group", "unknown_field", "filter", "limit", "too_long", "field_value"):
        return error.code
    if isinstance(error, DateFilterError):
        return "date"
    analyzer = service.index.analyzer
    tokens = analyzer.analyze(q)
    if not tokens:
        return "empty"
    if re.fullmatch(r"\s*(?:(?:-|NOT\s+)\S+\s*)+", q):
        return "negative"
    return "syntax"


@router.get("/doc", response_class=HTMLResponse, include_in_schema=False)
def page_document(request: Request, service: Service, id: str = "", q: str | None = None) -> HTMLResponse:
    """A document's page: title, metadata and the full text."""
    doc = service.get(id) if id else None
    if doc is None:
        return _html("error.html", 404, base=_base(request), q=q or "", status=404,
                     message=None, missing_id=id)
    title_segments = text_segments = None
    if q and q.strip() and len(q) <= MAX_QUERY_CHARS:
        try:
            title_segments, text_segments = service.highlight(doc.title, q), service.highlight(doc.text, q)
        except QuerySyntaxError:
            pass  # the page shows the document without marks
    return _html("document.html", base=_base(request), q=q or "", doc=doc, title_segments=title_segments,
                 text_segments=text_segments)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def page_api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI schema (no assets from other hosts)."""
    return _html("docs.html", base=_base(request), q="", spec=request.app.openapi(),
                 operations=_operations(request.app.openapi()))


def _operations(spec: dict) -> list[dict[str, Any]]:
    """Flatten the OpenAPI paths for the reference page."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                kind = schema.get("type") or "/".join(s.get("type", "") for s in schema.get("anyOf", []))
                limits = ", ".join(f"{k} {schema[k]}" for k in ("minimum", "maximum", "minLength", "maxLength")
                                   if k in schema)
                params.append({"name": p["name"], "in": p["in"], "required": p.get("required", False),
                               "type": kind, "default": schema.get("default"), "limits": limits,
                               "description": p.get("description", "")})
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "parameters": params,
                        "body": body.get("$ref", "").rsplit("/", 1)[-1],
                        "auth": bool(op.get("security")),
                        "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()]})
    return ops
