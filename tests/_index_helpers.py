"""Helpers shared by the tests that compare two indexes built different ways."""

from __future__ import annotations

from pathlib import Path

import tantivy

from kavosh.index import schema as S
from kavosh.index.store import open_index


def stored_fields(index: Path) -> dict[str, tuple]:
    """Every document of ``index`` as ``{id: sorted (field, values) pairs}``, the stored JSON as bytes:
    equal for two indexes that hold the same documents, whichever writer built them."""
    searcher = open_index(index).index.searcher()
    out = {}
    for _s, addr in searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs).hits:
        d = searcher.doc(addr).to_dict()
        out[d[S.ID][0]] = tuple(sorted((k, tuple(map(bytes, v)) if k.startswith("stored") else tuple(v))
                                       for k, v in d.items()))
    return out
