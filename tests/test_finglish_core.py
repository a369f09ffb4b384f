"""A Latin word's Persian readings in the compiled core (``kavosh._core.Readings``) are those of the Python
specification (``finglish.spellings`` over a vocabulary without the core), with the same costs and in the
same order: on the Hamshahri topics in Finglish (as ``benchmarks/query_forms.py`` writes them) and on
loanwords against that index's completion table, with the Finglish rules and the names' rules, as words and
as stems; and on hypothesis-generated vocabularies, words, beams and cost bounds."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import kavosh
from kavosh.analysis.normalize import compiled_extension
from kavosh.index.completions import CompletionTable
from kavosh.index.stats import IndexStats
from kavosh.query import finglish
from kavosh.query import readings as F
from kavosh.query.vocabulary import Vocabulary
from kavosh.query.names import MAX_COST_PER_LETTER, NAME_RULES

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")


def pair(table: CompletionTable) -> tuple[Vocabulary, Vocabulary]:
    """The vocabulary of ``table`` without the core (the specification) and with it."""
    core = F.core_readings(table)
    assert core is not None
    return Vocabulary(table.word_keys, table.lookup), Vocabulary(table.word_keys, table.lookup, readings=core)


def _query_forms():
    spec = importlib.util.spec_from_file_location(
        "query_forms", Path(__file__).resolve().parent.parent / "benchmarks" / "query_forms.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_finglish_topics_and_loanwords(shared_data, hamshahri_index):
    ix = kavosh.Index(hamshahri_index, create=False)
    table = IndexStats(ix._opened, ix.analyzer).completions()
    spec, core = pair(table)
    qf, rng = _query_forms(), random.Random(11)
    topics = [json.loads(line)["text"] for line in (shared_data / "hamshahri" / "queries.jsonl").open(encoding="utf-8")]
    words = {F.fold(w) for t in topics for w in qf.to_finglish(t, rng).split()}
    words |= {"google", "nokia", "python", "internet", "tehran", "daneshgah", "shabakehaye", "mamnoo", "kh"}
    found = 0
    for w in sorted(words):
        if not finglish._LATIN.match(w):
            continue
        for kwargs in ({}, {"stems": True}, {"beam": 4},
                       {"max_cost": MAX_COST_PER_LETTER * len(w), "rules": NAME_RULES}):
            want = F.spellings(w, spec, **kwargs)
            got = F.spellings(w, core, **kwargs)
            assert list(got.items()) == list(want.items()), (w, kwargs)
            found += bool(want)
        assert F.word_candidates(w, core, suffix="haye") == F.word_candidates(w, spec, suffix="haye")
    assert found > 50


@settings(max_examples=200, deadline=None)
@given(persian=st.lists(st.text("ابپتجچخدرزسشغفقکگلمنوهیع", min_size=1, max_size=6), max_size=50),
       words=st.lists(st.text("abcdeghijklmnopqrstuvxyz'", min_size=0, max_size=8), min_size=1, max_size=5),
       beam=st.integers(1, 10), max_cost=st.sampled_from([0.0, 0.3, 0.8, 1.6, 5.0]), stems=st.booleans())
def test_generated(persian, words, beam, max_cost, stems):
    """Any vocabulary, any Latin word, beam and cost bound: the same readings, costs and order."""
    spec, core = pair(CompletionTable([(k, k, 3) for k in set(persian) | {"google"}], []))
    for w in words:
        for rules in (None, NAME_RULES):
            want = F.spellings(w, spec, beam, max_cost, stems, rules)
            assert list(F.spellings(w, core, beam, max_cost, stems, rules).items()) == list(want.items()), w
