"""A new user's D1 (newuser4.md): a ``published:month`` facet gave years whenever the index's dates spanned more
than 240 months (:data:`kavosh.search.facets.MAX_DATE_BUCKETS`), even for a query confined to one year, and
said nothing.  The cap now applies to the index's dates within the query's own ranges on the field and then to
the matches' dates; a facet still wider is counted by year with a note (CLI, JSON ``notes``, page)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tantivy

import kavosh
from kavosh.api.pages import fa_note
from kavosh.index import schema as S
from kavosh.query.facets import parse_facets
from kavosh.query.filters import parse_filter
from kavosh.search.facets import compute_facets
from kavosh.search.filtering import apply_filters
from kavosh.search.topk import current_searcher

DATES = ["1370/01/05", "1403/09/01", "1403/10/02"]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> kavosh.Index:
    path = tmp_path_factory.mktemp("month-span") / "ix"
    with kavosh.Index(path, fields={"published": "date"}) as ix:
        ix.add([{"id": f"d{i}", "title": "تهران", "text": "خبر تهران", "date": d, "published": d}
                for i, d in enumerate(DATES)])
        ix.add({"id": "x", "title": "شیراز", "text": "خبر شیراز", "date": "1402/05/01", "published": "1402/05/01"})
        ix.commit()
        yield ix


def _counts(res) -> list[tuple[str, int]]:
    return [(b["value"], b["count"]) for b in res.facets[0]["buckets"]]


@pytest.mark.parametrize("query, facets", [("تهران published:1403", "published:month"),
                                           ("تهران date:1403", "date:month"),
                                           ("تهران published:1403-09..1403-12", "published:month")])
def test_a_query_confined_to_a_year_gets_its_months(index, query, facets):
    res = index.search(query, facets=facets)
    assert _counts(res) == [("1403-09", 1), ("1403-10", 1)]
    assert res.facets[0]["buckets"][0]["filter"] == facets.split(":")[0] + ":1403-09"
    assert not any(n.code == "facet_by_year" for n in res.notes)


def test_matches_within_twenty_years_get_months_without_a_filter_on_the_field(index):
    res = index.search("خبر -date:<1400", facets="published:month")  # (a filter on another field)
    assert _counts(res) == [("1402-05", 1), ("1403-09", 1), ("1403-10", 1)]


def test_a_wider_span_is_counted_by_year_and_says_so(index):
    res = index.search("تهران", facets="published:month")
    assert _counts(res) == [("1370", 1), ("1403", 2)]
    (note,) = [n for n in res.notes if n.code == "facet_by_year"]
    assert note.details == {"field": "published", "months": 406, "limit": 240}
    assert str(note).startswith("published:month facet: its matches span 406 months, more than the 240 buckets")
    assert "published:month facet" in res.to_dict()["notes"][0]
    page = str(fa_note(note))
    assert "۴۰۶ ماه" in page and "۲۴۰" in page and "<code>published</code>" in page
    # a year facet is never a note, whatever the span
    assert not any(n.code == "facet_by_year" for n in index.search("تهران", facets="published").notes)


def test_a_disjunctive_facet_spans_the_matches_without_its_own_filter(index):
    res = index.search("تهران published:1403", facets="published:month", disjunctive=True)
    assert _counts(res) == [("1370", 1), ("1403", 2)]  # the alternatives: what the filter's removal gives
    assert [n.details["months"] for n in res.notes if n.code == "facet_by_year"] == [406]


def test_a_shard_spans_the_filtered_range_never_its_own_matches(index):
    # match_span=False (cluster shards): the same edges on every shard, from the filters alone
    opened = index.opened
    searcher = current_searcher(opened)
    requests = parse_facets("published:month", opened.fields)
    year = [parse_filter("published", "1403", opened.fields)]
    got = compute_facets(opened, searcher, apply_filters(opened.schema, None, year), requests, year,
                         match_span=False)
    assert [(b.value, b.count) for b in got[0].buckets] == [("1403-09", 1), ("1403-10", 1)]
    assert got[0].months == 0
    every = compute_facets(opened, searcher, tantivy.Query.all_query(), requests, (), match_span=False)
    assert [(b.value, b.count) for b in every[0].buckets] == [("1370", 1), ("1402", 1), ("1403", 2)]
    assert every[0].months == 406
    narrow = compute_facets(opened, searcher, tantivy.Query.term_query(opened.schema, S.ID, "x"), requests, ())
    assert [(b.value, b.count) for b in narrow[0].buckets] == [("1402-05", 1)]  # one index: its matches


def test_cli_prints_the_note(run_kavosh, index):
    proc = run_kavosh("search", "--index", Path(index.opened.path), "--facets", "published:month", "--", "تهران")
    assert proc.returncode == 0, proc.stderr
    assert "published:month facet: its matches span 406 months" in proc.stdout
    month = run_kavosh("search", "--index", Path(index.opened.path), "--facets", "published:month", "--",
                       "تهران published:1403")
    assert "1403-09  1   [published:1403-09]" in month.stdout and "406 months" not in month.stdout
