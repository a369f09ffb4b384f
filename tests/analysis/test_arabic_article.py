"""The vocalised Arabic definite article (issue #14 kinds 2 and 7, :mod:`kavosh.analysis.arabic`): a word written
with its vowel marks and the article (``الرَّحِيمِ``, ``ٱلْحَمْدُ``, ``وَالْأَرْضِ``) is indexed with the term of its
rest too, at its position; unvocalised text keeps the article (``الاهلی`` is no ``اهلی``).  Golden tables both ways,
through the compiled core and the Python specification, then an index end to end."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.analysis import arabic
from kavosh.analysis.analyzer import STACK_MARK, Analyzer, PythonAnalyzer, piece_terms, without_surface

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}

MEET = [  # vocalised text, a query word whose term the text's index holds at the article word's position
    ("الرَّحِيمِ", "رحیم"), ("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ", "رحیم"),
    ("الرَّحْمَٰنِ", "رحمان"), ("ٱلرَّحْمَٰنِ", "رحمان"), ("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ", "رحمان"),
    ("ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ", "حمد"), ("الۡحَمۡدُ", "حمد"),  # the Quranic sukun U+06E1
    ("ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ", "عالمین"),
    ("السَّمَاوَاتِ وَالْأَرْضِ", "ارض"), ("الْیَتِیمِ", "یتیم"), ("ابْنِ السَّبیلِ", "سبیل"), ("السَّبیلِ", "سبیل"),
    ("والسّلام", "سلام"), ("فَالسَّلامُ", "سلام"),  # a proclitic with or without its harakah
    ("ذِی الْقُرْبی", "قربی"), ("الْفُرْقانِ", "فرقان"), ("عبدالرَّحْمَٰنِ", "رحمان"),  # a joined name's piece
    ("الرَّحِیمِ", "رحیم"), ("الرِّحِیمِ", "رحیم"),  # shadda then harakah, harakah then shadda
    ("بِالْحَقِّ", "حق"), ("الْحَقُّ", "حق"), ("الدَّمَ", "دم"),  # a rest of two letters (MIN_REST_LETTERS)
    ("اللَّیْل", "لیل"),  # the assimilated lam's rest of three letters (MIN_LAM_REST_LETTERS)
    ("اَلْحَمْدُ", "حمد"),  # the article's alef with its fatha (ALEF_VOWEL)
]

APART = [  # text whose index holds one term at each position (no reading without the article)
    "الرحیم", "الرحمن", "بسم الله الرحمن الرحیم", "البته", "الان", "الگو", "الاهلی", "فوق العاده",  # unvocalised
    "ٱلحمد", "السلام عليكم",  # an alef wasla alone is no sign (peer suite rows 426, 429)
    "اوّل", "محمّد", "اوّل محمّد", "الّا",  # a shadda but no article
    "اللّه", "ٱللَّٰهِ", "وَاللَّهُ", "بِاللّهِ",  # Allah: the rest له begins with the assimilated lam, two letters
    "الْتَقَی", "الْتَحَقَ",  # form VIII verbs: a sukun on the lam before a sun letter is no article's
    "اِلْتِزام", "اُلْفَت",  # a kasra or damma on the alef is no article's (ALEF_VOWEL)
    "ٱلْآنَ",  # the rest ان is a stopword
    "الْخَرْبَشْت",  # the rest is no word of the list
]


def _pieces(name: str, text: str) -> list[list[str]]:
    return [piece_terms(e) for e in without_surface(ANALYZERS[name].index_terms(text))]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("text, query", MEET)
def test_a_vocalised_article_word_is_indexed_with_its_rest(analyzer, text, query):
    a = ANALYZERS[analyzer]
    (term,) = a.terms(query)
    pieces = _pieces(analyzer, text)
    stacked = [p for p in pieces if len(p) == 2]
    assert [p[1] for p in stacked if p[1] == term] == [term], (text, pieces)
    assert [p[0] for p in pieces] == [a.index_term(t) for t in a.analyze(text)]  # the word's own term first
    assert a.terms(text) == [t.term for t in a.analyze(text)]  # terms(): one reading a position, the article kept
    assert term not in a.terms(text)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("text", APART)
def test_no_second_reading_without_the_vocalised_article(analyzer, text):
    pieces = _pieces(analyzer, text)
    assert all(len(p) == 1 for p in pieces), (text, pieces)
    assert "له" not in ANALYZERS[analyzer].index_text(text).split(STACK_MARK)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_golden_index_text(analyzer):
    a = ANALYZERS[analyzer]
    # the word's surface reading (␖الرحمان: its word, the dagger alef read as ا) before its rest's term
    assert a.index_text("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ") == "بسم الله الرحمن␁␖الرحمان␁رحمان الرحیم␁رحیم"
    assert a.index_text("وَالْأَرْضِ") == "والارض␁ارض"
    assert a.index_text("الرحیم والارض") == "الرحیم والارض"  # the same words unvocalised
    assert a.index_text("الْتَقَی") == "التقی"  # a form VIII verb: a sukun on the lam before the sun letter ت
    assert a.index_text("زکوٰة الرَّحِیم") == "زکات الرحیم␁رحیم"  # with a context character
    assert a.index_text("ٱلْآنَ") == "الان"  # the rest ان is a stopword
    assert a.index_text("بِالْحَقِّ") == "بالحق␁حق"  # a rest of two letters
    assert a.index_text("وَالَّذِی") == "والذی"  # the lam carries the shadda: no article


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_the_stemless_analyzer_has_no_second_reading(analyzer):
    a = (Analyzer if analyzer == "default" else PythonAnalyzer)(stem=False)
    assert a.index_text("ٱلرَّحِيمِ") == "الرحیم"


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_highlighting_marks_the_word_a_query_met_by_its_rest(analyzer):
    a = ANALYZERS[analyzer]
    text = "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ"
    starts, ends, marked = a.marks(text, {"رحیم"})
    assert [text[s:e] for s, e, m in zip(starts, ends, marked, strict=True) if m] == ["ٱلرَّحِيمِ"]
    assert marked == [None, None, None, "رحیم"]
    _s, _e, marked = a.marks("الرحیم", {"رحیم"})  # unvocalised: no match
    assert marked == [None]
    _s, _e, marked = a.marks(text, set(), ("رح",))  # a prefix meets the rest's term too
    assert marked == [None, None, "رحمان", "رحیم"]


def test_the_pattern():
    for s, n in [("الرَّحِيمِ", 2), ("ٱلرَّحْمَٰنِ", 2), ("ٱلْحَمْدُ", 2), ("الۡحَمۡدُ", 2), ("وَالْأَرْضِ", 3),
                 ("والسّلام", 3), ("بِالْحَقِّ", 3), ("كَالْعِهْنِ", 3), ("اللّه", 2), ("الرحیم", 0), ("اوّل", 0),
                 ("الّا", 0), ("الکّ", 0), ("", 0), ("ال", 0), ("ٱلحمد", 0), ("الْتَقَی", 0), ("اِلْتِزام", 0),
                 ("اَلْحَمْدُ", 2), ("وَاَلْأَرْضِ", 3)]:
        assert arabic.article_letters(s) == n, s
    assert arabic.article_rest("اللّه", "الله") is None
    assert arabic.article_rest("اللَّیْل", "اللیل") == "لیل"
    assert arabic.article_rest("بِالْحَقِّ", "بالحق") == "حق"
    assert arabic.article_rest("وَالْأَرْضِ", "والارض") == "ارض"
    assert arabic.has_article("متن ٱلْحَمْدُ") and not arabic.has_article("اوّل محمّد الرحیم")


DOCS = [
    {"id": "verse", "title": "سوره حمد", "text": "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝ ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ"},
    {"id": "translation", "title": "ترجمه", "text": "به نام خداوند بخشنده مهربان. ستایش خدای را که پروردگار جهانیان است."},
    {"id": "news", "title": "باشگاه", "text": "الاهلی و الهلال امروز بازی کردند؛ البته الان الگو عوض شده است."},
] + [{"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(6)]


@pytest.fixture(scope="module", params=sorted(ANALYZERS))
def ix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index("arabic-article", DOCS, analyzer), analyzer=analyzer) as index:
        yield index


@pytest.mark.parametrize("query", ["رحیم", "رحمان", "حمد", "عالمین"])
def test_a_query_without_the_article_finds_the_vocalised_verse(ix, query):
    res = ix.search(query)
    assert [h.id for h in res.hits] == ["verse"]


def test_the_verse_is_highlighted_on_the_whole_word(ix):
    (hit,) = ix.search("رحیم").hits
    marked = [s.text for s in hit.snippet if s.match]
    assert marked == ["ٱلرَّحِيمِ"]
    text = "".join(s.text for s in hit.snippet)
    assert "ٱلرَّحِيمِ" in text  # no mark of the word left outside the highlight


@pytest.mark.parametrize("query", ["اهلی", "هلال", "ته", "گو"])
def test_unvocalised_articles_stay_apart_in_the_index(ix, query):
    assert [h.id for h in ix.search(query).hits] == []


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_the_rest_has_its_surface_reading(analyzer):
    """The rest of a vocalised article word is indexed with its surface reading too when it is not its term
    (the surface reading of ``analysis.marks``), as the word written without the article would be."""
    a = ANALYZERS[analyzer]
    assert a.index_text("ٱلْعَٰلَمِينَ") == "العالمین␁عالم␁␖عالمین"
    assert a.index_text("الرَّحِيمِ") == "الرحیم␁رحیم"  # the rest is its term: no surface reading


NAMES = [  # a new user's finding: «عالمین» ranked the verse 14th, behind a player named «عالمیان» (عالم too);
    # before the rest's surface reading the three players of the same length came first here
    {"id": "verse", "title": "سوره حمد", "text": "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝ ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ"},
] + [{"id": f"player{i}", "title": "تنیس", "text": "نیما عالمیان بازیکن تنیس روی میز ایران برد"} for i in range(3)] + [
    {"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(6)]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_the_rest_as_written_ranks_the_verse_first(analyzer, build_index):
    a = ANALYZERS[analyzer]
    with kavosh.Index(build_index(f"article-rest-{analyzer}", NAMES, a), analyzer=a) as index:
        ids = [h.id for h in index.search("عالمین").hits]
    assert ids[0] == "verse" and sorted(ids) == ["player0", "player1", "player2", "verse"]
