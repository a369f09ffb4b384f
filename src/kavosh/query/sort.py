"""Sort orders: ``relevance`` (the default), or a number or date field, ascending or descending.

``--sort date:desc`` (newest first), ``--sort views`` (ascending), ``--sort -views`` or
``views:desc``; HTTP ``sort=`` takes the same text.  Ties are broken by document id and
documents without a value come last (:mod:`kavosh.search.sorting`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..index.fields import SORTABLE, FieldConfig, Kind
from .filters import DATE_FIELD, FilterError, UnknownFieldError

RELEVANCE = "relevance"


@dataclass(frozen=True)
class SortSpec:
    """A sort order on a field.

    Attributes:
        field: a declared number or date field, or ``date`` (the document's date).
        kind: ``number`` or ``date``.
        descending: largest (newest) first.
    """

    field: str
    kind: Kind
    descending: bool = False

    def __str__(self) -> str:
        return f"{self.field}:{'desc' if self.descending else 'asc'}"


def parse_sort(text: str | None, config: FieldConfig) -> SortSpec | None:
    """``None`` for relevance, else the :class:`SortSpec` of ``date:desc``, ``-views``, ``views:asc``…

    Raises:
        UnknownFieldError: not a field of the index (the message lists those results sort by).
        FilterError: a field that cannot be sorted on (keyword, text, bool) or a direction
            other than ``asc``/``desc``.
    """
    t = (text or "").strip()
    if not t or t == RELEVANCE:
        return None
    descending = t.startswith("-")
    name, _, direction = t.lstrip("-").partition(":")
    if direction not in ("", "asc", "desc"):
        raise FilterError(f"sort {t}: the direction is asc or desc, e.g. {name}:desc")
    descending = descending or direction == "desc"
    kind = Kind.DATE if name == DATE_FIELD else config.kind(name)
    if kind is None:
        sortable = [n for n in config.known() if (Kind.DATE if n == DATE_FIELD else config.kind(n)) in SORTABLE]
        raise UnknownFieldError(name, [RELEVANCE, *sortable], which="results sort by")
    if kind not in SORTABLE:
        raise FilterError(f"sort {t}: {name} is a {kind} field; results sort by relevance, by the date "
                          "or by a number or date field")
    return SortSpec(name, kind, descending)
