"""What the query stage may ask of an index: term statistics and its vocabulary.

Query rewrites (keyboard layout, Finglish, spelling, compound variants) decide on
the index's own words; :class:`IndexStats` is the one narrow, read-only view of an
opened index they get, so ``query/`` never builds a tantivy query itself.  Every
method costs a bounded number of term lookups or count-only searches.
"""

from __future__ import annotations

import tantivy

from ..analysis import Analyzer
from . import schema as S
from .completions import CompletionTable, completion_table
from .store import OpenedIndex


class IndexStats:
    """Term statistics of one commit of an opened index.

    Args:
        opened: the index (:func:`kavosh.index.store.open_index`).
        analyzer: the analyzer the index was built with (for the completion table).
        searcher: the searcher of the commit to describe (default: the current one).
    """

    def __init__(self, opened: OpenedIndex, analyzer: Analyzer, searcher: tantivy.Searcher | None = None) -> None:
        self.opened = opened
        self.analyzer = analyzer
        self.searcher = searcher if searcher is not None else opened.index.searcher()

    @property
    def num_docs(self) -> int:
        """Documents in the commit."""
        return self.searcher.num_docs

    def doc_freq(self, term: str) -> int:
        """Documents whose body (title included) holds the analysed ``term``."""
        return self.searcher.doc_freq(S.BODY_TERMS, term)

    def count_all(self, leaves: list[list[str]]) -> int:
        """Documents whose body holds every leaf: a leaf is one term, or several terms as an
        exact phrase.  0 for no leaves."""
        if not leaves:
            return 0
        schema = self.opened.schema
        qs = [tantivy.Query.term_query(schema, S.BODY_TERMS, leaf[0]) if len(leaf) == 1
              else tantivy.Query.phrase_query(schema, S.BODY_TERMS, list(leaf)) for leaf in leaves]
        q = tantivy.Query.boolean_query([(tantivy.Occur.Must, x) for x in qs])
        return self.searcher.search(q, limit=1, count=True).count or 0

    def near(self, a: str, b: str, slop: int) -> int:
        """Documents where term ``a`` is followed by term ``b`` within ``slop`` positions."""
        q = tantivy.Query.phrase_query(self.opened.schema, S.BODY_TERMS, [a, b], slop=slop)
        return self.searcher.search(q, limit=1, count=True).count or 0

    def holds_prefix(self, prefix: str) -> bool:
        """Whether some term of the body (title included) begins with ``prefix``: a walk of the term dictionary
        over the terms so beginning (bounded by them: ask with a prefix of a few letters, not one)."""
        return bool(self.searcher.terms_with_prefix(S.BODY_TERMS, prefix, limit=1))

    def completions(self) -> CompletionTable:
        """The index's completion table (surface words and titles; :mod:`kavosh.index.completions`)."""
        return completion_table(self.opened, self.analyzer)
