"""``date:`` filters (:mod:`kavosh.query.parse`; ``date_from``/``date_to`` of a request): :class:`DateFilter`,
documents dated in ``[start, end)``, read from a value with an optional comparison or a range by
:func:`date_filter`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..ingest.dates import DateValueError, parse_date_range
from .clauses import Occur
from .errors import QuerySyntaxError

_COMPARISON = re.compile(r"(>=|<=|>|<|=)?(.*)", re.DOTALL)


class DateFilterError(QuerySyntaxError):
    """A ``date:`` filter (or ``date_from``/``date_to``) without a date Kavosh can read."""

    def __init__(self, message: str, code: str = "date", **details) -> None:
        super().__init__(message, code, **details)


@dataclass(frozen=True)
class DateFilter:
    """A date filter: documents whose date is in ``[start, end)``.

    Attributes:
        text: the user's original text (``date:>=1403/01/01``).
        start: first day included, or ``None`` for no lower bound.
        end: first day *not* included, or ``None`` for no upper bound.
        occur: ``MUST`` (keep only these) or ``MUST_NOT`` (leave these out).
    """

    text: str
    start: dt.date | None
    end: dt.date | None
    occur: Occur = Occur.MUST


def date_filter(value: str, text: str | None = None, occur: Occur = Occur.MUST) -> DateFilter:
    """A :class:`DateFilter` from a value with an optional comparison.

    ``1403-09`` → that month; ``>=1403-09`` → from its first day on; ``>1403-09`` →
    from the day after it; ``<1403-09`` → before its first day; ``<=1403-09`` → up
    to its last day; ``1403-02..1403-03`` → from the first's first day to the second's last
    (either end may be left out), as a declared date field's range.

    Raises:
        DateFilterError: the value is not a date (message says what is accepted).

    >>> f = date_filter("<=1403")
    >>> (f.start, f.end)
    (None, datetime.date(2025, 3, 21))
    """
    m = _COMPARISON.match(value)
    op, rest = m.group(1) or "=", m.group(2)
    if op == "=" and ".." in rest:  # a range, as a declared date field takes it (kavosh.query.filters)
        return _date_span(rest, text or value, occur)
    try:
        start, end = parse_date_range(rest)
    except DateValueError as e:
        raise DateFilterError(f"date filter {text or value}: {e}", value=text or value) from None
    lo, hi = {"=": (start, end), ">=": (start, None), ">": (end, None),
              "<": (None, start), "<=": (None, end)}[op]
    return DateFilter(text or value, lo, hi, occur)


def _date_span(value: str, text: str, occur: Occur) -> DateFilter:
    """``a..b``: from ``a``'s first day to ``b``'s last (an end left out is open).

    Raises:
        DateFilterError: neither end given, an end that is not a date, or ``a`` after ``b``."""
    a, _, b = value.partition("..")
    if not a.strip() and not b.strip():
        raise DateFilterError(f"date filter {text}: a range needs at least one end, e.g. date:1403-01..1403-06",
                              value=text)
    try:
        start = parse_date_range(a.strip())[0] if a.strip() else None
        end = parse_date_range(b.strip())[1] if b.strip() else None
    except DateValueError as e:
        raise DateFilterError(f"date filter {text}: {e}", value=text) from None
    if start is not None and end is not None and start >= end:
        raise DateFilterError(f"date filter {text}: the range is empty ({a.strip()} is after {b.strip()})", value=text)
    return DateFilter(text, start, end, occur)
