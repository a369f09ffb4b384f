"""Quoted phrases through `kavosh search` (issue #17): documents that hold the words as written come
before documents that match only their analysed terms (other verb forms, a dropped negation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FILLER = ("گزارش‌های گوناگون از شهرهای کشور نشان می‌دهد که مردم در روزهای پایانی هفته به پارک‌ها و "
          "کتابخانه‌ها سر زدند و فروشگاه‌ها شلوغ بودند. ")
OTHER = ("باران پاییزی در استان‌های شمالی ادامه دارد و کشاورزان از آب کافی برای مزرعه‌های برنج و باغ‌های "
         "مرکبات خبر می‌دهند؛ جاده‌های کوهستانی لغزنده است. ")

DOCS = [
    # analysed matches only: short, the words several times (BM25 prefers them)
    {"id": "went", "title": "سفر", "text": "او رفت. برادرش هم رفت و بعد خواهرش رفت."},
    {"id": "goes", "title": "مدرسه", "text": "علی هر روز به مدرسه می‌رود و زود می‌رود."},
    {"id": "book", "title": "کتاب خوب", "text": "یک کتاب خوب خواندم. کتاب خوب دوست است."},
    {"id": "a-book", "title": "هدیه", "text": "کتابی خوب هدیه گرفتم و کتاب خوبی بود."},
    # grammar words only (the auxiliary شدن: every form is one marked term ␀شد), other forms, short
    {"id": "became", "title": "خبر", "text": "جلسه برگزار شد و تصمیم گرفته شد. همه راضی شدند و کار تمام شد."},
    {"id": "becomes", "title": "گزارش", "text": "کار انجام می‌شود و نتیجه اعلام می‌شود."},
    # the words as written, once, in a long text
    {"id": "not-went", "title": "تیم ملی", "text": FILLER * 3 + "تیم ملی به جام جهانی نرفت. " + FILLER * 3},
    {"id": "books", "title": "نمایشگاه", "text": OTHER * 3 + "در نمایشگاه كتابهاي خوب فروش رفت. " + OTHER * 3},
    {"id": "are-picked", "title": "چای", "text": OTHER * 3 + "برگ‌ها در بهار چیده می‌شوند. " + OTHER * 3},
]


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("phrase")
    (folder / "docs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS),
                                       encoding="utf-8")
    proc = run_kavosh("index", folder / "docs.jsonl", "--index", folder / "ix")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"


def ranked(run_kavosh, index: Path, query: str, *args: str) -> list[str]:
    proc = run_kavosh("search", "--index", index, "--json", "--exact", *args, query)
    assert proc.returncode == 0, proc.stderr
    return [h["id"] for h in json.loads(proc.stdout)["hits"]]


@pytest.mark.parametrize("query, exact, analysed", [
    ('"کتاب‌های خوب"', "books", {"book", "a-book"}),  # Arabic letters, no half-space in the document: as written
])
def test_a_quoted_phrase_as_written_ranks_first(run_kavosh, index: Path, query: str, exact: str, analysed: set):
    ids = ranked(run_kavosh, index, query)
    assert ids[0] == exact
    assert analysed <= set(ids[1:])  # analysed matches still found, after it
    plain = ranked(run_kavosh, index, query.strip('"'))
    assert plain[0] != exact  # unquoted, BM25 alone ranks the short documents first


def test_a_quoted_negated_word_finds_the_negated_form_only(run_kavosh, index: Path):
    """The negation is no longer dropped (issue #14 kind 5: the negated reading ␕رفت, tests/test_negation.py):
    quoted, «نرفت» finds only the document saying it; unquoted, every form, that document first."""
    assert ranked(run_kavosh, index, '"نرفت"') == ["not-went"]
    plain = ranked(run_kavosh, index, "نرفت")
    assert plain[0] == "not-went" and {"went", "goes"} <= set(plain)


def test_pages_of_a_quoted_phrase_line_up(run_kavosh, index: Path):
    whole = ranked(run_kavosh, index, '"کتاب‌های خوب"', "--no-collapse")
    pages = [ranked(run_kavosh, index, '"کتاب‌های خوب"', "--no-collapse", "--limit", "1", "--offset", str(k))
             for k in range(len(whole))]
    assert [p[0] for p in pages] == whole and whole[0] == "books" and len(whole) >= 3
    assert ranked(run_kavosh, index, '"کتاب‌های خوب"') == whole  # collapsing (nothing to collapse) keeps the order


# The as-written check itself: the pattern without a look-behind plus the edge checked by hand
# (kavosh.search.exact._holds) finds exactly what the one regular expression with the look-behind
# found, on texts made of the letters that meet or part at the edges.
from hypothesis import given, settings, strategies as st  # noqa: E402

from kavosh.search.exact import _holds, _leaf_pattern  # noqa: E402
from kavosh.search.written import BETWEEN, written_pattern  # noqa: E402

_ALPHABET = "کتابيكیه ‌\u064bـ.،ab9۹A"
_WORDS = st.lists(st.text("کتابیه", min_size=1, max_size=3), min_size=1, max_size=2).map(tuple)


def _with_lookbehind(words: tuple[str, ...]):
    import re
    return re.compile(r"(?<![^\W\d_])" + BETWEEN.join(written_pattern(w) for w in words) + r"(?![^\W\d_])",
                      re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(words=_WORDS, text=st.text(_ALPHABET, max_size=40))
def test_the_edge_checked_by_hand_equals_the_look_behind(words, text):
    assert _holds(_leaf_pattern(words), text) == (_with_lookbehind(words).search(text) is not None)


@pytest.mark.parametrize("text, holds", [
    ("در نمایشگاه كتابهاي خوب", True),      # Arabic letters, no half-space: as written
    ("بکتابهای خوب", False),                # a letter right before: another word
    ("بکتابهای خوب و کتابهای خوب", True),   # the first place fails the edge, the second holds
    ("کتابهای خوبی", False),                # a letter right after
])
def test_the_edges_of_a_written_phrase(text, holds):
    assert _holds(_leaf_pattern(("کتابهای", "خوب")), text) is holds


# reorder(..., enough): once `enough` hits (of distinct groups, when collapsing) hold every leaf, the rest
# are not read; the first `enough` results (collapsed: the first `enough` groups) are those of reading all.
_LEAVES = ("باران", "کوهستان", "دریاچه")


class _Reader:
    """A StoredReader stand-in: address i is a document holding the words texts[i]; reads recorded."""

    def __init__(self, texts: list[str]):
        self.texts, self.reads = texts, []

    def read(self, address, text=True):
        self.reads.append(address)
        return None, {"title": "", "text": self.texts[address]}


def _collapsed(hits, groups):
    seen, kept = set(), []
    for h in hits:
        if groups[h] is None or groups[h] not in seen:
            seen.add(groups[h])
            kept.append(h)
    return kept


@settings(max_examples=300, deadline=None)
@given(data=st.data(), n=st.integers(1, 45), leaves=st.integers(1, 3), enough=st.integers(1, 35),
       collapse=st.booleans())
def test_reading_stops_once_enough_hits_hold_every_leaf(data, n, leaves, enough, collapse):
    from types import SimpleNamespace

    from kavosh.search.exact import WINDOW, exact_preference, reorder
    words = _LEAVES[:leaves]
    held = data.draw(st.lists(st.lists(st.sampled_from(words), unique=True), min_size=n, max_size=n))
    groups = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 8)), min_size=n, max_size=n))
    plan = SimpleNamespace(positive=[SimpleNamespace(surface=(w,), field=None) for w in words])
    texts = ["متن " + " ".join(h) for h in held]
    hits, g = list(range(n)), groups if collapse else None
    everything = reorder(hits, hits, exact_preference(_Reader(texts), plan), g)
    reader = _Reader(texts)
    stopped = reorder(hits, hits, exact_preference(reader, plan), g, enough)
    if collapse:
        assert _collapsed(stopped, groups)[:enough] == _collapsed(everything, groups)[:enough]
        assert len(_collapsed(stopped, groups)) == len(_collapsed(everything, groups))
    else:
        assert stopped[:enough] == everything[:enough]
    assert sorted(stopped) == hits and stopped[WINDOW:] == hits[WINDOW:]
    assert sum(len(held[a]) == leaves for a in reader.reads) <= enough and len(reader.reads) <= WINDOW
    if all(len(h) == leaves for h in held) and not collapse:  # every hit holds the phrase: a page read
        assert len(reader.reads) == min(n, WINDOW, enough)


@pytest.mark.parametrize("query", ["میشوند", "می شوند", "مي شوند", "می‌شوند"])
def test_a_grammar_only_query_ranks_its_form_as_written_first(run_kavosh, index: Path, query: str):
    """The new user's finding 2 (2026-12-04): ``میشوند`` is a form of the auxiliary, a grammar word whose
    term (``␀شد``) every form shares; typed alone, documents holding the form as typed come first
    (``plan.grammar_only``), the other forms after."""
    ids = ranked(run_kavosh, index, query)
    assert ids[0] == "are-picked"
    assert {"became", "becomes"} <= set(ids[1:])


def test_a_query_with_a_content_word_is_not_reordered_as_written(run_kavosh, index: Path):
    from kavosh.analysis import Analyzer
    from kavosh.query.parse import parse
    from kavosh.query.plan import grammar_only

    analyzer = Analyzer()
    assert grammar_only(parse("میشوند", analyzer)) and grammar_only(parse("اما چرا", analyzer))
    assert not grammar_only(parse("برگ میشوند", analyzer)) and not grammar_only(parse("نرفت", analyzer))
    assert ranked(run_kavosh, index, "شد")[0] == "became"  # the form as written: also the BM25 leader


def test_quoted_leaves_checked_as_written_are_bounded_by_their_words():
    """Bounded cost (#12): a query of four quoted 14-word phrases with hits compiled 56 words of patterns,
    113 ms of CPU; the first leaves up to PATTERN_WORDS words are checked, the first always."""
    from types import SimpleNamespace

    from kavosh.search import exact
    from kavosh.search.exact import exact_preference
    from kavosh.search.written import PATTERN_WORDS, first_leaves

    leaves = [((f"واژه{i}",) * 14, None) for i in range(4)]
    assert PATTERN_WORDS == 24 and first_leaves(leaves) == leaves[:1]
    assert first_leaves([(("a",) * 30, None)]) == [(("a",) * 30, None)]  # the first always
    small = [((f"واژه{i}", "دیگر"), None) for i in range(15)]
    assert first_leaves(small) == small[:12]
    plan = SimpleNamespace(positive=[SimpleNamespace(surface=words, field=fld) for words, fld in leaves])
    exact._leaf_pattern.cache_clear()
    counts = exact_preference(_Reader(["متن " + " ".join(leaves[0][0])]), plan)([0])
    assert counts == [1] and exact._leaf_pattern.cache_info().currsize == 1  # one leaf's pattern compiled
    # the snippet's preferred places: the same first leaves
    from kavosh.present.format import anchors
    plan.positive = [SimpleNamespace(surface=words, field=fld, terms=list(words), words=list(words), alternatives=[])
                     for words, fld in leaves]
    assert anchors(plan).preferred == 1


def test_a_phrase_as_written_below_the_first_three_pages_still_comes_first(run_kavosh, tmp_path: Path):
    """A new user's «"برگزار مي شوند"»: the one document writing it ranked 40th, below 39 short ones writing
    «برگزار مي شود» (the auxiliary's every form is one marked term, so BM25 cannot tell them apart) while the
    as-written re-ordering read the first 30 hits. It reads up to the first 1,000 (exact.WINDOW)."""
    docs = [{"id": f"shod-{i:02d}", "title": f"خبر {i}", "text": "مراسم فردا برگزار مي شود و جلسه هم برگزار مي شود."}
            for i in range(45)]
    docs.append({"id": "shavand", "title": "جشنواره‌ها",
                 "text": "در ساير نقاط جهان جشنواره هاي بسياري برگزار مي شوند كه از پول بليت حاصل مي شوند. " + OTHER})
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    proc = run_kavosh("index", tmp_path / "d.jsonl", "--index", tmp_path / "ix")
    assert proc.returncode == 0, proc.stderr
    plain = ranked(run_kavosh, tmp_path / "ix", "برگزار مي شوند", "--limit", "50", "--no-collapse")
    assert plain.index("shavand") >= 30  # the ranking without the as-written preference puts it past 3 pages
    for query in ('"برگزار مي شوند"', '"برگزار می‌شوند"', '"برگزار میشوند"'):
        assert ranked(run_kavosh, tmp_path / "ix", query)[0] == "shavand", query


def test_a_word_as_written_below_the_first_hundred_hits_still_comes_first(run_kavosh, tmp_path: Path):
    """A new user's «"میرسم"» on Hamshahri + news: its one document ranked 535th among the documents holding a
    form of ``رسیدن``, past the window of 100 the as-written re-ordering read; the window is now 1,000."""
    docs = [{"id": f"rasid-{i:03d}", "title": f"خبر {i}", "text": "او دیروز به خانه رسید و نامه هم رسید."}
            for i in range(150)]
    docs.append({"id": "miresam", "title": "سفر", "text": "من فردا به شهر میرسم. " + OTHER * 3})
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    proc = run_kavosh("index", tmp_path / "d.jsonl", "--index", tmp_path / "ix")
    assert proc.returncode == 0, proc.stderr
    # the ranking without the as-written preference (a quoted leaf asks for no surface reading): past the old window
    plain = ranked(run_kavosh, tmp_path / "ix", "رسید", "--limit", "200", "--no-collapse")
    assert plain.index("miresam") >= 100
    # unquoted, the word's surface reading (␖میرسم, query/rewrite.py add_surface) ranks it first too
    assert ranked(run_kavosh, tmp_path / "ix", "میرسم", "--limit", "5", "--no-collapse")[0] == "miresam"
    for query in ('"میرسم"', '"می‌رسم"', '"مي رسم"'):
        assert ranked(run_kavosh, tmp_path / "ix", query)[0] == "miresam", query


def test_the_characters_scanned_for_one_query_are_bounded(monkeypatch):
    """``exact.SCAN_BUDGET``: once that many characters are scanned, the hits after count 0 (not read)."""
    from types import SimpleNamespace

    from kavosh.search import exact
    from kavosh.search.exact import exact_preference
    words = ("برگزار", "شوند")
    plan = SimpleNamespace(positive=[SimpleNamespace(surface=words, field=None)])
    texts = ["متن " * 500] * 5 + ["برگزار شوند"]  # five 2,000-character texts without it, then one with it
    reader = _Reader(texts)
    assert exact_preference(reader, plan)(list(range(6))) == [0, 0, 0, 0, 0, 1]
    assert reader.reads == list(range(6))
    monkeypatch.setattr(exact, "SCAN_BUDGET", 5_000)  # exhausted by the third text
    reader = _Reader(texts)
    assert exact_preference(reader, plan)(list(range(6))) == [0, 0, 0, 0, 0, 0]
    assert reader.reads == [0, 1, 2]
