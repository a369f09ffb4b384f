"""Autocomplete: complete a typed prefix with words and titles of the index.

The index stores *stems*, so completions come from a small table of surface
words built from the stored documents: every word of the titles and texts,
counted (a title word counts :data:`TITLE_WEIGHT` times), keyed by its
normalized form (:meth:`kavosh.analysis.Analyzer.normalize_term`: Arabic
letters folded, half-spaces, diacritics and tatweel removed), and shown in its
most frequent written form (``شبکه‌های``).  A prefix is normalized the same
way, so ``شبكه`` (Arabic kaf) and ``شبکهها`` (no half-space) complete too.

The table is built on first use (about 2 s for the 5,375 Hamshahri documents),
saved as :data:`TABLE_FILE` in the index folder (when writable) and kept in
memory per index generation (the content of tantivy's ``meta.json``, which
changes with every commit).
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import heapq
import json
import os
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import tantivy

from ..analysis import Analyzer
from ..index.store import OpenedIndex

TABLE_FILE = "kavosh-completions.json.gz"
"""The completion table's file inside the index folder."""
TABLE_VERSION = 5
"""Bump when the table is built differently (a saved table of another version is rebuilt)."""
TITLE_WEIGHT = 20
"""A word in a title counts this many times a word in a text."""
RANK_TITLE_WEIGHT = 280
"""For ranking completions only, a word's title occurrences count this many times more again: titles stand
in for the query log a new index lacks (people search for what headlines name), so a 2-letter prefix
completes to headline words first.  The counts the speller uses are not changed."""
MIN_COUNT = 2
"""Words seen fewer times (weighted) are left out of the table (typos, noise)."""
MAX_LIMIT = 50
MAX_PREFIX_CHARS = 200
PRECOMPUTED_PREFIX_LEN = 2
"""Prefixes up to this many letters have their top completions precomputed."""
PRECOMPUTED_TOP = MAX_LIMIT

_LETTERS = r"[^\W\d_](?:[^\W\d_]|[\u200c\u064b-\u065f\u0670\u0640])*"
_WORD = re.compile(
    r"(?:(?<![^\W\d_])ن?م[یي][ \u200c](?=[^\W\d_]))?" + _LETTERS
    + r"(?:[ \u200c](?:ها|هاي|های|هايي|هایی|هايش|هایش|تر|ترين|ترین)(?![\w\u200c]))?")
"""A word, with a verb prefix or a plural/comparative suffix written apart
(``مي شود``, ``كتاب ها``) joined to it, as the analyzer joins them."""
_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", " ": "\u200c"})
"""Shown forms: Persian yeh and kaf; a prefix or suffix written apart gets a half-space."""
_TITLE_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


@dataclass
class Completion:
    """One completion.

    Attributes:
        text: the completed query (what typed text before the last word is kept as typed).
        kind: ``"word"`` (a word of the index) or ``"title"`` (a whole document title).
        count: the word's weighted count in the index, or the title's number of documents.
    """

    text: str
    kind: str
    count: int

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


class CompletionTable:
    """Words and titles of one index generation, ready for prefix lookups.

    Args:
        words: ``[(normalized key, display form, count)]``.
        titles: ``[(normalized key, title, number of documents)]``.
        title_counts: ``{normalized key: occurrences in titles}`` (ranking: :data:`RANK_TITLE_WEIGHT`).
    """

    def __init__(self, words: list[tuple[str, str, int]], titles: list[tuple[str, str, int]],
                 title_counts: dict[str, int] | None = None) -> None:
        self.words = sorted(words)
        self.word_keys = [w[0] for w in self.words]
        self.title_counts = title_counts or {}
        self._rank = [c + RANK_TITLE_WEIGHT * self.title_counts.get(k, 0) for k, _s, c in self.words]
        self.titles = sorted(titles)
        self.title_keys = [t[0] for t in self.titles]
        self._top: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for i, (key, _surface, _count) in enumerate(self.words):
            for n in range(1, min(PRECOMPUTED_PREFIX_LEN, len(key)) + 1):
                by_prefix.setdefault(key[:n], []).append(i)
        for p, idx in by_prefix.items():
            self._top[p] = heapq.nlargest(PRECOMPUTED_TOP, idx, key=self._rank.__getitem__)

    def words_with_prefix(self, key: str, limit: int) -> list[tuple[str, str, int]]:
        """The ``limit`` best-ranked words whose key starts with ``key`` (weighted count, title
        occurrences :data:`RANK_TITLE_WEIGHT` times more; best first)."""
        if not key:
            return []
        if len(key) <= PRECOMPUTED_PREFIX_LEN:
            return [self.words[i] for i in self._top.get(key, [])[:limit]]
        lo = bisect.bisect_left(self.word_keys, key)
        hi = bisect.bisect_left(self.word_keys, key + "\uffff", lo)
        return [self.words[i] for i in heapq.nlargest(limit, range(lo, hi), key=self._rank.__getitem__)]

    def titles_with_prefix(self, key: str, limit: int) -> list[tuple[str, str, int]]:
        """Up to ``limit`` titles whose key starts with ``key`` (most documents, then shortest, first)."""
        lo = bisect.bisect_left(self.title_keys, key)
        hi = bisect.bisect_left(self.title_keys, key + "\uffff", lo)
        if hi - lo > 2000:  # a very short prefix: titles would be arbitrary; words answer it
            return []
        return heapq.nsmallest(limit, self.titles[lo:hi], key=lambda t: (-t[2], len(t[0]), t[0]))

    def lookup(self, key: str) -> tuple[str, int] | None:
        """``(written form, weighted count)`` of the word with this normalized key, or None."""
        i = bisect.bisect_left(self.word_keys, key)
        if i < len(self.word_keys) and self.word_keys[i] == key:
            return self.words[i][1], self.words[i][2]
        return None

    def to_json(self) -> dict:
        """The table as JSON-ready lists."""
        return {"version": TABLE_VERSION, "words": self.words, "titles": self.titles,
                "title_counts": self.title_counts}


def _key(text: str, analyzer: Analyzer) -> str:
    """The lookup key of a word or phrase: normalized, spaces and half-spaces removed
    (so ``شبکه های اج`` is a prefix of ``شبکه‌های اجتماعی``)."""
    return analyzer.normalize_term(text).replace(" ", "")


def build_table(opened: OpenedIndex, analyzer: Analyzer) -> CompletionTable:
    """Build the completion table from the stored titles and texts of ``opened``."""
    from .searcher import load_stored

    searcher = opened.index.searcher()
    n = searcher.num_docs
    words: Counter[str] = Counter()
    title_words: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    if n:
        res = searcher.search(tantivy.Query.all_query(), limit=n)
        for _score, addr in res.hits:
            stored = load_stored(searcher.doc(addr))
            title = " ".join(stored.get("title", "").split()).translate(_TITLE_DISPLAY)
            if title:
                titles[title] += 1
                title_words.update(_WORD.findall(title))
            words.update(_WORD.findall(stored.get("text", "")))
    title_counts: Counter[str] = Counter()
    for w, c in title_words.items():
        words[w] += TITLE_WEIGHT * c
        key = analyzer.normalize_term(w.translate(_DISPLAY))
        if key:
            title_counts[key] += c
    by_key: dict[str, list] = {}
    for surface, count in words.items():
        surface = surface.translate(_DISPLAY)
        key = analyzer.normalize_term(surface)
        if not key:
            continue
        entry = by_key.get(key)
        if entry is None:
            by_key[key] = [surface, count, count]
        else:
            if count > entry[2]:  # the most frequent written form is shown
                entry[0], entry[2] = surface, count
            entry[1] += count
    word_rows = [(k, s, c) for k, (s, c, _best) in by_key.items() if c >= MIN_COUNT]
    title_rows: dict[str, list] = {}
    for title, count in titles.items():
        key = _key(title, analyzer)
        if key:
            row = title_rows.setdefault(key, [title, 0])
            row[1] += count
    kept = {k for k, _s, _c in word_rows}
    return CompletionTable(word_rows, [(k, t, c) for k, (t, c) in title_rows.items()],
                           {k: c for k, c in title_counts.items() if k in kept})


def _generation(opened: OpenedIndex) -> str:
    """An id of the index's current commit (hash of tantivy's ``meta.json``)."""
    try:
        return hashlib.sha1((opened.path / "meta.json").read_bytes()).hexdigest()
    except OSError:
        return str(opened.index.searcher().num_docs)


_cache: dict[str, tuple[str, CompletionTable]] = {}
_lock = threading.Lock()


def completion_table(opened: OpenedIndex, analyzer: Analyzer) -> CompletionTable:
    """The completion table of the index's current generation: from memory, from
    :data:`TABLE_FILE`, or built (and saved when the folder is writable)."""
    gen = _generation(opened)
    path = str(opened.path.resolve())
    hit = _cache.get(path)
    if hit is not None and hit[0] == gen:
        return hit[1]
    with _lock:
        hit = _cache.get(path)
        if hit is not None and hit[0] == gen:
            return hit[1]
        file = opened.path / TABLE_FILE
        table = None
        try:
            with gzip.open(file, "rt", encoding="utf-8") as f:
                data = json.load(f)
            if data.get("generation") == gen and data.get("version") == TABLE_VERSION \
                    and data.get("analyzer_version") == analyzer.version:
                table = CompletionTable([tuple(w) for w in data["words"]], [tuple(t) for t in data["titles"]],
                                        data["title_counts"])
        except (OSError, ValueError, KeyError, TypeError):
            table = None
        if table is None:
            table = build_table(opened, analyzer)
            _save(file, {**table.to_json(), "generation": gen, "analyzer_version": analyzer.version})
        _cache[path] = (gen, table)
        return table


def _save(file: Path, data: dict) -> None:
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, file)
    except OSError:  # a read-only index folder: keep the table in memory only
        tmp.unlink(missing_ok=True)


def suggest(opened: OpenedIndex, analyzer: Analyzer, prefix: str, limit: int = 10) -> list[Completion]:
    """Complete ``prefix`` with the index's titles and words.

    Args:
        opened: the index.
        analyzer: the analyzer the index was built with.
        prefix: what the user has typed so far; the last word is completed, the
            words before it are kept as typed.  A prefix ending in a space gives
            no completions.
        limit: completions wanted, 1 to :data:`MAX_LIMIT`.
    Returns:
        Up to ``limit`` :class:`Completion`, no duplicates: words of the index
        that start with the last word (most frequent first) and titles that
        start with the whole prefix (at most a third of ``limit``; first when
        several words were typed, else after the words).
    Raises:
        ValueError: ``limit`` out of range or a prefix longer than :data:`MAX_PREFIX_CHARS`.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise ValueError(f"the prefix is {len(prefix)} characters long; the limit is {MAX_PREFIX_CHARS}")
    if not prefix.strip() or prefix[-1].isspace():
        return []
    table = completion_table(opened, analyzer)
    head, _, last = prefix.rstrip().rpartition(" ")
    out: list[Completion] = []
    seen: set[str] = set()

    def add(text: str, kind: str, count: int) -> None:
        k = _key(text, analyzer)
        if k not in seen:
            seen.add(k)
            out.append(Completion(text, kind, count))

    full_key = _key(prefix, analyzer)
    titles = table.titles_with_prefix(full_key, max(1, limit // 3)) if len(full_key) >= 3 else []
    if head:  # several words typed: titles that start with them are the most specific answers
        for _k, title, count in titles:
            add(title, "title", count)
    keep = head + " " if head else ""
    last_key = analyzer.normalize_term(last)
    cands = table.words_with_prefix(last_key, limit)
    if head:  # a half-space typed as a space: کتاب ها → کتاب‌های
        before, _, prev = head.rpartition(" ")
        keep_joined = before + " " if before else ""
        for _k, surface, count in table.words_with_prefix(analyzer.normalize_term(prev) + last_key, 2):
            add(keep_joined + surface, "word", count)
    for _k, surface, count in cands[:limit - len(titles) - len(out)]:
        add(keep + surface, "word", count)
    for _k, title, count in titles:  # one word typed: its most frequent words, then titles
        add(title, "title", count)
    for _k, surface, count in cands:
        add(keep + surface, "word", count)
    return out[:limit]
