"""Highlighting: analyse bounded pieces of the stored original and mark the tokens that matched.

The analyzer gives each token's offsets in the original text, so the snippet
shows the text exactly as written (Arabic letters, missing half-spaces and all)
while matching on terms.  The best window is the one with the most distinct
matched terms, then the most matches (as Lucene's ``UnifiedHighlighter`` scores
passages by matched terms).

A snippet never analyses the whole document: a text longer than
:data:`DIRECT_CHARS` is first scanned (a regular expression, no analysis) for
places where a query word or term may be written (:func:`kavosh.present.anchors.anchor_pattern`: any
spelling the char filters fold together, diacritics, tatweel, half-spaces or
spaces between letters), and only :data:`REGION_CHARS` characters around the
best few places are analysed — at most ``MAX_REGIONS × REGION_CHARS`` characters
per hit, whatever the document's length.

Words the user wants as written (a quoted leaf, or a query of grammar words only such as
``میشوند``, whose term every form of ``شدن`` shares: :attr:`kavosh.query.plan.PlanClause.surface`)
are *preferred*: their written forms are the pattern's first groups, and a region or passage that
holds one comes before one that holds only other forms of the same terms (every form is still
marked).

The compiled core places snippets and highlights titles when it is built (``kavosh._core.Snippets``:
``rust/kavosh-py/src/present.rs``, the anchor scan by the ``regex`` crate) for an :class:`Analyzer`
with the core and a :class:`TermMatcher`; this module is its specification (:func:`snippet_spec`,
:func:`highlight_all_spec`), and ``tests/test_highlight_core.py`` checks both give the same segments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import islice, starmap
from typing import NamedTuple

from ..analysis import Analyzer, Token
from ..analysis.analyzer import token_matches
from ..analysis.display import BIDI_CONTROLS  # ALM, LRM, RLM, U+202A–E, U+2066–9
from ..analysis.normalize import compiled_extension
from .anchors import PATTERNS_KEPT, AnchorPattern, anchor_pattern  # noqa: F401 (anchor_pattern: re-exported)
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


_JOINERS = frozenset("\u200c\u200d")
"""ZWNJ and ZWJ: two matches separated only by these are one highlighted word (``خودرو‌سازی``)."""


def display_text(text: str) -> str:
    """``text`` as shown to users: without :data:`BIDI_CONTROLS`."""
    return BIDI_CONTROLS.sub("", text) if BIDI_CONTROLS.search(text) else text


class TermMatcher:
    """Decides whether a token matched a query: its term is one of ``terms``, or its term or its
    word starts with one of ``prefixes``.  Called on a :class:`~kavosh.analysis.Token`; its sets
    also let the compiled core mark tokens without building them (:meth:`Analyzer.marks`).

    ``stops`` are terms marked only next to another marked token (:func:`_join_stops`): stopwords' (unmarked:
    ``و``; ``او نیز آمد`` as one mark, never every ``و`` of the text) and the words of a several-word
    alternative spelling (``کتاب خانه`` of ``کتابخونه``; :func:`kavosh.present.format.matcher`)."""

    __slots__ = ("terms", "prefixes", "stops")

    def __init__(self, terms: Iterable[str], prefixes: Iterable[str] = (), stops: Iterable[str] = ()) -> None:
        self.terms = frozenset(terms)
        self.prefixes = tuple(prefixes)
        self.stops = frozenset(stops) - self.terms

    def __call__(self, tok: Token) -> bool:
        return token_matches(tok.term, tok.word, self.terms | self.stops, self.prefixes)


def _join_stops(m: Marked, stops: frozenset[str]) -> Marked:
    """``m`` with each token marked by one of ``stops`` unmarked unless a neighbour is marked too."""
    t = m.terms
    if not stops or not any(x in stops for x in t):
        return m
    last = len(t) - 1
    out = [None if x in stops and not ((i > 0 and t[i - 1] is not None) or (i < last and t[i + 1] is not None))
           else x for i, x in enumerate(t)]
    return Marked(m.starts, m.ends, out)


class Marked(NamedTuple):
    """A text's tokens as highlighting needs them: ``starts[i]``/``ends[i]`` the i-th token's
    offsets in the text, ``terms[i]`` its term when it matched, else ``None``."""

    starts: list[int]
    ends: list[int]
    terms: list[str | None]


def _mark(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool]) -> Marked:
    """``text`` analysed and its matching tokens marked; through :meth:`Analyzer.marks` (no token
    objects: the compiled core's path) when ``is_match`` is a :class:`TermMatcher`."""
    marks = getattr(analyzer, "marks", None)
    stops = getattr(is_match, "stops", frozenset())
    if marks is not None and isinstance(is_match, TermMatcher):
        return _join_stops(Marked(*marks(text, is_match.terms | stops, is_match.prefixes)), stops)
    tokens = analyzer.analyze(text)
    return _join_stops(Marked([t.start for t in tokens], [t.end for t in tokens],
                              [t.term if is_match(t) else None for t in tokens]), stops)


def _segments(text: str, m: Marked, start: int, end: int) -> list[Segment]:
    """``text[start:end]`` split into segments, the marked tokens of ``m`` marked.

    Adjacent marks are one mark (``خودرو`` + ``سازی`` in ``خودروسازی``, or across a ZWNJ), and
    tokens that share characters (a ligature such as ``ﷺ`` or ``ﻻ`` analyses into several
    tokens with the same offsets) never repeat text.  Bidi controls are dropped (:func:`display_text`).
    """
    out: list[Segment] = []
    pos = start
    for i, term in enumerate(m.terms):
        if term is None:
            continue
        t_start, t_end = m.starts[i], m.ends[i]
        if t_start < start or t_end > end or t_end <= pos:
            continue
        begin = max(t_start, pos)
        gap = text[pos:begin]
        if out and out[-1].match and (not gap or set(gap) <= _JOINERS):
            out[-1].text += gap + text[begin:t_end]
        else:
            if gap:
                out.append(Segment(gap, False))
            out.append(Segment(text[begin:t_end], True))
        pos = t_end
    if pos < end:
        out.append(Segment(text[pos:end], False))
    for seg in out:
        seg.text = display_text(seg.text)
    return [seg for seg in out if seg.text]


def _best_window(m: Marked, window: int, prefer: list[int | None] | None = None) -> tuple[int, int]:
    """``(first, last)`` token indices (inclusive) of the ``window``-token span to show: the
    sliding window holding the most distinct preferred groups (``prefer[i]``: the preferred group
    whose written form starts in marked token ``i``, :func:`_preferred_tokens`), then the most
    distinct matched terms, then the most matches, its start moved to a few tokens before its first
    preferred place or, with none, its first match (the match is centred a little), and further back
    when the text ends before the window does, so a text that fits is shown whole."""
    terms = m.terms
    n = len(terms)
    prefer = prefer or [None] * n
    best, best_score = 0, (-1, -1, -1)
    counts: dict[str, int] = {}
    held: dict[int, int] = {}
    matches = 0
    for j, term in enumerate(terms):  # sliding window [j - window + 1, j]
        if term is not None:
            counts[term] = counts.get(term, 0) + 1
            matches += 1
        if prefer[j] is not None:
            held[prefer[j]] = held.get(prefer[j], 0) + 1
        k = j - window
        if k >= 0:
            gone = terms[k]
            if gone is not None:
                counts[gone] -= 1
                if not counts[gone]:
                    del counts[gone]
                matches -= 1
            if prefer[k] is not None:
                held[prefer[k]] -= 1
                if not held[prefer[k]]:
                    del held[prefer[k]]
        score = (len(held), len(counts), matches)
        if score > best_score:
            best_score, best = score, max(0, j - window + 1)
    shown = prefer if best_score[0] > 0 else terms  # centred on the first preferred place, else match
    first = next((i for i in range(best, min(best + window, n)) if shown[i] is not None), best)
    lo = max(0, min(first - 5, n - window))  # room left at the end goes to the start
    return lo, min(n, lo + window) - 1


def _preferred_tokens(text: str, m: Marked, anchors: AnchorPattern | None) -> list[int | None] | None:
    """For each token of ``m`` (``text`` analysed), the preferred group (:attr:`AnchorPattern.preferred`)
    of a place of ``anchors`` in ``text`` that starts in it — the first token ending after the place —
    when that token is marked, else ``None``; ``None`` when ``anchors`` has no preferred group."""
    if anchors is None or not anchors.preferred:
        return None
    out: list[int | None] = [None] * len(m.terms)
    i = 0
    for place in islice(anchors.finditer(text, 0, SCAN_CHARS), MAX_PLACES):
        group = place.lastindex
        if group is None or group > anchors.preferred:
            continue
        while i < len(m.ends) and m.ends[i] <= place.start():
            i += 1
        if i < len(m.terms) and m.terms[i] is not None and out[i] is None:
            out[i] = group
    return out


@lru_cache(maxsize=8)
def _core_snippets(limits: tuple[int, ...]):
    """The compiled core's ``Snippets`` with this module's ``limits`` (:func:`_limits`), or ``None``."""
    core = compiled_extension()
    if core is None or not hasattr(core, "Snippets"):
        return None
    bidi = "".join(chr(c) for c in range(0x10000) if BIDI_CONTROLS.match(chr(c)))
    return core.Snippets(*limits, bidi, "".join(sorted(_JOINERS)))


def _limits() -> tuple[int, ...]:
    return DIRECT_CHARS, REGION_CHARS, MAX_REGIONS, MAX_PLACES, SCAN_CHARS, MAX_HIGHLIGHT_CHARS, CHUNK_CHARS


def _core_of(analyzer: Analyzer, is_match: Callable[[Token], bool]):
    """``(core analyzer, core Snippets)`` when the compiled core can do the work, else ``None``."""
    core = getattr(analyzer, "_core", None)
    if core is None or not isinstance(is_match, TermMatcher):
        return None
    snippets = _core_snippets(_limits())
    return None if snippets is None else (core, snippets)


@lru_cache(maxsize=PATTERNS_KEPT)
def _core_anchors(pattern: AnchorPattern | re.Pattern):
    """The compiled core's ``Anchors`` of an :func:`anchor_pattern` (its groups' alternations without
    the look-ahead, which changes no match), or ``None`` for another pattern or one it cannot compile."""
    if not isinstance(pattern, AnchorPattern) or not any(pattern.groups):
        return None
    try:
        return compiled_extension().Anchors([g for g in pattern.groups if g is not None], pattern.preferred)
    except ValueError:
        return None


def compile_anchors(pattern: AnchorPattern | None, analyzer: Analyzer, is_match: Callable[[Token], bool]) -> None:
    """Compile ``pattern`` now for the scan :func:`snippet` will use with ``analyzer`` and ``is_match``
    (the compiled core's, else ``re``'s), so a query's first hit does not pay for it."""
    if pattern is None:
        return
    if _core_of(analyzer, is_match) is None or _core_anchors(pattern) is None:
        pattern.re  # noqa: B018 (a compiling property: compiling is the point)


def highlight_all(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool]) -> list[Segment]:
    """Split all of ``text`` into segments, matches marked (for titles); by the compiled core when
    it can (:func:`highlight_all_spec` is the specification)."""
    core = _core_of(analyzer, is_match)
    if core is not None:
        try:
            out = core[1].highlight_all(core[0], text, is_match.terms, list(is_match.prefixes), is_match.stops)
        except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the specification takes them
            pass
        else:
            return list(starmap(Segment, out))
    return highlight_all_spec(text, analyzer, is_match)


def highlight_all_spec(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool]) -> list[Segment]:
    """:func:`highlight_all` in Python (the specification)."""
    return _segments(text, _mark(text, analyzer, is_match), 0, len(text))


def snippet(text: str | bytes, analyzer: Analyzer, is_match: Callable[[Token], bool],
            window: int = 40, wanted: int = 1, anchors: AnchorPattern | None = None) -> list[Segment]:
    """Choose the best passage of ``window`` tokens and split it into segments (the arguments and
    result of :func:`snippet_spec`, the specification); by the compiled core when the analyzer has it,
    ``is_match`` is a :class:`TermMatcher` and ``anchors`` is ``None`` or an :func:`anchor_pattern`.

    ``text`` may be the stored text's UTF-8 bytes (:data:`kavosh.index.schema.STORED_TEXT`): the
    compiled core reads them as they are, with neither a decode nor an encode of the whole text
    (each cost about 0.1 ms for 50,000 characters, as much as the rest of a hit); the specification
    decodes them first (``UnicodeDecodeError`` when they are not UTF-8)."""
    core = _core_of(analyzer, is_match) if window >= 1 else None
    if core is not None:
        compiled = _core_anchors(anchors) if anchors is not None else None
        if anchors is None or compiled is not None:
            try:
                out = core[1].snippet(core[0], text, compiled, is_match.terms, list(is_match.prefixes),
                                      is_match.stops, window, wanted)
            except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the specification takes them
                pass
            except ValueError:  # bytes that are not UTF-8: decoded below, which names the place
                if not isinstance(text, bytes):
                    raise
            else:
                return list(starmap(Segment, out))
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return snippet_spec(text, analyzer, is_match, window, wanted, anchors)


def snippet_spec(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool],
                 window: int = 40, wanted: int = 1, anchors: AnchorPattern | None = None) -> list[Segment]:
    """Choose the best passage of ``window`` tokens and split it into segments (the specification
    of :func:`snippet`).

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
            segs = _region_snippet(text, analyzer, is_match, window, a, b, anchors=anchors)
            if segs is not None:
                return segs
        head = _snap(text, REGION_CHARS, forward=True)
        return _region_snippet(text, analyzer, is_match, window, 0, head, require_match=False, anchors=anchors) or []
    # Analyse the text a chunk at a time and stop once every query term has been
    # seen: most documents match early, and analysis with offsets is the costly part.
    starts: list[int] = []
    ends: list[int] = []
    terms: list[str | None] = []
    seen: set[str] = set()
    start = 0
    limit = min(len(text), MAX_HIGHLIGHT_CHARS)
    while start < limit:
        end = limit if limit - start <= CHUNK_CHARS else _cut(text, start + CHUNK_CHARS)
        chunk = _mark(text[start:end], analyzer, is_match)
        starts.extend([x + start for x in chunk.starts] if start else chunk.starts)
        ends.extend([x + start for x in chunk.ends] if start else chunk.ends)
        terms.extend(chunk.terms)
        start = end
        seen.update(t for t in chunk.terms if t is not None)
        if len(seen) >= wanted:
            break
    head = text[:start]
    if not terms:
        return [Segment(display_text(head[:300]), False)] if head.strip() else []
    m = Marked(starts, ends, terms)
    a, b = _best_window(m, window, _preferred_tokens(head, m, anchors))
    start = 0 if a == 0 else starts[a]
    end = len(head) if b == len(terms) - 1 and len(head) == len(text) else ends[b]
    segs = _segments(text, m, start, end)
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


def _regions(text: str, anchors: AnchorPattern, window: int) -> list[tuple[int, int]]:
    """The best :data:`MAX_REGIONS` character regions to analyse: around the stretch of about
    ``window`` words (8 characters a word) holding the most distinct preferred groups
    (:attr:`AnchorPattern.preferred`), then the most distinct other anchor groups, then the most
    places; stretches are disjoint and come best first."""
    places = [(m.start(), m.lastindex) for m in islice(anchors.finditer(text, 0, SCAN_CHARS), MAX_PLACES)]
    return _regions_of(text, places, anchors, window)


def _regions_of(text: str, places: list[tuple[int, int]], anchors: AnchorPattern, window: int) -> list[tuple[int, int]]:
    """:func:`_regions` around ``places`` (``(start, group)`` of the anchor scan, ascending)."""
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
        held = sum(1 for g in counts if g <= anchors.preferred) if anchors.preferred else 0
        scored.append((-held, -(len(counts) - held), -(j - i), start))
        counts[group] -= 1
        if not counts[group]:
            del counts[group]
    scored.sort()
    regions: list[tuple[int, int]] = []
    for *_, start in scored:
        if any(a <= start < b for a, b in regions):
            continue
        a = _snap(text, start - (REGION_CHARS - span) // 2, forward=False)
        regions.append((a, _snap(text, a + REGION_CHARS, forward=True)))
        if len(regions) == MAX_REGIONS:
            break
    return regions


def _region_snippet(text: str, analyzer: Analyzer, is_match: Callable[[Token], bool], window: int,
                    a: int, b: int, require_match: bool = True, anchors: AnchorPattern | None = None
                    ) -> list[Segment] | None:
    """The best passage of ``window`` tokens inside ``text[a:b]`` (analysed alone, preferred places
    of ``anchors`` found in it alone); ``None`` when no token there matches and ``require_match``
    (without it: the passage at ``a``)."""
    region = text[a:b]
    m = _mark(region, analyzer, is_match)  # offsets into region: text[a + start: a + end]
    if not m.terms or (require_match and all(t is None for t in m.terms)):
        return None
    lo, hi = _best_window(m, window, _preferred_tokens(region, m, anchors))
    start = 0 if lo == 0 else m.starts[lo]
    end = len(region) if hi == len(m.terms) - 1 and b >= len(text) else m.ends[hi]
    segs = _segments(region, m, start, end)
    if segs:
        segs[0].text = segs[0].text.lstrip() if a + start == 0 else segs[0].text
    if a + start > 0:
        segs.insert(0, Segment("… ", False))
    if a + end < len(text):
        segs.append(Segment(" …", False))
    return [s for s in segs if s.text]
