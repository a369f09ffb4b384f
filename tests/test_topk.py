"""The ranked page's top-k search in the core (``kavosh._core.TopSearcher``, block-max WAND:
:mod:`kavosh.search.topk`) against its specification, tantivy-py's exhaustive search: the same pages
(ids, order, scores within 1e-4, totals, similar counts) for dev queries, collapsed and not, on an index
with near-duplicates; and a query's total is the same for every page size and page."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest

import kavosh
import importlib
from kavosh.analysis import Analyzer
from kavosh.search import topk

core = pytest.importorskip("kavosh._core")
if os.environ.get("KAVOSH_PURE_PYTHON") or Analyzer()._core is None or not hasattr(core, "TopSearcher"):
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)

CATEGORIES = ("علم", "ادب", "تاریخ")
"""A keyword field given to the passages in turn, for queries that filter (run on tantivy-py)."""

QUERIES = 120
"""Dev queries of parsinlu_rc compared, each as three page kinds."""


@pytest.fixture(scope="module")
def index(shared_data: Path, run_kavosh, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """parsinlu_rc's 1,267 passages, and two near-duplicate copies (a word added) of each of the first 300."""
    root = tmp_path_factory.mktemp("topk")
    with open(shared_data / "parsinlu_rc" / "corpus.jsonl", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f]
    recs += [{**r, "_id": f"{r['_id']}-copy{k}", "text": r["text"] + (" گزارش" * k)}
             for k in (1, 2) for r in recs[:300]]
    recs = [{**r, "category": CATEGORIES[i % 3]} for i, r in enumerate(recs)]
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    proc = run_kavosh("index", corpus, "--index", root / "ix", "--quiet", timeout=600)
    assert proc.returncode == 0, proc.stderr
    return root / "ix"


@pytest.fixture(scope="module")
def queries(shared_data: Path) -> list[str]:
    with open(shared_data / "parsinlu_rc" / "queries.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in itertools.islice(f, QUERIES)]


def _pages(ix: kavosh.Index, q: str) -> list:
    out = []
    for kw in ({"limit": 10, "collapse": False}, {"limit": 10, "collapse": True},
               {"limit": 5, "offset": 10, "collapse": True}):
        r = ix.search(q, snippets=False, **kw)
        out.append(([(h.id, h.score, h.similar) for h in r.hits], r.total, r.total_exact, r.total_lower_bound))
    return out


def test_the_core_top_k_gives_the_pages_of_tantivy_py(index: Path, queries: list[str], monkeypatch):
    calls = []
    real = topk.FastSearch.search

    def counted(self, limit, count=False):
        got = real(self, limit, count)
        calls.append(got is not None)
        return got

    monkeypatch.setattr(topk.FastSearch, "search", counted)
    monkeypatch.setattr(topk, "RANK_IN_CORE", True)
    monkeypatch.setattr(topk, "CORE_MIN_MATCHES", 0)  # every covered query, however few its matches
    with kavosh.Index(index, create=False) as ix:
        fast = [_pages(ix, q) for q in queries]
        assert sum(calls) > 2 * QUERIES and all(calls)  # the core ran, on the commit tantivy-py sees
        monkeypatch.setattr(importlib.import_module("kavosh.search.execute"), "fast_search", lambda *a: None)
        slow = [_pages(ix, q) for q in queries]
    similar_seen = 0
    for q, f, s in zip(queries, fast, slow, strict=True):
        for (fh, ft, fe, fb), (sh, st, se, sb) in zip(f, s, strict=True):
            assert [(i, n) for i, _, n in fh] == [(i, n) for i, _, n in sh], q
            assert all(abs(a - b) <= 1e-4 for (_, a, _), (_, b, _) in zip(fh, sh, strict=True)), q
            similar_seen += sum(n for _, _, n in fh)
            if fe and se:  # both exact: equal (the core counts every group; tantivy-py estimated some)
                assert ft == st, q
    assert similar_seen > 50  # the copies were grouped and collapsed


def test_the_core_ranks_a_query_when_it_matches_at_least_core_min_matches(index: Path, queries: list[str],
                                                                         monkeypatch):
    """The rule (:data:`kavosh.search.topk.CORE_MIN_MATCHES`): the core ranks the queries matching at least
    that many documents by block-max WAND, and those its leaves' document frequencies say match fewer by its
    one scoring pass (which counts them too); tantivy-py the others; the pages are the same either way
    (above, and below for the one pass)."""
    calls: list[tuple[bool, int, bool]] = []
    real = topk.FastSearch.search

    def recorded(self, limit, count=False):
        first = self._counts is None
        got = real(self, limit, count)
        calls.append((got is not None, self.counts()[0], first and self._groups is not None))
        return got

    monkeypatch.setattr(topk.FastSearch, "search", recorded)
    monkeypatch.setattr(topk, "CORE_MIN_MATCHES", 400)
    with kavosh.Index(index, create=False) as ix:
        for q in queries[:40]:
            r = ix.search(q, limit=10, snippets=False)
            assert calls and calls[-1][1] == r.matched, q  # the core's count is the page's
    assert all(ranked == (matched >= 400 or one_pass) for ranked, matched, one_pass in calls)
    assert all(matched < 400 for _, matched, one_pass in calls if one_pass)
    assert {(ranked, one_pass) for ranked, _, one_pass in calls} == {(True, False), (True, True), (False, False)}
    assert topk.RANK_IN_CORE  # on by default: the rule decides


def test_the_one_pass_gives_the_pages_of_tantivy_py_exactly(index: Path, queries: list[str], monkeypatch):
    """Below :data:`kavosh.search.topk.CORE_MIN_MATCHES` (every query here) the core's one pass ranks, counts
    and counts the shown groups' matches: its pages are tantivy-py's to the last bit of every score (the
    same scorer over the same leaves), and so are the totals and the similar counts."""
    passes = []
    real = topk.FastSearch.search

    def recorded(self, limit, count=False):
        first = self._counts is None
        got = real(self, limit, count)
        passes.append(first and self._groups is not None)
        return got

    monkeypatch.setattr(topk.FastSearch, "search", recorded)
    with kavosh.Index(index, create=False) as ix:
        fast = [_pages(ix, q) for q in queries]
        assert sum(passes) > 2 * QUERIES  # the one pass ran
        monkeypatch.setattr(importlib.import_module("kavosh.search.execute"), "fast_search", lambda *a: None)
        slow = [_pages(ix, q) for q in queries]
    assert fast == slow
    assert sum(n for f in fast for hits, *_ in f for _, _, n in hits) > 50  # the copies were grouped


def test_the_count_stops_past_track_total_and_the_pages_stay_the_same(index: Path, queries: list[str],
                                                                     monkeypatch):
    """:data:`kavosh.search.topk.STOP_COUNT`: the core stops counting past ``max(TRACK_TOTAL, CORE_MIN_MATCHES)``
    matches (here 60), as Elasticsearch's ``track_total_hits``: the pages (ids, order, scores, similar counts)
    are those of the full count, on every page kind and deep past the stop; a total that changes is a
    lower bound (flagged, never above the full count's), and so are the matches."""
    collapse = importlib.import_module("kavosh.search.collapse")
    monkeypatch.setattr(collapse, "TRACK_TOTAL", 60)
    monkeypatch.setattr(topk, "CORE_MIN_MATCHES", 0)
    kinds = ({"limit": 10}, {"limit": 10, "collapse": False}, {"limit": 10, "offset": 80},
             {"limit": 10, "offset": 80, "collapse": False}, {"limit": 100, "offset": 100})

    def pages(ix):
        return [[ix.search(q, snippets=False, **kw) for kw in kinds] for q in queries[:40]]

    with kavosh.Index(index, create=False) as ix:
        monkeypatch.setattr(topk, "STOP_COUNT", False)
        full = pages(ix)
        monkeypatch.setattr(topk, "STOP_COUNT", True)
        stopped = pages(ix)
    bounds = 0
    for q, f, s in zip(queries, full, stopped):
        for a, b in zip(f, s, strict=True):
            assert [(h.id, h.score, h.similar) for h in a.hits] == [(h.id, h.score, h.similar) for h in b.hits], q
            if (a.total, a.matched) != (b.total, b.matched):
                assert b.total_lower_bound and not b.total_exact, q
                assert b.total <= a.total and 60 <= b.matched <= a.matched, q
                bounds += 1
            else:
                assert (a.total_exact, a.total_lower_bound) == (b.total_exact, b.total_lower_bound) or b.total_lower_bound
    assert bounds > 20  # the count did stop


PAGES = ((1, 0), (2, 0), (10, 0), (100, 0), (10, 10), (10, 20), (10, 290))
"""(limit, offset) of the pages whose totals must agree (the last past the end of most lists)."""


def test_a_total_is_the_same_for_every_page_size_and_page(index: Path, queries: list[str]):
    with kavosh.Index(index, create=False) as ix:
        for q in queries[:30]:
            seen = {(r.total, r.total_exact, r.total_lower_bound)
                    for r in (ix.search(q, limit=n, offset=o, snippets=False) for n, o in PAGES)}
            assert len(seen) == 1, (q, seen)
            (total, exact, bound), = seen
            assert exact and not bound  # fewer than TRACK_TOTAL matches: counted exactly
            every = ix.search(q, limit=1000, snippets=False)
            assert total == len(every.hits), q  # the collapsed list itself


def test_a_total_on_tantivy_py_is_the_same_for_every_page_size_and_page(index: Path, queries: list[str]):
    """Filters, required and excluded words run on tantivy-py: their totals (and whether they are exact,
    the page's «حدود») do not move with the page either."""
    word = "زبان"
    with kavosh.Index(index, create=False) as ix:
        for q in (f"category:{CATEGORIES[0]}", f"{word} category:{CATEGORIES[1]}", f"+{word} سرائیکی",
                  f"{word} -سرائیکی", "+الفبای فارسی", "+گزارش"):
            results = [ix.search(q, limit=n, offset=o, snippets=False) for n, o in PAGES]
            seen = {(r.total, r.total_exact, r.total_lower_bound) for r in results}
            assert len(seen) == 1, (q, seen)
            (total, exact, _), = seen
            assert total > 0, q
            if exact:
                assert total == len(ix.search(q, limit=1000, snippets=False).hits), q


def test_flat_leaves_leaves_required_words_and_filters_to_tantivy_py(index: Path):
    from kavosh.index.stats import IndexStats
    from kavosh.query.plan import make_plan

    with kavosh.Index(index, create=False) as ix:
        stats = IndexStats(ix._opened, ix.analyzer)
        plans = {q: make_plan(q, ix.analyzer, stats) for q in ("زبان سرائیکی", "+زبان سرائیکی", "زبان -سرائیکی")}
    assert topk.flat_leaves(plans["زبان سرائیکی"]) is not None
    assert topk.flat_leaves(plans["+زبان سرائیکی"]) is None
    assert topk.flat_leaves(plans["زبان -سرائیکی"]) is None


def test_core_errors_are_python_exceptions(index: Path, tmp_path: Path):
    with pytest.raises(OSError, match="cannot open the index"):
        core.TopSearcher(str(tmp_path / "nothing"))
    snap = core.TopSearcher(str(index)).snapshot()
    with pytest.raises(ValueError, match='no text field "nope"'):
        snap.top([("nope", [(0, "x")], [])], 10)
    with pytest.raises(ValueError, match="needs 1 terms, got 0"):
        snap.top([("body_terms", [], [])], 10)
    with pytest.raises(ValueError, match='no text field "nope"'):
        snap.count([("nope", [(0, "x")], [])], "dup_group", 10)
    # the snapshot names its commit as tantivy's meta.json does
    assert snap.commit() == topk.commit_of((index / "meta.json").read_bytes())
    t = __import__("tantivy").Index.open(str(index)).searcher()
    assert snap.shape == (t.num_segments, t.num_docs)


# ---------------------------------------------------------------- writes, then searches (the core's commit)

WITNESS = {"id": "w", "text": "کبوتر سپید بر بام خانه نشست"}
"""A document that always matches the query, so that the query is never "corrected" to another word."""


@pytest.fixture(params=["ranked in the core", "counted in the core"])
def core_calls(request, monkeypatch) -> list[int]:
    """One entry per search the core answered: the hits of its top-k (``RANK_IN_CORE`` on), or its
    count of matches (off: tantivy-py ranks, the core counts the collapsed total)."""
    calls: list[int] = []
    ranked = request.param == "ranked in the core"
    monkeypatch.setattr(topk, "RANK_IN_CORE", ranked)
    monkeypatch.setattr(topk, "CORE_MIN_MATCHES", 0)
    if ranked:
        real = topk.FastSearch.search

        def searched(self, limit, count=False):
            got = real(self, limit, count)
            calls.append(len(got[0]))
            return got

        monkeypatch.setattr(topk.FastSearch, "search", searched)
    else:
        real_counts = topk.FastSearch.counts

        def counted(self, limit=None):
            got = real_counts(self, limit)
            calls.append(got[0])
            return got

        monkeypatch.setattr(topk.FastSearch, "counts", counted)
    return calls


def _seen(ix: kavosh.Index, calls: list[int], q: str = "کبوتر") -> tuple[set[str], int]:
    """The ids and the collapsed total of ``q`` on ``ix``, checking that the core searched it."""
    before = len(calls)
    r = ix.search(q, limit=10, snippets=False)
    assert len(calls) > before, "the core did not search this commit"
    assert r.total_exact and not r.total_lower_bound
    assert r.matched == r.total  # no near-duplicates here: the core's count is the number of matches
    return {h.id for h in r.hits}, r.total


def _write_then_search(tmp_path: Path, calls: list[int], reader) -> None:
    """Add, replace, delete by id, add files, change a file (its source's documents replaced) and remove
    one (deleted by source, ``prune``), each committed by a long-lived writer and then searched through
    ``reader(writer)`` (an :class:`kavosh.Index`), which must see it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    with kavosh.Index(tmp_path / "ix") as w:
        w.add([WITNESS, {"id": "a", "text": "طاووس در باغ"}])
        w.commit()
        assert _seen(reader(w), calls) == ({"w"}, 1)
        w.add({"id": "c", "text": "کبوتر و طاووس در باغ"})  # add
        w.commit()
        assert _seen(reader(w), calls) == ({"w", "c"}, 2)
        w.add({"id": "a", "text": "کبوتر نامه بر"})  # replace
        w.commit()
        assert _seen(reader(w), calls) == ({"w", "c", "a"}, 3)
        assert _seen(reader(w), calls, "طاووس") == ({"c"}, 1)
        w.delete("c")  # delete by id
        w.commit()
        assert _seen(reader(w), calls) == ({"w", "a"}, 2)
        (docs / "f1.txt").write_text("کبوتر جلد در قفس", encoding="utf-8")
        (docs / "f2.txt").write_text("کبوتر چاهی در برج", encoding="utf-8")
        w.add_paths([docs])
        assert _seen(reader(w), calls) == ({"w", "a", "f1.txt", "f2.txt"}, 4)
        (docs / "f1.txt").write_text("شاهین در قفس", encoding="utf-8")  # the source's document replaced
        w.add_paths([docs])
        assert _seen(reader(w), calls) == ({"w", "a", "f2.txt"}, 3)
        (docs / "f2.txt").unlink()  # the source's documents deleted
        w.add_paths([docs], prune=True)
        assert _seen(reader(w), calls) == ({"w", "a"}, 2)
        w.delete("a")
        w.add({"id": "d", "text": "کبوتر"})  # a delete and an add in one commit
        w.commit()
        assert _seen(reader(w), calls) == ({"w", "d"}, 2)


def test_the_writer_searches_each_commit_it_makes(tmp_path: Path, core_calls: list[int]):
    _write_then_search(tmp_path, core_calls, lambda w: w)


def test_a_long_lived_reader_searches_each_commit_another_index_object_makes(tmp_path: Path,
                                                                           core_calls: list[int]):
    readers: list[kavosh.Index] = []

    def reader(w: kavosh.Index) -> kavosh.Index:
        if not readers:
            readers.append(kavosh.Index(w.path, create=False))
        return readers[0]

    try:
        _write_then_search(tmp_path, core_calls, reader)
    finally:
        for r in readers:
            r.close()


def test_a_fresh_reader_searches_each_commit(tmp_path: Path, core_calls: list[int]):
    opened: list[kavosh.Index] = []

    def reader(w: kavosh.Index) -> kavosh.Index:
        opened.append(kavosh.Index(w.path, create=False))
        return opened[-1]

    try:
        _write_then_search(tmp_path, core_calls, reader)
    finally:
        for r in opened:
            r.close()


def test_an_older_searcher_is_never_paired_with_the_core(tmp_path: Path):
    from kavosh.index.stats import IndexStats
    from kavosh.query.plan import make_plan

    with kavosh.Index(tmp_path / "ix") as ix:
        ix.add(WITNESS)
        ix.commit()
        old = topk.current_searcher(ix.opened)
        assert topk.current_searcher(ix.opened) is old  # no commit since: the same searcher
        plan = make_plan("کبوتر", ix.analyzer, IndexStats(ix.opened, ix.analyzer, old))
        assert topk.fast_search(ix.opened, plan, old) is not None
        ix.add({"id": "x", "text": "کبوتر"})
        ix.commit()
        new = topk.current_searcher(ix.opened)
        assert new is not old and new.num_docs == 2
        assert topk.fast_search(ix.opened, plan, old) is None  # its commit is not the core's any more
        assert topk.fast_search(ix.opened, plan, new) is not None
        assert topk.fast_search(ix.opened, plan, ix.opened.index.searcher()) is None  # not pinned


def test_the_counting_query_matches_what_the_ranked_query_matches(index: Path, queries: list[str]):
    """:func:`kavosh.search.ranking.bonus_adds_no_match`: when it holds, the query without the exact-phrase
    bonus (what the shown groups' matches and the total are counted with) matches the very documents the
    ranked query matches; it holds for the plain dev queries, and not when the bonus's terms are no
    top-level clause (a bracketed group)."""
    import tantivy

    from kavosh.index.stats import IndexStats
    from kavosh.query.plan import make_plan
    from kavosh.search.ranking import bonus_adds_no_match, build_query

    with kavosh.Index(index, create=False) as ix:
        searcher = ix._opened.index.searcher()
        stats = IndexStats(ix._opened, ix.analyzer)
        held = 0
        for q in queries[:60]:
            plan = make_plan(q, ix.analyzer, stats)
            if not bonus_adds_no_match(plan):
                continue
            held += 1
            docs = []
            for bonus in (True, False):
                query = tantivy.Query.const_score_query(build_query(ix._opened.schema, plan, searcher, bonus), 1.0)
                found = searcher.search(query, limit=searcher.num_docs or 1, count=True)
                docs.append((found.count, sorted((a.segment_ord, a.doc) for _, a in found.hits)))
            assert docs[0] == docs[1] and docs[0][0] > 0, q
        assert held >= 55
        grouped = make_plan("(زبان AND فارسی) OR (سرائیکی AND گزارش)", ix.analyzer, stats)
        assert not bonus_adds_no_match(grouped)
