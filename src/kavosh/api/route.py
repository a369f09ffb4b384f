"""A route class for the hot JSON endpoint: FastAPI's declaration, a handler that does per request only
what the endpoint needs.

FastAPI solves an endpoint's dependencies and query parameters anew on every request, introspecting each
parameter's annotation (is it a model, a sequence, which aliases) as it goes: for ``GET /api/search``,
with its 13 query parameters, the service and the two checks every route runs, 0.34 ms of CPU a request
on a loaded machine against 0.08 ms for ``/healthz`` (docs/benchmarks.md, "HTTP load").
:class:`QueryRoute` keeps the route as FastAPI declares it — the OpenAPI schema, the parameters' types
and constraints (``ge``, ``le``, ``max_length``, literals) — and answers with a handler built once: the
route checks (:data:`ROUTE_CHECKS`) in order, then each query parameter present in the request
validated by FastAPI's own field for it (:class:`QueryFields`; so the errors, and the 400 messages
:mod:`kavosh.api.errors` makes of them, are FastAPI's), the others given their default, then the
endpoint called with the app's :class:`~kavosh.api.service.IndexService`.  A route it cannot handle
that way (another kind of parameter or dependency) keeps FastAPI's handler.  :mod:`kavosh.api.fast`
answers the same endpoint with the same :class:`QueryFields` from outside the middleware stack.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

from .errors import reject_unknown_query, require_utf8_query
from .service import IndexService

ROUTE_CHECKS = (require_utf8_query, reject_unknown_query)
"""The checks every route of the app runs first, in this order (``create_app`` gives them to its router)."""


async def service_of(request: Request):
    """The app's :class:`~kavosh.api.service.IndexService` (``async``: FastAPI runs it on the event loop)."""
    return request.app.state.service


# service_of is async (no I/O), so FastAPI calls it on the event loop instead of handing it to a worker
# thread (a sync dependency costs a thread round trip per request); QueryRoute recognizes it.
Service = Annotated[IndexService, Depends(service_of)]
"""An endpoint's parameter for the app's :class:`~kavosh.api.service.IndexService`."""


class QueryFields:
    """An endpoint's query parameters, each validated by FastAPI's own field for it: built once per route
    (:meth:`of`), applied per request (:meth:`values`).

    Attributes:
        fields: ``(name, alias, field, required, default)`` per parameter, in declaration order.
        names: the aliases, as a frozen set (the parameters a request may carry).
        service: the name of the endpoint's :func:`service_of` argument.
    """

    def __init__(self, fields: list[tuple[str, str, Any, bool, Any]], service: str) -> None:
        self.fields = fields
        self.names = frozenset(alias for _, alias, *_ in fields)
        self.service = service

    @classmethod
    def of(cls, route: APIRoute) -> QueryFields | None:
        """The route's fields, or ``None`` when the endpoint has parameters other than single-valued query
        parameters (without aliases or mutable defaults) and the service, or is not ``async``."""
        import inspect

        from fastapi._compat import field_annotation_is_sequence

        d = route.dependant
        services = [sub.name for sub in d.dependencies if sub.call is service_of]
        others = [sub for sub in d.dependencies if sub.call is not service_of and sub.call not in ROUTE_CHECKS]
        if (d.path_params or d.header_params or d.cookie_params or d.body_params or others or len(services) != 1
                or d.request_param_name or d.response_param_name or d.background_tasks_param_name
                or not inspect.iscoroutinefunction(route.endpoint)):
            return None
        fields = []
        for f in d.query_params:
            required = f.field_info.is_required()
            if (f.alias != f.name or field_annotation_is_sequence(f.field_info.annotation)
                    or not (required or isinstance(f.default, (str, int, float, bool, type(None))))):
                return None
            fields.append((f.name, f.alias, f, required, None if required else f.default))
        return cls(fields, services[0])

    def values(self, params: Mapping[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The endpoint's keyword arguments from ``params`` (a request's query parameters, the last value of
        a repeated one as Starlette gives it; absent ones their default) and the validation errors, in
        FastAPI's shape (``loc``, ``type``, ``msg``, ``input``; empty when every value is valid)."""
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for name, alias, field, required, default in self.fields:
            raw = params.get(alias)
            if raw is None:
                if required:
                    errors.append({"type": "missing", "loc": ("query", alias), "msg": "Field required",
                                   "input": None})
                values[name] = default
                continue
            value, problems = field.validate(raw, values, loc=("query", alias))
            if problems:
                errors.extend(problems)
            else:
                values[name] = value
        return values, errors


class QueryRoute(APIRoute):
    """An :class:`APIRoute` whose endpoint is ``async``, takes query parameters of single values and
    :func:`service_of` as a dependency, and returns a :class:`Response`: handled by :meth:`handler`.
    Anything else falls back to FastAPI's handler."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """:meth:`handler` when the endpoint fits, else FastAPI's own."""
        fast = self.handler()
        return fast if fast is not None else super().get_route_handler()

    def handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]] | None:
        """The request handler, or ``None`` when :meth:`QueryFields.of` cannot take the endpoint."""
        query = QueryFields.of(self)
        if query is None:
            return None
        endpoint = self.endpoint

        async def handle(request: Request) -> Response:
            for check in ROUTE_CHECKS:
                await check(request)
            values, errors = query.values(request.query_params)
            if errors:
                raise RequestValidationError(errors)
            values[query.service] = request.app.state.service
            return await endpoint(**values)

        return handle


__all__ = ["QueryFields", "QueryRoute", "ROUTE_CHECKS", "service_of"]
