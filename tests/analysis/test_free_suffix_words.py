"""Kind 3 of issue #14: a word that could also be a suffix, written apart (``tokenize.SPACED_SUFFIX_HOSTS``,
Rust ``scan.rs``), both ways: ``ای`` written after a space is a word of its own (the vocative
``وطن ای وطن``, ``ای کاش``, the letter E) unless the word before it ends in ``ه`` or ``ی``, where
it is the indefinite or copula suffix written apart (``خانه ای``, ``رفته ای``, ``بیماری ای``); after
a half-space it is always the suffix.  The other suffixes that are also words (``ها``, ``تر``,
``ترین``, ``ی``) keep joining: written apart in the corpora they are the suffix (every one of 50
``ها``, 100 ``تر`` and 25 ``ترین`` sampled).  Both analyzers, and the index: the vocative's word is found by its own term.
"""

from __future__ import annotations

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer, without_surface

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}


def _words(name: str, text: str) -> list[str]:
    return [t.word for t in ANALYZERS[name].analyze(text)]


def _terms(name: str, text: str) -> list[str]:
    return ANALYZERS[name].terms(text)


FREE_WORD = [
    ("وطن ای وطن", ["وطن", "ای", "وطن"]),
    ("ایران ای سرای امید", ["ایران", "ای", "سرای", "امید"]),
    ("خداحافظ ای سرزمین", ["خداحافظ", "ای", "سرزمین"]),
    ("گفت ای دوست", ["گفت", "ای", "دوست"]),
    ("کربلا ای مردم", ["کربلا", "ای", "مردم"]),
    ("ویتامین ای برای", ["ویتامین", "ای", "برای"]),
    ("فرستادن ای میل", ["فرستادن", "ای", "میل"]),
]
"""``ای`` written apart after a word that does not end in ``ه``/``ی``: a word of its own."""

SUFFIX_MEET = [
    ("خانه ای", "خانه‌ای"), ("رفته ای", "رفته‌ای"), ("حرفه ای", "حرفه‌ای"), ("بیماری ای", "بیماری‌ای"),
    ("بیماری ای", "بیماری"), ("مهمانی ای", "مهمانی"), ("کتاب ها", "کتابها"), ("بزرگ تر", "بزرگتر"),
    ("بزرگ ترین", "بزرگترین"), ("خانه ی", "خانه‌ی"),
]
"""Suffixes written apart that still join: the same terms as the suffix written joined."""


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("text,words", FREE_WORD)
def test_ai_written_apart_after_a_consonant_is_a_word(analyzer, text, words):
    assert _words(analyzer, text) == words
    assert _terms(analyzer, text)[0] == _terms(analyzer, words[0])[0]  # the word before keeps its term


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", SUFFIX_MEET)
def test_suffixes_written_apart_still_join(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert len(ta) == 1 and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_ai_after_a_half_space_is_always_the_suffix(analyzer):
    assert len(_words(analyzer, "کتاب\u200cای")) == 1
    assert _words(analyzer, "وطن\u200cای") == ["وطنای"]


def test_the_vocative_word_is_found_by_its_term(build_index):
    import kavosh

    path = build_index("free-suffix", [
        {"id": "anthem", "title": "سرود", "text": "ایران ای سرای امید بر خاکت آفتاب نوید"},
        {"id": "other", "title": "خبر", "text": "سفر به شهر امید"},
    ])
    with kavosh.Index(path, create=False) as ix:
        assert [h.id for h in ix.search("ایران").hits] == ["anthem"]
        assert [h.id for h in ix.search('"ای سرای امید"').hits] == ["anthem"]


VOCATIVE_MEET = [("خدایا", "خدا"), ("بارخدایا", "خدا"), ("پروردگارا", "پروردگار"), ("خداوندا", "خداوند"),
                 ("ساقیا", "ساقی"), ("خدایا", "ای خدا")]
VOCATIVE_APART = [("پویا", "پو"), ("گویا", "گو"), ("رویا", "رو"), ("سویا", "سو"), ("دریا", "در"), ("مزایا", "مزا"),
                  ("گویا", "گفتن")]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", VOCATIVE_MEET)
def test_a_vocative_in_a_meets_its_noun(analyzer, a, b):
    """``morphology.VOCATIVES``: the vocative suffix ``ا``/``یا`` of a curated table."""
    assert [t for t in _terms(analyzer, a) if t != "ای"] == [t for t in _terms(analyzer, b) if t != "ای"]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", VOCATIVE_APART)
def test_words_in_ya_are_no_vocatives(analyzer, a, b):
    assert not set(_terms(analyzer, a)) & set(_terms(analyzer, b))


# Both readings at one position (kind 3 of #14): where ``ای`` written after a space follows a word in
# ``ه``/``ی``, it is the indefinite/copula suffix (``خانه ای``) or the vocative (``ساقی ای ساقی``,
# ``که ای دوست``).  The token keeps the joined reading's term; the index also holds ``␀ای`` at that
# position (``STACK_MARK``), so ``ای`` + the next word is a phrase of the text either way.
M = "\u2400"
STACKED = [
    ("ساقی ای ساقی", [["ساقی", M + "ای"], ["ساقی"]]),
    ("خانه ای خرید", [["خانه", M + "ای"], ["خرید"]]),
    ("خدای ای خدای من", [["خدا", M + "ای"], ["خدا"], [M + "من"]]),
    ("بیماری ای", [["بیماری", M + "ای"]]),
    ("گفتم که ای دوست", [["گفت"], ["که", M + "ای"], ["دوست"]]),
]
ONE_READING = [
    ("خانه‌ای خرید", [["خانه"], ["خرید"]]),             # after a half-space: always the suffix
    ("وطن ای وطن", [["وطن"], [M + "ای"], ["وطن"]]),     # after a consonant: always a word of its own
    ("کتاب ها", [["کتاب"]]),                            # other suffixes written apart: one reading
    ("بزرگ تر", [["بزرگ"]]),
    ("ای خدا", [[M + "ای"], ["خدا"]]),
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("text,entries", STACKED + ONE_READING)
def test_an_ambiguous_spaced_ai_is_indexed_both_ways_at_one_position(analyzer, text, entries):
    from kavosh.analysis.analyzer import piece_terms

    a = ANALYZERS[analyzer]
    assert [piece_terms(p) for p in without_surface(a.index_terms(text))] == entries
    assert a.terms(text) == [e[0].lstrip(M) for e in entries]  # the query path: one reading, one term a position


def test_both_writers_index_both_readings_at_one_position(run_kavosh, tmp_path):
    """The Rust writer (``Terms``: pre-tokenized tokens) and tantivy-py's (``schema.add_terms``) index
    the stacked term at its position: phrases over either reading, declared text fields too."""
    import json

    import kavosh

    docs = [
        {"id": "saqi", "title": "غزل", "text": "ساقی ای ساقی بیار باده", "note": "گفتم که ای دوست"},
        {"id": "house", "title": "خبر", "text": "او خانه ای خرید و رفت"},
        {"id": "half", "title": "خبر", "text": "خانه‌ای دوست داشت"},
    ]
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    found = {}
    for name, env in (("rust", {}), ("python", {"KAVOSH_PURE_PYTHON": "1"})):
        path = tmp_path / name
        proc = run_kavosh("index", corpus, "--index", path, "--field", "note:text", "--quiet", env=env)
        assert proc.returncode == 0, proc.stderr
        with kavosh.Index(path, create=False) as ix:
            found[name] = {q: sorted(h.id for h in ix.search(q, collapse=False).hits) for q in (
                '"ای ساقی"', '"ساقی ای ساقی"', "ساقی", '"خانه خرید"', '"ای خرید"', '"خانه ای خرید"',
                '"ای دوست"', 'note:"ای دوست"', 'note:"که ای دوست"', '"ای بیار"')}
    assert found["rust"] == found["python"]
    assert found["rust"] == {
        '"ای ساقی"': ["saqi"], '"ساقی ای ساقی"': ["saqi"], "ساقی": ["saqi"], '"خانه خرید"': ["house"],
        '"ای خرید"': ["house"], '"خانه ای خرید"': ["house"],
        '"ای دوست"': [],  # خانه‌ای دوست: after a half-space ای is only the suffix
        'note:"ای دوست"': ["saqi"], 'note:"که ای دوست"': ["saqi"], '"ای بیار"': [],
    }
