"""The HTTP API (routes only; the work is in :mod:`kavosh.api.service`; the web page's routes are in
:mod:`kavosh.api.web`).

``create_app(service)`` builds the FastAPI application that ``kavosh serve``
runs on uvicorn.  JSON endpoints live under ``/api`` (plus ``/healthz`` and
``/openapi.json``); the right-to-left page is ``/`` and ``/doc``; the API
reference is ``/docs``; the stylesheet and the Vazirmatn font are under
``/static``.  Nothing is loaded from any other host.
"""

from __future__ import annotations

import hmac
import json
import os
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..index.fields import coerce_value
from ..ingest.dates import date_problem
from ..ingest.document import Document
from ..query.parse import MAX_QUERY_CHARS, QuerySyntaxError
from ..query.plan import LIMITS, LimitError
from ..search.suggest import MAX_LIMIT as SUGGEST_MAX_LIMIT
from ..search.suggest import MAX_PREFIX_CHARS
from .answer import search_answer
from .errors import ApiError, BodyLimitMiddleware, SecurityHeadersMiddleware, install_error_handlers
from .fast import SEARCH_PATH, SearchApp
from .models import ANY_DIGITS, DocumentOut, DocumentsIn, ErrorOut, HealthOut, SearchOut, SuggestOut, WriteOut
from .route import ROUTE_CHECKS, QueryRoute, Service
from .service import IndexService, WriteConflictError
from .web import html_error, rewritten_query
from .web import router as web_router

API_MAX_LIMIT = 100
"""The largest ``limit`` of ``/api/search`` (snippets are computed for every hit)."""

DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
"""The default largest request body (``kavosh serve --max-body-mb``)."""

DESCRIPTION = """Search a Kavosh index over HTTP.

* Every error answer has the shape `{"error": {"parameter": "q", "message": "…"}}`:
  400 for a bad query parameter, 401/403 for a missing/wrong token, 404 for an
  unknown document or endpoint, 409 when another process holds the writer lock,
  413 for a body over the limit, 422 for an invalid JSON body.
* Write endpoints are disabled (403) unless the server was started with a token
  (`kavosh serve --token …` or `KAVOSH_TOKEN`); then they require
  `Authorization: Bearer TOKEN`.
* Limits (each enforced, with the error above): {limits}.
"""

_bearer = HTTPBearer(auto_error=False, description="the token given to `kavosh serve --token`")
_ERR = {"model": ErrorOut}

router = APIRouter(route_class=QueryRoute)  # GET /api/search through QueryRoute's handler (kavosh.api.route)


def get_service(request: Request) -> IndexService:
    """The :class:`IndexService` of this app."""
    return request.app.state.service


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def require_token(request: Request, credentials: Credentials) -> None:
    """Allow a write only when the server has a token and the request carries it (``async``: no I/O, run on
    the event loop rather than a worker thread)."""
    service = get_service(request)
    if not service.writes_enabled:
        raise ApiError(403, None, "writes are disabled on this server; start it with --token TOKEN "
                                  "(or KAVOSH_TOKEN) to enable them")
    if credentials is None:
        raise ApiError(401, "Authorization", "this endpoint needs the header Authorization: Bearer TOKEN",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), service.token.encode()):
        raise ApiError(403, "Authorization", "the token is not valid")


def _field_options(service: IndexService, facets: str | None, sort: str | None,
                   filter: str | None) -> dict[str, Any]:
    """``facets``/``sort``/``filter`` checked against the index's fields: :class:`ApiError` naming the parameter."""
    from ..query.facets import parse_facets
    from ..query.filters import filters_from_json
    from ..query.sort import parse_sort

    config = service.fields
    out: dict[str, Any] = {"facets": facets or None, "sort": sort or None}
    for name, check in (("facets", lambda: parse_facets(facets, config)), ("sort", lambda: parse_sort(sort, config))):
        try:
            check()
        except QuerySyntaxError as e:
            raise ApiError(400, name, str(e)) from e
    if filter:
        try:
            out["filter"] = json.loads(filter)
            filters_from_json(out["filter"], config)
        except json.JSONDecodeError as e:
            raise ApiError(400, "filter", f"filter is not JSON: {e.msg} at column {e.colno}") from e
        except QuerySyntaxError as e:
            raise ApiError(400, "filter", str(e)) from e
    return out


def _search(service: IndexService, q: str, limit: int, offset: int, exact: bool = False,
            date_from: str | None = None, date_to: str | None = None, collapse: bool = True,
            group: str | None = None, mode: str | None = None, **fields):
    if not q.strip() and not fields.get("filter"):
        raise ApiError(400, "q", "the query is empty; type words to search for")
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError(400, "q", f"the query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    try:
        dates = {k: v for k, v in (("date_from", date_from), ("date_to", date_to)) if v}
        return service.search(q, limit, offset, exact=exact, collapse=collapse, group=group, mode=mode, **dates,
                              **fields)
    except LimitError as e:
        param = {"page": "limit", "offset": "offset", "filters": "filter" if fields.get("filter") else "q"}.get(
            e.limit, "q")
        raise ApiError(400, param, str(e), limit={"name": e.limit, "maximum": e.maximum, "value": e.value}) from e
    except QuerySyntaxError as e:
        param = next((p for p in ("date_from", "date_to") if str(e).startswith(f"date filter {p}=")), "q")
        if str(e).startswith("group: "):
            param = "group"
        if str(e).startswith("mode "):
            param = "mode"
        raise ApiError(400, param, str(e)) from e


# ---------------------------------------------------------------- JSON API
@router.get("/api/search", response_model=SearchOut, tags=["search"], summary="Search",
            responses={400: _ERR})
async def api_search(
    service: Service,
    q: str = Query(description="the query: words, \"a phrase\", +required, -excluded, title:word, prefix*",
                   max_length=MAX_QUERY_CHARS),
    limit: Annotated[int, Query(ge=1, le=API_MAX_LIMIT, description="hits per page (ASCII, Persian or "
                                "Arabic-Indic digits: 10, ۱۰, ١٠)"), ANY_DIGITS] = 10,
    offset: Annotated[int, Query(ge=0, le=LIMITS.offset, description="hits to skip (any of those digits)"),
                      ANY_DIGITS] = 0,
    exact: bool = Query(False, description="1: search the query as typed "
                                           "(no keyboard-layout, Finglish or spelling rewrite)"),
    date_from: str | None = Query(None, max_length=40, description="only documents dated on or after this day, "
                                  "Jalali or Gregorian: 1403/09/01, 2024-11-21, 1403-09 (its first day)"),
    date_to: str | None = Query(None, max_length=40, description="only documents dated on or before this day; "
                                "a year or month (1403, 1403-09) means its last day"),
    collapse: bool = Query(True, description="1: one hit per near-duplicate group (its best-ranked member, "
                           "with `similar`, the count of the others); 0: every copy"),
    group: str | None = Query(None, max_length=16, description="only the members of this near-duplicate "
                              "group (a hit's `group`), uncollapsed: the hit's similar documents"),
    mode: Literal["lexical", "dense", "hybrid"] | None = Query(
        None, description="lexical (BM25), dense (passage vectors) or hybrid (both, fused); default hybrid when "
                          "the index has vectors (`kavosh embed`), else lexical"),
    facets: str | None = Query(None, max_length=500, description="fields to count over all matches: "
                               "category,tags:20,published:month,views:0;100;1000 (at most 10; docs/fields.md); "
                               "each also counts the matches with no value (missing)"),
    disjunctive: bool = Query(False, description="1: count a facet with a selected value as if its own "
                                                 "filter were not applied (what choosing another value gives)"),
    sort: str | None = Query(None, max_length=100, description="relevance (default), or FIELD:asc / FIELD:desc "
                             "for a number or date field or date (ties by document id; no collapsing)"),
    filter: str | None = Query(None, max_length=4000, description='filters as a JSON object, all must hold: '
                               '{"category": "ورزشی", "tags": ["فوتبال", "والیبال"], "views": {"gte": 100}, '
                               '"not": {"site": "فارس"}}; null is no value: {"category": null} (besides '
                               'category:… in q, category:"" for no value; at most 32 filters)'),
) -> Response:
    """Total hits, time taken, and one page of hits with highlighted title and snippet segments.

    Segments are the original text split into `{"text", "match"}` pieces: render
    them in order, matches highlighted, HTML-escaped.  Near-duplicates (the same
    story on several sites) are collapsed to their best-ranked copy: `total`
    counts results after collapsing, `matched` every matching document.
    """
    # A search of a local index runs on the event loop, not in a worker thread: it is CPU work under the
    # GIL, which a thread would not overlap with anything, and the hand-off to the thread pool and back
    # cost 0.5-0.9 ms of CPU a request (docs/benchmarks.md, HTTP load); each worker process answers one
    # search at a time either way (run several: --workers).  A cluster's search waits on its shards: a
    # worker thread, so that other requests go on meanwhile.
    args = (service, q, limit, offset, exact, date_from, date_to, collapse, group, mode)
    options = {"disjunctive": disjunctive, **_field_options(service, facets, sort, filter)}
    if getattr(service, "search_inline", False):
        res = _search(*args, **options)
    else:
        res = await run_in_threadpool(_search, *args, **options)
    out = res.to_dict()
    out["rewritten"] = rewritten_query(res)
    out["rewrite_kind"] = out.get("rewrite_kind") if out["rewritten"] else None
    return search_answer(out)  # serialized once, in SearchOut's shape (kavosh.api.answer)


@router.get("/api/suggest", response_model=SuggestOut, tags=["search"], summary="Autocomplete",
            responses={400: _ERR})
def api_suggest(
    service: Service,
    q: str = Query(description="what the user has typed so far; its last word is completed",
                   max_length=MAX_PREFIX_CHARS),
    limit: Annotated[int, Query(ge=1, le=SUGGEST_MAX_LIMIT, description="completions wanted (ASCII, Persian "
                                "or Arabic-Indic digits)"), ANY_DIGITS] = 10,
) -> dict[str, Any]:
    """Completions from the index's words and titles, most frequent first.

    The prefix is normalized like a query: Arabic letters, missing half-spaces
    and diacritics do not matter (`شبكه`, `میشو` complete).  A prefix that
    ends in a space gives no completions; an empty one is a 400, as for a search.
    """
    if not q.strip():
        raise ApiError(400, "q", "the prefix is empty; type the start of a word to complete")
    return {"query": q, "completions": [c.to_dict() for c in service.suggest(q, limit)]}


@router.get("/api/documents/{doc_id:path}", response_model=DocumentOut, tags=["documents"],
            summary="Get a document", responses={404: _ERR})
def api_get_document(service: Service,
                     doc_id: str = Path(description="the document id (percent-encoded)")) -> dict[str, Any]:
    """The stored document: id, title, full text, url, date and metadata."""
    doc = service.get(doc_id)
    if doc is None:
        raise ApiError(404, "id", f"no document with id {doc_id!r}")
    return {"id": doc.id, "title": doc.title, "text": doc.text, "url": doc.url, "date": doc.date,
            "fields": doc.fields}


def _write(service: IndexService, add: list[Document] = (), delete: list[str] = ()) -> dict[str, Any]:
    try:
        report = service.write(add, delete)
    except WriteConflictError as e:
        raise ApiError(409, None, str(e), headers={"Retry-After": "5"}) from e
    return {"added": report.added, "deleted": report.deleted, "documents": report.documents}


@router.post("/api/documents", response_model=WriteOut, tags=["documents"], summary="Add or replace documents",
             dependencies=[Depends(require_token)],
             responses={401: _ERR, 403: _ERR, 409: _ERR, 413: _ERR, 422: _ERR})
def api_add_documents(body: DocumentsIn, service: Service) -> dict[str, Any]:
    """Add a batch of documents (a document with an existing id replaces it) and commit.

    Searches see the batch as soon as the answer arrives.  Needs the server's token.
    """
    docs = []
    config = service.fields
    for i, d in enumerate(body.documents):
        if not d.text.strip() and not d.title.strip():
            raise ApiError(422, f"documents[{i}].text", f"document {d.id!r} has neither text nor title")
        if (problem := date_problem(d.date)) is not None:
            raise ApiError(422, f"documents[{i}].date", f"document {d.id!r}: {problem}")
        for name, kind in config.fields.items():  # the whole batch is refused before anything is written
            if name in d.fields:
                try:
                    coerce_value(kind, d.fields[name])
                except ValueError as e:
                    raise ApiError(422, f"documents[{i}].fields.{name}",
                                   f"document {d.id!r}: field {name} ({kind}): {e}") from e
        docs.append(Document(id=d.id, title=d.title, text=d.text, url=d.url, date=d.date, fields=d.fields,
                             source="http"))
    return _write(service, add=docs)


@router.delete("/api/documents/{doc_id:path}", response_model=WriteOut, tags=["documents"],
               summary="Delete a document", dependencies=[Depends(require_token)],
               responses={401: _ERR, 403: _ERR, 404: _ERR, 409: _ERR})
def api_delete_document(service: Service,
                        doc_id: str = Path(description="the document id (percent-encoded)")) -> dict[str, Any]:
    """Delete a document by id and commit.  Needs the server's token."""
    if service.get(doc_id) is None:
        raise ApiError(404, "id", f"no document with id {doc_id!r}")
    return _write(service, delete=[doc_id])


@router.get("/healthz", response_model=HealthOut, tags=["server"], summary="Health")
@router.head("/healthz", include_in_schema=False)  # one operation in the OpenAPI schema, not two with one id
def healthz(service: Service) -> dict[str, Any]:
    """`ok`, the number of documents, versions, and whether writes are enabled."""
    return service.health()


ROBOTS_TXT = """User-agent: *
Disallow: /?q=
Disallow: /doc
Disallow: /api/
"""
"""The server's ``/robots.txt`` (RFC 9309, prefix rules): crawlers may read the home page but not the result
pages (``/?q=…``: every link of the page puts ``q`` first; each facet and page is a new URL), the document pages or the API — as search engines ask of
each other's result pages; ``kavosh crawl`` obeys it too."""


@router.get("/robots.txt", response_class=PlainTextResponse, include_in_schema=False)
def robots_txt() -> str:
    """:data:`ROBOTS_TXT`."""
    return ROBOTS_TXT


# ---------------------------------------------------------------- the app
def limits_text(max_body_bytes: int) -> str:
    """Every request limit of the API in one sentence (the OpenAPI description; docs/http.md says the same)."""
    from .models import MAX_BATCH, MAX_ID_CHARS

    return (f"`q` of a search at most {MAX_QUERY_CHARS:,} characters, `limit` 1 to {API_MAX_LIMIT}, `offset` 0 to "
            f"{LIMITS.offset:,}, `date_from`/`date_to` at most 40 characters, `group` 16; `q` of autocomplete at "
            f"most {MAX_PREFIX_CHARS} characters, `limit` 1 to {SUGGEST_MAX_LIMIT}; a request body at most "
            f"{max_body_bytes:,} bytes (`--max-body-mb`; more gets 413) of UTF-8 JSON (other bytes get 400), "
            f"with 1 to {MAX_BATCH:,} documents, each id 1 to {MAX_ID_CHARS} characters")


def _openapi_factory(app: FastAPI, max_body_bytes: int):
    """OpenAPI with our error shape instead of FastAPI's validation error, and the body limit of this server."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                           tags=app.openapi_tags)
        for methods in spec.get("paths", {}).values():
            for method, op in methods.items():
                responses = op.get("responses", {})
                default = responses.get("422", {})
                if "HTTPValidationError" in str(default):
                    if method == "post":
                        responses["422"] = {"description": "Invalid JSON body",
                                            "content": {"application/json": {
                                                "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
                    else:
                        del responses["422"]
                for code, r in responses.items():
                    if r.get("description") == "Validation Error" or not code.startswith(("4", "5")):
                        continue
                    r["description"] = _RESPONSE_TEXT.get(code, r.get("description", ""))
        add = spec.get("paths", {}).get("/api/documents", {}).get("post")
        if add is not None:
            body = add.setdefault("requestBody", {})
            body["description"] = (f"UTF-8 JSON of at most {max_body_bytes:,} bytes (this server's "
                                   "`--max-body-mb`; a larger body gets 413, bytes that are not UTF-8 get 400)")
            body["x-max-bytes"] = max_body_bytes
            add["responses"]["400"] = {"description": "Body is not UTF-8 text",
                                       "content": {"application/json": {
                                           "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        schemas = spec.get("components", {}).get("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = spec
        return spec

    return openapi


_RESPONSE_TEXT = {"400": "Bad query parameter", "401": "Token missing", "403": "Writes disabled or wrong token",
                  "404": "No such document", "409": "Another process holds the writer lock",
                  "413": "Body too large", "422": "Invalid JSON body"}


def create_app(service: IndexService, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, fast: bool = True) -> FastAPI:
    """Build the application around an opened :class:`IndexService`.

    Args:
        service: the index (its reload thread runs while the app runs).
        max_body_bytes: the largest request body; larger ones get 413.
        fast: answer ``GET /api/search`` before the middleware stack (:class:`kavosh.api.fast.SearchApp`;
            ``False``: through it, as every other request).
    Returns:
        The FastAPI app (an ASGI app).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.start()
        try:
            yield
        finally:
            service.stop()

    description = DESCRIPTION.replace("{limits}", limits_text(max_body_bytes))
    app = SearchApp(title="Kavosh", version=__version__, description=description, docs_url=None, redoc_url=None,
                    lifespan=lifespan,
                    openapi_tags=[{"name": "search"}, {"name": "documents"}, {"name": "server"}])
    app.state.service = service
    app.openapi = _openapi_factory(app, max_body_bytes)
    install_error_handlers(app, html_error)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=str(resources.files("kavosh.api") / "static")), name="static")
    app.include_router(router, dependencies=[Depends(check) for check in ROUTE_CHECKS])
    app.include_router(web_router, dependencies=[Depends(check) for check in ROUTE_CHECKS])
    if fast:  # GET /api/search answered before the middleware stack (kavosh.api.fast)
        app.answer_searches(next(r for r in router.routes if getattr(r, "path", None) == SEARCH_PATH))
    return app


ENV_INDEX, ENV_TOKEN, ENV_MAX_BODY, ENV_RELOAD = ("KAVOSH_SERVE_INDEX", "KAVOSH_TOKEN", "KAVOSH_SERVE_MAX_BODY",
                                                  "KAVOSH_SERVE_RELOAD")


def app_from_env() -> FastAPI:
    """App factory for multi-process serving (``kavosh serve --workers N``): settings from the environment."""
    service = IndexService(os.environ.get(ENV_INDEX) or None, token=os.environ.get(ENV_TOKEN) or None,
                           reload_interval=float(os.environ.get(ENV_RELOAD, "1")))
    return create_app(service, int(os.environ.get(ENV_MAX_BODY, DEFAULT_MAX_BODY_BYTES)))


__all__ = ["create_app", "app_from_env", "API_MAX_LIMIT", "DEFAULT_MAX_BODY_BYTES"]
