"""Collapsing in O(hits shown): the page filled from a bounded window (deepened only when groups hide
too much) equals collapsing the whole ranked list; similar counts are exact; the total is exact when
the window held every match and an estimate from the window's groups otherwise (flagged)."""

from __future__ import annotations

import random

import pytest
import tantivy

import kavosh
from kavosh.analysis.normalize import compiled_extension
from kavosh.index import schema as S
from kavosh.search import collapse as C
from kavosh.search.proximity import id_order

WORDS = ["باران", "کوهستان", "دریاچه", "پرنده", "جنگل", "رودخانه", "آسمان", "ستاره", "درخت", "سنگ", "دشت", "ابر"]


@pytest.fixture(scope="module")
def index(build_index):
    rng = random.Random(4)
    docs = []
    for g in range(40):  # 40 stories, each copied 1 to 6 times (near-duplicates: one group each)
        text = "خبر تهران " + " ".join(rng.choice(WORDS) for _ in range(120)) + f" شماره {g}"
        for c in range(1 + g % 6):
            docs.append({"id": f"s{g:02d}-{c}", "title": f"گزارش {g}", "text": text})
    rng.shuffle(docs)
    return build_index("collapse-window", docs)


def _brute(searcher, query):
    res = searcher.search(query, limit=1000, count=True)
    hits = sorted(res.hits, key=lambda h: (-h[0], id_order(searcher.doc(h[1]).get_first(S.ID))))  # ties by id
    groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in hits])
    seen, kept, counts = set(), [], {}
    for (score, addr), g in zip(hits, groups, strict=True):
        counts[g] = counts.get(g, 0) + 1
        if g not in seen:
            seen.add(g)
            kept.append((score, (addr.segment_ord, addr.doc), g))
    return kept, counts, res.count


@pytest.mark.parametrize("limit, offset", [(10, 0), (10, 20), (5, 35), (3, 0), (50, 0), (10, 38)])
def test_a_page_equals_collapsing_the_whole_list(index, limit, offset):
    with kavosh.Index(index, create=False) as ix:
        searcher = ix.opened.index.searcher()
        query = tantivy.Query.term_query(ix.opened.schema, S.BODY_TERMS, "خبر")
        kept, counts, matched = _brute(searcher, query)
        assert matched == sum(1 + g % 6 for g in range(40)) and len(kept) == 40
        page = C.page(searcher, ix.opened.schema, query, limit, offset)
        assert [(s, (a.segment_ord, a.doc), g) for s, a, g in page.hits] == kept[offset:offset + limit]
        assert page.matched == matched
        assert all(page.others(g) == counts[g] - 1 for _, _, g in page.hits)
        assert page.exact and page.total == 40  # the window's count, or the joiners' groups counted


def test_a_deeper_window_is_sized_from_the_share_that_survived(index, monkeypatch):
    """When groups hide too much of the first window, the next is as deep as the share of its hits that
    survived collapsing says the page needs, not four times as deep (12 → 48 → 192 before)."""
    windows = []
    real = C.ranked

    def recorded(searcher, query, n, **kw):
        windows.append(n)
        return real(searcher, query, n, **kw)

    monkeypatch.setattr(C, "ranked", recorded)
    monkeypatch.setattr(C, "first_window", lambda searcher, need: 12)
    with kavosh.Index(index, create=False) as ix:
        searcher = ix.opened.index.searcher()
        query = tantivy.Query.term_query(ix.opened.schema, S.BODY_TERMS, "خبر")
        kept, _, matched = _brute(searcher, query)
        page = C.page(searcher, ix.opened.schema, query, 30, 0)
    assert [(s, (a.segment_ord, a.doc), g) for s, a, g in page.hits] == kept[:30]
    assert windows[0] == 12 and len(windows) == 2 and windows[1] > 4 * 12  # one deeper search, past 48
    assert windows[1] < matched  # sized from the share, not the whole list


def test_the_total_does_not_depend_on_the_window(index):
    """A total estimated from the window changed with the page size and while paging (the new user
    saw 456/462/478/488 for limits 1/2/10/100); now it is counted the same way for every page."""
    with kavosh.Index(index, create=False) as ix:
        searcher = ix.opened.index.searcher()
        query = tantivy.Query.term_query(ix.opened.schema, S.BODY_TERMS, "خبر")
        for limit, offset in ((1, 0), (10, 0), (3, 30), (50, 0)):  # windows of some or all of the 140 matches
            page = C.page(searcher, ix.opened.schema, query, limit, offset)
            assert (page.total, page.exact, page.bound) == (40, True, False)
            res = ix.search("خبر", limit=limit, offset=offset)  # through the core's counts
            assert (res.total, res.total_exact, res.total_lower_bound) == (40, True, False)


def test_search_reports_similar_counts_and_lists_a_group(index):
    with kavosh.Index(index, create=False) as ix:
        res = ix.search("خبر تهران", limit=40)
        assert res.total == 40 and res.matched == sum(1 + g % 6 for g in range(40))
        by_story = {h.id.split("-")[0]: h for h in res.hits}
        assert len(by_story) == 40
        assert all(h.similar == int(h.id[1:3]) % 6 for h in res.hits)
        five = next(h for h in res.hits if h.similar == 5)
        members = ix.search("خبر تهران", group=five.group, limit=10)
        assert members.total == 6 and {h.id.split("-")[0] for h in members.hits} == {five.id.split("-")[0]}


def test_beyond_exact_joiners_the_total_is_a_bounded_estimate(index, monkeypatch):
    monkeypatch.setattr(C, "EXACT_JOINERS", 3)
    with kavosh.Index(index, create=False) as ix:
        searcher = ix.opened.index.searcher()
        query = tantivy.Query.term_query(ix.opened.schema, S.BODY_TERMS, "خبر")
        page = C.page(searcher, ix.opened.schema, query, 3, 0)
        assert 30 <= page.total <= page.matched and len(page.hits) == 3


def test_the_text_is_stored_apart_and_read_only_when_asked(tmp_path):
    """Schema 6: a hit shown without a snippet reads its title, url and fields but not its text
    (kavosh.index.store.load_stored); asking for the text later decodes it from its own field."""
    import kavosh
    from kavosh.index import schema as S
    from kavosh.index.store import StoredReader, load_stored

    text = "متن بلند " * 2000
    with kavosh.Index(tmp_path / "ix") as ix:
        ix.add([{"id": "a", "title": "عنوان", "text": text, "url": "https://a.example/"}])
        ix.commit()
        searcher = ix.opened.index.searcher()
        (_, addr), = searcher.search(kavosh_all(), 1).hits
        doc = searcher.doc(addr)
        assert bytes(doc.get_first(S.STORED_TEXT)).decode("utf-8") == text
        assert "text" not in load_stored(doc, text=False)
        assert load_stored(doc)["text"] == text
        reader = StoredReader(searcher)
        assert "text" not in reader.read(addr, text=False)[1]
        assert reader.read(addr)[1]["text"] == text
        bare = ix.search("عنوان", snippets=False).hits[0]
        assert (bare.title, bare.url, bare.snippet) == ("عنوان", "https://a.example/", [])


def kavosh_all():
    import tantivy
    return tantivy.Query.all_query()


def test_a_collapsed_quoted_query_reads_one_member_of_a_group_holding_the_phrase_up_to_the_page(index):
    from kavosh.index.stats import IndexStats
    from kavosh.index.store import StoredReader
    from kavosh.query.plan import make_plan
    from kavosh.search.exact import WINDOW, exact_preference
    from kavosh.search.ranking import build_query

    class Counting(StoredReader):
        reads = 0

        def read(self, address, text=True):
            self.reads += 1
            return super().read(address, text)

    with kavosh.Index(index, create=False) as ix:
        searcher = ix.opened.index.searcher()
        plan = make_plan('"خبر تهران"', ix.analyzer, IndexStats(ix.opened, ix.analyzer, searcher), limit=10)
        query = build_query(ix.opened.schema, plan, searcher)
        kept, _, _ = _brute(searcher, query)  # every document holds the phrase as written: no re-ordering
        reader = Counting(searcher)
        page = C.page(searcher, ix.opened.schema, query, 10, 0, True, exact_preference(reader, plan), None, reader)
        assert [(s, (a.segment_ord, a.doc), g) for s, a, g in page.hits] == kept[:10]
        ranked = sorted(searcher.search(query, limit=200).hits,
                        key=lambda h: (-h[0], id_order(searcher.doc(h[1]).get_first(S.ID))))[:WINDOW]
        groups = set(searcher.fast_field_values(S.DUP_GROUP, [a for _, a in ranked]))
        # the first member of each group read, not its copies, and only until the page's ten groups hold it
        assert reader.reads == min(10, len(groups)) < WINDOW


@pytest.fixture(scope="module")
def joiners_elsewhere(build_index):
    """60 distinct stories holding «الف» and 20 stories copied twice that do not: the index has joiners, no
    match has a near-duplicate."""
    rng = random.Random(9)
    docs = [{"id": f"u{i:02d}", "title": f"یادداشت {i}", "text": "الف " + " ".join(rng.choice(WORDS) for _ in range(120))
             + f" شماره {i}"} for i in range(60)]
    for g in range(20):
        text = "گزارش " + " ".join(rng.choice(WORDS) for _ in range(120)) + f" نوبت {g}"
        docs += [{"id": f"c{g:02d}-{c}", "title": f"خبر {g}", "text": text} for c in range(2)]
    return build_index("collapse-joiners-elsewhere", docs)


def test_over_track_total_the_total_is_a_lower_bound(joiners_elsewhere, monkeypatch):
    with kavosh.Index(joiners_elsewhere, create=False) as ix:
        searcher = ix.opened.index.searcher()
        assert searcher.doc_freq(S.DUP_JOINED, 1) == 20  # the copies joined their stories' groups
        exact = ix.search("الف", limit=10)
        assert (exact.total, exact.matched, exact.total_exact, exact.total_lower_bound) == (60, 60, True, False)
        monkeypatch.setattr(C, "TRACK_TOTAL", 50)  # 60 matches: over it, the total is not counted
        bound = ix.search("الف", limit=10)
        assert [h.id for h in bound.hits] == [h.id for h in exact.hits]
        # the core's bound: the 50 distinct results among the first 50 matches (above matched - joiners = 40);
        # without the core (KAVOSH_PURE_PYTHON=1) tantivy-py's: matched - joiners (collapse.lower_bound)
        want = 50 if compiled_extension() is not None else 40
        assert (bound.total, bound.matched, bound.total_exact, bound.total_lower_bound) == (want, 60, False, True)
        assert bound.to_dict()["total_lower_bound"] is True and bound.total <= exact.total
        # (without the core the windows of the later pages hold all 60 matches: their own exact count)
        assert [ix.search("الف", limit=n, offset=o).total for n, o in ((1, 0), (10, 20), (100, 0))] == \
            ([50, 50, 50] if want == 50 else [40, 60, 60])
        page = C.page(searcher, ix.opened.schema, tantivy.Query.term_query(ix.opened.schema, S.BODY_TERMS, "الف"),
                      10, 0)  # tantivy-py's: matched - joiners
        assert (page.total, page.exact, page.bound) == (40, False, True)


def test_a_lower_bound_is_shown_as_at_least(joiners_elsewhere, monkeypatch, capsys):
    from kavosh.cli.search import print_results

    monkeypatch.setattr(C, "TRACK_TOTAL", 50)
    with kavosh.Index(joiners_elsewhere, create=False) as ix:
        print_results(ix.search("الف", limit=10), color=False)
    want = 50 if compiled_extension() is not None else 40  # the core's bound, or tantivy-py's (above)
    assert f"at least {want} results" in capsys.readouterr().out
