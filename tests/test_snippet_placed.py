"""Snippets placed by the index's positions (issue #15 item 4, #12 item 2): a long text's token
checkpoints written by both writers' analysis (core = specification), the positions the core reads
from the index are the tokens the analyzer gives, the placed snippet of the compiled core is the
specification's, and on a real index a 50,000-character document whose only match is at its end
gets the very snippet the scan gives, without the scan; an index without checkpoints keeps the scan."""

from __future__ import annotations

import base64
import json
import random
from types import SimpleNamespace

import pytest
from _highlight_helpers import limits, same
from hypothesis import given, settings, strategies as st

from kavosh.analysis import Analyzer
from kavosh.analysis.normalize import compiled_extension
from kavosh.engine import Index
from kavosh.index import checkpoints as C
from kavosh.index import writer as W
from kavosh.index.store import load_stored
from kavosh.present import format as F
from kavosh.present import highlight as H
from kavosh.present import placed as P
from kavosh.present.highlight import TermMatcher, anchor_pattern

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")

A = Analyzer()
FILLER = ("باران پاییزی در استان‌های شمالی ادامه دارد و کشاورزان از آب کافی برای مزرعه‌های برنج و باغ‌های "
          "مرکبات خبر می‌دهند؛ جاده‌های کوهستانی لغزنده است.\n")
END = "در پایان، زلزله‌ای به بزرگی پنج ریشتر شهر بم را لرزاند و خانه‌های گلی ترک برداشت."


def _long(n: int = 50_000) -> str:
    body = (FILLER * (n // len(FILLER) + 1))[: n - len(END) - 1]
    return body + " " + END


_WORDS = ["کتاب", "کتاب‌ها", "شبکه", "زلزله", "مي شود", "خانه", "در", "و", "abc", "تهران", "ﷺ", "ي", "۱۲", "\u200c",
          "كتاب\u0651", "\n", "، ", " ", "بم"]


def _positions(text: str, terms: list[str], base: int) -> list[list[int]]:
    toks = A.analyze(text)
    return [[base + i for i, tok in enumerate(toks) if A.index_term(tok) == term] for term in terms]


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.sampled_from(_WORDS), max_size=400),
       words=st.lists(st.sampled_from(["کتاب", "زلزله", "خانه", "تهران", "بم", "abc"]), min_size=1, max_size=3,
                      unique=True),
       base=st.integers(0, 60), window=st.integers(1, 45), drop=st.integers(0, 3), region=st.integers(1, 600),
       max_regions=st.integers(1, 3))
def test_the_core_places_as_the_specification(pieces, words, base, window, drop, region, max_regions):
    """Any text and terms: the core's placed snippet is the specification's (the scanned range, its
    regions, ``None`` for positions outside the text)."""
    text = " ".join(pieces)
    terms = [A.terms(w)[0] for w in words]
    positions = _positions(text, terms, base)
    positions[0] = positions[0][drop:]  # not every position need be given
    raw = C.table(text, A, base)
    is_match = TermMatcher(terms)
    places = anchor_pattern([{t, w} for t, w in zip(terms, words, strict=True)])
    with limits(REGION_CHARS=region, MAX_REGIONS=max_regions):
        core = P.snippet_placed(text.encode(), base64.b64encode(raw).decode(), positions, places, A, is_match, window)
        spec = P.snippet_placed_spec(text, raw, positions, places, A, is_match, window)
    assert (core is None) == (spec is None)
    if core is not None:
        assert same(core, spec)
        assert window < 6 or any(s.match for s in core)  # (a passage starts 5 tokens before its first match)


def test_positions_outside_the_text_or_a_stale_table_place_nothing():
    text = _long(5_000)
    raw = C.table(text, A, 7)
    is_match = TermMatcher(A.terms("زلزله"))
    places = anchor_pattern([{A.terms("زلزله")[0], "زلزله"}])
    at = _positions(text, A.terms("زلزله"), 7)
    assert P.snippet_placed(text, C.encode(raw), at, places, A, is_match)  # placed
    assert P.snippet_placed(text, C.encode(raw), [[0, 3, 6]], places, A, is_match) is None  # title positions only
    assert P.snippet_placed(text + "x", C.encode(raw), at, places, A, is_match) is None  # a table of another text
    assert P.snippet_placed(text, "not base64!", at, places, A, is_match) is None
    assert P.snippet_placed(text, C.encode(raw), at, None, A, is_match) is None


def test_the_core_reads_the_stored_base64_table_as_its_bytes():
    """The core takes the checkpoints as the store holds them (base64 text, decoded in Rust) or as bytes, alike;
    base64 it does not take whole (not canonical: bits set past the last byte, which Python's decoder passes
    over) raises ``ValueError``, and :func:`~kavosh.present.placed.snippet_placed` then places by the
    specification, the same snippet."""
    is_match = TermMatcher(A.terms("زلزله"))
    places = anchor_pattern([{A.terms("زلزله")[0], "زلزله"}])
    core, snippets = H._core_of(A, is_match)
    compiled = H._core_anchors(places)
    for n in range(5_000, 5_400, 37):  # texts whose tables need one and two padding characters
        text = _long(n)
        raw = C.table(text, A, 7)
        at = _positions(text, A.terms("زلزله"), 7)
        args = (at, compiled, is_match.terms, list(is_match.prefixes), is_match.stops, 40)
        by_bytes = snippets.placed(core, text.encode(), raw, *args)
        try:
            snippets.placed(core, text.encode(), C.encode(raw), *args)
        except TypeError:  # a core built from an older checkout (bytes only): placed.py hands it the bytes
            pytest.skip("the compiled core predates base64 checkpoint tables: rebuild it (pip install -e .)")
        assert by_bytes and snippets.placed(core, text.encode(), C.encode(raw), *args) == by_bytes
        with pytest.raises(ValueError):
            snippets.placed(core, text.encode(), "not base64!", *args)
        enc = C.encode(raw)
        if enc.endswith("="):  # the last symbol before the padding with a spare bit set: Python still decodes it
            loose = enc.rstrip("=")
            loose = loose[:-1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".index(loose[-1]) | 1] + enc[len(
                    enc.rstrip("=")):]
            assert base64.b64decode(loose, validate=True) == raw
            with pytest.raises(ValueError):
                snippets.placed(core, text.encode(), loose, *args)
            assert [(s.text, s.match) for s in P.snippet_placed(text.encode(), loose, at, places, A, is_match)] == \
                [tuple(s) for s in by_bytes]


def test_the_plan_s_terms_and_the_plans_that_keep_the_scan(tmp_path):
    ix = Index(tmp_path / "ix")
    ix.add({"id": "a", "title": "t", "text": "کتاب"})
    ix.commit()
    from kavosh.index.stats import IndexStats
    from kavosh.query.plan import make_plan

    def plan(q):
        return make_plan(q, A, IndexStats(ix._opened, A, ix._opened.index.searcher()))

    assert P.terms_of(plan("زلزله بم")) == [A.terms("زلزله")[0], A.terms("بم")[0]]
    assert P.terms_of(plan("زلز*")) is None  # a prefix: the scan
    assert P.terms_of(plan('"زلزله بم"')) is None  # a quoted leaf is wanted as written: the scan
    ix.close()


def _prose(rng: random.Random, n: int) -> str:
    """``n`` characters of FILLER's words in a random order (documents that are no near-duplicates)."""
    words, out, size = FILLER.split(), [], 0
    while size < n:
        out.append(rng.choice(words))
        size += len(out[-1]) + 1
    return " ".join(out)[:n]


@pytest.fixture(scope="module")
def long_index(tmp_path_factory):
    """An index of 50,000-character documents (the match only at the end, or in the middle) and short ones."""
    rng = random.Random(3)
    docs = [{"id": "end", "title": "گزارش باران", "text": _prose(rng, 50_000 - len(END) - 1) + " " + END},
            {"id": "middle", "title": "", "text": _prose(rng, 25_000) + " " + END + " " + _prose(rng, 25_000)},
            {"id": "short", "title": "زلزله", "text": "زلزله‌ای در بم " + FILLER}]
    docs += [{"id": f"f{i}", "title": "خبر", "text": _prose(rng, rng.randrange(300, 3_000))} for i in range(5)]
    path = tmp_path_factory.mktemp("placed") / "ix"
    with Index(path) as ix:
        ix.add(docs)
        ix.commit()
    return path, {d["id"]: d for d in docs}


def test_the_positions_read_from_the_index_are_the_analyzer_s_tokens(long_index):
    """A term's positions in a hit, read by the core's snapshot, are the table's base plus the indices
    of the analyzer's tokens of that term (the title's terms and the gap first)."""
    import tantivy

    from kavosh.index import schema as S
    from kavosh.search.topk import current_searcher, pinned_snapshot

    path, docs = long_index
    with Index(path, create=False) as ix:
        opened = ix._opened
        searcher = current_searcher(opened)
        snapshot = pinned_snapshot(opened, searcher)
        assert snapshot is not None
        term = A.terms("زلزله")[0]
        for doc_id, title_terms in (("end", 2), ("middle", 0)):
            address = searcher.search(tantivy.Query.term_query(opened.schema, S.ID, doc_id), 1).hits[0][1]
            stored = searcher.doc(address)
            t = C.decode(base64.b64decode(json.loads(bytes(stored[S.STORED][0]))[C.KEY]))
            assert t.base == title_terms + W.TITLE_GAP_POSITIONS
            got = P.hit_positions(snapshot, address, [term, "نیست‌در‌متن"])
            assert got == _positions(docs[doc_id]["text"], [term, "نیست‌در‌متن"], t.base)
            assert got[0] and not got[1]
            if doc_id == "end":
                assert got[0][0] - t.base > 7_000  # at the very end of the text
            assert C.KEY not in load_stored(stored)  # not a stored field for users
        assert P.hit_positions(snapshot, SimpleNamespace(segment_ord=99, doc=0), [term]) is None  # no such segment


def _marks(segs) -> list[str]:
    return [s.text for s in segs if s.match]


def test_a_long_hit_is_placed_without_the_scan_and_gets_the_scanned_snippet(long_index, monkeypatch):
    path, _docs = long_index
    scanned_lengths = []
    real = H.snippet
    monkeypatch.setattr(F, "snippet", lambda text, *a, **k: scanned_lengths.append(len(text)) or real(text, *a, **k))
    with Index(path, create=False) as ix:
        placed = {h.id: h.snippet for h in ix.search("زلزله بم", limit=10).hits}
        assert {"end", "middle", "short"} <= set(placed)
        assert scanned_lengths and max(scanned_lengths) < 10_000  # only the short documents were scanned
        monkeypatch.setattr(F, "snippet_placed", lambda *a, **k: None)  # the scan for every hit
        scanned = {h.id: h.snippet for h in ix.search("زلزله بم", limit=10).hits}
    assert max(scanned_lengths) > 50_000  # (UTF-8 bytes of 50,000 characters)
    for doc_id in ("end", "middle"):
        assert any("زلزله" in m for m in _marks(placed[doc_id])) and "بم" in _marks(placed[doc_id])
    assert placed.keys() == scanned.keys()
    for doc_id, segs in placed.items():
        assert same(segs, scanned[doc_id]), doc_id


def test_an_index_without_checkpoints_keeps_the_scan(tmp_path, monkeypatch):
    monkeypatch.setattr(C, "MIN_CHARS", 10 ** 9)  # as an index written before them
    with Index(tmp_path / "old") as ix:
        ix.add({"id": "end", "title": "گزارش", "text": _long()})
        ix.commit()
        (hit,) = ix.search("زلزله بم").hits
        with limits(MAX_PLACES=0):  # the scan finds no place: the snippet is the text's start, unmarked
            (unplaced,) = ix.search("زلزله بم").hits
    assert any("زلزله" in m for m in _marks(hit.snippet)) and "بم" in _marks(hit.snippet)
    assert not _marks(unplaced.snippet)
