"""``GET /api/search`` answered from the top of the app, outside the ASGI middleware stack and FastAPI's routing.

Every request to a FastAPI app passes through Starlette's error middleware, FastAPI's telemetry and
body-limit middlewares, the app's own two (:class:`~kavosh.api.errors.BodyLimitMiddleware`,
:class:`~kavosh.api.errors.SecurityHeadersMiddleware`), the exception middleware, an exit stack, the
router (matching each route in turn, an included router's routes through their effective contexts) and
the route's request-response wrapper, and the answer travels back through a send wrapper of each: for a
search, about 0.4 ms of CPU of a request's 2.6 ms (in process through the ASGI app, loaded machine;
docs/benchmarks.md, "HTTP load").  :class:`SearchApp` is the FastAPI app with one shortcut in front:
a ``GET`` whose path is exactly ``/api/search`` (no root path) and whose query parameters are all known,
valid and UTF-8 is answered by the endpoint directly (its parameters validated by FastAPI's own fields,
:class:`~kavosh.api.route.QueryFields`), with the headers
:class:`~kavosh.api.errors.SecurityHeadersMiddleware` adds; an :class:`~kavosh.api.errors.ApiError` of
the endpoint (an empty query, a limit) becomes the same JSON error answer the app's handler gives.
Anything else — another path or method, an unknown or invalid parameter, bytes that are not UTF-8, any
other exception of the endpoint — goes through the whole app as before (the endpoint runs again there
after an exception), so that every error answer and log line stays the app's own.
``tests/api/test_query_route.py`` compares the two paths' answers (status, headers, body).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams
from starlette.responses import Response

from .errors import ApiError, SecurityHeadersMiddleware, error_response
from .route import QueryFields

SEARCH_PATH = "/api/search"
"""The path :class:`SearchApp` answers itself."""

Send = Callable[[dict[str, Any]], Awaitable[None]]


class SearchApp(FastAPI):
    """A :class:`FastAPI` app that answers ``GET /api/search`` itself once :meth:`answer_searches` has
    been given the route (see the module text); every other request goes through FastAPI."""

    _search: tuple[QueryFields, Callable[..., Awaitable[Response]]] | None = None

    def answer_searches(self, route: APIRoute) -> bool:
        """Answer ``GET /api/search`` with ``route``'s endpoint from now on; ``False`` (and FastAPI answers)
        when :meth:`QueryFields.of` cannot take the endpoint."""
        query = QueryFields.of(route)
        self._search = (query, route.endpoint) if query is not None else None
        return query is not None

    async def __call__(self, scope: dict[str, Any], receive, send: Send) -> None:
        if (self._search is not None and scope["type"] == "http" and scope["path"] == SEARCH_PATH
                and scope["method"] == "GET" and not scope.get("root_path")):
            response = await self._answer(scope)
            if response is not None:
                await send({"type": "http.response.start", "status": response.status_code,
                            "headers": response.raw_headers + SecurityHeadersMiddleware.HEADERS})
                await send({"type": "http.response.body", "body": response.body})
                return
        await super().__call__(scope, receive, send)

    async def _answer(self, scope: dict[str, Any]) -> Response | None:
        """The answer to a search request, or ``None`` when the whole app must answer it."""
        query, endpoint = self._search
        raw = scope["query_string"]
        if not raw.isascii():  # bytes sent unencoded: the app's UTF-8 check and Starlette's decoding decide
            return None
        params = QueryParams(raw.decode("latin-1"))  # as Starlette's Request.query_params
        items = params.multi_items()
        if len(items) != len(params):  # a parameter given twice: the app's 400 (errors.reject_unknown_query)
            return None
        for name, value in items:
            # U+FFFD: bytes that were not UTF-8 were replaced (or the character itself was sent): the app's
            # check (kavosh.api.errors.require_utf8_query) tells which; an unknown name is the app's 400
            if name not in query.names or "\ufffd" in value:
                return None
        values, errors = query.values(params)
        if errors:
            return None
        values[query.service] = self.state.service
        try:
            return await endpoint(**values)
        except ApiError as e:
            return error_response(e.status, e.parameter, e.message, e.headers, e.limit)
        except Exception:  # the app's handlers answer it, and log it
            return None


__all__ = ["SEARCH_PATH", "SearchApp"]
