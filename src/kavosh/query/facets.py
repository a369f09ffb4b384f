"""Facet requests: which fields to count over all matches, and how.

``--facets category,tags:20,published:month,views:0;100;1000`` (CLI), ``facets=`` (HTTP,
the same text), or ``Index.search(facets=[...])``:

* a keyword, keyword[] or bool field: its top values with counts (``NAME:SIZE`` for
  more than :data:`DEFAULT_FACET_SIZE`, at most :data:`MAX_FACET_SIZE`);
* a date field (or the built-in ``date``): counts per Jalali year (``NAME:year``, the
  default) or month (``NAME:month``);
* a number field: counts per range, edges given as ``NAME:0;100;1000`` or, by default,
  powers of ten over the field's values.

Counts are computed by :mod:`kavosh.search.facets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..index.fields import FACETABLE, FieldConfig, Kind, parse_number
from .filters import DATE_FIELD, FilterError, UnknownFieldError

DEFAULT_FACET_SIZE = 10
MAX_FACET_SIZE = 100
MAX_FACETS = 10
"""Facets in one request."""
MAX_EDGES = 50
"""Number range edges in one facet."""


@dataclass(frozen=True)
class FacetRequest:
    """One facet to count.

    Attributes:
        field: the field name (``date`` is the built-in date).
        kind: its kind.
        size: top values returned (keyword and bool fields).
        granularity: ``"year"`` or ``"month"`` (dates, Jalali calendar).
        edges: range edges (numbers), ascending; ``()`` for automatic powers of ten.
    """

    field: str
    kind: Kind
    size: int = DEFAULT_FACET_SIZE
    granularity: str = "year"
    edges: tuple[float, ...] = ()


def facetable(config: FieldConfig) -> list[str]:
    """The names ``--facets`` accepts: ``date`` then the declared keyword, keyword[], bool, number and date
    fields (title, body, text and text fields have no facet)."""
    return [n for n in config.known() if (Kind.DATE if n == DATE_FIELD else config.kind(n)) in FACETABLE]


def parse_facets(spec: str | list[str] | None, config: FieldConfig) -> list[FacetRequest]:
    """Facet requests from ``"category,source:20,published:month,views:0;100;1000"`` or a list of items.

    Raises:
        UnknownFieldError: a name that is not a field of the index (the message lists them).
        FilterError: a text field, a bad size, granularity or edge, or more than :data:`MAX_FACETS`.
    """
    if spec is None:
        return []
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s and s.strip()]
    if len(items) > MAX_FACETS:
        raise FilterError(f"{len(items)} facets; the limit is {MAX_FACETS}")
    out, seen = [], set()
    for item in items:
        name, _, opt = item.partition(":")
        name, opt = name.strip(), opt.strip()
        kind = Kind.DATE if name == DATE_FIELD else config.kind(name)
        if kind is None:  # name the fields a facet can count, not title/body/text
            raise UnknownFieldError(name, facetable(config), which="the fields with facets are")
        if kind not in FACETABLE:
            raise FilterError(f"facet {name}: a {kind} field has no facet (keyword, keyword[], bool, "
                              "number and date fields do)")
        if name in seen:
            raise FilterError(f"facet {name} is asked for twice")
        seen.add(name)
        if kind == Kind.DATE:
            if opt not in ("", "year", "month"):
                raise FilterError(f"facet {item}: a date facet is by year or month ({name}:month)")
            out.append(FacetRequest(name, kind, granularity=opt or "year"))
        elif kind == Kind.NUMBER:
            try:
                edges = tuple(parse_number(e) for e in opt.split(";") if e.strip()) if opt else ()
            except ValueError as e:
                raise FilterError(f"facet {item}: {e}") from None
            if list(edges) != sorted(set(edges)) or len(edges) > MAX_EDGES:
                raise FilterError(f"facet {item}: edges must rise (e.g. {name}:0;100;1000), "
                                  f"at most {MAX_EDGES}")
            out.append(FacetRequest(name, kind, edges=edges))
        else:
            size = DEFAULT_FACET_SIZE
            if opt:
                if not opt.isdigit() or not 1 <= int(opt) <= MAX_FACET_SIZE:
                    raise FilterError(f"facet {item}: the size must be 1 to {MAX_FACET_SIZE}")
                size = int(opt)
            out.append(FacetRequest(name, kind, size=size))
    return out
