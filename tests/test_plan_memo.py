"""Per-word answers kept across plans (:mod:`kavosh.query.memo`): a plan is the same whether its words'
answers were worked out for it or remembered from earlier plans of the same commit, and the memo is
bounded and never shared between commits, tables or analyzers."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

import kavosh
from kavosh.index.stats import IndexStats
from kavosh.query import alternatives as A
from kavosh.query import memo as M
from kavosh.query import names as N
from kavosh.query import plan as P
from kavosh.query import rewrite as R
from kavosh.query import speller as S
from kavosh.query.parse import QuerySyntaxError, parse


@pytest.fixture(autouse=True)
def _forget():
    M.clear()
    yield
    M.clear()


def test_a_full_memo_empties_itself(monkeypatch):
    monkeypatch.setattr(M, "MAX_ENTRIES", 3)
    memo = M.Memo()
    for k in "abc":
        assert memo.put(k, k.upper()) == k.upper()
    assert dict(memo) == {"a": "A", "b": "B", "c": "C"}
    memo.put("d", "D")  # the fourth: emptied first, so never more than MAX_ENTRIES
    assert dict(memo) == {"d": "D"}


def test_one_memo_per_commit_analyzer_stage_and_table(monkeypatch):
    monkeypatch.setattr(M, "COMMITS", 2)
    s1, s2, s3, a, t = object(), object(), object(), object(), object()
    m = M.word_memo(s1, a, "split")
    assert M.word_memo(s1, a, "split") is m
    assert M.word_memo(s1, a, "names", t) is not m and M.word_memo(s1, a, "names", t) is M.word_memo(s1, a, "names", t)
    assert M.word_memo(s1, a, "names", object()) is not M.word_memo(s1, a, "names", t)  # another table
    assert M.word_memo(s1, object(), "split") is not m  # another analyzer
    assert M.word_memo(s2, a, "split") is not m  # another commit
    M.clear()
    m1, m2 = M.word_memo(s1, a, "split"), M.word_memo(s2, a, "split")
    m1.put("w", 1)
    assert M.word_memo(s1, a, "split") is m1  # s1 used last: s3 pushes out s2, the least recently used
    M.word_memo(s3, a, "split")
    assert len(M._slots) == 2
    assert M.word_memo(s1, a, "split") is m1 and m1["w"] == 1
    assert M.word_memo(s2, a, "split") is not m2  # forgotten: a new, empty memo


def test_compound_variants_are_the_same_from_the_memo():
    an = kavosh.Analyzer()
    vocab = {"قلم": 5, "چیز": 7, "تکیاخته": 3, "تک": 10, "یاخته": 4}
    held = lambda t: vocab.get(t, 0)
    searcher = object()
    memo = lambda: M.word_memo(searcher, an, "split")
    for query in ("قلمچیز", "تک یاختگان", "قلم چیز کتاب"):
        plain = R.add_compound_variants(parse(query, an), an, held)
        first = R.add_compound_variants(parse(query, an), an, held, memo)
        again = R.add_compound_variants(parse(query, an), an, held, memo)
        assert plain.clauses == first.clauses == again.clauses, query
    assert [c.alternatives for c in R.add_compound_variants(parse("قلمچیز", an), an, held, memo).clauses] == [
        [["قلم", "چیز"]]]
    assert [c.terms for c in R.add_compound_variants(parse("تک یاختگان", an), an, held, memo).clauses] == [
        ["تک"], ["یاخته"], ["تکیاخته"]]
    assert memo()["قلمچیز"] == (("قلم", "چیز"), True) and memo()[("تک", "یاختگان")] == (("تکیاخته",), True)


@pytest.mark.slow
def test_plans_are_the_same_with_the_words_remembered(shared_data, hamshahri_index, monkeypatch):
    """Every Hamshahri topic and its Finglish, typo, sound-alike and wrong-layout forms, planned with the memo
    emptied before each plan, then twice over with it kept (the second time every word's answer is
    remembered: no spelling in the other script is worked out again), give equal plans."""
    spec = importlib.util.spec_from_file_location(
        "query_forms", Path(__file__).resolve().parents[1] / "benchmarks" / "query_forms.py")
    qf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qf)
    ix = kavosh.Index(hamshahri_index, create=False)
    searcher = ix._opened.index.searcher()
    rng = random.Random(11)
    topics = [json.loads(line)["text"] for line in (shared_data / "hamshahri" / "queries.jsonl").open(encoding="utf-8")]
    queries = []
    for t in topics:
        queries += [t, qf.to_finglish(t, rng), qf.to_typo(t, rng, ix.analyzer), qf.to_homophone(t, rng, ix.analyzer),
                    qf.to_layout(t, rng)]

    def plans(cold: bool) -> list:
        out = []
        for q in queries:
            if cold:
                M.clear()
            try:
                out.append(P.make_plan(q, ix.analyzer, IndexStats(ix._opened, ix.analyzer, searcher)))
            except QuerySyntaxError as e:
                out.append(("refused", str(e)))
        return out

    cold = plans(True)
    warm = plans(False)
    worked, ranked, trusted = [], [], []
    real, rank, trust = N.other_script, S.Speller._rank, A.trusted_word
    monkeypatch.setattr(N, "other_script", lambda word, *a: worked.append(word) or real(word, *a))
    monkeypatch.setattr(S.Speller, "_rank", lambda self, key, *a: ranked.append(key) or rank(self, key, *a))
    monkeypatch.setattr(A, "trusted_word", lambda word, term, *a: trusted.append(term) or trust(word, term, *a))
    remembered = plans(False)
    assert cold == warm == remembered
    assert worked == []  # every word's spellings came from the memo
    assert ranked == []  # and every word's spelling candidates
    # and whether a word held more than RARE_COUNT times is held only through its stem (asked of every word)
    held = IndexStats(ix._opened, ix.analyzer, searcher).doc_freq
    assert trusted and [t for t in trusted if held(t) > S.RARE_COUNT] == []
    assert sum(bool(c.alternatives) for p in cold if isinstance(p, P.QueryPlan) for c in p.clauses) >= 20
