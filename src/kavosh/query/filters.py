"""Filters on declared fields: ``category:ورزشی``, ``tags:(فوتبال OR والیبال)``, ``views:>1000``,
``views:100..500``, ``published:1403-09``, ``breaking:true``; and the same as JSON for the HTTP API.

A filter keeps or leaves out documents and never changes their scores (it runs as a
tantivy filter clause: :mod:`kavosh.search.filtering`).  Values are read by the field's
kind (:mod:`kavosh.index.fields`):

=============  ==============================================  ==========================
kind           query syntax                                    JSON (``filter``)
=============  ==============================================  ==========================
keyword(/[])   ``f:value``, ``f:"two words"``, ``f:(a OR b)``   ``"f": "a"``, ``"f": ["a", "b"]``
number         ``f:12``, ``f:>12``, ``f:>=12``, ``f:<12``,      ``"f": 12``, ``"f": {"gte": 10, "lt": 20}``
               ``f:<=12``, ``f:10..20`` (both ends included),
               ``f:10..``, ``f:..20``; any digits (``۱۲``)
date           ``f:1403``, ``f:1403-09``, ``f:>=1403/01/01``,   ``"f": "1403-09"``, ``"f": {"gte": "1403-01-01"}``
               ``f:1403-01..1403-06`` (either calendar)
bool           ``f:true``, ``f:false`` (``بله``/``خیر``)          ``"f": true``
=============  ==============================================  ==========================

``f:""`` (JSON ``"f": null``, or ``""``) keeps the documents with no value in ``f`` (none given, or ``""``,
``null``, ``[]``), in any kind of field, the built-in ``date`` too (Elasticsearch's ``missing``,
Meilisearch's ``IS EMPTY``/``IS NULL``); ``-f:""`` keeps those with one; ``f:(a OR "")`` either.
Number ranges may leave out their upper end, ``f:100..<1000`` (a facet's range, ``[100, 1000)``).

``-f:value`` (or ``NOT f:value``; JSON ``"not": {...}``) leaves the matches out.
Several filters must all hold; values inside one ``(a OR b)`` or list are alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..index.fields import FieldConfig, Kind, normalize_keyword, parse_bool, parse_number
from ..ingest.dates import DateValueError, parse_date_range, to_days
from .errors import QuerySyntaxError

MAX_FILTER_VALUES = 100
"""Alternatives in one filter (``(a OR b OR …)`` or a JSON list)."""

MAX_FILTERS = 32
"""Filters in one query (query syntax and JSON together)."""

DATE_FIELD = "date"
"""The built-in date field: a filter on it uses the document's own date."""


class FilterError(QuerySyntaxError):
    """A filter, facet or sort that cannot be run; the message is one line for the user naming the
    field (``code`` ``"filter"``, ``details`` ``{"error": …}`` for the Persian page)."""

    def __init__(self, message: str, code: str = "filter", **details) -> None:
        super().__init__(message, code, **{"error": message, **details})


class UnknownFieldError(FilterError):
    """A field name the index does not have; the message lists the known ones
    (:meth:`kavosh.index.fields.FieldConfig.known`: built-in, then declared).

    Attributes:
        field: the unknown name.
        known: the names the index knows (those that can serve where the name was given: ``which`` says so).
        details: ``{"field", "known", "position"}`` (``code`` ``"unknown_field"``); position is the
            1-based place of the name in the query, ``None`` for a ``--facets``/``sort``/JSON name.
    """

    def __init__(self, field: str, known: list[str], position: int | None = None,
                 which: str = "the known fields are") -> None:
        self.field = field
        self.known = known
        if position is None:
            message = f"unknown field {field}; {which} {', '.join(known)}"
        else:  # in a query: the names as they are written there
            message = (f"unknown field {field}: at position {position}; the known fields are "
                       + ", ".join(f"{k}:" for k in known))
        super().__init__(message, "unknown_field", field=field, known=list(known), position=position)


@dataclass(frozen=True)
class TermsFilter:
    """Documents whose field holds any of ``values`` (keyword, keyword[] and bool fields), or, with
    ``missing``, no value at all (any kind of field: ``category:""``).

    Attributes:
        field: the declared name (or ``date``, with ``missing`` only).
        kind: its kind.
        values: normalized keywords (:func:`kavosh.index.fields.normalize_keyword`), or
            ``0``/``1`` for a bool field; ``()`` with ``missing`` alone.
        exclude: leave these documents out instead.
        text: the user's text (``tags:(فوتبال OR والیبال)``).
        missing: also (or, with no ``values``, only) the documents with no value in the field.
    """

    field: str
    kind: Kind
    values: tuple
    exclude: bool = False
    text: str = ""
    missing: bool = False


@dataclass(frozen=True)
class RangeFilter:
    """Documents whose field is in a range (number and date fields; the built-in ``date``).

    Attributes:
        field: the declared name (or ``date``).
        kind: ``number`` or ``date``.
        lo: lower bound or ``None``; a float for numbers, days since 1970-01-01 for dates.
        hi: upper bound or ``None``.
        lo_inclusive: whether ``lo`` itself is in the range.
        hi_inclusive: whether ``hi`` itself is in the range.
        exclude: leave these documents out instead.
        text: the user's text.
    """

    field: str
    kind: Kind
    lo: float | int | None
    hi: float | int | None
    lo_inclusive: bool = True
    hi_inclusive: bool = True
    exclude: bool = False
    text: str = ""


Filter = TermsFilter | RangeFilter

_COMPARE = re.compile(r"(>=|<=|>|<)(.+)\Z", re.DOTALL)
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')


def check_field(name: str, config: FieldConfig) -> Kind:
    """The kind of a filterable field (``date`` is the built-in date).

    Raises:
        UnknownFieldError: ``name`` is not a field of the index.
        FilterError: a text field (searched, not filtered: ``author:word`` is a search).
    """
    if name == DATE_FIELD:
        return Kind.DATE
    kind = config.kind(name)
    if kind is None:
        raise UnknownFieldError(name, config.known())
    return kind


MISSING = '""'
"""The filter value that selects documents with no value in the field: ``category:""``."""


def split_alternatives(value: str, name: str = "NAME") -> list[str]:
    """``(a OR "b c" OR d)`` → ``["a", "b c", "d"]``; a plain value → ``[value]``; quotes removed; an
    empty quoted value (``""``: no value, :data:`MISSING`) is kept as ``""``.

    Raises:
        FilterError: more than :data:`MAX_FILTER_VALUES` alternatives or an empty group.
    """
    v = value.strip()
    if v.startswith("(") and v.endswith(")"):
        parts = [(m.group(1), True) if m.group(1) is not None else (m.group(2), False)
                 for m in _QUOTED.finditer(v[1:-1])]
        out = [p for p, quoted in parts if quoted or p not in ("OR", "|", "||", ",")]
        empty = any(quoted and not p.strip() for p, quoted in parts)
    else:
        quoted = len(v) >= 2 and v[0] == v[-1] == '"'
        out = [v[1:-1] if quoted else v]
        empty = quoted and not out[0].strip()
    out = [p for p in out if p.strip()] + ([""] if empty else [])
    if not out:
        raise FilterError(f"{value!r} has no value (for documents with none: {name}:{MISSING})")
    if len(out) > MAX_FILTER_VALUES:
        raise FilterError(f"{len(out)} alternatives; the limit is {MAX_FILTER_VALUES}")
    return out


def _days(value: str, name: str) -> tuple[int, int]:
    try:
        start, end = parse_date_range(value)
    except DateValueError as e:
        raise FilterError(f"{name}: {e}") from None
    return to_days(start), to_days(end)  # [start, end)


def _number(value: str, name: str) -> float:
    try:
        return parse_number(value)
    except ValueError as e:
        raise FilterError(f"{name}: {e}") from None


def _range(name: str, kind: Kind, value: str, exclude: bool, text: str) -> RangeFilter:
    """A number or date range from ``12``, ``>12``, ``10..20``, ``1403-09``, ``>=1403/01/01``…"""
    m = _COMPARE.match(value)
    if kind == Kind.NUMBER:
        if m:
            op, n = m.group(1), _number(m.group(2), name)
            lo, hi = (n, None) if op[0] == ">" else (None, n)
            return RangeFilter(name, kind, lo, hi, op != ">" or lo is None, op != "<" or hi is None,
                               exclude, text)
        if ".." in value:
            a, _, b = value.partition("..")
            below = b.lstrip().startswith("<")  # 100..<1000: the upper end left out, as a facet's range
            b = b.lstrip().removeprefix("<")
            lo = _number(a, name) if a.strip() else None
            hi = _number(b, name) if b.strip() else None
            if lo is None and hi is None:
                raise FilterError(f"{text}: a range needs at least one end, e.g. {name}:100..500")
            if lo is not None and hi is not None and (lo > hi or (below and lo == hi)):
                raise FilterError(f"{text}: the range is empty ({a} is above {b})" if lo > hi else
                                  f"{text}: the range is empty (..<{b} leaves out {b} itself)")
            return RangeFilter(name, kind, lo, hi, True, not below, exclude, text)
        n = _number(value, name)
        return RangeFilter(name, kind, n, n, True, True, exclude, text)
    # dates, as half-open day ranges [lo, hi)
    if m:
        op = m.group(1)
        start, end = _days(m.group(2), name)
        lo, hi = {">=": (start, None), ">": (end, None), "<": (None, start), "<=": (None, end)}[op]
    elif ".." in value:
        a, _, b = value.partition("..")
        lo = _days(a, name)[0] if a.strip() else None
        hi = _days(b, name)[1] if b.strip() else None
        if lo is None and hi is None:
            raise FilterError(f"{text}: a range needs at least one end, e.g. {name}:1403-01..1403-06")
    else:
        lo, hi = _days(value, name)
    return RangeFilter(name, kind, lo, hi, True, hi is None, exclude, text)


def parse_filter(name: str, value: str, config: FieldConfig, exclude: bool = False,
                 text: str | None = None) -> Filter:
    """The filter ``name:value`` (the query syntax above).

    Args:
        name: field name.
        value: the text after ``name:`` (quotes and an ``(a OR b)`` group included).
        config: the index's fields.
        exclude: a ``-name:value``.
        text: the user's text for messages (default ``name:value``).
    Raises:
        UnknownFieldError: ``name`` is not a field of the index.
        FilterError: the value does not fit the field's kind, or the field is a text field; its
            ``details`` name the ``field``, its ``kind`` and the filter's ``text``.
    """
    text = text or f"{name}:{value}"
    kind = check_field(name, config)
    try:
        return _parse_known(name, kind, value, exclude, text)
    except FilterError as e:  # every message of a known field's filter names it, for the Persian page
        e.details.setdefault("field", name)
        e.details.setdefault("kind", str(kind))
        e.details.setdefault("text", text)
        raise


def _parse_known(name: str, kind: Kind, value: str, exclude: bool, text: str) -> Filter:
    """:func:`parse_filter` once ``name`` is known to be a field of ``kind``."""
    if not value.strip():
        raise FilterError(f"{text}: needs a value after the colon ({name}:{MISSING} for documents with none)")
    if kind == Kind.TEXT:
        raise FilterError(f"{name} is a text field: it is searched ({name}:word), not filtered")
    if value.strip() == MISSING:  # documents with no value, in any kind of field
        return TermsFilter(name, kind, (), exclude, text, missing=True)
    if kind in (Kind.NUMBER, Kind.DATE):
        v = value.strip()  # published:"فروردین ۱۳۸۷": a quoted value without its quotes
        return _range(name, kind, v[1:-1].strip() if len(v) > 2 and v[0] == v[-1] == '"' else v, exclude, text)
    if _COMPARISON.match(value):  # tags:>3: a comparison finds no keyword; it would find nothing and say nothing
        raise FilterError(f"{text}: {name} is a {kind} field; comparisons and ranges (>, >=, <, <=, ..) need a "
                          f"number or date field (for the text itself, quote it: {name}:\"{value.strip()}\")")
    values = split_alternatives(value, name)
    missing = "" in values
    values = [v for v in values if v]
    if kind == Kind.BOOL:
        try:
            vals = tuple(sorted({int(parse_bool(v)) for v in values}))
        except ValueError as e:
            raise FilterError(f"{text}: {e}") from None
    else:
        vals = tuple(dict.fromkeys(k for v in values if (k := normalize_keyword(v))))
        if not vals and not missing:
            raise FilterError(f"{text}: no value left after normalization")
    return TermsFilter(name, kind, vals, exclude, text, missing)


_COMPARISON = re.compile(r"\s*(?:[<>]=?\S|\S*\d\.\.|\.\.\d)")
"""A comparison or range written for a keyword or bool field (``>3``, ``<=۱۰``, ``1..5``, ``..5``): refused."""

_JSON_OPS = {"gt", "gte", "lt", "lte"}


def _quote(value: str) -> str:
    """A keyword as query syntax: quoted when it holds a space, quote, parenthesis or colon."""
    v = value.replace('"', " ")
    return f'"{v}"' if not v or any(c.isspace() or c in "():" for c in v) else v


def filters_from_json(obj: object, config: FieldConfig, exclude: bool = False) -> list[Filter]:
    """Filters from the structured ``filter`` of the HTTP API (and ``Index.search(filter=…)``).

    ``{"category": "ورزشی", "tags": ["فوتبال", "والیبال"], "views": {"gte": 100, "lte": 500},
    "published": {"gte": "1403-01-01"}, "breaking": true, "not": {"source": "فارس"}}``: every key
    must hold; a list is alternatives; an object with ``gt``/``gte``/``lt``/``lte`` a range; ``not``
    holds filters that leave documents out.  ``null`` (or ``""``), alone or in a list, is "no value"
    (``category:""``): ``{"category": null}``, ``{"not": {"views": null}}``.

    Raises:
        UnknownFieldError: a key that is not a field of the index.
        FilterError: a value of the wrong shape or kind, naming the field.
    """
    if not isinstance(obj, Mapping):
        raise FilterError("filter must be a JSON object of field: value")
    out: list[Filter] = []
    for name, value in obj.items():
        if name == "not" and not exclude:
            out.extend(filters_from_json(value, config, exclude=True))
            continue
        kind = check_field(name, config)
        where = f"filter {name}"
        if value is None or value == "":  # no value
            out.append(parse_filter(name, MISSING, config, exclude, f"{name}:{MISSING}"))
        elif isinstance(value, Mapping):
            if kind not in (Kind.NUMBER, Kind.DATE):
                raise FilterError(f"{where}: a range needs a number or date field; {name} is {kind}")
            bad = set(value) - _JSON_OPS
            if bad or not value:
                raise FilterError(f"{where}: a range takes gt, gte, lt, lte (got {', '.join(map(str, bad)) or 'none'})")
            out.extend(_json_range(name, kind, value, exclude, where))
        elif isinstance(value, list):
            if kind in (Kind.NUMBER, Kind.DATE):
                raise FilterError(f"{where}: a list of alternatives needs a keyword or bool field; "
                                  f"use {{\"gte\": …, \"lte\": …}} for a range")
            if len(value) > MAX_FILTER_VALUES:
                raise FilterError(f"{where}: {len(value)} alternatives; the limit is {MAX_FILTER_VALUES}")
            if not value or not all(v is None or isinstance(v, str | int | float | bool) for v in value):
                raise FilterError(f"{where}: a list needs one or more strings, numbers, booleans or null")
            group = "(" + " OR ".join(MISSING if v is None or v == "" else str(v).lower() if isinstance(v, bool)
                                      else _quote(str(v)) for v in value) + ")"
            out.append(parse_filter(name, group, config, exclude, f"{name}:{group}"))
        elif isinstance(value, str | int | float | bool):
            v = str(value).lower() if isinstance(value, bool) else str(value)
            if kind in (Kind.KEYWORD, Kind.KEYWORDS):
                v = _quote(v)
            out.append(parse_filter(name, v, config, exclude, f"{name}:{v}"))
        else:
            raise FilterError(f"{where}: expected a value, null (no value), a list or a range object")
    if len(out) > MAX_FILTERS:
        raise FilterError(f"{len(out)} filters; the limit is {MAX_FILTERS}")
    return out


def _json_range(name: str, kind: Kind, ops: Mapping, exclude: bool, where: str) -> list[RangeFilter]:
    """One :class:`RangeFilter` per bound (they all hold); dates use whole days, months, years."""
    out = []
    for op, value in ops.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FilterError(f"{where}: {op} needs a {kind}")
        sym = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        out.append(_range(name, kind, sym + str(value), False, f"{name}:{sym}{value}"))
    if exclude:  # not (a and b): one filter excluding the intersection
        lo = max((f for f in out if f.lo is not None), key=lambda f: f.lo, default=None)
        hi = min((f for f in out if f.hi is not None), key=lambda f: f.hi, default=None)
        return [RangeFilter(name, kind, lo.lo if lo else None, hi.hi if hi else None,
                            lo.lo_inclusive if lo else True, hi.hi_inclusive if hi else True, True,
                            " ".join(f.text for f in out))]
    return out
