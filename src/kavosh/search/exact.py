"""Quoted phrases: documents holding the words as written rank above those that match only their terms.

A quoted phrase (``"افزایش یافت"``) runs on analysed terms like every leaf, so it also matches
other forms of its words (``افزایش یافته``, or ``رفت`` for ``"نرفت"``: the lemmatizer drops the
negation).  Users who quote want the words as they typed them first, as Elasticsearch's
``quote_field_suffix`` does with an unstemmed copy of a field.  Kavosh keeps no unstemmed copy;
instead the first :data:`WINDOW` ranked hits of a query with a quoted leaf are re-ordered,
stably, by how many of its quoted leaves each document holds as written: the leaf's words
(:attr:`kavosh.query.plan.PlanClause.surface`, after the char filters) in order, each word in any
spelling the char filters fold together (:func:`kavosh.search.written.written_pattern`), with
nothing but spaces, half-spaces or deleted characters between them, and no letter right before
the first word or after the last.  Hits beyond the window keep their order, so pages line up.

Bounded cost: at most :data:`WINDOW` stored documents are read, at most :data:`SCAN_BUDGET` characters of
them in all (the hits after that count 0), and at most :data:`SCAN_CHARS` characters of each are scanned (an
exact occurrence later in a longer text is not seen); the quoted
leaves checked are the first ones of the query up to
:data:`~kavosh.search.written.PATTERN_WORDS` words in all (:func:`~kavosh.search.written.first_leaves`) (compiling a
leaf's pattern costs about 1–2 ms of CPU a word: a query of 56 quoted words spent 113 ms on it), the
later ones left out of the count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import tantivy

from .written import BETWEEN, PATTERN_WORDS, first_leaves, written_pattern
from ..index.store import StoredReader

WINDOW = 1000
"""Ranked hits re-ordered (the rest keep their rank): the first hundred pages.  Reading stops once a page of
them holds every leaf (:func:`reorder`'s ``enough``), so the whole window is read only when fewer do — when a
document holding the phrase as written is likelier deeper: a new user's «"برگزار مي شوند"» (the one document
writing it ranked 40th, below 39 writing «برگزار مي شود», with a window of 30), and on Hamshahri + news
«"میرسم"» (its one document ranked 535th among 3,716 holding forms of ``رسیدن``), «"اعلام می‌کنند"» (8
documents, ranked 1, 193, 589, 901) and «"رفتیم"» (ranked 124, 169, ...), with a window of 100.  The cost is
in docs/benchmarks.md, "Quoted words as written, session p" (``benchmarks/quoted.py``)."""
SCAN_CHARS = 20_000
"""Characters of a document's title and of its text scanned for a quoted leaf as written."""
SCAN_BUDGET = 2_000_000
"""Characters of stored titles and texts read in all for one query's window (whole, as the reader holds them;
at most :data:`SCAN_CHARS` of each scanned): the bound on the worst case, a window of long documents none of
which holds the phrase as written — about 100 ms of CPU and the memory of 2,000,000 characters.  On Hamshahri + news (about 1,500 characters a document) a whole window of 1,000 stays under it: «"اعلام
می‌کنند"» reads all 1,000 in about 90 ms, against 9 ms with a window of 100."""


_LETTER = re.compile(r"[^\W\d_]")
"""A letter as Python's ``re`` sees one: a word character that is not a digit nor ``_``."""


PATTERNS_KEPT = 1024
"""Compiled leaf patterns kept (:func:`_leaf_pattern`, least recently used dropped): compiling one costs
about 2.5 ms of CPU per word (``re`` builds a 64K-entry table for each class of non-Latin characters,
one per letter and one between letters), more than the search; ``re``'s own cache holds 512
patterns of every module and is emptied in turn by varied queries.  Memory: about 14 MB when full
(1,024 leaves of three 3–8-letter words, measured)."""


@lru_cache(maxsize=PATTERNS_KEPT)
def _leaf_pattern(words: tuple[str, ...]) -> re.Pattern:
    """The leaf's words as written, ending where no letter follows.  The other edge, no letter right
    before, is checked by :func:`_holds` and not by a look-behind here: a pattern that begins with a
    letter class lets ``re`` skip ahead to that letter's places, five times faster on long texts.
    Compiled once per distinct ``words`` (:data:`PATTERNS_KEPT`)."""
    return re.compile(BETWEEN.join(written_pattern(w) for w in words) + r"(?![^\W\d_])", re.IGNORECASE)


def _holds(pat: re.Pattern, text: str) -> bool:
    """Whether ``pat`` (:func:`_leaf_pattern`) matches ``text`` somewhere no letter stands right before."""
    pos = 0
    while (m := pat.search(text, pos)) is not None:
        start = m.start()
        if start == 0 or not _LETTER.match(text, start - 1):
            return True
        pos = start + 1
    return False


def exact_preference(stored: StoredReader, plan) -> Callable[..., list[int]] | None:
    """For a plan (:class:`kavosh.query.plan.QueryPlan`) with quoted leaves, a function giving each of a
    list of hits the number of those leaves its stored title and text hold as written (see the module
    text), reading them through ``stored``; ``None`` when the plan has none (then nothing is
    re-ordered).  Given the hits' near-duplicate groups too (``count(addresses, groups)``), a hit
    after a member of its group that holds every leaf is not read and counts 0 (see :func:`reorder`).
    Given ``enough`` (``count(addresses, groups, enough)``), it stops reading once ``enough`` hits
    (of distinct groups, when groups are given) hold every leaf: the rest count 0 (see :func:`reorder`)."""
    surfaces = first_leaves([(tuple(c.surface), c.field) for c in plan.positive if getattr(c, "surface", ())])
    if not surfaces:
        return None
    leaves: list[tuple[re.Pattern, str | None]] = []  # compiled for the first hits read: none for no hit

    def count(addresses: list[tantivy.DocAddress], groups: list[int | None] | None = None,
              enough: int | None = None) -> list[int]:
        if addresses and not leaves:
            leaves.extend((_leaf_pattern(words), fld) for words, fld in surfaces)
        out, full, whole, budget = [], set(), 0, SCAN_BUDGET
        for i, addr in enumerate(addresses):
            group = groups[i] if groups is not None else None
            if group in full or (enough is not None and whole >= enough) or budget <= 0:
                out.append(0)  # hidden below a member of its group holding every leaf, below the page, or unread
                continue
            doc = stored.read(addr)[1]
            title, text = doc.get("title") or "", doc.get("text") or ""
            budget -= len(title) + len(text)  # what the reader now holds, not only what is scanned
            title, text = title[:SCAN_CHARS], text[:SCAN_CHARS]
            out.append(sum(1 for pat, fld in leaves  # body: holds the title too (as the index's body terms)
                           if _holds(pat, title) or (fld != "title" and _holds(pat, text))))
            if out[-1] == len(leaves):
                whole += 1
                if group is not None:
                    full.add(group)
        return out

    return count


def reorder(hits: list, addresses: list[tantivy.DocAddress], prefer: Callable[..., list[int]],
            groups: list[int | None] | None = None, enough: int | None = None) -> list:
    """``hits`` (parallel to ``addresses``) with their first :data:`WINDOW` sorted by ``prefer``'s count,
    most first, ties in their order; the rest unchanged.

    ``groups`` (parallel near-duplicate group ids) is for a list about to be collapsed: a hit below a
    member of its group that holds every quoted leaf is hidden wherever it goes, so it is not read
    (its count is taken as 0); the collapsed list is the same.

    ``enough`` is for a caller that shows only the first ``enough`` hits (collapsed ones, with
    ``groups``): once that many hits of distinct groups hold every leaf, they are the first ``enough``
    of the result whatever the hits below them hold (a hit below that holds every leaf too would sort
    after them, its rank being lower), so those are not read and count 0.  The first ``enough`` hits
    (and, collapsed, the first ``enough`` groups) are the same as without it; only the order further
    down may differ.  A quoted query whose top hits hold the phrase reads about a page of documents
    instead of :data:`WINDOW`."""
    head = hits[:WINDOW]
    if enough is None:
        keys = prefer(addresses[:WINDOW]) if groups is None else prefer(addresses[:WINDOW], groups[:WINDOW])
    else:
        keys = prefer(addresses[:WINDOW], None if groups is None else groups[:WINDOW], enough)
    order = sorted(range(len(head)), key=lambda i: -keys[i])
    return [head[i] for i in order] + hits[WINDOW:]
