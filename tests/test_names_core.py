"""A Persian word's Latin spellings in the compiled core (``kavosh._core.LatinNames``) are those of the
Python specification (``names.latin_spellings`` over a vocabulary without the core), with the same costs:
on the words of the Hamshahri topics and of its completion table against that table's Latin words, and on
hypothesis-generated Latin vocabularies, Persian words and beam widths (ties cut by the beam included)."""

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
from kavosh.query import names as N
from kavosh.query.readings import BEAM
from kavosh.query.vocabulary import Vocabulary

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")

A = Analyzer()


def pair(table: CompletionTable) -> tuple[Vocabulary, Vocabulary]:
    """The vocabulary of ``table`` without the core (the specification) and with it."""
    core = N.core_latin_names(table)
    assert core is not None
    return Vocabulary(table.word_keys, table.lookup), Vocabulary(table.word_keys, table.lookup, names=core)


def test_topic_and_table_words(shared_data, hamshahri_index):
    """Every Persian word of the Hamshahri topics and 1,500 words of the index's table (names among them)."""
    ix = kavosh.Index(hamshahri_index, create=False)
    table = IndexStats(ix._opened, ix.analyzer).completions()
    spec, core = pair(table)
    assert len(core.names) > 50  # the index holds Latin words
    rng = random.Random(3)
    topics = [json.loads(line)["text"] for line in (shared_data / "hamshahri" / "queries.jsonl").open(encoding="utf-8")]
    words = {A.normalize_term(w) for t in topics for w in t.split()}
    words |= {w[0] for w in rng.sample(table.words, 1500)}
    words |= {"گوگل", "نوکیا", "پایتون", "اینترنت", "مایکروسافت", "فیسبوک", "یاهو", "اینتل"}
    found = 0
    for w in sorted(words):
        if not N._PERSIAN_WORD.match(w):
            continue
        for beam in (BEAM, 5):
            want = N.latin_spellings(w, spec, beam)
            assert N.latin_spellings(w, core, beam) == want, (w, beam)
            found += bool(want)
    assert found > 20


PERSIAN = "ابپتجچخدرزسشغفقکگلمنوهی"


@settings(max_examples=200, deadline=None)
@given(latin=st.lists(st.text("abcdefghiklmnoprstuvyz", min_size=1, max_size=8), max_size=40),
       words=st.lists(st.text(PERSIAN, min_size=1, max_size=7), min_size=1, max_size=5),
       beam=st.integers(1, 12))
def test_generated(latin, words, beam):
    """Any Latin vocabulary (with Persian words beside it), any Persian word, any beam: the same spellings."""
    keys = [(k, k, 3) for k in set(latin) | {"کتاب", "zz۱", "a-b"}]
    spec, core = pair(CompletionTable(keys, []))
    for w in words:
        assert N.latin_spellings(w, core, beam) == N.latin_spellings(w, spec, beam), w


def test_a_lone_surrogate_takes_the_python_path():
    spec, core = pair(CompletionTable([("google", "google", 5)], []))
    assert N.latin_spellings("گوگ\ud800", core) == N.latin_spellings("گوگ\ud800", spec) == {}
