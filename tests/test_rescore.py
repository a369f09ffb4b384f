"""The exact-phrase bonus as a rescoring of the first ranked hits (:mod:`kavosh.search.rescore`): the core and
tantivy-py give a hit the same phrase score, the rescored window holds the first pass's best hits scored as
the phrase clause scored them, and hits below it keep the first pass's order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tantivy

import kavosh
from kavosh.index import schema as S
from kavosh.index.stats import IndexStats
from kavosh.index.store import StoredReader
from kavosh.query.plan import make_plan
from kavosh.search import rescore as R
from kavosh.search.proximity import by_score_then_id, ranked
from kavosh.search.ranking import build_query
from kavosh.search.topk import current_searcher, pinned_snapshot


@pytest.fixture(scope="module")
def queries(shared_data: Path) -> list[str]:
    """Hamshahri's 30 dev queries (2–4 words: their phrase is often held) and three of them as questions."""
    with open(shared_data / "hamshahri" / "queries.jsonl", encoding="utf-8") as f:
        qs = [json.loads(line)["text"] for line in f]
    return qs + ["آلودگی هوای تهران چیست", "وضعیت بازار مسکن در تهران", "تاریخ جنگ ایران و عراق"]


def _plans(ix: kavosh.Index, queries: list[str]):
    stats = IndexStats(ix._opened, ix.analyzer)
    return [(q, make_plan(q, ix.analyzer, stats)) for q in queries]



@pytest.fixture(autouse=True)
def rescoring_on(monkeypatch):
    """The rescoring is off by default (``rescore.RESCORE``); these tests check it switched on."""
    monkeypatch.setattr(R, "RESCORE", True)


def test_the_core_and_tantivy_py_give_a_hit_the_same_phrase_score(hamshahri_index: Path, queries: list[str]):
    with kavosh.Index(hamshahri_index, create=False) as ix:
        opened = ix._opened
        searcher = current_searcher(opened)
        snapshot = pinned_snapshot(opened, searcher)
        if snapshot is None:
            pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set")
        stored = StoredReader(searcher)
        held = 0
        for q, plan in _plans(ix, queries):
            if not R.rescored(plan):
                continue
            first = build_query(opened.schema, plan, searcher, bonus=False)
            addrs = [a for _, a in searcher.search(first, limit=R.WINDOW).hits]
            core = R.phrase_rescorer(searcher, opened.schema, plan, stored, snapshot)(addrs)
            py = R.phrase_rescorer(searcher, opened.schema, plan, stored, None)(addrs)
            assert len(core) == len(py) == len(addrs), q
            assert all(abs(a - b) <= 1e-4 for a, b in zip(core, py, strict=True)), (q, core, py)
            held += sum(1 for x in core if x > 0)
        assert held >= 40  # documents holding their query's phrase were scored, not only zeros


def test_the_rescored_window_is_the_first_pass_best_scored_as_the_phrase_clause_scored_them(
        hamshahri_index: Path, queries: list[str]):
    with kavosh.Index(hamshahri_index, create=False) as ix:
        opened = ix._opened
        searcher = opened.index.searcher()
        stored = StoredReader(searcher)
        moved = 0
        for q, plan in _plans(ix, queries):
            if not R.rescored(plan):
                continue
            first = build_query(opened.schema, plan, searcher, bonus=False)
            clause = build_query(opened.schema, plan, searcher)  # the phrase as a clause, as before
            rescore = R.phrase_rescorer(searcher, opened.schema, plan, stored)
            plain, _ = ranked(searcher, first, 150)
            hits, _ = ranked(searcher, first, 150, rescore=rescore)
            window = min(R.WINDOW, len(plain))
            head = {(a.segment_ord, a.doc) for _, a in hits[:window]}
            assert head == {(a.segment_ord, a.doc) for _, a in plain[:window]}, q  # the same documents
            assert [(s, a.segment_ord, a.doc) for s, a in hits[window:]] == \
                [(s, a.segment_ord, a.doc) for s, a in plain[window:]], q  # below: unchanged
            as_clause = R.restricted_scores(searcher, opened.schema, stored, [a for _, a in hits[:window]], clause)
            for s, a in hits[:window]:
                assert abs(s - as_clause[(a.segment_ord, a.doc)]) <= 1e-4, q
            assert [h[0] for h in hits] == sorted((h[0] for h in hits), reverse=True), q
            assert hits[:window] == by_score_then_id(stored, hits[:window]), q  # ties by id
            moved += [a for _, a in hits[:10]] != [a for _, a in plain[:10]]
        assert moved >= 10  # the bonus re-orders the first page of many queries


def test_a_plan_whose_phrase_adds_matches_keeps_it_as_a_clause(hamshahri_index: Path):
    with kavosh.Index(hamshahri_index, create=False) as ix:
        stats = IndexStats(ix._opened, ix.analyzer)
        grouped = make_plan("(تهران AND هوا) OR (آلودگی AND شهر)", ix.analyzer, stats)
        assert not R.rescored(grouped)
        assert R.phrase_rescorer(ix._opened.index.searcher(), ix._opened.schema, grouped, None) is None
        assert not R.rescored(make_plan("تهران", ix.analyzer, stats))  # one term: no phrase at all


def test_pages_are_the_same_whatever_their_size(hamshahri_index: Path, queries: list[str]):
    """The rescored head does not depend on how deep a page looks: the first 10 of a page of 150 (the
    window and past it) are the page of 10, collapsed or not."""
    with kavosh.Index(hamshahri_index, create=False) as ix:
        for q in queries:
            for collapse in (False, True):
                small = [h.id for h in ix.search(q, limit=10, collapse=collapse, snippets=False).hits]
                big = [h.id for h in ix.search(q, limit=150, collapse=collapse, snippets=False).hits]
                assert big[:10] == small, (q, collapse)


def test_restricted_scores_reads_only_the_documents_asked(hamshahri_index: Path):
    with kavosh.Index(hamshahri_index, create=False) as ix:
        searcher = ix._opened.index.searcher()
        stored = StoredReader(searcher)
        q = tantivy.Query.term_query(ix._opened.schema, S.BODY_TERMS, "تهران")
        hits = searcher.search(q, limit=30).hits
        asked = [a for _, a in hits[::3]]
        got = R.restricted_scores(searcher, ix._opened.schema, stored, asked, q)
        assert set(got) == {(a.segment_ord, a.doc) for a in asked}
        by_addr = {(a.segment_ord, a.doc): s for s, a in hits}
        assert all(abs(got[k] - by_addr[k]) <= 1e-5 for k in got)
        assert R.restricted_scores(searcher, ix._opened.schema, stored, [], q) == {}


LONG = ["آلودگی هوای تهران در فصل زمستان چقدر است", "وضعیت بازار مسکن در شهر تهران چگونه است",
        "تاریخ جنگ ایران و عراق در چه سالی آغاز شد"]
"""Questions of six or more terms (:data:`kavosh.search.rescore.MIN_TERMS_IN_CORE`)."""


def test_with_core_only_a_long_phrase_the_core_ranks_is_rescored(hamshahri_index: Path, queries: list[str],
                                                                    monkeypatch):
    """``RESCORE = "core"``: at the default :data:`kavosh.search.topk.CORE_MIN_MATCHES` (20,000, more than
    Hamshahri's 5,375 documents) every page is the clause's; with every covered query ranked in the core
    (``CORE_MIN_MATCHES = 0``), a phrase of six terms or more gets the pages of ``RESCORE = True`` and a
    shorter one the clause's."""
    import importlib

    from kavosh.search import topk as T
    from kavosh.search.ranking import proximity_terms

    execute = importlib.import_module("kavosh.search.execute")
    forced: list[str] = []
    real = execute.phrase_rescorer

    def spy(*args, **kw):
        got = real(*args, **kw)
        if kw.get("force") and got is not None:
            forced.append("x")
        return got

    monkeypatch.setattr(execute, "phrase_rescorer", spy)
    with kavosh.Index(hamshahri_index, create=False) as ix:
        if pinned_snapshot(ix._opened, current_searcher(ix._opened)) is None:
            pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set")

        def pages(mode, qs):
            monkeypatch.setattr(R, "RESCORE", mode)
            forced.clear()
            got = [[(h.id, h.score) for h in ix.search(q, limit=10, snippets=False).hits] for q in qs]
            return got, len(forced)

        def same(a, b):
            return all([i for i, _ in x] == [i for i, _ in y] and
                       all(abs(s - t) <= 1e-4 for (_, s), (_, t) in zip(x, y, strict=True))
                       for x, y in zip(a, b, strict=True))

        plans = _plans(ix, LONG + queries)
        long = [q for q, p in plans if R.rescorable(p) and len(proximity_terms(p)) >= R.MIN_TERMS_IN_CORE]
        short = [q for q, p in plans if q not in long]
        assert set(LONG) <= set(long) and len(short) >= 20
        clause, _ = pages(False, long + short)
        core, n = pages("core", long + short)
        assert n == 0 and same(core, clause)  # no query reaches 20,000 matches
        monkeypatch.setattr(T, "CORE_MIN_MATCHES", 0)
        core, n = pages("core", short)
        assert n == 0 and same(core, pages(False, short)[0])
        core, n = pages("core", long)
        assert n == len(long) and same(core, pages(True, long)[0])


def test_match_bound_bounds_the_count(hamshahri_index: Path, queries: list[str]):
    """:func:`kavosh.search.topk.match_bound` (the core's ``Snapshot::match_bound``) is at least the count,
    and for one term its document frequency."""
    from kavosh.search import topk as T

    with kavosh.Index(hamshahri_index, create=False) as ix:
        opened = ix._opened
        searcher = current_searcher(opened)
        if pinned_snapshot(opened, searcher) is None:
            pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set")
        for q, plan in _plans(ix, queries + LONG):
            fast = T.fast_search(opened, plan, searcher)
            if fast is None:
                continue
            assert T.match_bound(searcher, fast._leaves) >= fast.counts()[0] > 0, q
            assert T.match_bound(searcher, fast._leaves) == T.match_bound(searcher, fast._bare or fast._leaves), q
        leaf = [(S.BODY_TERMS, [(0, "تهران")], [])]
        assert T.match_bound(searcher, leaf) == searcher.doc_freq(S.BODY_TERMS, "تهران") > 100
