"""Errors of the HTTP API: one JSON shape for every 4xx and 5xx, and the middleware that limits bodies.

Every error answer of ``/api/…`` is ``{"error": {"parameter": NAME_OR_NULL, "message": TEXT}}``;
a query over one of the limits on its analysed content (terms, word length, phrase terms, prefixes) also
has ``"limit": {"name", "maximum", "value"}`` in it; range errors of parameters name the bound in the message.
FastAPI's own validation errors are converted to that shape: 400 for query,
path and header parameters, 422 for the JSON body.  Pages outside ``/api`` get
a Persian HTML error page instead.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("kavosh.api")


class ApiError(Exception):
    """An error answer: HTTP ``status``, the ``parameter`` at fault (or ``None``) and a message.

    Args:
        status: the HTTP status code.
        parameter: the parameter at fault, e.g. ``"q"``; ``None`` if none.
        message: one line for the user.
        headers: extra response headers (e.g. ``WWW-Authenticate``).
        limit: for a request over a limit, ``{"name", "maximum", "value"}``.
    """

    def __init__(self, status: int, parameter: str | None, message: str,
                 headers: dict[str, str] | None = None, limit: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.parameter = parameter
        self.message = message
        self.headers = headers
        self.limit = limit


def error_body(parameter: str | None, message: str, limit: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON body of an error answer (``limit`` only when given)."""
    body: dict[str, Any] = {"parameter": parameter, "message": message}
    if limit is not None:
        body["limit"] = limit
    return {"error": body}


def error_response(status: int, parameter: str | None, message: str,
                   headers: dict[str, str] | None = None, limit: dict[str, Any] | None = None) -> JSONResponse:
    """A JSON error answer."""
    return JSONResponse(error_body(parameter, message, limit), status_code=status, headers=headers)


def _param_name(loc: tuple | list) -> str | None:
    """``("body", "documents", 2, "id")`` → ``"documents[2].id"``; ``("query", "limit")`` → ``"limit"``."""
    parts = list(loc[1:]) if loc and loc[0] in ("query", "path", "header", "body", "cookie") else list(loc)
    if not parts:
        return "body" if loc and loc[0] == "body" else None
    name = ""
    for p in parts:
        if isinstance(p, int):
            name += f"[{p}]"
        else:
            name += f".{p}" if name else str(p)
    return name


def _short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def _message(name: str | None, err: dict) -> str:
    """A one-line message for one pydantic error, naming the parameter."""
    kind, ctx, value = err.get("type", ""), err.get("ctx") or {}, err.get("input")
    who = name or "the request"
    if kind == "missing":
        return f"{who} is required"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{who} must be an integer, got {_short(value)!r}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{who} must be at least {bound}, got {_short(value)}" if kind == "greater_than_equal" \
            else f"{who} must be greater than {bound}, got {_short(value)}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"{who} must be at most {bound}, got {_short(value)}" if kind == "less_than_equal" \
            else f"{who} must be less than {bound}, got {_short(value)}"
    if kind == "string_too_long":
        n = len(value) if isinstance(value, str) else "?"
        return f"{who} is {n} characters long; the limit is {ctx.get('max_length')}"
    if kind == "string_too_short":
        return f"{who} must not be empty"
    if kind == "too_long":
        return f"{who} has too many items; the limit is {ctx.get('max_length')}"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"{who} must have at least {n} item{'' if n == 1 else 's'}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{who} must be 1 or 0 (true or false), got {_short(value)!r}"
    if kind in ("literal_error", "enum"):
        return f"{who} must be {ctx.get('expected', 'one of the documented values')}, got {_short(value)!r}"
    if kind == "json_invalid":
        return f"the body is not valid JSON: {ctx.get('error', 'syntax error')}"
    if kind == "extra_forbidden":
        return f"{who} is not a known field"
    if kind == "model_attributes_type" or kind == "dict_type":
        return f"{who} must be a JSON object"
    if kind == "string_type":
        return f"{who} must be a string, got {_short(value)}"
    return f"{who}: {err.get('msg', 'invalid value')}"


async def require_utf8_query(request: Request) -> None:
    """Refuse a query string whose percent-decoded bytes are not UTF-8 (a dependency of every route).

    Starlette decodes such bytes to U+FFFD, which analysis drops: ``?q=%ff%fe`` would otherwise be
    answered "the query is empty".

    Raises:
        ApiError: 400 naming the parameter.
    """
    for part in request.scope.get("query_string", b"").split(b"&"):
        raw_name, _, raw_value = part.partition(b"=")
        try:
            urllib.parse.unquote_to_bytes(raw_value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError as e:
            name = urllib.parse.unquote(raw_name.decode("ascii", "replace"), errors="replace")
            raise ApiError(400, name, f"{name} is not UTF-8 text (byte {e.start + 1} of its value); "
                                      "percent-encode the value's UTF-8 bytes") from None


def _known_query_parameters(route) -> list[str]:
    """The query parameters a FastAPI route declares (its own and its dependencies'), in order."""
    names: list[str] = []
    todo = [getattr(route, "dependant", None)]
    while todo:
        dependant = todo.pop(0)
        if dependant is not None:
            names += [p.alias for p in dependant.query_params]
            todo += dependant.dependencies
    return list(dict.fromkeys(names))


async def reject_unknown_query(request: Request) -> None:
    """Refuse a query parameter the JSON endpoint does not take (a dependency of every route; the pages
    ``/`` and ``/doc`` are left lenient): a misspelt ``limt=5`` would otherwise be ignored silently, and
    the answer would look right.  Elasticsearch refuses unrecognized parameters the same way.

    A parameter given twice is refused too (none of the JSON endpoints takes a list: ``q=x&q=y`` would
    run ``y`` alone).

    Raises:
        ApiError: 400 naming the first unknown parameter, the closest known one and every known one; or
            the first parameter given more than once.
    """
    if not is_api_path(request):
        return
    known = _known_query_parameters(request.scope.get("route"))
    given = [name for name, _ in request.query_params.multi_items()]
    for name in dict.fromkeys(given):
        if name in known and (times := given.count(name)) > 1:
            raise ApiError(400, name, f"{_short(name, 40)} is given {times} times; give it once (a query of "
                                      "several words is one q: q=word1+word2)")
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            listed = ", ".join(known) if known else "none"
            raise ApiError(400, name, f"unknown parameter {_short(name, 40)!r}{hint}; "
                                      f"the known parameters are {listed}")


def is_api_path(request: Request) -> bool:
    """True for JSON endpoints (``/api/…``, ``/healthz``, ``/openapi.json``)."""
    path = request.url.path[len(request.scope.get("root_path", "")):] or "/"
    return path.startswith("/api/") or path in ("/api", "/healthz", "/openapi.json")


_BODY_PARSE_ERROR = "There was an error parsing the body"
"""The detail of FastAPI's 400 for a JSON body that cannot be decoded (not UTF-8)."""


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app takes on the request's path, sorted, for the ``Allow``
    header of a 405 answer (RFC 9110, section 15.5.6).

    Starlette's own ``Allow`` names only the first route that matches the path, so a path served
    by two routes (``GET`` and ``DELETE /api/documents/{id}``) would list one of them."""
    from starlette.routing import Match

    def routes(items):
        for route in items:
            inner = getattr(route, "original_router", None)  # FastAPI >= 0.16x wraps included routers
            yield from routes(inner.routes) if inner is not None else (route,)

    methods: set[str] = set()
    for route in routes(request.app.router.routes):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and getattr(route, "methods", None):
            methods.update(route.methods)
    return sorted(methods)


def install_error_handlers(app, html_error: Callable[[Request, int, str], HTMLResponse]) -> None:
    """Register the handlers that turn every error into the JSON shape (or an HTML page outside /api)."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        if not is_api_path(request):
            return html_error(request, exc.status, exc.message)
        return error_response(exc.status, exc.parameter, exc.message, exc.headers, exc.limit)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "type": "", "msg": "invalid request"}
        loc = tuple(first.get("loc") or ())
        name = _param_name(loc)
        if first.get("type") == "json_invalid":
            name = "body"
        status = 422 if loc and loc[0] == "body" else 400
        message = _message(name, first)
        content_type = request.headers.get("content-type", "")
        if loc == ("body",) and first.get("type") in ("model_attributes_type", "dict_type") \
                and "json" not in content_type.lower():
            # FastAPI reads a body as JSON only under a JSON content type (curl -d sends a form's).
            message = (f"the body was not read as JSON: its Content-Type is {content_type or 'missing'!r}; "
                       "send it with Content-Type: application/json")
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        if not is_api_path(request):
            return html_error(request, status, message)
        return error_response(status, name, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        headers = getattr(exc, "headers", None)
        if exc.status_code == 404:
            message = f"no such endpoint: {request.url.path}"
        elif exc.status_code == 405:
            allow = allowed_methods(request)
            headers = {**(headers or {}), "Allow": ", ".join(allow)}
            message = f"method {request.method} is not allowed on {request.url.path}; allowed: {', '.join(allow)}"
        elif exc.status_code == 400 and exc.detail == _BODY_PARSE_ERROR:
            # FastAPI's answer to a body json.loads cannot decode: bytes that are not UTF-8 text.
            message = "the body is not UTF-8 text; send JSON encoded as UTF-8"
            if is_api_path(request):
                return error_response(400, "body", message)
        else:
            message = str(exc.detail)
        if not is_api_path(request):
            response = html_error(request, exc.status_code, message)
            if exc.status_code == 405:
                response.headers["Allow"] = headers["Allow"]
            return response
        return error_response(exc.status_code, None, message, headers)

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception):
        log.exception("internal error on %s %s", request.method, request.url.path)
        message = "internal error; the server log has the details"
        if not is_api_path(request):
            return html_error(request, 500, message)
        return error_response(500, None, message)


class BodyLimitMiddleware:
    """Answer 413 to requests whose body is larger than ``max_bytes`` (declared or streamed).

    The body is read here (at most ``max_bytes``) and replayed to the app.

    Args:
        app: the ASGI app.
        max_bytes: the largest accepted body.
    """

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _too_large(self, send) -> None:
        mb = self.max_bytes / (1024 * 1024)
        body = json.dumps(error_body("body", f"the request body is larger than the limit of {mb:g} MiB "
                                     f"({self.max_bytes:,} bytes); send fewer documents per request")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._too_large(send)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
"""The page loads nothing from anywhere but this server; the browser enforces it too."""


class SecurityHeadersMiddleware:
    """Add a strict Content-Security-Policy and related headers to every answer."""

    HEADERS = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
               (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"),
               (b"x-frame-options", b"DENY")]

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
