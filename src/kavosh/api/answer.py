"""The answer of ``GET /api/search`` serialized once, with orjson, in the shape of its response model.

FastAPI validates an endpoint's returned dict against the response model (building a pydantic object for
every hit and every highlight segment) and then serializes those objects: 0.18 ms of a search request's
CPU, and the standard library's ``json.dumps`` of the same dict 0.14 ms (Persian text with
``ensure_ascii=False``), where orjson takes 0.01 ms (``docs/benchmarks.md``, "HTTP load").  The endpoint
returns these bytes instead; :class:`kavosh.api.models.SearchOut` stays its declared response model (the
OpenAPI schema), and :func:`search_answer` fills what the model would add, so the JSON is the model's:
``tests/api/test_search_answer.py`` compares it with the model's own serialization.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def _bucket(b: dict[str, Any]) -> dict[str, Any]:
    """A facet bucket as :class:`kavosh.api.models.BucketOut` serializes it: ``from``/``to`` always present,
    numbers as floats."""
    lo, hi = b.get("from"), b.get("to")
    return {**b, "from": float(lo) if lo is not None else None, "to": float(hi) if hi is not None else None}


def _facet(f: dict[str, Any]) -> dict[str, Any]:
    missing = f.get("missing")
    return {**f, "buckets": [_bucket(b) for b in f["buckets"]], "missing": _bucket(missing) if missing else None}


def search_answer(out: dict[str, Any]) -> Response:
    """``out`` (:meth:`kavosh.present.results.SearchResults.to_dict` with ``rewritten`` and ``rewrite_kind``
    set) as the ``application/json`` answer :class:`kavosh.api.models.SearchOut` would give: facet buckets
    completed (:func:`_bucket`), scores and times as floats; every other value is already of its model type
    (orjson writes non-finite floats as ``null``, as pydantic does)."""
    if out.get("facets"):
        out = {**out, "facets": [_facet(f) for f in out["facets"]]}
    out["took_ms"] = float(out["took_ms"])
    for h in out["hits"]:
        h["score"] = float(h["score"])
    return Response(orjson.dumps(out), media_type="application/json")


__all__ = ["search_answer"]
