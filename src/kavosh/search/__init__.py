"""Search: execute a query plan (retrieval, ranking, collapsing, paging) and autocomplete."""

from .execute import RankedHit, Retrieved, execute

__all__ = ["RankedHit", "Retrieved", "execute"]
