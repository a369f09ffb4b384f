"""Autocomplete: complete a typed prefix with words and titles of the index.

Completions come from the index's completion table (:mod:`kavosh.index.completions`:
surface words and titles with their counts).  A prefix is normalized like the
table's keys, so ``شبكه`` (Arabic kaf) and ``شبکهها`` (no half-space) complete too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..analysis import Analyzer
from ..index.completions import completion_key, completion_table
from ..index.store import OpenedIndex

MAX_LIMIT = 50
MAX_PREFIX_CHARS = 200


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
        k = completion_key(text, analyzer)
        if k not in seen:
            seen.add(k)
            out.append(Completion(text, kind, count))

    full_key = completion_key(prefix, analyzer)
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
