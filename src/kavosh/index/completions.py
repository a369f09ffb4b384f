"""The completion table: the index's surface words and titles, counted (autocomplete and spelling read it).

The index stores *stems*, so completions and spelling corrections come from a
small table of surface words built from the stored documents: every word of the
titles and texts, counted (a title word counts :data:`TITLE_WEIGHT` times), keyed
by its normalized form (:meth:`kavosh.analysis.Analyzer.normalize_term`: Arabic
letters folded, half-spaces, diacritics and tatweel removed), and shown in its
most frequent written form (``شبکه‌های``).

The table is built while indexing: a commit of :class:`kavosh.index.writer.Writer`
updates it with the documents added and removed since the table's commit (:func:`update_table`,
from the raw :class:`Counts` saved beside it), so no query waits for it.  A long run
(``kavosh index``) commits every ``--commit-mb`` but updates the table at its last commit
only: deriving and saving the table costs time in the size of the vocabulary, so once per
commit would make a growing archive's indexing quadratic (issue #13); a query at a commit in
between is answered from the table of the commit before the run.  It is saved as
:data:`TABLE_FILE` in the index folder (when writable) and kept in memory per index
generation (the content of tantivy's ``meta.json``, which changes with every commit).  It lives
in ``index/`` because both the query stage (spelling, Finglish) and autocomplete
(:mod:`kavosh.search.suggest`) read it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import threading
from collections import Counter
from pathlib import Path

import tantivy

from ..analysis import Analyzer
from ..analysis.normalize import _normalize, _normalize_python, compiled_extension
from .completion_forms import (_DISPLAY, _NON_JOINING, _TITLE_DISPLAY, _UNSHOWN_MARKS,  # noqa: F401 (re-exported)
                               _WASLA, _shown_form, completion_form, shown_spelling)
from .completion_lookup import (PRECOMPUTED_PREFIX_LEN, PRECOMPUTED_TOP,  # noqa: F401 (re-exported)
                                RANK_TITLE_WEIGHT, CompletionTable)
from .store import OpenedIndex, load_stored

TABLE_FILE = "kavosh-completions.json.gz"
"""The completion table's file inside the index folder."""
TABLE_VERSION = 10
"""Bump when the table is built differently (a saved table of another version is rebuilt; 10: a word's other
spellings, :func:`other_spellings`)."""
COUNTS_VERSION = 1
"""Bump when the raw :class:`Counts` are taken differently (:data:`_WORD`, the title folding); saved
beside them as ``counts_version``.  A saved table of another :data:`TABLE_VERSION` or analyzer whose
counts are of this version is derived again from those counts (seconds at 1M documents), not from
every stored document (an hour)."""
_UNVERSIONED_COUNTS = {8: 1}
"""``{table version: counts version}`` of the files saved before ``counts_version`` was."""
TITLE_WEIGHT = 20
"""A word in a title counts this many times a word in a text."""
MIN_COUNT = 2
"""Words seen fewer times (weighted) are left out of the table (typos, noise)."""
SPELLINGS_KEPT = 3
"""A word's other written forms kept beside its shown one, at most (:func:`other_spellings`)."""


def other_spellings(forms: list[tuple[str, int]], shown: str) -> list[str]:
    """The written forms of one key other than ``shown`` (``forms``: each shown form and its weighted count) seen at
    least :data:`MIN_COUNT` times, most frequent first (ties by the form), at most :data:`SPELLINGS_KEPT`: the table
    keeps them so that a completion can continue the spelling typed (:meth:`CompletionTable.spelling`: ``ان‌شا``
    completes to ``ان‌شاءالله``, though ``انشاالله`` is the key's most frequent form; a new user's finding).  The
    compiled core's ``completion_rows`` gives the same (``rust/kavosh-py/src/index/table.rs`` ``other_spellings``).

    >>> other_spellings([("انشاالله", 29), ("ان\u200cشاءالله", 21), ("انشاءالله", 29), ("انشالاه", 1)], "انشاالله")
    ['انشاءالله', 'ان\u200cشاءالله']
    """
    other = sorted((f for f in forms if f[0] != shown and f[1] >= MIN_COUNT), key=lambda f: (-f[1], f[0]))
    return [f for f, _c in other[:SPELLINGS_KEPT]]

_LETTERS = r"[^\W\d_](?:[^\W\d_]|[\u200c\u064b-\u065f\u0670\u0640])*"
_WORD = re.compile(
    r"(?:(?<![^\W\d_])ن?م[یي][ \u200c](?=[^\W\d_]))?" + _LETTERS
    + r"(?:[ \u200c](?:ها|هاي|های|هايي|هایی|هايش|هایش|تر|ترين|ترین)(?![\w\u200c]))?")
"""A word, with a verb prefix or a plural/comparative suffix written apart
(``مي شود``, ``كتاب ها``) joined to it, as the analyzer joins them."""


def _core_rows(counts: Counts, analyzer: Analyzer):
    """``(words, titles, title_counts, spellings)`` of :meth:`Counts.table` from the compiled core, or ``None``
    when it is not built, ``analyzer`` does not normalize terms with it (``KAVOSH_PURE_PYTHON=1``, a
    subclass's own ``normalize_term``), or the counters hold what the core does not take."""
    if _normalize is _normalize_python or type(analyzer).normalize_term is not Analyzer.normalize_term:
        return None
    rows = getattr(compiled_extension(), "completion_rows", None)
    if rows is None:
        return None
    rows = rows(counts.words, counts.title_words, counts.titles, _shown_form, completion_form)
    return None if rows is not None and len(rows) != 4 else rows  # a core built before the spellings: Python's


def completion_key(text: str, analyzer: Analyzer) -> str:
    """The lookup key of a word or phrase: normalized, spaces and half-spaces removed
    (so ``شبکه های اج`` is a prefix of ``شبکه‌های اجتماعی``)."""
    return analyzer.normalize_term(text).replace(" ", "")


class Counts:
    """The raw counts a completion table is derived from, kept beside it so that a commit can
    update the table with the documents it added and removed instead of reading every document.

    Attributes:
        words: surface word as found in texts → occurrences.
        title_words: surface word as found in titles → occurrences.
        titles: title (spaces folded, Persian letters) → documents.
    """

    def __init__(self, words=None, title_words=None, titles=None) -> None:
        self.words: Counter[str] = Counter(words or {})
        self.title_words: Counter[str] = Counter(title_words or {})
        self.titles: Counter[str] = Counter(titles or {})
        self._tally = None  # kavosh._core.WordTally of add_words(), folded in by _flush()

    def add(self, title: str, text: str, sign: int = 1) -> None:
        """Count one document's title and text in (``sign=1``) or out (``sign=-1``)."""
        title = " ".join(title.split()).translate(_TITLE_DISPLAY)
        update = Counter.update if sign > 0 else Counter.subtract
        if title:
            self.titles[title] += sign
            update(self.title_words, _WORD.findall(title))
        update(self.words, _WORD.findall(text))

    def add_words(self, words) -> None:
        """Count one document in from the words the compiled core found in it
        (``kavosh._core.DocWords``, from ``prepare_batch``): the same counts as :meth:`add` of
        its title and text, kept in Rust until the counts are read."""
        if self._tally is None:
            from .._core import WordTally  # noqa: PLC0415 - only documents analysed by the core get here

            self._tally = WordTally()
        self._tally.add(words)

    def add_records(self, records) -> None:
        """:meth:`add_words` of each record of a ``kavosh._core.Records`` analysed by the core, in order."""
        if self._tally is None:
            from .._core import WordTally  # noqa: PLC0415 - only documents analysed by the core get here

            self._tally = WordTally()
        self._tally.add_records(records)

    def _flush(self) -> None:
        """Fold the words counted by :meth:`add_words` into the counters."""
        if self._tally is not None:
            titles, title_words, words = self._tally.take()
            self.titles.update(titles)
            self.title_words.update(title_words)
            self.words.update(words)

    def merge(self, other: Counts, keep_negative: bool = False) -> None:
        """Add ``other``'s counts (negative ones remove) and drop what fell to zero (and below,
        unless ``keep_negative``: a delta that removes words counted in another delta keeps them)."""
        self._flush()
        other._flush()
        for mine, theirs in ((self.words, other.words), (self.title_words, other.title_words),
                             (self.titles, other.titles)):
            mine.update(theirs)
            for k in [k for k in theirs if (mine[k] == 0 if keep_negative else mine[k] <= 0)]:
                del mine[k]

    def to_json(self) -> dict:
        """JSON-ready dicts."""
        self._flush()
        return {"words": self.words, "title_words": self.title_words, "titles": self.titles}

    def table(self, analyzer: Analyzer) -> CompletionTable:
        """The completion table of these counts (a word's shown form is its most frequent one).

        Computed by the compiled core (``kavosh._core.completion_rows``, the same rows) when it is
        built and ``analyzer`` normalizes terms with it; else by :meth:`table_python`."""
        self._flush()
        rows = _core_rows(self, analyzer)
        if rows is not None:
            return CompletionTable(*rows)
        return self.table_python(analyzer)

    def table_python(self, analyzer: Analyzer) -> CompletionTable:
        """:meth:`table` in Python: the specification of ``kavosh._core.completion_rows``."""
        self._flush()
        words: Counter[str] = Counter()  # by shown form (completion_form: one clean spelling, issue #14 kind 12)
        for w, c in self.words.items():
            words[_shown_form(w)] += c
        title_counts: Counter[str] = Counter()
        for w, c in self.title_words.items():
            w = _shown_form(w)
            words[w] += TITLE_WEIGHT * c
            key = analyzer.normalize_term(w)
            if key:
                title_counts[key] += c
        by_key: dict[str, list] = {}
        for surface, count in words.items():
            key = analyzer.normalize_term(surface)
            if not key:
                continue
            entry = by_key.get(key)
            if entry is None:
                by_key[key] = [surface, count, count, [(surface, count)]]
            else:
                if count > entry[2]:  # the most frequent written form is shown
                    entry[0], entry[2] = surface, count
                entry[1] += count
                entry[3].append((surface, count))
        word_rows = [(k, s, c) for k, (s, c, _best, _forms) in by_key.items() if c >= MIN_COUNT]
        spellings = {k: other for k, (s, c, _best, forms) in by_key.items()
                     if c >= MIN_COUNT and len(forms) > 1 and (other := other_spellings(forms, s))}
        title_rows: dict[str, list] = {}
        for title, count in self.titles.items():
            title = completion_form(title)
            key = completion_key(title, analyzer)
            if key:
                row = title_rows.setdefault(key, [title, 0])
                row[1] += count
        kept = {k for k, _s, _c in word_rows}
        return CompletionTable(word_rows, [(k, t, c) for k, (t, c) in title_rows.items()],
                               {k: c for k, c in title_counts.items() if k in kept}, spellings)


def count_all(opened: OpenedIndex) -> Counts:
    """:class:`Counts` of every stored document of ``opened``'s current commit (reads them all)."""
    searcher = opened.index.searcher()
    counts = Counts()
    n = searcher.num_docs
    if n:
        for _score, addr in searcher.search(tantivy.Query.all_query(), limit=n).hits:
            stored = load_stored(searcher.doc(addr))
            counts.add(stored.get("title", ""), stored.get("text", ""))
    return counts


def build_table(opened: OpenedIndex, analyzer: Analyzer) -> CompletionTable:
    """Build the completion table from the stored titles and texts of ``opened``."""
    return count_all(opened).table(analyzer)


def generation(opened: OpenedIndex) -> str:
    """An id of the index's current commit (hash of tantivy's ``meta.json``)."""
    try:
        return hashlib.sha1((opened.path / "meta.json").read_bytes()).hexdigest()
    except OSError:
        return str(opened.index.searcher().num_docs)


_cache: dict[str, tuple[str, CompletionTable]] = {}
_lock = threading.Lock()


_by_stat: dict[str, tuple[tuple[int, int, int], str, tuple[str, CompletionTable]]] = {}
"""``{index folder: ((inode, size, mtime ns) of its meta.json, resolved folder, its entry of _cache)}``:
a query gets the table without hashing ``meta.json`` (:func:`generation`) while that file is the one
the entry was found for (tantivy replaces ``meta.json`` by a rename at each commit: a new inode) and
the entry is still the memory's."""


_META: dict = {}
"""An index folder → the path of its ``meta.json``, as a string (at most 256 kept)."""


def _meta_stat(opened: OpenedIndex) -> tuple[int, int, int] | None:
    meta = _META.get(opened.path)  # asked per query: a string path, joined once per folder
    if meta is None:
        if len(_META) >= 256:
            _META.clear()
        meta = _META[opened.path] = os.path.join(opened.path, "meta.json")
    try:
        st = os.stat(meta)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def completion_table(opened: OpenedIndex, analyzer: Analyzer) -> CompletionTable:
    """The completion table of the index's current generation: from memory, from
    :data:`TABLE_FILE` (which may be of an earlier commit, see the module's docstring), or built
    from every stored document when there is no usable file (and saved when the folder is writable)."""
    stat, key = _meta_stat(opened), str(opened.path)
    known = _by_stat.get(key)
    if known is not None and stat is not None and known[0] == stat and _cache.get(known[1]) is known[2]:
        return known[2][1]
    table = _completion_table(opened, analyzer)
    path = str(opened.path.resolve())
    entry = _cache.get(path)
    if stat is not None and stat == _meta_stat(opened) and entry is not None and entry[1] is table:
        _by_stat[key] = (stat, path, entry)
    return table


def _completion_table(opened: OpenedIndex, analyzer: Analyzer) -> CompletionTable:
    gen = generation(opened)
    path = str(opened.path.resolve())
    hit = _cache.get(path)
    if hit is not None and hit[0] == gen:
        return hit[1]
    with _lock:
        hit = _cache.get(path)
        if hit is not None and hit[0] == gen:
            return hit[1]
        file = opened.path / TABLE_FILE
        # This commit's table, or an earlier commit's while a run is writing (its last commit
        # brings the table up to date; so does the next run after one that was killed).
        data = _read(file)
        table = _table_of(data if _current(data, None, analyzer) else None)
        if table is None:
            counts = _counts_of(data)  # a table of another version or analyzer: derived again from its counts
            saved_gen = gen if counts is None else data["generation"]  # the counts' commit (maybe an earlier one)
            if counts is None:  # an index written before tables were kept at commit time, or a damaged file
                counts = count_all(opened)
            table = counts.table(analyzer)
            _save(file, _file_data(table, counts, saved_gen, analyzer))
        _cache[path] = (gen, table)
        return table


def _table_of(data: dict | None) -> CompletionTable | None:
    """The :class:`CompletionTable` of a loaded table file, or ``None`` (none, or damaged)."""
    if data is None:
        return None
    try:
        return CompletionTable([tuple(w) for w in data["words"]], [tuple(t) for t in data["titles"]],
                               data["title_counts"], data["spellings"])
    except (KeyError, TypeError, ValueError):
        return None


def _read(file: Path) -> dict | None:
    """The saved table file's content, or ``None`` (none, unreadable, not a JSON object)."""
    try:
        with gzip.open(file, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _current(data: dict | None, generation: str | None, analyzer: Analyzer) -> bool:
    """Whether a read table file is of ``generation`` (any when ``None``), this table version and analyzer."""
    return data is not None and generation in (None, data.get("generation")) \
        and data.get("version") == TABLE_VERSION and data.get("analyzer_version") == analyzer.version


def _load(file: Path, generation: str | None, analyzer: Analyzer) -> dict | None:
    """The saved table file if it is of ``generation`` (any when ``None``), this table version and
    analyzer, else ``None``."""
    data = _read(file)
    return data if _current(data, generation, analyzer) else None


def _counts_of(data: dict | None, generation: str | None = None) -> Counts | None:
    """The raw counts saved in a read table file when they are of :data:`COUNTS_VERSION` (and of
    ``generation`` when given), whatever the table's version and analyzer; else ``None``."""
    if data is None or generation not in (None, data.get("generation")) or "generation" not in data:
        return None
    version = data.get("counts_version", _UNVERSIONED_COUNTS.get(data.get("version")))
    if version != COUNTS_VERSION or not isinstance(data.get("counts"), dict):
        return None
    try:
        return Counts(**data["counts"])
    except (TypeError, ValueError):
        return None


def _file_data(table: CompletionTable, counts: Counts, generation: str, analyzer: Analyzer) -> dict:
    """What :data:`TABLE_FILE` holds: the table, its raw counts and their versions, the commit."""
    return {"version": TABLE_VERSION, **table.to_json(), "counts": counts.to_json(), "counts_version": COUNTS_VERSION,
            "generation": generation, "analyzer_version": analyzer.version}


def update_table(opened: OpenedIndex, analyzer: Analyzer, before: str, delta: Counts,
                 before_empty: bool = False) -> CompletionTable:
    """After a commit: the completion table of the new commit, saved, from the table of commit
    ``before`` (the generation before this commit) plus ``delta`` (the documents the commit added,
    minus those it removed); built from every stored document when no table of ``before`` is saved,
    unless ``before_empty`` says commit ``before`` held no document (a new index): then ``delta``
    is the whole count.  :class:`kavosh.index.table_update.TableUpdate` is the same begun before the
    commit (the writer's way)."""
    from .table_update import TableUpdate  # noqa: PLC0415 - it builds on this module

    return TableUpdate(opened, analyzer, before, (delta,), before_empty, thread=False).finish()


def _save(file: Path, data: dict) -> None:
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        text = json.dumps(data, ensure_ascii=False)  # one shot: the C encoder (json.dump's chunks are Python)
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
            f.write(text)
        os.replace(tmp, file)
    except OSError:  # a read-only index folder: keep the table in memory only
        tmp.unlink(missing_ok=True)
