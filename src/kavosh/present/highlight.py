"""Highlighting: analyse bounded pieces of the stored original and mark the tokens that matched.

The analyzer gives each token's offsets in the original text, so the snippet
shows the text exactly as written (Arabic letters, missing half-spaces and all)
while matching on terms.  The best window is the one with the most distinct
matched terms, then the most matches (as Lucene's ``UnifiedHighlighter`` scores
passages by matched terms).

A snippet never analyses the whole document: a text longer than
:data:`DIRECT_CHARS` is first scanned (a regular expression, no analysis) for
places where a query word or term may be written (:func:`anchor_pattern`: any
spelling the char filters fold together, diacritics, tatweel, half-spaces or
spaces between letters), and only :data:`REGION_CHARS` characters around the
best few places are analysed — at most ``MAX_REGIONS × REGION_CHARS`` characters
per hit, whatever the document's length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import islice

from ..analysis import Analyzer, Token
from ..search.written import written_pattern
from .results import Segment

DIRECT_CHARS = 500
"""A text up to this long is analysed whole for its snippet."""
REGION_CHARS = 500
"""Characters analysed around one candidate place of a longer text."""
MAX_REGIONS = 3
"""Candidate places analysed per hit, best first, until one holds a match."""
MAX_PLACES = 400
"""Candidate places (pattern matches) looked at per hit."""
SCAN_CHARS = 2_000_000
"""Characters of a text scanned for candidate places."""

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


def anchor_pattern(groups: Iterable[Iterable[str]]) -> re.Pattern | None:
    """A regular expression finding the places in an original text where one of the normalized
    strings of ``groups`` may be written; a match's ``lastindex`` is its group (1-based).

    Each letter matches every character the char filters fold into it (``ي`` for ``ی``, ``ك``
    for ``ک``, Arabic and ASCII digits...), and between letters deleted characters, half-spaces
    and spaces may stand.  Returns ``None`` when no group has a string."""
    alts = []
    for strings in groups:
        pats = sorted({written_pattern(s) for s in strings if s}, key=len, reverse=True)
        alts.append("(" + "|".join(pats) + ")" if pats else "(?!)")
    if not any(a != "(?!)" for a in alts):
        return None
    return re.compile("|".join(alts), re.IGNORECASE)


def _best_window(tokens: list[Token], flags: list[bool], window: int) -> tuple[int, int]:
    """``(first, last)`` token indices (inclusive) of the ``window``-token span to show: the
    sliding window holding the most distinct matched terms, then the most matches, its start
    moved to a few tokens before its first match (the match is centred a little)."""
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
    first = next((i for i in range(best, min(best + window, len(tokens))) if flags[i]), best)
    lo = max(0, first - 5)
    return lo, min(len(tokens), lo + window) - 1


def highlight_all(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool]) -> list[Segment]:
    """Split all of ``text`` into segments, matches marked (for titles)."""
    tokens = analyzer.analyze(text)
    return _segments(text, tokens, [is_match(t) for t in tokens], 0, len(text))


def snippet(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool],
            window: int = 40, wanted: int = 1, anchors: re.Pattern | None = None) -> list[Segment]:
    """Choose the best passage of ``window`` tokens and split it into segments.

    Args:
        text: the original text.
        analyzer: the index's analyzer.
        is_match: decides whether a token matched the query.
        window: passage length in tokens.
        wanted: how many distinct matched terms make it unnecessary to read on
            (the number of query terms).
        anchors: :func:`anchor_pattern` of the query's words and terms; with it, a text
            longer than :data:`DIRECT_CHARS` is analysed only around the best places it
            finds (at most :data:`MAX_REGIONS` × :data:`REGION_CHARS` characters).
    Returns:
        Segments of the passage; ``"…"`` is added where the passage is cut.
        With no match, the start of the text.
    """
    if anchors is not None and len(text) > DIRECT_CHARS:
        for a, b in _regions(text, anchors, window):
            segs = _region_snippet(text, analyzer, is_match, window, a, b)
            if segs is not None:
                return segs
        head = _snap(text, REGION_CHARS, forward=True)
        return _region_snippet(text, analyzer, is_match, window, 0, head, require_match=False) or []
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
    a, b = _best_window(tokens, flags, window)
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


def _snap(text: str, at: int, forward: bool) -> int:
    """A region boundary near ``at`` on a space or line break (within 60 characters), else ``at``."""
    if at <= 0 or at >= len(text):
        return max(0, min(at, len(text)))
    if forward:
        i = min((j for j in (text.find(" ", at, at + 60), text.find("\n", at, at + 60)) if j >= 0), default=-1)
        return i + 1 if i >= 0 else at
    i = max(text.rfind(" ", at - 60, at), text.rfind("\n", at - 60, at))
    return i + 1 if i >= 0 else at


def _regions(text: str, anchors: re.Pattern, window: int) -> list[tuple[int, int]]:
    """The best :data:`MAX_REGIONS` character regions to analyse: around the stretch of about
    ``window`` words (8 characters a word) holding the most distinct anchor groups, then the
    most places; stretches are disjoint and come best first."""
    places = [(m.start(), m.lastindex) for m in islice(anchors.finditer(text, 0, SCAN_CHARS), MAX_PLACES)]
    if not places:
        return []
    span = 8 * window
    scored = []
    j = 0
    counts: dict[int, int] = {}
    for i, (start, group) in enumerate(places):  # stretches that start at a place: [start, start + span)
        while j < len(places) and places[j][0] < start + span:
            counts[places[j][1]] = counts.get(places[j][1], 0) + 1
            j += 1
        scored.append((-len(counts), -(j - i), start))
        counts[group] -= 1
        if not counts[group]:
            del counts[group]
    scored.sort()
    regions: list[tuple[int, int]] = []
    for _d, _n, start in scored:
        if any(a <= start < b for a, b in regions):
            continue
        a = _snap(text, start - (REGION_CHARS - span) // 2, forward=False)
        regions.append((a, _snap(text, a + REGION_CHARS, forward=True)))
        if len(regions) == MAX_REGIONS:
            break
    return regions


def _region_snippet(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool], window: int,
                    a: int, b: int, require_match: bool = True) -> list[Segment] | None:
    """The best passage of ``window`` tokens inside ``text[a:b]`` (analysed alone); ``None`` when
    no token there matches and ``require_match`` (without it: the passage at ``a``)."""
    region = text[a:b]
    tokens = analyzer.analyze(region)  # offsets into region: text[a + start: a + end]
    flags = [is_match(t) for t in tokens]
    if not tokens or (require_match and not any(flags)):
        return None
    lo, hi = _best_window(tokens, flags, window)
    start = 0 if lo == 0 else tokens[lo].start
    end = len(region) if hi == len(tokens) - 1 and b >= len(text) else tokens[hi].end
    segs = _segments(region, tokens, flags, start, end)
    if segs:
        segs[0].text = segs[0].text.lstrip() if a + start == 0 else segs[0].text
    if a + start > 0:
        segs.insert(0, Segment("… ", False))
    if a + end < len(text):
        segs.append(Segment(" …", False))
    return [s for s in segs if s.text]
