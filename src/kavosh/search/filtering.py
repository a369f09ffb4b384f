"""Filters as tantivy filter clauses: they keep or drop documents and add nothing to scores.

Each filter (a :class:`~kavosh.query.filters.TermsFilter` or
:class:`~kavosh.query.filters.RangeFilter`) becomes a term, term-set or fast-field
range query (a "no value" filter, ``category:""``: every document but those with the fast field) wrapped in a zero constant score, joined to the scored query with
``Must`` (or ``MustNot``), as Elasticsearch's ``bool.filter`` does: the ranking of
the documents that pass is the ranking without the filter.
"""

from __future__ import annotations

import tantivy

from ..index import schema as S
from ..index.fields import Kind, tantivy_name

DATE_FIELD = "date"


def _field(name: str) -> str:
    return S.DATE_DAYS if name == DATE_FIELD else tantivy_name(name)


def filter_query(schema: tantivy.Schema, f) -> tantivy.Query:
    """The (unscored) tantivy query matching the documents a filter describes (``exclude`` ignored).

    Args:
        schema: the index schema (holds ``f_NAME`` for declared fields).
        f: a ``TermsFilter`` or ``RangeFilter`` (:mod:`kavosh.query.filters`).
    """
    fld = _field(f.field)
    if hasattr(f, "values"):
        values = list(f.values)
        if getattr(f, "missing", False):  # no value (category:""), or one of the values
            q = no_value_query(fld)
            if values:
                q = tantivy.Query.boolean_query([(tantivy.Occur.Should, q), (tantivy.Occur.Should, filter_query(
                    schema, type(f)(f.field, f.kind, f.values)))])
        elif f.kind == Kind.BOOL:
            q = tantivy.Query.range_query(schema, fld, tantivy.FieldType.Unsigned, min(values), max(values))
        elif len(values) == 1:
            q = tantivy.Query.term_query(schema, fld, values[0])
        else:
            q = tantivy.Query.term_set_query(schema, fld, values)
    else:
        ftype = tantivy.FieldType.Float if f.kind == Kind.NUMBER else tantivy.FieldType.Integer
        cast = float if f.kind == Kind.NUMBER else int
        q = tantivy.Query.range_query(schema, fld, ftype,
                                      cast(f.lo) if f.lo is not None else None,
                                      cast(f.hi) if f.hi is not None else None,
                                      include_lower=f.lo_inclusive or f.lo is None,
                                      include_upper=f.hi_inclusive or f.hi is None)
    return tantivy.Query.const_score_query(q, 0.0)


def no_value_query(fast_field: str) -> tantivy.Query:
    """The documents with no value in ``fast_field`` (a tantivy fast field: ``f_NAME``, ``date_days``):
    every document but those tantivy's ``exists_query`` finds (a value ``""``, ``null`` or ``[]`` is not
    indexed, so it is no value either)."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()),
                                        (tantivy.Occur.MustNot, tantivy.Query.exists_query(fast_field))])


def apply_filters(schema: tantivy.Schema, query: tantivy.Query | None, filters) -> tantivy.Query:
    """``query`` restricted by ``filters`` (all must hold; ``exclude`` ones must not match).

    Args:
        schema: the index schema.
        query: the scored query, or ``None`` for "every document" (a query of filters only).
        filters: filters from :mod:`kavosh.query.filters`.
    Returns:
        ``query`` itself when there are no filters, else a boolean query whose filter
        clauses score 0.
    """
    filters = list(filters)
    if not filters:
        return query if query is not None else tantivy.Query.all_query()
    clauses = [(tantivy.Occur.Must, query if query is not None else tantivy.Query.all_query())]
    clauses += [(tantivy.Occur.MustNot if f.exclude else tantivy.Occur.Must, filter_query(schema, f))
                for f in filters]
    return tantivy.Query.boolean_query(clauses)
