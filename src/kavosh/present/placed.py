"""Snippets placed by the index's positions: a long hit's snippet without reading its whole text.

A text of more than :data:`kavosh.index.checkpoints.MIN_CHARS` characters is stored with its token
checkpoints (the start of every 32nd token).  The core's searcher reads the positions of the query's
terms in the hit from the index (``TopSnapshot.positions``: the postings the search has just read);
the stretch of ``window`` tokens holding the most distinct terms, then the most positions, is the
place.  Only the text around it is read: from the checkpoint :data:`BEFORE` tokens before it to the
one :data:`AFTER` tokens after its end (some 900 characters) is scanned for anchor places, and those
places' regions are scored and analysed exactly as the scan of the whole text scores and analyses
its own (:func:`kavosh.present.highlight._regions_of`, ``_region_snippet``), so the snippet is the
scan's whenever the scan's best stretch is the positions' (the positions are exact, where the anchor
pattern may also find a short stem across words).  Whatever the text's length, a hit reads a bounded
number of positions (:data:`kavosh.present.highlight.MAX_PLACES`) and characters.

Used for a plan of terms and phrases (the words of :func:`terms_of`); a prefix, or words wanted as
written (:attr:`kavosh.query.plan.PlanClause.surface`, which only the anchor scan tells apart),
keep the scan, and so does a hit without checkpoints (an index written before them), a search
without the core's snapshot (pure Python, a sharded index), or a range whose regions hold no match.
:func:`snippet_placed_spec` is the specification of the compiled core's ``Snippets.placed``;
``tests/test_snippet_placed.py`` checks both, and that the placed snippets of 50,000-character
documents are the scanned ones.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from itertools import islice, starmap

from ..analysis import Analyzer, Token
from ..analysis.analyzer import is_stop_term
from ..index import checkpoints as C
from ..index import schema as S
from . import highlight as H
from .results import Segment

BEFORE = 16
"""Tokens scanned before the best stretch of positions."""
AFTER = 56
"""Tokens scanned after the best stretch of positions: about the characters a stretch of anchor places
spans (8 per word: :func:`kavosh.present.highlight._regions`)."""


def terms_of(plan) -> list[str] | None:
    """The index terms whose positions place a snippet of ``plan`` — each one group, as
    :func:`kavosh.present.format.anchors` groups its anchor pattern (a stopword's marked term only in
    a query of stopwords alone) — or ``None`` when the plan needs the anchor scan (a prefix, or
    words wanted as written)."""
    positive = plan.positive
    if any(c.kind == "prefix" or getattr(c, "surface", ()) for c in positive):
        return None
    content = any(not is_stop_term(t) for c in positive for t in c.terms)
    out: dict[str, None] = {}
    for c in positive:
        for term in c.terms:
            if not (content and is_stop_term(term)):
                out[term] = None
        for alt in c.alternatives:
            out.update(dict.fromkeys(alt))
    return list(out) or None


def scan_range(table: C.Table, positions: list[list[int]], window: int
               ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The ``(code point, byte)`` bounds of the text to scan: the stretch of ``window`` tokens holding
    the most distinct groups of ``positions`` (one list of body positions per term), then the most
    positions, the first such; from :data:`BEFORE` tokens before it to :data:`AFTER` after its end,
    widened to checkpoints.  At most :data:`~kavosh.present.highlight.MAX_PLACES` positions (the
    first) are looked at.  ``None`` when no position falls in the text."""
    places = sorted((p - table.base, g) for g, ps in enumerate(positions) for p in ps
                    if 0 <= p - table.base < table.n_tokens)[:H.MAX_PLACES]
    best = None
    counts: dict[int, int] = {}
    j = 0
    for i, (start, group) in enumerate(places):
        while j < len(places) and places[j][0] < start + window:
            counts[places[j][1]] = counts.get(places[j][1], 0) + 1
            j += 1
        if best is None or (len(counts), j - i) > best[:2]:
            best = (len(counts), j - i, start)
        counts[group] -= 1
        if not counts[group]:
            del counts[group]
    if best is None:
        return None
    start = best[2]
    first = max(0, start - BEFORE) // table.every
    last = -(-(start + window + AFTER) // table.every)
    end = table.points[last] if last < len(table.points) else (table.n_chars, table.n_bytes)
    return table.points[first], end


def snippet_placed_spec(text: str | bytes, table: bytes, positions: list[list[int]], anchors: H.AnchorPattern,
                        analyzer: Analyzer, is_match: Callable[[Token], bool], window: int = 40
                        ) -> list[Segment] | None:
    """The snippet of ``text`` placed by ``positions`` through its checkpoints ``table`` (the module's
    text): the text of :func:`scan_range` scanned with ``anchors`` and its regions analysed as
    :func:`kavosh.present.highlight.snippet_spec` analyses the regions of a whole text's scan; ``None``
    when the table does not fit the text, no position falls in it, or no region holds a match.
    ``text``: the original text or its stored UTF-8 bytes (decoded here)."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    t = C.decode(table)
    if t is None or t.n_bytes != len(raw):
        return None
    bounds = scan_range(t, positions, window)
    if bounds is None:
        return None
    (a, _), (b, _) = bounds
    text = raw.decode("utf-8")
    places = [(m.start(), m.lastindex) for m in islice(anchors.finditer(text, a, b), H.MAX_PLACES)]
    for ra, rb in H._regions_of(text, places, anchors, window):
        segs = H._region_snippet(text, analyzer, is_match, window, ra, rb, anchors=anchors)
        if segs is not None:
            return segs
    return None


def snippet_placed(text: str | bytes, tokens: str | None, positions: list[list[int]], anchors: H.AnchorPattern | None,
                   analyzer: Analyzer, is_match: Callable[[Token], bool], window: int = 40) -> list[Segment] | None:
    """:func:`snippet_placed_spec`, by the compiled core when the analyzer has it, ``is_match`` is a
    :class:`~kavosh.present.highlight.TermMatcher` and the core compiles ``anchors``; ``tokens`` the
    stored checkpoints (base64, :meth:`kavosh.index.store.StoredReader.checkpoints`).  ``None`` as there,
    and when ``tokens`` or ``anchors`` is ``None`` or ``tokens`` is not base64."""
    if not tokens or anchors is None:
        return None
    core = H._core_of(analyzer, is_match)
    compiled = H._core_anchors(anchors) if core is not None else None
    if compiled is not None:
        args = (positions, compiled, is_match.terms, list(is_match.prefixes), is_match.stops, window)
        try:
            try:  # the core decodes the stored base64 itself (Python's decoder was ~4 µs a hit)
                out = core[1].placed(core[0], text, tokens, *args)
            except TypeError:  # a core built before it took the base64 text: its bytes
                table = _table(tokens)
                if table is None:
                    return None
                out = core[1].placed(core[0], text, table, *args)
        except (UnicodeEncodeError, ValueError):  # lone surrogates, bytes not UTF-8, base64 it does not take:
            pass  # the specification says
        else:
            return None if out is None else list(starmap(Segment, out))
    table = _table(tokens)
    if table is None:
        return None
    return snippet_placed_spec(text, table, positions, anchors, analyzer, is_match, window)


def _table(tokens: str) -> bytes | None:
    """The stored checkpoints (base64) as bytes, or None when they are not base64."""
    try:
        return base64.b64decode(tokens, validate=True)
    except (binascii.Error, ValueError):
        return None


def hit_positions(snapshot, address, terms: list[str]) -> list[list[int]] | None:
    """Each of ``terms``' body positions in the hit at ``address`` (a ``tantivy.DocAddress``) from the
    core's ``snapshot`` of the searcher that found it (at most :data:`~kavosh.present.highlight.MAX_PLACES`
    in all), or ``None`` when it cannot say."""
    try:
        return snapshot.positions(S.BODY_TERMS, terms, address.segment_ord, address.doc, H.MAX_PLACES)
    except (ValueError, OSError):
        return None
