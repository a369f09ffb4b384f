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
