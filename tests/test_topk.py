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


def test_a_total_is_the_same_for_every_page_size_and_page(index: Path, queries: list[str]):
    with kavosh.Index(index, create=False) as ix:
        for q in queries[:30]:
            seen = {(r.total, r.total_exact, r.total_lower_bound)
                    for r in (ix.search(q, limit=n, offset=o, snippets=False)
                              for n, o in ((1, 0), (2, 0), (10, 0), (100, 0), (10, 10), (10, 20)))}
            assert len(seen) == 1, (q, seen)
            (total, exact, bound), = seen
            assert exact and not bound  # fewer than TRACK_TOTAL matches: counted exactly
            every = ix.search(q, limit=1000, snippets=False)
            assert total == len(every.hits), q  # the collapsed list itself


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
    s = core.TopSearcher(str(index))
    import tantivy
    t = tantivy.Index.open(str(index)).searcher()
    shape = (t.num_segments, t.num_docs)
    with pytest.raises(ValueError, match='no text field "nope"'):
        s.top([("nope", [(0, "x")], [])], 10, shape)
    with pytest.raises(ValueError, match="needs 1 terms, got 0"):
        s.top([("body_terms", [], [])], 10, shape)
    assert s.top([("body_terms", [(0, "x")], [])], 10, (shape[0] + 1, shape[1])) is None  # no such commit
