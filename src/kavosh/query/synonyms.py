"""Synonyms, applied at query time from a file kept in the index folder (no reindex).

The file (:data:`SYNONYMS_FILE`, installed by ``kavosh index --synonyms FILE`` or
``Index.set_synonyms``) holds one group per line, entries separated by the Persian
comma ``،`` or ``,``; an entry may be several words; ``#`` starts a comment::

    ایالات متحده، آمریکا، امریکا
    iphone, آیفون => آیفون

A line without ``=>`` is a group of equivalents: a query with any entry also searches
the others (both directions).  ``a, b => c`` is one-way (Elasticsearch's explicit
mapping, without replacement): a query with ``a`` or ``b`` also searches ``c``, but a
query with ``c`` does not search ``a``.  Entries are analysed like queries, so spelling
variants (``امريكا``, half-spaces, digits) match.

A query word (or run of adjacent words) equal to an entry gets the other entries as
alternatives: one word gains alternative terms on its own clause (so ``+آمریکا`` still
requires one of them); several words gain a derived phrase clause with the alternatives.
Each expansion is reported in the plan's notes (``synonyms: آمریکا → ایالات متحده، امریکا``)
and its terms are highlighted like the query's own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis import Analyzer
from .errors import QuerySyntaxError
from .parse import Clause, Note, Occur

SYNONYMS_FILE = "synonyms.txt"
MAX_SYNONYM_LINES = 10_000
"""Groups one synonym file may hold (a longer file is an error naming it)."""
MAX_ENTRY_WORDS = 8
MAX_EXPANSIONS = 32
"""Alternatives added to one query, at most (the rest are left out and the notes say so)."""

_SEP = re.compile(r"[،,]")


class SynonymError(QuerySyntaxError):
    """A synonym file that cannot be used; the message names the file and line (searches of the
    index fail with it until the file is fixed: nothing is ignored silently)."""


@dataclass
class Synonyms:
    """Parsed synonym rules: entry terms → the terms of the entries it also searches.

    Attributes:
        rules: ``{entry terms: [other entries' terms]}`` (tuples of analysed terms).
        surfaces: entry terms → the entry as written in the file (for notes).
        longest: the most terms in one entry.
    """

    rules: dict[tuple[str, ...], list[tuple[str, ...]]] = field(default_factory=dict)
    surfaces: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest: int = 0

    def __bool__(self) -> bool:
        return bool(self.rules)


def parse_synonyms(text: str, analyzer: Analyzer, where: str = SYNONYMS_FILE, strict: bool = False) -> Synonyms:
    """Parse synonym text (the format above) with the index's analyzer.

    A note names an entry as the file writes it; an entry that is also the target of a one-way rule on its
    line is named as the right side writes it (``iphone, آی فون => آیفون``: ``iphone → آیفون``).

    ``strict`` (installing a file, :func:`install`) also refuses a line whose entries all analyse to the
    same words (``کتاب، کتاب‌ها``, ``آی فون => آیفون``): it would search nothing more, the same mistake as a
    one-entry group.  Reading an installed file (:func:`index_synonyms`) passes over such a line, so a
    new analyzer that folds two entries together does not stop every search.

    Raises:
        SynonymError: a line with one entry (or, ``strict``, with one entry after analysis), an entry with
            no searchable word (only stopwords), more than :data:`MAX_ENTRY_WORDS` words in an entry, or
            more than :data:`MAX_SYNONYM_LINES` lines; the message names ``where`` and the line.
    """
    syn = Synonyms()
    lines = text.splitlines()
    if len(lines) > MAX_SYNONYM_LINES:
        raise SynonymError(f"{where}: {len(lines)} lines; the limit is {MAX_SYNONYM_LINES}")
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        left, arrow, right = line.partition("=>")
        sides, written = [], []
        for part in (left, right) if arrow else (left,):
            entries = []
            for e in _SEP.split(part):
                if not e.strip():
                    continue
                terms = tuple(t.term for t in analyzer.analyze(e) if not analyzer.is_stopword(t))
                if not terms:
                    raise SynonymError(f"{where}:{n}: {e.strip()!r} has no searchable word")
                if len(terms) > MAX_ENTRY_WORDS:
                    raise SynonymError(f"{where}:{n}: {e.strip()!r} has {len(terms)} words; the limit is "
                                       f"{MAX_ENTRY_WORDS}")
                entries.append(terms)
                written.append((terms, e.strip()))
            sides.append(entries)
        right = len(sides[0])  # the right side of => names its targets first; else the first written
        for terms, surface in written[right:] + written[:right]:
            syn.surfaces.setdefault(terms, surface)
        if arrow:
            if not sides[0] or not sides[1]:
                raise SynonymError(f"{where}:{n}: a one-way rule needs entries on both sides of =>")
            pairs = [(a, sides[1]) for a in sides[0]]
        else:
            if len(sides[0]) < 2:
                raise SynonymError(f"{where}:{n}: a group needs two or more entries separated by ، or ,")
            pairs = [(a, sides[0]) for a in sides[0]]
        if strict and all(t == a for a, targets in pairs for t in targets):
            shown = line if len(line) <= 60 else line[:60] + "…"
            raise SynonymError(f"{where}:{n}: the entries of «{shown}» are all one entry after analysis "
                               f"({' '.join(sides[0][0])}), so the line would search nothing more; a group "
                               "needs two or more different entries")
        for a, targets in pairs:
            got = syn.rules.setdefault(a, [])
            for t in targets:
                if t != a and t not in got:
                    got.append(t)
            if not got:
                del syn.rules[a]
                continue
            syn.longest = max(syn.longest, len(a))
    return syn


_CACHE: dict[str, tuple[float, int, Synonyms]] = {}
_PATHS: dict = {}
"""An index folder (as given) → the path of its synonym file, as a string (at most 256 kept)."""


def index_synonyms(folder: str | os.PathLike, analyzer: Analyzer) -> Synonyms:
    """The synonyms of the index in ``folder`` (empty when it has no file), re-read when the file changes.

    Raises:
        SynonymError: the file cannot be read or parsed (the message names it).
    """
    key = _PATHS.get(folder)  # asked on every query: a string path, joined once per folder
    if key is None:
        if len(_PATHS) >= 256:
            _PATHS.clear()
        key = _PATHS[folder] = os.path.join(folder, SYNONYMS_FILE)
    try:
        st = os.stat(key)
    except FileNotFoundError:
        return Synonyms()
    cached = _CACHE.get(key)
    if cached and cached[:2] == (st.st_mtime, st.st_size):
        return cached[2]
    p = Path(key)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SynonymError(f"{p}: cannot read ({e})") from e
    syn = parse_synonyms(text, analyzer, str(p))
    _CACHE[key] = (st.st_mtime, st.st_size, syn)
    return syn


def install(folder: str | os.PathLike, text: str, analyzer: Analyzer) -> Synonyms:
    """Check ``text`` (:func:`parse_synonyms`, ``strict``) and write it as the index's synonym file
    (atomically); ``""`` removes it.

    Raises:
        SynonymError: ``text`` does not parse (nothing is written).
    """
    syn = parse_synonyms(text, analyzer, strict=True)
    p = Path(folder) / SYNONYMS_FILE
    if not text.strip():
        p.unlink(missing_ok=True)
        return syn
    tmp = p.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, p)
    return syn


def held_through(doc_freq: Callable[[str], int], synonyms: Synonyms) -> Callable[[str], int]:
    """``doc_freq`` where a one-term entry of ``synonyms`` counts as in as many documents as the most frequent
    entry it also searches (an entry of several terms: as its rarest term), for the spelling step: a word the
    synonym file declares (``زر`` in «طلا، زر») is the user's word, found through its synonyms, not a typo of
    a frequent word (``در``).

    Args:
        doc_freq: an analysed term → the number of documents holding it.
        synonyms: the index's :class:`Synonyms`.
    Returns:
        The counting function (one dictionary look-up more per term; a term with no rule counts as before).
    """
    rules = synonyms.rules

    def counted(term: str) -> int:
        n = doc_freq(term)
        for other in rules.get((term,), ()):
            n = max(n, min(doc_freq(t) for t in other))
        return n

    return counted


MAX_COUNTED_READINGS = 16
"""The most readings of a query (each leaf as typed or as one of its synonym entries) :func:`count_all_through`
asks the index about; a query with more stops there (the first ones, leaves as typed first)."""


def count_all_through(count_all: Callable[[list[list[str]]], int], leaves: list[list[str]],
                      synonyms: Synonyms) -> int:
    """Documents holding every leaf (a term, or several as a phrase) as typed or as one of the entries its synonym
    rule also searches, counted as the most documents one reading holds (a reading: each leaf as typed or as one
    entry): 0 when no document holds each leaf in some form (among the readings asked), as ``count_all`` of the
    leaves as typed is for an index without synonyms.  For the spelling step (:func:`kavosh.query.choose.choose_spelling`): ``قیمط
    زر`` with «طلا، زر» installed finds nothing as typed and ``قیمت طلا`` in documents, so ``قیمت زر`` may run.

    Args:
        count_all: documents holding every leaf of a list (:meth:`kavosh.index.stats.IndexStats.count_all`).
        leaves: the query's content leaves, each its analysed terms.
        synonyms: the index's :class:`Synonyms`.
    Returns:
        The count (at most :data:`MAX_COUNTED_READINGS` readings asked; ``count_all(leaves)`` when no leaf has a
        rule).
    """
    options = [[leaf, *(list(o) for o in synonyms.rules.get(tuple(leaf), ()))] for leaf in leaves]
    best = 0
    readings: list[list[list[str]]] = [[]]
    for opts in options:
        readings = [r + [o] for r in readings for o in opts][:MAX_COUNTED_READINGS]
    for reading in readings:
        best = max(best, count_all(reading))
    return best


def expand(parsed, synonyms: Synonyms) -> list[Note]:
    """Add synonym alternatives to a parsed query in place (see the module text).

    Args:
        parsed: a :class:`kavosh.query.parse.ParsedQuery` (its clauses gain alternatives;
            runs of several words gain a derived phrase clause).
        synonyms: the index's :class:`Synonyms`.
    Returns:
        One :class:`kavosh.query.parse.Note` per expansion (code ``"synonyms"``, details ``word`` and
        ``alternatives``): ``"synonyms: آمریکا → ایالات متحده، امریکا"``.
    """
    if not synonyms:
        return []
    notes, added = [], 0
    clauses = list(parsed.clauses)
    i = 0
    while i < len(clauses):
        c = clauses[i]
        if c.derived or c.occur == Occur.MUST_NOT or c.kind == "prefix":
            i += 1
            continue
        if c.kind == "phrase":
            match, width = (tuple(c.terms) if tuple(c.terms) in synonyms.rules else None), 1
        else:
            match, width = None, 0
            run = [c]
            for j in range(i + 1, min(len(clauses), i + synonyms.longest)):
                nxt = clauses[j]
                if nxt.kind != "term" or not nxt.follows or nxt.derived or nxt.field != c.field:
                    break
                run.append(nxt)
            for w in range(len(run), 0, -1):
                key = tuple(x.terms[0] for x in run[:w])
                if key in synonyms.rules:
                    match, width = key, w
                    break
        if match is None:
            i += 1
            continue
        alts = [list(t) for t in synonyms.rules[match]][:max(0, MAX_EXPANSIONS - added)]
        added += len(alts)
        if alts:
            if width == 1:
                c.alternatives.extend(a for a in alts if a not in c.alternatives)
            else:
                parsed.clauses.append(Clause("phrase", list(match), list(match),
                                             " ".join(x.text for x in clauses[i:i + width]), Occur.SHOULD,
                                             c.field, alternatives=alts, derived=True,
                                             offsets=list(range(len(match))), group=c.group))
            word = synonyms.surfaces.get(match, " ".join(match))
            others = "، ".join(synonyms.surfaces.get(tuple(a), " ".join(a)) for a in alts)
            notes.append(Note(f"synonyms: {word} → {others}", "synonyms", word=word, alternatives=others))
        i += width
    return notes
