"""Snippets of long documents: placed without analysing the whole text, bounded per hit, and
marking exactly what analysing the whole text marks (the existing rules: test_highlight.py)."""

from __future__ import annotations

import gzip
import json
import random

import pytest

import kavosh
from kavosh.analysis import Analyzer
from kavosh.present import highlight as H
from kavosh.present.highlight import anchor_pattern, snippet

A = Analyzer()
ZWNJ = "\u200c"
FILLER_WORDS = ["باران", "کوهستان", "دریاچه", "پرنده", "جنگل", "رودخانه", "آسمان", "ستاره", "درخت", "سنگ"]


def filler(n_chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < n_chars:
        sentence = " ".join(rng.choice(FILLER_WORDS) for _ in range(12)) + ". "
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:n_chars].rsplit(" ", 1)[0] + " "


def matcher(*words):
    wanted = {t for w in words for t in A.terms(w)}
    return lambda tok: tok.term in wanted


def anchors_of(*words):
    return anchor_pattern([{t, A.normalize_term(w)} for w in words for t in A.terms(w)])


class CountingAnalyzer:
    """The analyzer, counting the characters it is asked to analyse."""

    def __init__(self, analyzer):
        self.analyzer, self.chars = analyzer, 0

    def analyze(self, text):
        self.chars += len(text)
        return self.analyzer.analyze(text)


@pytest.mark.parametrize("tail, marks", [
    ("شبکه‌های اجتماعی در ایران.", ["شبکه‌های", "اجتماعی"]),
    ("شبكه هاي اجتماعي در ايران.", ["شبكه هاي", "اجتماعي"]),  # Arabic letters, a space for the half-space
    ("شبـکه‌هـای اجتماعیِ ایران.", ["شبـکه‌هـای", "اجتماعیِ"]),  # tatweel and a kasra
])
def test_a_50k_document_matched_only_at_its_end(tail, marks):
    text = filler(50_000) + tail
    counting = CountingAnalyzer(A)
    segs = snippet(text, counting, matcher("شبکه های", "اجتماعی"), wanted=2,
                   anchors=anchors_of("شبکه های", "اجتماعی"))
    assert [s.text for s in segs if s.match] == marks
    assert segs[0].text == "… " and text.endswith(segs[-1].text)  # the passage runs to the end
    assert counting.chars <= H.MAX_REGIONS * (H.REGION_CHARS + 120)  # never the whole document
    assert sum(len(s.text) for s in segs) < 600


def test_a_50k_document_without_a_match_shows_its_start_and_reads_little():
    text = filler(50_000, seed=2)
    counting = CountingAnalyzer(A)
    segs = snippet(text, counting, matcher("زلزله"), anchors=anchors_of("زلزله"))
    assert not any(s.match for s in segs) and text.startswith(segs[0].text) and segs[-1].text == " …"
    assert counting.chars <= H.REGION_CHARS + 120


def test_the_best_of_several_places_is_chosen():
    text = (filler(20_000, 3) + "زلزله در شهر. " + filler(20_000, 4) + "زلزله بم ویرانی بسیار داشت. "
            + filler(9_000, 5))
    segs = snippet(text, A, matcher("زلزله", "بم"), wanted=2, anchors=anchors_of("زلزله", "بم"))
    assert [s.text for s in segs if s.match] == ["زلزله", "بم"]


def test_search_places_the_snippet_of_a_50k_document(tmp_path):
    text = filler(50_000, 6) + "کتاب‌های تازه در کتابخانه ملی"
    with kavosh.Index(tmp_path / "ix") as ix:
        ix.add([{"id": "long", "title": "گزارش", "text": text}, {"id": "short", "title": "کتاب", "text": "کتاب خوب"}])
        ix.commit()
        hit = next(h for h in ix.search("کتابها").hits if h.id == "long")
    assert [s.text for s in hit.snippet if s.match] == [f"کتاب{ZWNJ}های"]  # کتابخانه is another term
    assert hit.snippet[0].text == "… " and hit.snippet[-1].text.endswith("کتابخانه ملی")
    assert sum(len(s.text) for s in hit.snippet) < 600


def _corpus_sample(shared_data, n=150):
    docs = []
    with gzip.open(shared_data / "hamshahri" / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if len(d["text"]) > 3 * H.DIRECT_CHARS:
                docs.append(d["text"])
            if len(docs) == n:
                break
    return docs


def test_marks_are_what_whole_text_analysis_marks(shared_data):
    """On real documents and words taken from them, every segment the bounded snippet marks is a
    token that analysing the whole text marks, and a document with a match gets a marked snippet."""
    rng = random.Random(8)
    for text in _corpus_sample(shared_data):
        toks = [t for t in A.analyze(text) if not A.is_stopword(t) and len(t.word) > 3]
        picked = rng.sample(toks[len(toks) // 2:], 2)  # words from the second half of the document
        words = [text[t.start:t.end] for t in picked]
        is_match = matcher(*words)
        full = {(t.start, t.end) for t in A.analyze(text) if is_match(t)}
        segs = snippet(text, A, is_match, wanted=2, anchors=anchors_of(*words))
        pos, marked = 0, []
        for s in segs:
            if s.text in ("… ", " …"):
                continue
            at = text.find(s.text, pos)
            assert at >= 0
            if s.match:
                marked.append((at, at + len(s.text)))
            pos = at + len(s.text)
        assert marked and set(marked) <= full, (words, marked)


def test_a_very_long_title_is_highlighted_in_its_first_part_and_shown_whole(tmp_path):
    title = "کتاب " + "دریا " * 3000 + "کتاب"
    with kavosh.Index(tmp_path / "ix") as ix:
        ix.add([{"id": "t", "title": title, "text": "متن کوتاه"}])
        ix.commit()
        hit = ix.search("کتاب").hits[0]
    assert "".join(s.text for s in hit.title_segments) == title
    assert [s.text for s in hit.title_segments if s.match] == ["کتاب"]  # the first; the last is past the limit
