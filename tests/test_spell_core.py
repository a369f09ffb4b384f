"""The speller's candidate search in the compiled core (``kavosh._core.SpellCandidates``) gives the
candidates and costs of its Python specification (``Speller.candidates`` without a core): on the words
of the Hamshahri topics and their typo and homophone forms against the index's completion table, on
words of that table and one-letter slips of them, and on hypothesis-generated vocabularies and words."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings, strategies as st

import kavosh
from kavosh.analysis import Analyzer
from kavosh.analysis.normalize import compiled_extension
from kavosh.index.completions import CompletionTable
from kavosh.index.stats import IndexStats
from kavosh.query import spelling as S

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")

A = Analyzer()
SETTINGS = [(S.MAX_COST, True, S.MIN_COUNT), (S.REAL_WORD_MAX_COST, True, S.MIN_COUNT),
            (S.EDIT_COST, True, S.RARE_MIN_COUNT), (S.MAX_COST, False, S.RARE_MIN_COUNT)]
"""(max_cost, with_suffixes, min_count) as ``Speller._correct_one`` calls the search."""


def pair(table: CompletionTable) -> tuple[S.Speller, S.Speller]:
    """The specification (no core) and the core speller over ``table``."""
    spec = S.Speller(table.lookup, A.normalize_term)
    core = S.Speller(table.lookup, A.normalize_term, core=S.core_candidates(table))
    assert core.core is not None
    return spec, core


def assert_same(spec: S.Speller, core: S.Speller, keys) -> int:
    found = 0
    for key in keys:
        for max_cost, suffixes, min_count in SETTINGS:
            want = spec.candidates(key, max_cost, suffixes, min_count)
            got = core.candidates(key, max_cost, suffixes, min_count)
            assert got == want, (key, max_cost, suffixes, min_count)
            found += bool(want)
    return found


def test_the_index_speller_uses_the_core(hamshahri_index):
    ix = kavosh.Index(hamshahri_index, create=False)
    speller = S.index_speller(IndexStats(ix._opened, ix.analyzer), ix.analyzer)
    assert speller.core is not None
    assert len(speller.core) == len(IndexStats(ix._opened, ix.analyzer).completions().words)
    assert speller.candidates("طهران") == S.Speller(speller.lookup, A.normalize_term).candidates("طهران")


def test_dev_query_words_and_their_slips(shared_data, hamshahri_index):
    """Every word of the Hamshahri topics, with a typo and with sound-alike letters (as
    ``benchmarks/query_forms.py`` makes them), and 400 words of the table with a letter
    dropped, doubled, swapped or replaced."""
    import importlib.util
    from pathlib import Path

    bench = Path(__file__).resolve().parent.parent / "benchmarks" / "query_forms.py"
    spec_ = importlib.util.spec_from_file_location("query_forms", bench)
    qf = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(qf)
    ix = kavosh.Index(hamshahri_index, create=False)
    table = IndexStats(ix._opened, ix.analyzer).completions()
    spec, core = pair(table)
    rng = random.Random(5)
    texts = [json.loads(line)["text"] for line in (shared_data / "hamshahri" / "queries.jsonl").open(encoding="utf-8")]
    texts += [qf.to_typo(t, rng, A) for t in texts] + [qf.to_homophone(t, rng, A) for t in texts]
    keys = {A.normalize_term(w) for t in texts for w in t.split()}
    words = [w[0] for w in rng.sample(table.words, 400)]
    for w in words:
        i = rng.randrange(len(w))
        keys |= {w, w[:i] + w[i + 1:], w[:i] + w[i] + w[i:], w[:i] + rng.choice(S.PERSIAN_LETTERS) + w[i + 1:],
                 w[:i] + w[i + 1:i + 2] + w[i:i + 1] + w[i + 2:], w + "ها", "ب" + w}
    assert assert_same(spec, core, sorted(k for k in keys if k)) > 200


LETTERS = "ابتثذزضظسصطهحقغعنیئکگدرشlmn"


@settings(max_examples=150, deadline=None)
@given(vocab=st.dictionaries(st.text(LETTERS, min_size=1, max_size=7), st.integers(1, 80), max_size=60),
       words=st.lists(st.text(LETTERS + "بهای", min_size=0, max_size=9), min_size=1, max_size=6),
       max_cost=st.sampled_from([0.0, 0.3, 0.6, 1.0, 1.3, 1.6, 2.5]), suffixes=st.booleans(),
       min_count=st.integers(1, 60))
def test_generated_vocabularies(vocab, words, max_cost, suffixes, min_count):
    """Any vocabulary (with splits' halves and suffixed forms among its words) and any word: the same
    candidates and costs, ties and splits (``ب`` read as ``به``) included."""
    vocab = dict(vocab)
    for w in list(vocab)[:5]:
        vocab.setdefault("به", 60)
        vocab[w + "ها"] = vocab[w]
    table = CompletionTable([(k, k, n) for k, n in vocab.items()], [])
    spec, core = pair(table)
    keys = words + [w[:2] + w[3:] for w in vocab] + ["ب" + w for w in vocab] + [a + b for a in vocab for b in
                                                                                list(vocab)[:3]]
    for key in keys:
        assert core.candidates(key, max_cost, suffixes, min_count) == spec.candidates(key, max_cost, suffixes,
                                                                                     min_count), key


def test_a_lone_surrogate_takes_the_python_path():
    table = CompletionTable([("کتاب", "کتاب", 40)], [])
    spec, core = pair(table)
    assert core.candidates("کتا\ud800") == spec.candidates("کتا\ud800")
