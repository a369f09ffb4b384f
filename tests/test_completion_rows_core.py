"""The completion table derived in the compiled core (``kavosh._core.completion_rows``,
``rust/kavosh-py/src/index/table.rs``) against its specification, :meth:`Counts.table_python`: the same
words, shown forms, counts, titles and title counts (in the same order) on generated words of every
kind (plain Persian, marks, NFC-composing hamza, presentation forms, bidi controls, other scripts) and
on the words of the shared corpora."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kavosh.analysis import Analyzer
from kavosh.index import completions as S

core = pytest.importorskip("kavosh._core")
if os.environ.get("KAVOSH_PURE_PYTHON") or Analyzer()._core is None or not hasattr(core, "completion_rows"):
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)

A = Analyzer()


def _rows(table: S.CompletionTable) -> tuple:
    return table.words, table.titles, list(table.title_counts.items()), sorted(table.spellings.items())


def _same(counts: S.Counts) -> S.CompletionTable:
    """The table of ``counts`` from the core, asserted equal to the Python one (and not from Python)."""
    assert S._core_rows(counts, A) is not None
    got = counts.table(A)
    assert _rows(got) == _rows(counts.table_python(A))
    return got


_CHARS = list("کتابهایمیرودشنسیزژپچگآاأإؤئءةۀٱ ي ى ك \u200c\u200c\u0640\u064b\u064e\u0650\u0651\u0652\u0670\u06d6\u0610"
              "\u0653\u0654\u0655\ufedb\ufe8e\u200f\u061c\u00adab Zé\u0301۱2«»،:-–ё漢")
_WORD = st.text(alphabet=st.sampled_from(_CHARS), min_size=0, max_size=9)
_COUNTER = st.dictionaries(_WORD, st.integers(1, 60), max_size=25)


@settings(max_examples=300, deadline=None)
@given(words=_COUNTER, title_words=_COUNTER, titles=_COUNTER)
def test_the_core_derives_the_table_python_derives(words, title_words, titles):
    _same(S.Counts(words, title_words, titles))


def test_plain_and_fallback_words_meet_under_one_key():
    """A word the core shows itself and one it hands to Python (a composing hamza, a presentation form)
    share a key: the more frequent written form is shown, the counts are summed, ties keep the first."""
    got = _same(S.Counts({"آب": 3, "ا\u0653ب": 5, "\ufe81\ufe8f": 5, "كتاب ها": 2, "کتاب‌ها": 2, "x\u200fy": 2},
                         {"آب": 1}, {"آب": 1, "ا\u0653ب": 2}))
    assert ("کتابها", "کتاب\u200cها", 4) in got.words


def _counted(path: Path, limit: int) -> S.Counts:
    counts = S.Counts()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n == limit:
                break
            r = json.loads(line)
            counts.add(r.get("title") or "", r.get("text") or r.get("body") or r.get("contents") or "")
    return counts


@pytest.mark.parametrize("corpus", ["news/articles.jsonl.gz", "hamshahri/corpus.jsonl.gz",
                                    "parsinlu_rc/corpus.jsonl", "pquad_validation/corpus.jsonl"])
def test_the_core_derives_each_corpus_table_as_python_does(shared_data: Path, corpus: str):
    counts = _counted(shared_data / corpus, 3000)
    table = _same(counts)
    assert len(table.words) > 1000


def test_marks_and_tatweel_are_dropped_by_both():
    """New user 19 #2: the vocalised and the plain word are one row, as Python shows it; a title's tatweel goes."""
    got = _same(S.Counts({"الرَّحْمَٰنِ": 2, "الرحمن": 2, "ٱلرَّحِيمِ": 1, "الرحیم": 2, "الرَّحْمَٰنِ\u06d6": 1},
                         {}, {"کـــتابخانه مـــلی": 1}))
    assert [(s, c) for _k, s, c in got.words] == [("الرحمن", 5), ("الرحیم", 3)]
    assert [t for _k, t, _c in got.titles] == ["کتابخانه ملی"]
