"""Every word indexed (issue #14 kind 0): stopwords are indexed at their positions as marked terms;
they count in phrases, in the exact-phrase and proximity bonuses and in queries of stopwords alone,
and are never required terms of a plain query.  Table tests both ways, with the compiled core and
with the Python specification."""

from __future__ import annotations

from pathlib import Path

import pytest

import kavosh
from kavosh.analysis.analyzer import STOP_MARK, Analyzer, PythonAnalyzer, without_surface
from kavosh.query.parse import Occur, parse
from kavosh.index.stats import IndexStats
from kavosh.query.plan import COMMON_CUTOFF, plain_sequence, ranked_sequence

M = STOP_MARK
ANALYZERS = {"rust": Analyzer(), "python": PythonAnalyzer()}

INDEX_TERMS = [  # text, its index terms: every word at its position, stopwords marked
    ("او نیز آمد", [M + "او", M + "نیز", "امد"]),
    ("از آن پس", [M + "از", M + "ان", M + "پس"]),
    ("اما چرا", [M + "اما", M + "چرا"]),
    ("کتاب‌ها را در کتابخانه دیدم", ["کتاب", M + "را", M + "در", "کتابخانه", "دید"]),
    ("پس‌انداز", ["پسانداز"]),  # a word that begins with a stopword is a content word
    ("آنها", [M + "انها"]),
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text, terms", INDEX_TERMS)
def test_every_word_is_indexed_at_its_position(core: str, text: str, terms: list[str]):
    a = ANALYZERS[core]
    assert without_surface(a.index_terms(text)) == terms
    assert [t.strip(M) for t in without_surface(a.index_terms(text))] == a.terms(text)  # the same positions as the terms


PLAIN = [  # query, its clauses' (terms, occur), the stopwords that are not clauses
    ("او نیز آمد", [(["امد"], Occur.SHOULD)], [M + "او", M + "نیز"]),
    ("کتاب از ایران", [(["کتاب"], Occur.SHOULD), (["ایران"], Occur.SHOULD)], [M + "از"]),
    ("زلزله AND بم در", [(["زلزله"], Occur.MUST), (["بم"], Occur.MUST)], [M + "در"]),
    ("+و کتاب", [([M + "و"], Occur.MUST), (["کتاب"], Occur.SHOULD)], []),  # asked for
    ("کتاب -از", [(["کتاب"], Occur.SHOULD), ([M + "از"], Occur.MUST_NOT)], []),
    # a query of stopwords alone requires them all (it was refused before)
    ("اما چرا", [([M + "اما"], Occur.MUST), ([M + "چرا"], Occur.MUST)], []),
    ("-کتاب از آن", [(["کتاب"], Occur.MUST_NOT), ([M + "از"], Occur.MUST), ([M + "ان"], Occur.MUST)], []),
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("query, clauses, stops", PLAIN)
def test_a_plain_query_never_requires_an_optional_stopword(core: str, query: str, clauses: list, stops: list):
    p = parse(query, ANALYZERS[core])
    assert [(c.terms, c.occur) for c in p.clauses] == clauses
    assert [s[1] for s in p.stops] == stops


@pytest.mark.parametrize("core", ANALYZERS)
def test_a_quoted_phrase_holds_its_stopwords_in_order(core: str):
    a = ANALYZERS[core]
    c = parse('"او نیز آمد"', a).clauses[0]
    assert (c.kind, c.terms, c.offsets) == ("phrase", [M + "او", M + "نیز", "امد"], None)
    assert parse('"و"', a).clauses[0].terms == [M + "و"]
    assert plain_sequence(parse("قیمت نفت در بازار", a)) == ("قیمت", "نفت", M + "در", "بازار")
    assert plain_sequence(parse("کتاب title:ایران و", a)) == ("کتاب", M + "و")


DOCS = [
    {"id": "exact", "title": "گزارش", "text": "دیروز او نیز آمد و در جلسه نشست."},
    {"id": "scattered", "title": "گزارش", "text": "آمد آمد آمد. علی آمد و رفت. او رفت. نیز گفتند که آمد."},
    {"id": "bare", "title": "باران", "text": "باران آمد."},
    {"id": "why", "title": "پرسش", "text": "اما چرا کسی پاسخ نداد؟"},
    {"id": "apart", "title": "پرسش", "text": "چرا باران آمد اما کسی ندید؟"},
    {"id": "then", "title": "دگرگونی", "text": "از آن پس همه چیز دگرگون شد."},
] + [{"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(14)]


@pytest.fixture(scope="module", params=list(ANALYZERS))
def ix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index("every-word", DOCS, analyzer), analyzer=analyzer) as index:
        yield index


SEARCHES = [  # query, the ids found, in order where it matters (first), or the whole set
    ("او نیز آمد", "exact", {"exact", "scattered", "bare", "apart"}),  # the phrase first; no stopword required
    ('"او نیز آمد"', "exact", {"exact"}),
    ("اما چرا", "why", {"why", "apart"}),  # stopwords alone answer; as written first
    ('"اما چرا"', "why", {"why"}),
    ("از آن پس", "then", {"then"}),
    ("باران و آمد", None, {"bare", "apart", "exact", "scattered"}),  # bare has no و: still found
]


@pytest.mark.parametrize("query, first, found", SEARCHES)
def test_search_with_stopwords(ix, query: str, first: str | None, found: set[str]):
    res = ix.search(query, limit=10)
    ids = [h.id for h in res.hits]
    assert set(ids) == found and res.total == len(found)
    if first is not None:
        assert ids[0] == first


def test_the_phrase_document_ranks_first_even_against_more_of_the_content_word(ix):
    ranked = [h.id for h in ix.search("او نیز آمد").hits]
    assert ranked.index("exact") < ranked.index("scattered")
    assert [h.id for h in ix.search("آمد").hits][0] != "exact"  # without the stopwords it is not first


def test_stopwords_count_in_the_phrase_only_beside_a_word_that_is_not_common(ix):
    stats = IndexStats(ix._opened, ix.analyzer)
    assert stats.doc_freq("امد") <= COMMON_CUTOFF * stats.num_docs < stats.doc_freq("گزارش")
    assert ranked_sequence(parse("او نیز آمد", ix.analyzer), stats) == (M + "او", M + "نیز", "امد")
    assert ranked_sequence(parse("گزارش از هوا", ix.analyzer), stats) == ("گزارش", "هوا")  # both common
    assert ranked_sequence(parse("از آن پس", ix.analyzer), stats) == (M + "از", M + "ان", M + "پس")
    assert ranked_sequence(parse("+از گزارش", ix.analyzer), stats) == (M + "از", "گزارش")  # asked for


def _marked(hit) -> list[str]:
    return [s.text for s in hit.snippet if s.match]


def test_stopwords_are_highlighted_inside_a_match_only(ix):
    hits = {h.id: h for h in ix.search("او نیز آمد").hits}
    assert _marked(hits["exact"]) == ["او", "نیز", "آمد"]
    assert _marked(hits["scattered"]) == ["آمد"] * 5  # its lone او and نیز stay unmarked
    assert _marked(ix.search("اما چرا").hits[0]) == ["اما", "چرا"]
    assert _marked(ix.search("او").hits[0]) == ["او"]  # the only word of the query


def test_an_index_built_before_every_word_was_indexed_asks_for_a_rebuild(tmp_path: Path):
    import json

    from kavosh.index.store import IndexVersionError

    with kavosh.Index(tmp_path / "old") as index:
        index.add([{"id": "a", "text": "او نیز آمد"}])
        index.commit()
    meta_path = tmp_path / "old" / "kavosh.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["schema_version"] == 9
    meta["schema_version"] = 7  # stopwords were empty positions: a phrase with them would never match
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexVersionError, match=r"\(schema 7\).*\(schema 9\).*Reindex"):
        kavosh.Index(tmp_path / "old", create=False)
