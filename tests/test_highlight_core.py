"""Snippet placement and title highlighting in the compiled core (``kavosh._core.Snippets``) give the
segments of the Python specification (``highlight.snippet_spec``, ``highlight_all_spec``): on the dev
queries' plans over 50,000-character documents of real text, and on hypothesis-generated text, words
and region sizes."""

from __future__ import annotations

import gzip
import json
import random
from itertools import islice

import pytest
from _highlight_helpers import limits, same
from hypothesis import given, settings, strategies as st

import kavosh
from kavosh.analysis import Analyzer
from kavosh.analysis.normalize import compiled_extension
from kavosh.present import highlight as H
from kavosh.present.format import _title_segments, anchors, matcher, wanted_terms
from kavosh.present.highlight import TermMatcher, anchor_pattern

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")

A = Analyzer()


def both(text, is_match, wanted=1, places=None, window=40):
    """The core's snippet and the specification's; the core's from the text's UTF-8 bytes (as the
    store hands them to ``present``) is checked to be the one from the ``str``."""
    core = H.snippet(text, A, is_match, window=window, wanted=wanted, anchors=places)
    stored = H.snippet(text.encode("utf-8"), A, is_match, window=window, wanted=wanted, anchors=places)
    assert same(stored, core)
    spec = H.snippet_spec(text, A, is_match, window=window, wanted=wanted, anchors=places)
    return core, spec


def test_the_core_is_used():
    """The dispatch takes the core for a TermMatcher and an anchor pattern (else this file tests nothing)."""
    assert H._core_of(A, TermMatcher({"x"})) is not None
    assert H._core_anchors(anchor_pattern([{"کتاب"}])) is not None


def _long_documents(shared_data, n: int, seed: int) -> list[tuple[str, str]]:
    with gzip.open(shared_data / "hamshahri" / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for _, line in zip(range(600), f)]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts, size = [], 0
        while size < 50_000:
            d = rng.choice(docs)
            parts.append(d["title"] + "\n" + d["text"])
            size += len(parts[-1]) + 2
        out.append((rng.choice(docs)["title"], "\n\n".join(parts)[:50_000]))
    return out


def test_dev_queries_on_50k_documents(shared_data, hamshahri_index):
    """The Hamshahri topics and a sample of the other dev queries, with a typo and in Finglish, planned
    on the Hamshahri index: every hit's title and snippet on 50k-character documents are the same."""
    from kavosh.eval import read_topics
    from kavosh.index.stats import IndexStats
    from kavosh.query.parse import QuerySyntaxError
    from kavosh.query.plan import make_plan

    rng = random.Random(5)
    queries = [q for _qid, q in read_topics(shared_data / "hamshahri" / "queries.jsonl")]
    for name in ("parsinlu_rc", "pquad_validation"):
        queries += rng.sample([q for _qid, q in read_topics(shared_data / name / "queries.jsonl")], 15)
    queries += ["تهرام", "tehran", "زلزله بم", '"شبکه های اجتماعی"', "کتاب*", "او نیز آمد", "در"]
    docs = _long_documents(shared_data, 12, 3)
    ix = kavosh.Index(hamshahri_index, create=False)
    checked = 0
    for q in queries:
        try:
            plan = make_plan(q, ix.analyzer, IndexStats(ix.opened, ix.analyzer))
        except QuerySyntaxError:
            continue
        is_match, n, places = matcher(plan), wanted_terms(plan), anchors(plan)
        for title, text in rng.sample(docs, 3):
            core, spec = both(text, is_match, n, places)
            assert same(core, spec), (q, [s.text for s in spec if s.match])
            assert same(_title_segments(title, A, is_match), H.highlight_all_spec(title, A, is_match))
            short = text[:rng.randrange(1, 2_000)]  # the chunked path: no anchors, or a short text
            assert same(*both(short, is_match, n, None)) and same(*both(short, is_match, n, places))
            checked += 1
    assert checked > 150


_PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإئؤءة"
_VARIANTS = "يكىۀۃٰـًٌٍَُِّْ"  # Arabic yeh and kaf, heh with yeh, teh marbuta goal, dagger alef, tatweel, harakat
_OTHER = "abcXYZ019۰۱۹٠١ .،؛:!?()«»\n\t\u200c\u200d\u200e\u200f\u202b\u2067\u061c-"
_ALPHABET = _PERSIAN + _VARIANTS + _OTHER
WORDS = ["کتاب", "کتابها", "شبکه", "اجتماعی", "ایران", "زلزله", "می رود", "خانه", "در", "و", "abc", "تهران"]


@settings(max_examples=250, deadline=None)
@given(pieces=st.lists(st.one_of(st.text(_ALPHABET, max_size=30), st.sampled_from(WORDS)), max_size=60),
       words=st.lists(st.one_of(st.sampled_from(WORDS), st.text(_PERSIAN + "ab", min_size=1, max_size=5)),
                      min_size=1, max_size=3),
       stops=st.lists(st.sampled_from(["در", "و", "به", "او"]), max_size=2),
       prefix=st.sampled_from(["", "کت", "ش"]),
       window=st.integers(1, 12), direct=st.integers(0, 80), region=st.integers(1, 90),
       max_regions=st.integers(1, 3), chunk=st.integers(1, 60), wanted=st.integers(1, 3))
def test_generated_text(pieces, words, stops, prefix, window, direct, region, max_regions, chunk, wanted):
    """Any text, words, stopwords, prefix, window and region sizes: the same segments (the regions,
    the snapping to spaces and the chunks exercised by small limits)."""
    text = " ".join(pieces)
    terms = {t for w in words for t in A.terms(w)}
    is_match = TermMatcher(terms, [prefix] if prefix else [], {t for s in stops for t in A.terms(s)})
    places = anchor_pattern([{t, A.normalize_term(w)} for w in words for t in A.terms(w)])
    if places is not None:  # the core's scan finds the places and groups of re's
        found = [(m.start(), m.lastindex) for m in islice(places.finditer(text), H.MAX_PLACES)]
        assert H._core_anchors(places).places(text.encode("utf-8"), H.SCAN_CHARS, H.MAX_PLACES) == found
    with limits(DIRECT_CHARS=direct, REGION_CHARS=region, MAX_REGIONS=max_regions, CHUNK_CHARS=chunk):
        for p in (places, None):
            core, spec = both(text, is_match, wanted, p, window)
            assert same(core, spec)
        assert same(H.highlight_all(text, A, is_match), H.highlight_all_spec(text, A, is_match))


def test_a_text_the_core_cannot_take_goes_to_the_specification():
    """Lone surrogates have no UTF-8: the specification places that snippet."""
    text = "کتاب \ud800 " * 200
    is_match = TermMatcher(set(A.terms("کتاب")))
    segs = H.snippet(text, A, is_match, anchors=anchor_pattern([{"کتاب"}]))
    assert [s.text for s in segs if s.match] and same(segs, H.snippet_spec(text, A, is_match,
                                                                          anchors=anchor_pattern([{"کتاب"}])))


def test_a_group_without_strings_never_matches_nor_counts():
    """A group of empty strings is ``(?!)`` in re's pattern (no capturing group) and left out of the
    core's: the places and group numbers (re's ``lastindex``) are the same."""
    pattern = anchor_pattern([{""}, {"کتاب"}, {"خانه"}])
    text = "در خانه یک كتاب و كِتاب‌ها"
    found = [(m.start(), m.lastindex) for m in pattern.finditer(text)]
    assert found == [(3, 2), (11, 1), (18, 1)]
    assert H._core_anchors(pattern).places(text, H.SCAN_CHARS, H.MAX_PLACES) == found


def test_stored_bytes_that_are_not_utf8_raise_where_they_are_read():
    """Stored bytes that are not UTF-8 (a damaged store) raise ``UnicodeDecodeError`` when a part the
    snippet reads is damaged, as decoding the stored text did before the core read the bytes (bytes
    the snippet does not read are not checked: the text is not decoded whole)."""
    words = ("کتاب " * 200).encode("utf-8")
    is_match = TermMatcher(set(A.terms("کتاب")))
    for damaged in (words[:3] + words[4:], words[:3] + b"\xff" + words[3:]):
        with pytest.raises(UnicodeDecodeError):
            H.snippet(damaged, A, is_match, anchors=anchor_pattern([{"کتاب"}]))
        with pytest.raises(UnicodeDecodeError):
            H.snippet(damaged, A, is_match)
