"""The query plans are the same with the compiled searches of the query stage (the speller's candidates,
names' Latin spellings, Finglish readings: ``kavosh._core``) as with their Python specifications: every
Hamshahri topic and its Finglish, typo, sound-alike and wrong-layout forms (``benchmarks/query_forms.py``),
planned both ways against the same index, give equal :class:`~kavosh.query.plan.QueryPlan` objects."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

import kavosh
from kavosh.analysis.normalize import compiled_extension
from kavosh.index.stats import IndexStats
from kavosh.query import choose as C
from kavosh.query import memo
from kavosh.query import plan as P
from kavosh.query import speller as S
from kavosh.query.cores import extension, per_table
from kavosh.query.parse import QuerySyntaxError

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")


def _plans(queries, ix) -> list:
    out = []
    for q in queries:
        try:
            out.append(P.make_plan(q, ix.analyzer, IndexStats(ix._opened, ix.analyzer)))
        except QuerySyntaxError as e:
            out.append(("refused", str(e)))
    return out


def test_plans_of_the_topics_and_their_forms(shared_data, hamshahri_index, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "query_forms", Path(__file__).resolve().parent.parent / "benchmarks" / "query_forms.py")
    qf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qf)
    ix = kavosh.Index(hamshahri_index, create=False)
    rng = random.Random(9)
    topics = [json.loads(line)["text"] for line in (shared_data / "hamshahri" / "queries.jsonl").open(encoding="utf-8")]
    queries = []
    for t in topics:
        queries += [t, qf.to_finglish(t, rng), qf.to_typo(t, rng, ix.analyzer), qf.to_homophone(t, rng, ix.analyzer),
                    qf.to_layout(t, rng)]
    table = IndexStats(ix._opened, ix.analyzer).completions()
    assert C.index_vocabulary(IndexStats(ix._opened, ix.analyzer)).readings is not None
    assert S.core_candidates(table) is not None
    core = _plans(queries, ix)
    for name in ("core_latin_names", "core_readings"):
        monkeypatch.setattr(C, name, lambda table: None)
    monkeypatch.setattr(S, "core_candidates", lambda table: None)
    assert C.index_vocabulary(IndexStats(ix._opened, ix.analyzer)).readings is None
    memo.clear()  # no word's answer remembered from the core's plans (query/memo.py)
    python = _plans(queries, ix)
    assert len(core) == len(queries) == 150
    for q, a, b in zip(queries, core, python, strict=True):
        assert a == b, q
    assert sum(p.rewritten is not None or p.suggestion is not None for p in core if not isinstance(p, tuple)) > 30


def test_per_table_builds_once_per_table_and_drops_with_it(monkeypatch):
    import gc

    class Table:
        def __init__(self, words):
            self.words = words

    built = []

    @per_table
    def size(ext, table):
        """The table's size."""
        built.append((ext, table.words))
        return [len(table.words)]

    a, b = Table([1, 2, 3]), Table([4])
    first = size(a)
    assert first == [3] and size(a) is first  # the same object, built once
    assert size(b) == [1]
    assert built == [(compiled_extension(), [1, 2, 3]), (compiled_extension(), [4])]
    assert size.__name__ == "size" and size.__doc__ == "The table's size."
    del a
    gc.collect()
    assert size(Table([1, 2, 3])) == [3] and len(built) == 3  # a new table (generation) is built again
    monkeypatch.setenv("KAVOSH_PURE_PYTHON", "1")
    assert size(b) is None  # no core: the Python specification runs
    assert len(built) == 3


def test_extension_is_compiled_extension_read_each_call(monkeypatch):
    """query.cores.extension() answers as compiled_extension() does, the environment read at every call: set, set
    empty, unset, and os.environ replaced by another mapping."""
    import os

    assert extension() is compiled_extension() is not None
    monkeypatch.setenv("KAVOSH_PURE_PYTHON", "1")
    assert extension() is None and compiled_extension() is None
    monkeypatch.setenv("KAVOSH_PURE_PYTHON", "")
    assert extension() is compiled_extension() is not None
    monkeypatch.delenv("KAVOSH_PURE_PYTHON")
    assert extension() is compiled_extension() is not None
    monkeypatch.setattr(os, "environ", {"KAVOSH_PURE_PYTHON": "1"})
    assert extension() is None and compiled_extension() is None


def test_plans_are_the_same_through_the_plan_s_views(hamshahri_index):
    """make_plan through PlanAnalyzer/PlanStats gives the plans the plain analyzer and statistics give."""
    ix = kavosh.Index(hamshahri_index, create=False)
    queries = ["ایران", "تهران و اصفهان", "jivhk", "tehran", "ضلزله", "google", '"سازمان ملل"', "و", "پایتون"]

    def plans():
        out = []
        for q in queries:
            try:
                out.append(P.make_plan(q, ix.analyzer, IndexStats(ix._opened, ix.analyzer)))
            except QuerySyntaxError as e:
                out.append(str(e))
        return out

    viewed = plans()
    memo.clear()  # no word's answer remembered from the first plans (query/memo.py)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(P, "PlanAnalyzer", lambda a: a)
        mp.setattr(P, "PlanStats", lambda s, commit=None: s)  # no per-commit memo of counts either
        plain = plans()
    assert viewed == plain
    assert sum(isinstance(p, P.QueryPlan) and p.rewritten is not None for p in viewed) >= 2
