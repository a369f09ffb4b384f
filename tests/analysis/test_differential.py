"""Differential tests: the compiled analyzer (Rust, ``kavosh._core``) is the Python one, exactly.

The Python modules (:class:`~kavosh.analysis.analyzer.PythonAnalyzer`) are the
specification.  Compared: tokens with their terms, words, positions and offsets
(:meth:`Analyzer.analyze`), the index-time path with stopwords marked
(:meth:`Analyzer.index_text`) and without (:meth:`Analyzer.terms`), highlighting's marks
(:meth:`Analyzer.marks`) — on hypothesis-generated
text (any code point of every Unicode category, and Persian text built from the pieces each
rule cares about), on every word of the word list (as written, and its stem), on the
lexicon's derived tables, and on every document of the four corpora in ``../shared/data``.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kavosh.analysis import tokenize as T
from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

if Analyzer()._core is None:
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)

RUST = Analyzer()
PY = PythonAnalyzer()
RUST_NOSTEM = Analyzer(stem=False)
PY_NOSTEM = PythonAnalyzer(stem=False)


def same(text: str) -> None:
    """Both analyzers, both paths, with and without stemming."""
    assert RUST.analyze(text) == PY.analyze(text)
    assert RUST.index_text(text) == PY.index_text(text)
    assert RUST.terms(text) == PY.terms(text)
    assert RUST_NOSTEM.analyze(text) == PY_NOSTEM.analyze(text)
    tokens = PY.analyze(text)  # highlighting's path: some terms and some one-letter prefixes marked
    terms, prefixes = {t.term for t in tokens[::2]}, tuple(sorted({t.word[:1] for t in tokens[1::3] if t.word}))
    terms |= ARTICLE_RESTS  # a token may match by its second reading, its rest after the vocalised article
    assert RUST.marks(text, terms, prefixes) == PY.marks(text, terms, prefixes)


ARTICLE_RESTS = {"رحیم", "رحمان", "حمد", "ارض", "سلام", "یتیم", "تقی"}
"""Terms of the rests of the article words of :data:`PIECES` (:meth:`Analyzer.article_reading`)."""

PIECES = (
    list("کتابهامینرویچشتدلز ی ‌\u200d\u2060\n\t12345.,/:_-ab۳٣ۮ\u0670\u064bيكۀةأإآؤئء،؛!؟xY٫٬é\u00a0\u202f")
    + list(T.PREFIXES + T.SUFFIXES + T.HALF_SPACE_SUFFIXES + T.COMPOUND_SUFFIXES + T.DERIVATIONAL_SUFFIXES)
    + ["هم ", "چنین", "این ", "که", "در ", "باره", "به ", "ویژه", "تصمیم", "گیری", "بین", "المللی", "قلم", "مسئول",
       "مسؤول", "مسأله", "رفته", "گسترده", "های", "خانه", "سالخوردگان", "1,234", "12,", "\U0001d7d8", "漢", "İ",
       # Quranic orthography (respell_in_context): dagger alef, waw seat, teh marbuta, annotation marks
       "زَکوٰة", "ٱللّٰهِ", "إِلٰهَ", "هٰذَا", "ل", "و", "\u0670", "ة", "ۃ", "ا", "\u06e5", "\u06d6", "۞", "\u06dd",
       "بةحٰك", "حٰکم", "الٰه",  # a split word's pieces read as their own slices
       # joined Arabic names (Compounds.article_parts) and broken plurals (morphology.BROKEN_PLURALS)
       "عبدالله", "عبد", "ابو", "الفضل", "ال", "حق", "الناس", "الان", "ادیان", "قواعد", "مسائل", "اقالیم", "نکات",
       # glued function words (Compounds.glued_parts, GLUED_PARTS)
       "رفته", "است", "نرفته", "به", "راحتی", "بهروز", "درحالیکه", "در ", "حالیکه", "علاوه", "بر",
       "آنرا", "آن ", "را", "اینجوری", "جوری", "کجاست", "کجا", "اونجوری",  # kind 4, round 3d
       "بشین", "بشید", "شون", "دهات", "ولات", "ذرات", "آلات",
       # negated verb forms (Stemmer.negated) and clitics off unknown words (morphology.clitic_host)
       "نمی", "نمی‌", "دهد", "نداد", "نیامد", "نیفتاد", "نگشتند", "نشد", "نخواهد", "نشست", "نمیدونم", "کیروش",
       "تیمش", "فولام", "شاگردانش", "حاضریم",
       # glued runs (Compounds.segment, segment.py) and compounds + suffix (هزینه‌بر + ای)
       "کتابخانه", "ملی", "ایران", "باتوجه", "کهبرای", "برای", "هزینه", "سید", "محمد", "گواردیولا", "میزنیم",
       # spoken14g: plural + clitic apart (PLURALS), یون after a vowel, a preverb verb's spoken forms, میاومد
       "بچه", "هام", "هات", "هاش", "دست", "آقایون", "ابرهام", "برمیگرده", "برنمیداره", "درمیاره", "برنگرده",
       "میاومد", "چقد", "لغویون",
       # the vocalised Arabic article (arabic.py): its marks alone and in words, with a proclitic, Allah, a verb
       "الرَّحِيمِ", "ٱلرَّحْمَٰنِ", "ٱلْحَمْدُ", "الۡحَمۡدُ", "وَالْأَرْضِ", "والسّلام", "بِالْحَقِّ", "ٱللَّٰهِ", "اللّه",
       "الْتَقَی", "الْیَتِیمِ", "\u0651", "\u0652", "\u06e1", "ٱ", "الْ", "السّ", "\u064e", "فَ", "کُتُب"]
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_persian_pieces(text):
    same(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec=None), max_size=80))
def test_any_code_point_of_every_category(text):
    same(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.characters(codec=None)), max_size=60).map("".join))
def test_pieces_and_any_code_point(text):
    same(text)


def _word_list() -> list[str]:
    data = resources.files("kavosh.analysis") / "data" / "words.tsv.gz"
    with gzip.open(data.open("rb"), "rt", encoding="utf-8") as fh:
        return [line.split("\t", 1)[0] for line in fh if not line.startswith("#")]


def test_every_word_of_the_lexicon():
    """Each word as written in the word list, one per line (the tokenizer never joins across a
    line), in chunks; then each normalized key through the stemmer alone."""
    words = _word_list()
    assert len(words) > 100_000
    for i in range(0, len(words), 20_000):
        same("\n".join(words[i:i + 20_000]))
    lexicon = PY._stemmer.lexicon
    core = RUST._core
    stemmer = PY._stemmer
    for k in lexicon.freq:
        assert core.stem(k) == stemmer.stem(k), k


def test_negated_forms_are_the_same():
    """``Analyzer.is_negated`` (the query side's question) in Rust and Python, on verb forms in ``ن``, their
    affirmative forms and words in ``ن`` that are none."""
    words = ["نمیدهد", "میدهد", "نداد", "نیامد", "امد", "نیفتاد", "نیاورد", "برنگشتند", "درنمییابد", "نرفتن",
             "نمیدونم", "نشد", "نخواهد", "نبود", "نشست", "نوشت", "ننوشت", "نمود", "نامید", "ننامید", "نیز", "نه",
             "نمی", "ن", "", "نی", "ننهاد", "نگاه"]
    for w in words:
        term = PY.terms(w)[0] if PY.terms(w) else ""
        assert RUST.is_negated(w, term) == PY.is_negated(w, term), w


def test_the_lexicon_tables_are_the_same():
    lexicon = PY._stemmer.lexicon
    core = RUST._core
    words = core.words()
    assert len(words) == len(lexicon.freq)
    for w, f, lemma, plural, adjective, noun in words:
        assert (lexicon.freq[w], lemma, plural, adjective, noun) == (
            f, w in lexicon.lemmas, w in lexicon.plurals, w in lexicon.adjectives, w in lexicon.tagged_nouns), w
    assert core.hamza_variants() == lexicon.hamza_variants
    assert core.compound_parts() == lexicon.compounds.parts
    assert set(core.compound_join()) == lexicon.compounds.join


def _documents(data):
    for name in ("news/articles.jsonl.gz", "hamshahri/corpus.jsonl.gz"):
        with gzip.open(data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)
    for name in ("pquad_validation/corpus.jsonl", "parsinlu_rc/corpus.jsonl"):
        with open(data / name, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


@pytest.mark.slow
def test_every_document_of_the_corpora(shared_data):
    n = 0
    for doc in _documents(shared_data):
        for field in ("title", "abstract", "text"):
            text = doc.get(field) or ""
            assert RUST.index_text(text) == PY.index_text(text), (doc.get("id") or doc.get("_id"), field)
            assert RUST.analyze(text) == PY.analyze(text), (doc.get("id") or doc.get("_id"), field)
        n += 1
    assert n > 10_000


def test_errors_name_the_word_list(tmp_path):
    from kavosh import _core

    with pytest.raises(OSError, match="words.tsv.gz"):
        _core.Analyzer(str(tmp_path))
    (tmp_path / "words.tsv.gz").write_bytes(gzip.compress("کتاب\t12\n".encode()))
    with pytest.raises(ValueError, match=r"words.tsv.gz, line 1: three tab-separated fields"):
        _core.Analyzer(str(tmp_path))
    assert sys.modules["kavosh._core"] is _core
