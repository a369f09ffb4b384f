"""Highlighting: re-analyse the stored original and mark the tokens that matched.

The analyzer gives each token's offsets in the original text, so the snippet
shows the text exactly as written (Arabic letters, missing half-spaces and all)
while matching on terms.  The best window is the one with the most distinct
matched terms, then the most matches (as Lucene's ``UnifiedHighlighter`` scores
passages by matched terms).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..analysis import Analyzer, Token
from .results import Segment

MAX_HIGHLIGHT_CHARS = 50_000
"""Only this many leading characters of a long text are analysed for a snippet."""

CHUNK_CHARS = 1_500
"""Text is analysed for a snippet in chunks of about this size, up to the first match."""


def _cut(text: str, at: int) -> int:
    """A chunk boundary at or after ``at`` that falls on a line break or, failing that, a space."""
    for sep in ("\n", " "):
        i = text.find(sep, at, at + 400)
        if i >= 0:
            return i + 1
    return at


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Directional marks, embeddings, overrides and isolates (LRM, RLM, U+202A–E, U+2066–9).  Taken from a
document into a page or a terminal they reorder what follows them (U+202E shows the rest of a line
backwards) or leak out of their segment, so displayed text drops them; the stored original keeps them."""

_JOINERS = frozenset("\u200c\u200d")
"""ZWNJ and ZWJ: two matches separated only by these are one highlighted word (``خودرو‌سازی``)."""


def display_text(text: str) -> str:
    """``text`` as shown to users: without :data:`BIDI_CONTROLS`."""
    return BIDI_CONTROLS.sub("", text) if BIDI_CONTROLS.search(text) else text


def _segments(text: str, tokens: list[Token], flags: list[bool], start: int, end: int) -> list[Segment]:
    """``text[start:end]`` split into segments, the flagged tokens marked.

    Adjacent marks are one mark (``خودرو`` + ``سازی`` in ``خودروسازی``, or across a ZWNJ), and
    tokens that share characters (a ligature such as ``ﷺ`` or ``ﻻ`` analyses into several
    tokens with the same offsets) never repeat text.  Bidi controls are dropped (:func:`display_text`).
    """
    out: list[Segment] = []
    pos = start
    for tok, hit in zip(tokens, flags, strict=True):
        if not hit or tok.start < start or tok.end > end or tok.end <= pos:
            continue
        begin = max(tok.start, pos)
        gap = text[pos:begin]
        if out and out[-1].match and (not gap or set(gap) <= _JOINERS):
            out[-1].text += gap + text[begin:tok.end]
        else:
            if gap:
                out.append(Segment(gap, False))
            out.append(Segment(text[begin:tok.end], True))
        pos = tok.end
    if pos < end:
        out.append(Segment(text[pos:end], False))
    for seg in out:
        seg.text = display_text(seg.text)
    return [seg for seg in out if seg.text]


def highlight_all(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool]) -> list[Segment]:
    """Split all of ``text`` into segments, matches marked (for titles)."""
    tokens = analyzer.analyze(text)
    return _segments(text, tokens, [is_match(t) for t in tokens], 0, len(text))


def snippet(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool],
            window: int = 40, wanted: int = 1) -> list[Segment]:
    """Choose the best passage of ``window`` tokens and split it into segments.

    Args:
        text: the original text.
        analyzer: the index's analyzer.
        is_match: decides whether a token matched the query.
        window: passage length in tokens.
        wanted: how many distinct matched terms make it unnecessary to read on
            (the number of query terms).
    Returns:
        Segments of the passage; ``"…"`` is added where the passage is cut.
        With no match, the start of the text.
    """
    # Analyse the text a chunk at a time and stop once every query term has been
    # seen: most documents match early, and analysis with offsets is the costly part.
    tokens: list[Token] = []
    flags: list[bool] = []
    seen: set[str] = set()
    start = 0
    limit = min(len(text), MAX_HIGHLIGHT_CHARS)
    while start < limit:
        end = limit if limit - start <= CHUNK_CHARS else _cut(text, start + CHUNK_CHARS)
        chunk = [t._replace(start=t.start + start, end=t.end + start) for t in analyzer.analyze(text[start:end])]
        tokens.extend(chunk)
        chunk_flags = [is_match(t) for t in chunk]
        flags.extend(chunk_flags)
        start = end
        seen.update(t.term for t, f in zip(chunk, chunk_flags, strict=True) if f)
        if len(seen) >= wanted:
            break
    head = text[:start]
    if not tokens:
        return [Segment(display_text(head[:300]), False)] if head.strip() else []
    best, best_score = 0, (-1, -1)
    counts: dict[str, int] = {}
    matches = 0
    for j, tok in enumerate(tokens):  # sliding window [j - window + 1, j]
        if flags[j]:
            counts[tok.term] = counts.get(tok.term, 0) + 1
            matches += 1
        k = j - window
        if k >= 0 and flags[k]:
            counts[tokens[k].term] -= 1
            if not counts[tokens[k].term]:
                del counts[tokens[k].term]
            matches -= 1
        score = (len(counts), matches)
        if score > best_score:
            best_score, best = score, max(0, j - window + 1)
    # Centre the first match a little: start a few tokens before it.
    first = next((i for i in range(best, min(best + window, len(tokens))) if flags[i]), best)
    a = max(0, first - 5)
    b = min(len(tokens), a + window) - 1
    start = 0 if a == 0 else tokens[a].start
    end = len(head) if b == len(tokens) - 1 and len(head) == len(text) else tokens[b].end
    segs = _segments(text, tokens, flags, start, end)
    if segs:
        segs[0].text = segs[0].text.lstrip() if start == 0 else segs[0].text
    if start > 0:
        segs.insert(0, Segment("… ", False))
    if end < len(text):
        segs.append(Segment(" …", False))
    return [s for s in segs if s.text]
