"""Per-word answers kept across plans: one commit's memo of the query stage's word-level decisions.

Most of :func:`kavosh.query.plan.make_plan`'s time goes to decisions about one word at a time whose
answer depends only on the word and the index's commit — a word's spellings in the other script
(:func:`kavosh.query.names.other_script`), its split into two known words
(:func:`kavosh.query.rewrite.add_compound_variants`), a term's document frequency and a pair of terms' count
within a distance (:class:`kavosh.query.choose.PlanStats`) — and a server is asked the same words over and
over.  :func:`word_memo` keeps those answers for the commit a plan reads, so a word is decided once per
commit, not once per query.

What it is not: a cache of plans or of queries.  A query new to the process still parses, chooses its
rewrites and asks the index as before; only a word's own answer is remembered, and an answer depends
on nothing but its key and the commit (its searcher, its completion table and the analyzer, compared by
identity and held by the memo, so another commit, table or analyzer never sees it).

Bounds: the memos of the :data:`COMMITS` most recently used commits are kept (an older one is dropped
with its answers); each stage's memo holds at most :data:`MAX_ENTRIES` answers, and is emptied when
full.  Thread-safe: the memos are found under a lock; a memo's reads and writes are single ``dict``
operations (two threads may both work out an answer, and store the same one).
"""

from __future__ import annotations

import threading
from typing import Any

COMMITS = 4
"""(commit, analyzer) pairs whose memos are kept, the most recently used last: a process serving a few
indexes (or the current commit of one and the one before, still searched) keeps each's memo.  A memo
holds its searcher, so the files of the segments it reads stay open until the memo is dropped."""
MAX_ENTRIES = 10_000
"""Answers one stage's memo holds at most for one commit; it is emptied when this is reached.  At a few
hundred bytes an answer, all memos together stay under ~75 MB (6 stages × :data:`COMMITS`; a "trust" answer is a
short string, a document frequency an ``int``)."""

STAGES = 10
"""Stage memos one commit keeps at most (each stage's, for each table it was asked with): beyond, another table of
the commit was asked for (a table file rewritten), and the commit's memos are all emptied."""

_slots: list[tuple[Any, Any, dict]] = []
_lock = threading.Lock()


class Memo(dict):
    """One stage's answers for one commit: a ``dict`` that empties itself when it would exceed
    :data:`MAX_ENTRIES` (:meth:`put`)."""

    def put(self, key, value):
        """Store ``value`` under ``key`` (emptying the memo first when it is full); return ``value``."""
        if len(self) >= MAX_ENTRIES:
            self.clear()
        self[key] = value
        return value


def word_memo(searcher: Any, analyzer: Any, stage: str, table: Any = None) -> Memo:
    """The memo of ``stage`` (a name: ``"names"``, ``"split"``) for the commit read through ``searcher``
    (a ``tantivy.Searcher``: one commit) and the index's ``analyzer``, and for a stage that reads it, the
    commit's completion ``table``; each compared by identity and held by the memo (another object:
    another memo).  The memos of the :data:`COMMITS` most recently used ``(searcher, analyzer)`` pairs
    are kept."""
    if _slots:  # the most recent commit's memo, already there (a plan asks 4-5 stages of one commit): no lock
        try:  # (a list's item and a dict's get are single operations; another thread may have dropped the memo
            s, a, stages = _slots[-1]  # found, whose answers still hold for its commit, or emptied the list)
        except IndexError:
            pass
        else:
            if s is searcher and a is analyzer:
                memo = stages.get((stage, table))
                if memo is not None:
                    return memo
    with _lock:
        for i in range(len(_slots) - 1, -1, -1):
            s, a, stages = _slots[i]
            if s is searcher and a is analyzer:
                if i != len(_slots) - 1:
                    _slots.append(_slots.pop(i))
                break
        else:
            stages = {}
            _slots.append((searcher, analyzer, stages))
            del _slots[:-COMMITS]
        memo = stages.get((stage, table))
        if memo is None:
            if len(stages) >= STAGES:  # another table of the same commit (a table file rewritten): the old go
                stages.clear()
            memo = stages[(stage, table)] = Memo()
        return memo


def clear() -> None:
    """Forget every memo (tests, and a benchmark's cold figures)."""
    with _lock:
        _slots.clear()
