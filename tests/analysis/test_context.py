"""Readings a neighbour decides (issue #14 kind 5, ``kavosh.analysis.context``), in both analyzers and
through a real index.

A participle that is a noun of its own: ``دیده`` "eye" alone stays apart from ``دیدن``; ``دیده شد``,
``دیده است``, ``دیده خواهد شد`` are the verb, and only the verb: a search for the noun (``داده‌ها``
"data") does not find the verb phrase.  A preverb written apart from its verb:
``بر می‌دارد`` is ``برداشتن`` as ``برمی‌دارد`` is, and keeps ``داشت`` at its position."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.analysis.analyzer import STACK_MARK, STOP_MARK, Analyzer, PythonAnalyzer, without_surface

ANALYZERS = {"rust": Analyzer(), "python": PythonAnalyzer()}
M, S = STOP_MARK, STACK_MARK


def content(a, text: str) -> list[str]:
    """The content terms of ``text`` (stopwords' terms left out), one reading a position."""
    return [t.term for t in a.analyze(text) if not a.is_stopword(t)]


MEET = [  # each participle noun + an auxiliary meets its verb's infinitive
    ("دیده شد", "دیدن"), ("دیده نشد", "دیدن"), ("دیده می‌شود", "دیدن"), ("دیده شده است", "دیدن"),
    ("دیده است", "دیدن"), ("دیده بودم", "دیدن"), ("دیده باشم", "دیدن"), ("دیده خواهد شد", "دیدن"),
    ("دیده می‌شده‌ام", "دیدن"), ("دیده ام", "دیدن"),
    ("داده شد", "دادن"), ("داده است", "دادن"), ("داده نمی‌شود", "دادن"), ("داده خواهد شد", "دادن"),
    ("برده شد", "بردن"), ("برده است", "بردن"), ("بسته شد", "بستن"), ("بسته بود", "بستن"),
    ("خواسته است", "خواستن"), ("خواسته شد", "خواستن"), ("سپرده شد", "سپردن"), ("سپرده بودند", "سپردن"),
    ("داشتم دیده می‌شدم", "دیدن"),
]

APART = [  # without an auxiliary after it the noun stays the noun
    ("دیده", "دیدن"), ("داده", "دادن"), ("بسته", "بستن"), ("دیده من", "دیدن"), ("داده‌ها شد", "دادن"),
    ("دیده‌ها", "دیدن"), ("داده می‌خواهم", "دادن"),  # می‌خواهم "want" is content, no auxiliary
    ("شد دیده", "دیدن"),  # the auxiliary before it
    ("مرده است", "مرد"),  # مرده is not read as مرد "man"
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("a, b", MEET)
def test_a_participle_before_an_auxiliary_meets_its_verb(core: str, a: str, b: str):
    an = ANALYZERS[core]
    assert content(an, a) == content(an, b) and content(an, b), (content(an, a), content(an, b))


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("a, b", APART)
def test_a_participle_noun_alone_stays_apart(core: str, a: str, b: str):
    an = ANALYZERS[core]
    assert not set(content(an, a)) & set(content(an, b)), (content(an, a), content(an, b))


INDEX_TERMS = [  # the verb alone; the auxiliary as it was
    ("دیده شد", ["دید", M + "شد"]),
    ("دیده نشد", ["دید", M + "شد" + S + M + "\u2415شد"]),
    ("دیده خواهد شد", ["دید", M + "خواست", M + "شد"]),
    ("او را دیده بود و داده شد دیده", [M + "او", M + "را", "دید", M + "بود", M + "و", "داد", M + "شد", "دیده"]),
    ("دیده", ["دیده"]), ("دیده من", ["دیده", M + "من"]), ("مرده است", ["مرده", M + "است"]),
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text, terms", INDEX_TERMS)
def test_the_index_holds_the_verb(core: str, text: str, terms: list[str]):
    an = ANALYZERS[core]
    assert without_surface(an.index_terms(text)) == terms
    assert an.terms(text) == [t.split(S)[0].lstrip(M) for t in terms]  # one reading a position


@pytest.mark.parametrize("core", ANALYZERS)
def test_highlighting_marks_the_reading_searched(core: str):
    an = ANALYZERS[core]
    text = "این دیده شد و دیده"
    assert an.marks(text, {"دیده"})[2] == [None, None, None, None, "دیده"]  # the noun: the noun only
    assert an.marks(text, {"دید"})[2] == [None, "دید", None, None, None]  # the verb: the participle only


DOCS = [
    {"id": "seen", "title": "رصد", "text": "ستاره دنباله‌دار دیروز در آسمان تهران دیده شد."},
    {"id": "eye", "title": "پزشکی", "text": "دیده بیمار پس از عمل بهبود یافت."},
    {"id": "saw", "title": "سفر", "text": "او کوه دماوند را از دور دید."},
] + [{"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(8)]


def assert_found(index, query: str, found: set[str]) -> None:
    """A search for ``query`` in ``index`` finds exactly the documents ``found`` (by id), and counts them."""
    res = index.search(query, limit=20)
    assert {h.id for h in res.hits} == found and res.total == len(found), [h.id for h in res.hits]


@pytest.fixture(scope="module", params=list(ANALYZERS))
def ix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index("participle", DOCS, analyzer), analyzer=analyzer) as index:
        yield index


@pytest.mark.parametrize("query, found", [
    ("دیدن", {"seen", "saw"}),  # the verb: the passive found, the noun not
    ("دیده", {"eye"}),  # the noun: not the passive
    ("دیده شد", {"seen", "saw"}),  # the passive typed: the verb's forms
    ('"دیده شد"', {"seen"}),
])
def test_search_finds_the_verb_and_the_noun(ix, query: str, found: set[str]):
    assert_found(ix, query, found)


def test_the_verb_query_highlights_the_participle(ix):
    hit = next(h for h in ix.search("دیدن", limit=5).hits if h.id == "seen")
    assert [s.text for s in hit.snippet if s.match] == ["دیده"]


PREVERB_MEET = [  # a verb form in می/نمی after a preverb written apart meets its joined spelling
    ("او بر می دارد", "او برمی‌دارد"), ("بر میدارم", "برمی‌دارم"), ("بر‌میدارم", "برمی‌دارم"),
    ("او بر نمی گردد", "او برنمی‌گردد"), ("بر می گردد", "برمی‌گردد"), ("در می‌یابد", "درمی‌یابد"),
    ("در می‌آید", "درمی‌آید"), ("فرا می‌خواند", "فرامی‌خواند"), ("فرو می‌ریزد", "فرومی‌ریزد"),
    ("کتاب را بر می‌دارد", "کتاب را برمی‌دارد"),
    ("به خانه بر می‌گردد", "به خانه برمی‌گردد"),  # a preposition two words before: still the verb's
    ("او از سفر بر می‌گردد", "او از سفر برمی‌گردد"),
]

PREVERB_APART = [  # the next word is no verb form, or the joined word is no verb of the preverb
    ("در میان", "درمیان"), ("در میدان", "درمیدان"), ("در می‌زند", "درمی‌زند"),
    ("بر میز", "برمیز"), ("پس می‌دهد", "پسمیدهد"),  # پس is written apart: never joined
]


PREPOSITION_BEFORE_PREVERB = [  # (text, the last word's own spelling, the joined spelling it must not meet)
    ("از در می‌آید", "می‌آید", "درمی‌آید"),  # "comes in through the door"
    ("از در نمی‌آید", "نمی‌آید", "درنمی‌آید"),
    ("جان به در می‌برد", "می‌برد", "درمی‌برد"),  # به در "out"
    ("همه را در بر می‌گیرد", "می‌گیرد", "برمی‌گیرد"),  # در بر گرفتن "include"
    ("با در می‌آورد", "می‌آورد", "درمی‌آورد"), ("تا بر می‌گردد", "می‌گردد", "برمی‌گردد"),
    ("بی در می‌آید", "می‌آید", "درمی‌آید"), ("برای در می‌آید", "می‌آید", "درمی‌آید"),
    ("سوی در می‌آید", "می‌آید", "درمی‌آید"), ("جز در می‌آید", "می‌آید", "درمی‌آید"),
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text, own, joined", PREPOSITION_BEFORE_PREVERB)
def test_a_preverb_after_a_preposition_is_a_word_of_its_own(core: str, text: str, own: str, joined: str):
    an = ANALYZERS[core]
    last = content(an, text)[-1]
    assert last == content(an, own)[-1] and last != content(an, joined)[-1], (last, content(an, joined))
    assert without_surface(an.index_terms(text))[-1] == without_surface(an.index_terms(own))[-1]  # its own readings: no joined word stacked


@pytest.mark.parametrize("core", ANALYZERS)
def test_a_preposition_before_a_preverb_in_a_longer_text(core: str):
    an = ANALYZERS[core]
    text = "او از در می‌آید و بر می‌گردد، همه را در بر می‌گیرد"
    assert without_surface(an.index_terms(text)) == [M + "او", M + "از", M + "در", "امد", M + "و", M + "بر", "برگشت" + S + "گشت",
                                    M + "همه", M + "را", M + "در", M + "بر", "گرفت"]
    assert without_surface(an.index_terms(text)) == without_surface(ANALYZERS["python"].index_terms(text))
    assert an.marks(text, {"امد"})[2][3] == "امد" and an.marks(text, {"درامد"})[2][3] is None


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("a, b", PREVERB_MEET)
def test_a_verb_after_a_preverb_written_apart_meets_its_joined_spelling(core: str, a: str, b: str):
    an = ANALYZERS[core]
    assert content(an, a)[-1:] == content(an, b)[-1:] and content(an, b), (content(an, a), content(an, b))


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("a, b", PREVERB_APART)
def test_a_word_after_a_preverb_keeps_its_own_term(core: str, a: str, b: str):
    an = ANALYZERS[core]
    after, joined = an.analyze(a)[1].term, an.analyze(b)[0].term  # the word after the preverb; the joined word
    assert after != joined, (after, joined)


PREVERB_INDEX_TERMS = [  # the joined spelling's index term(s) first, then the token's own
    ("بر می دارد", [M + "بر", "برداشت" + S + "داشت"]),
    ("بر نمی گردد", [M + "بر", "برگشت" + S + "\u2415برگشت" + S + "گشت" + S + "\u2415گشت"]),
    ("در میان", [M + "در", M + "میان"]),
    ("باز می‌گردد", ["باز", "بازگشت" + S + "گشت"]),  # a preverb that is content stays a term
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text, terms", PREVERB_INDEX_TERMS)
def test_the_index_keeps_the_verb_with_and_without_its_preverb(core: str, text: str, terms: list[str]):
    assert without_surface(ANALYZERS[core].index_terms(text)) == terms


@pytest.mark.parametrize("core", ANALYZERS)
def test_highlighting_marks_the_verb_with_or_without_its_preverb(core: str):
    an = ANALYZERS[core]
    assert an.marks("او بر می دارد", {"داشت"})[2] == [None, None, "داشت"]
    assert an.marks("او بر می دارد", {"برداشت"})[2] == [None, None, "برداشت"]


PREVERB_DOCS = [
    {"id": "apart", "title": "سفر", "text": "او فردا از سفر بر می‌گردد."},
    {"id": "joined", "title": "قطار", "text": "قطار امشب به ایستگاه برمی‌گردد."},
    {"id": "search", "title": "جنگل", "text": "شکارچی در جنگل می‌گردد."},
] + [{"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(8)]


@pytest.fixture(scope="module", params=list(ANALYZERS))
def pix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index("preverb", PREVERB_DOCS, analyzer), analyzer=analyzer) as index:
        yield index


@pytest.mark.parametrize("query, found", [
    ("برگشتن", {"apart", "joined"}),  # the verb with its preverb: either spelling
    ("بر می‌گردد", {"apart", "joined"}),
    ("برمی‌گردد", {"apart", "joined"}),
    ("گردد", {"apart", "search"}),  # the verb without it: the text written apart keeps گشت
])
def test_search_finds_the_preverb_verb_written_apart(pix, query: str, found: set[str]):
    assert_found(pix, query, found)


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text", ["وعده داده است", "او بر می‌گردد", "دیده شد و بر نمی گردد"])
def test_explain_gives_the_terms_analyze_gives(core: str, text: str):
    """``kavosh analyze --explain`` shows the readings a neighbour decides (a new user saw ``داده`` unchanged there
    while ``kavosh analyze`` said ``داد``)."""
    from kavosh.analysis.explain import explain

    an = ANALYZERS[core]
    assert [t.term for t in explain(text, an).tokens] == [t.term for t in an.analyze(text)]
