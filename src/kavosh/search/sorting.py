"""Sorting by a field's value (a declared number or date field, or the document date),
ties broken by document id (:func:`kavosh.index.id_key.id_order`, as equal scores are), so paging
is stable.

tantivy orders the top ``offset + limit`` documents by a fast field
(``order_by_field``), breaking ties by its internal address, which changes when
segments merge.  To order ties by our document id, the group of documents sharing
the last value of that window is completed (all of them are fetched, up to
:data:`MAX_TIES`), and every group of equal values that reaches into the page is
sorted by id, read from the id's key columns (:func:`kavosh.index.id_key.read_keys`; a
stored id only where two keys are equal).  Documents without a value come last in either direction, by id.
"""

from __future__ import annotations

import tantivy

from ..index import schema as S
from ..index.id_key import in_id_order, read_keys

MAX_TIES = 10_000
"""Documents sharing one value that are put in id order; beyond this, the rest of a tie
keeps tantivy's order (documented in docs/fields.md)."""


def _equal(schema: tantivy.Schema, fld: str, ftype, value) -> tantivy.Query:
    if value is None:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()),
                                            (tantivy.Occur.MustNot, tantivy.Query.exists_query(fld))])
    return tantivy.Query.range_query(schema, fld, ftype, value, value)


def sorted_page(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, fld: str,
                is_float: bool, descending: bool, limit: int,
                offset: int) -> tuple[list[tuple[float | int | None, tantivy.DocAddress]], int]:
    """One page of ``query``'s matches ordered by the fast field ``fld``, ties by document id.

    Args:
        searcher: the searcher.
        schema: the index schema.
        query: the (filtered) query.
        fld: a numeric fast field (``f_NAME`` or the date field).
        is_float: ``fld`` holds floats (numbers) rather than integers (dates as days).
        descending: largest first.
        limit: hits on the page.
        offset: hits before it.
    Returns:
        ``([(value or None, address)], number of matching documents)``.
    Cost:
        one top-``offset + limit`` search, one search for the last value's ties, and one batch
        read of the id key columns for the tied documents that reach into the page (a stored
        document read only for ties whose keys are equal).
    """
    k = offset + limit
    order = tantivy.Order.Desc if descending else tantivy.Order.Asc
    res = searcher.search(query, limit=k, count=True, order_by_field=fld, order=order)
    hits, matched = list(res.hits), res.count or 0
    if not hits:
        return [], matched
    ftype = tantivy.FieldType.Float if is_float else tantivy.FieldType.Integer
    last = hits[-1][0]
    if matched > len(hits):  # the last value's group may go on past the window: fetch all of it
        tied = searcher.search(tantivy.Query.boolean_query([
            (tantivy.Occur.Must, query), (tantivy.Occur.Must, _equal(schema, fld, ftype, last))]), limit=MAX_TIES)
        hits = [h for h in hits if h[0] != last] + [(last, a) for _, a in tied.hits]
    groups: list[list] = []
    for h in hits:
        if groups and groups[-1][0][0] == h[0]:
            groups[-1].append(h)
        else:
            groups.append([h])
    shown, tied, pos = [], [], 0  # the groups reaching into the window; the tied ones reaching into the page
    for g in groups:
        if pos >= k:
            break
        shown.append(g)
        if len(g) > 1 and pos + len(g) > offset:
            tied.append(g)
        pos += len(g)
    keys = iter(read_keys(searcher, [h[1] for g in tied for h in g]))  # one batch for all of them
    ordered = {id(g): in_id_order(g, [next(keys) for _ in g], lambda h: searcher.doc(h[1]).get_first(S.ID) or "")
               for g in tied}
    out = [h for g in shown for h in ordered.get(id(g), g)]
    return out[offset:k], matched
