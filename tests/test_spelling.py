"""Did you mean (kavosh.query.spelling): weighted edits with cheap Persian homophones, from the index's words."""

from __future__ import annotations

import json

import pytest

import kavosh
from kavosh.present.results import Segment
from kavosh.query.spelling import DOT_COST, EDIT_COST, HOMOPHONE_COST, OMISSION_COST, Speller, prefer_correction

WORDS = {"زلزله": 2600, "اطلاعات": 1500, "تهران": 11000, "ترکان": 7, "هاشمی": 350, "مجلس": 3300,
         "صنعت": 1400, "قیمت": 2500, "سازمان": 6800, "فوتبال": 2500, "غذا": 400, "عالی": 300,
         "حال": 900, "هال": 3, "کتاب": 3000, "کتب": 40, "عصر": 500}


def lookup(key):
    return (key, WORDS[key]) if key in WORDS else None


def plain_speller() -> Speller:
    """A Speller over WORDS, no context, keys as typed."""
    return Speller(lookup, lambda w: w)


@pytest.mark.parametrize("typed,meant,cost", [
    ("ضلزله", "زلزله", HOMOPHONE_COST), ("ظلزله", "زلزله", HOMOPHONE_COST), ("زلذله", "زلزله", HOMOPHONE_COST),
    ("اتلاعات", "اطلاعات", HOMOPHONE_COST), ("مجلص", "مجلس", HOMOPHONE_COST), ("مجلث", "مجلس", HOMOPHONE_COST),
    ("صنعط", "صنعت", HOMOPHONE_COST), ("حاشمی", "هاشمی", HOMOPHONE_COST), ("قذا", "غذا", HOMOPHONE_COST),
    ("غیمت", "قیمت", HOMOPHONE_COST), ("آلی", None, None),  # آلی: the ا/ع swap needs ا, not آ
    ("اصر", "عصر", HOMOPHONE_COST),  # ا/ع
    ("اطلاغات", "اطلاعات", DOT_COST),  # غ/ع do not sound alike but differ by a dot
    ("ضلذله", "زلزله", 2 * HOMOPHONE_COST),  # two swaps
    ("تهرام", "تهران", EDIT_COST), ("سازمن", "سازمان", OMISSION_COST), ("فوتبل", "فوتبال", OMISSION_COST),
    ("ترحان", "تهران", EDIT_COST + HOMOPHONE_COST),  # transposition + ح/ه beats the rarer ترکان at cost 1
])
def test_corrections(typed, meant, cost):
    sp = plain_speller()
    assert sp.correct_words([typed]) == [meant]
    if meant is not None:
        assert round(sp.candidates(typed)[meant], 2) == round(cost, 2)


@pytest.mark.parametrize("word", ["کتب", "هال", "تهران", "ترکان"])
def test_words_in_the_index_are_never_corrected(word):
    # کتب (40) is one edit from کتاب (3000), هال (3) a swap from حال: both are real words of the index
    assert plain_speller().correct_words([word]) == [None]


@pytest.mark.parametrize("typed,meant", [
    ("آشوراییان", "عاشوراییان"),  # a plural the table lacks whole: its singular's correction + ان
    ("کتابان", None), ("کتابها", None),  # کتاب + an ending, not a slip of کتب + the ending
    ("زلزلهان", None),  # nor is ه + ان (زلزلگان would be the plural)
    ("نعمان", None), ("اوزان", None),  # names and words in ان are no plurals: not نام + ان, عوض + ان
    ("کتاپهای", "کتاب‌های"),  # a slip in the stem with an ending: still corrected
])
def test_a_plural_in_an_is_corrected_by_its_singular(typed, meant):
    words = {"عاشورایی": 92, "عاشورا": 83, "کتاب": 3000, "کتب": 40, "زلزله": 2600, "نام": 900, "عوض": 50}
    sp = Speller(lambda k: (k, words[k]) if k in words else None, lambda w: w.replace("آ", "ا"))
    assert sp.correct_words([typed]) == [meant]


def test_short_words_only_get_cheap_swaps():
    sp = plain_speller()
    assert sp.candidates("هل") == {}  # حال is a left-out letter away, but هل has two letters
    assert sp.candidates("قذا") == {"غذا": HOMOPHONE_COST}
    # three letters: no letter replaced or dropped, but a letter left out is put back (speller.short_insertions:
    # ParsiNLU's ممر for مخمر); کتا is one insertion from کتاب
    assert sp.correct_words(["کتا"]) == ["کتاب"]
    assert sp.correct_words(["ab"]) == [None]


def test_search_runs_the_correction_when_the_query_finds_nothing(tmp_path):
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add([{"id": str(i), "title": "زلزله بم", "text": "زلزله در بم و اطلاعات آن، زلزله"} for i in range(6)])
        ix.commit()
        res = ix.search("ضلزله بم")  # no document has both ضلزله and بم: showing results for زلزله بم
        assert (res.rewritten, res.suggestion, res.total) == ("زلزله بم", None, 6)
        assert res.hits[0].title_segments[0] == Segment("زلزله", True)
        res = ix.search("+اتلاعات")
        assert (res.rewritten, res.suggestion, res.total) == ("+اطلاعات", None, 6)
        assert ix.search("زلزله بم").suggestion is None
        res = ix.search("ضلزله بم", exact=True)
        assert (res.rewritten, res.suggestion, res.total) == (None, None, 6)  # بم alone matches


def test_search_only_suggests_when_the_query_finds_about_as_much(tmp_path):
    with kavosh.Index(tmp_path / "index") as ix:
        docs = [{"id": str(i), "title": "زلزله بم", "text": "زلزله در بم و اطلاعات آن، زلزله"} for i in range(6)]
        docs.append({"id": "typo", "title": "خبر", "text": "ضلزله در بم"})  # 1 document has the words as typed
        ix.add(docs)
        ix.commit()
        res = ix.search("ضلزله بم")  # 6 < 10 × 1: the typed query runs, the correction is OR'ed in and said
        assert (res.rewritten, res.suggestion, res.total) == (None, None, 7)
        assert [n.details["included"] for n in res.notes if n.code == "spelling_included"] == ["زلزله بم"]
        assert res.hits[0].id == "typo"


@pytest.mark.parametrize("n_original,n_corrected,prefer", [
    (0, 0, False), (0, 1, True), (1, 9, False), (1, 10, False), (3, 300, False), (5, 0, False)])
def test_prefer_correction(n_original, n_corrected, prefer):
    assert prefer_correction(n_original, n_corrected) is prefer


def test_cli_shows_the_correction_and_exact_searches_the_original(run_kavosh, tmp_path):
    src = tmp_path / "quakes.jsonl"
    src.write_text("".join(json.dumps({"id": f"q{i}", "title": "زلزله بم", "text": "زلزله در بم و اطلاعات آن"},
                                      ensure_ascii=False) + "\n" for i in range(6)), encoding="utf-8")
    index = tmp_path / "index"
    assert run_kavosh("index", src, "--index", index).returncode == 0
    proc = run_kavosh("search", "--index", index, "ضلزله بم")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "showing results for «زلزله بم»; search instead for «ضلزله بم» with --exact"
    assert "6 results for «زلزله بم»" in proc.stdout
    body = json.loads(run_kavosh("search", "--index", index, "--json", "ضلزله بم").stdout)
    assert (body["query"], body["rewritten"], body["suggestion"], body["total"]) == ("ضلزله بم", "زلزله بم", None, 6)
    body = json.loads(run_kavosh("search", "--index", index, "--json", "--exact", "ضلزله").stdout)
    assert (body["rewritten"], body["suggestion"], body["total"]) == (None, None, 0)


# ---------------------------------------------------------------- the Speller (words in context)

VOCAB = {"نفت": 900, "اتصال": 400, "اصل": 800, "به": 90000, "عنوان": 3000, "ایات": 200, "انات": 450, "ابان": 4500, "قران": 700,
         "اشاره": 1500, "احساسات": 130, "اثرگزار": 3, "اثرگذار": 600, "بازار": 900, "تهران": 11000, "مخمر": 60, "مربع": 80}


def speller(near=None, known=()):
    from kavosh.analysis import Analyzer
    from kavosh.query.spelling import Speller

    a = Analyzer()
    return Speller(lambda k: (k, VOCAB[k]) if k in VOCAB else None, a.normalize_term,
                   known=lambda w: a.normalize_term(w) in known, near=near, is_stopword=a.stopwords.__contains__)


@pytest.mark.parametrize("typed,meant", [
    ("نقت", "نفت"),  # a dot slip: ق for ف
    ("اتصل", "اتصال"),  # a left-out letter costs less than replacing one (اصل is a deletion away)
    ("بعنوان", "به عنوان"),  # a missing space after به
    ("احساسانشان", "احساساتشان"),  # the stem is corrected and its clitic put back
    ("تهران", None), ("اشاره", None),  # words of the index stay
])
def test_speller_words(typed, meant):
    assert speller().correct_words([typed]) == [meant]


@pytest.mark.parametrize("typed, meant", [
    # a three-letter word no document holds gets its letter left out put back (ParsiNLU's typo ممر for مخمر had
    # only its swaps looked at: MIN_LEN_FOR_EDITS), also before an ending
    ("ممر", "مخمر"), ("ممرها", "مخمر\u200cها"),
    # and not: a short word of the index stays, and a short word is not given a letter replaced (نفذ is not نفت)
    ("نفت", None), ("نفذ", None),
])
def test_a_short_word_gets_its_left_out_letter_back(typed, meant):
    assert speller().correct_words([typed]) == [meant]
    assert speller(known={typed}).correct_words([typed])[0] in (None, meant)


@pytest.mark.parametrize("known, meant", [
    # a word the word list knows with an ending joined (مربای: مربا + ی, PQuAD's «فیلم مربای شیرین») is not a slip
    # of another stem + that ending (مربع + ی: ا and ع sound alike); only a whole word remains, dearer (through
    # search such a word is held, and a held word takes no change of length: test_correction_choice.py)
    ({"مربا"}, "مربع"),
    # and not: an unknown stem is still corrected with its ending put back
    (set(), "مربعی"),
])
def test_a_known_stem_keeps_its_ending(known, meant):
    assert speller(known=known).correct_words(["مربای"]) == [meant]


def test_context_chooses_between_candidates():
    near = {("اشاره", "ایات"): 30, ("ایات", "قران"): 40}
    sp = speller(near=lambda a, b: near.get((a, b), 0))
    # انات (450) is more frequent than ایات (200), both a dot slip from ابات: the neighbours choose
    assert sp.correct_words(["اشاره", "به", "آبات", "قرآن"]) == [None, None, "ایات", None]
    assert speller().correct_words(["اشاره", "به", "آبات", "قرآن"])[2] == "انات"
    # ابان (4,500) is no dot slip of ابات: at a word's end ت and ن have different shapes (edits.final_shape_apart)


def test_rare_real_word_needs_strong_context_and_known_words_are_real():
    near = {("بازار", "اثرگزار"): 1, ("بازار", "اثرگذار"): 50}
    # اثرگزار is in the index 3 times (a real word for the speller): only context can replace it
    assert speller().correct_words(["بازار", "اثرگزار"]) == [None, None]
    assert speller(near=lambda a, b: near.get((a, b), 0)).correct_words(["بازار", "اثرگزار"]) == [None, "اثرگذار"]
    near[("بازار", "اثرگزار")] = 20  # 51/21 < REAL_WORD_CONTEXT_RATIO: not enough
    assert speller(near=lambda a, b: near.get((a, b), 0)).correct_words(["بازار", "اثرگزار"]) == [None, None]
    assert speller(known={"نقت"}).correct_words(["نقت"]) == [None]  # known, no context: left alone
    assert speller(known={"نقت"}).correct_words(["نقت"], use_known=False) == ["نفت"]


def test_is_known_allows_clitics_but_not_typos():
    from kavosh.query.spelling import KNOWN_LEXICON_FREQ, is_known

    lex = {"ابلاغ": KNOWN_LEXICON_FREQ, "ابا": KNOWN_LEXICON_FREQ, "اتفاقی": KNOWN_LEXICON_FREQ, "پروش": 1000}
    assert is_known("ابلاغ", lex) and is_known("ابلاغش", lex)
    assert not is_known("ابات", lex)  # ابا + ت: after a vowel the clitic would be یت
    assert not is_known("اتفاقیی", lex)  # ی after ی is written ‌ای
    assert not is_known("پروش", lex)  # rare in the word list (it holds misspellings too)


@pytest.mark.parametrize("word, known", [
    ("مزایای", True),  # مزایا + the ezafe ی after a vowel
    ("کجاست", True), ("آمریکاست", True), ("کشوریست", True),  # است joined after a vowel as ست
    ("خوبه", True), ("جنسیه", True),  # spoken است after a consonant or ی
    ("ابات", False), ("اباش", False),  # after a vowel these clitics are یت/یش
    ("کتابست", False),  # ست after a consonant is not است
    ("مزایاه", False), ("خوبهه", False),  # spoken ه never after a vowel or ه
])
def test_is_known_reads_joined_copulas_and_the_ezafe_after_a_vowel(word, known):
    from kavosh.query.spelling import KNOWN_LEXICON_FREQ, is_known

    lex = {w: KNOWN_LEXICON_FREQ for w in ("مزایا", "کجا", "آمریکا", "کشوری", "خوب", "جنسی", "ابا", "کتاب")}
    assert is_known(word, lex) is known


def test_a_correctly_written_word_gets_no_did_you_mean_when_the_query_finds_documents(tmp_path):
    """Issue #14 kind 11: the query as typed finds documents, so words of the word list are searched as
    typed with no suggestion, whether the index lacks them or holds them once; a non-word is still offered
    its fix, and the words of the word list beside it stay as typed."""
    docs = ([{"id": f"q{i}", "title": "قیمت بنزین", "text": "قیمت بنزین در تهران و قیمت نفت"} for i in range(6)]
            + [{"id": "s", "title": "خبر", "text": "شوکر برقی"}]
            + [{"id": f"r{i}", "title": "شور", "text": "شور و قدر و شور و قدر"} for i in range(6)])
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add(docs)
        ix.commit()
        res = ix.search("قیمت بنزین چقدر است")  # چقدر: a word of the word list no document holds
        assert (res.suggestion, res.rewritten, res.total) == (None, None, 6)
        res = ix.search("شوکر برقی")  # شوکر: a word of the word list in one document, one letter from شور
        assert (res.suggestion, res.rewritten, res.hits[0].id) == (None, None, "s")
        res = ix.search("قیمط بنزین چقدر است")  # قیمط: in no document and not a word: OR'ed in, said; چقدر kept
        assert (res.suggestion, res.rewritten) == (None, None)
        assert [n.details["included"] for n in res.notes if n.code == "spelling_included"] == ["قیمت بنزین چقدر است"]


@pytest.mark.parametrize("typed,fixed,slight", [
    ("ضلزله", "زلزله", True), ("نقت", "نفت", True), ("اذییت", "اذیت", True), ("طهران", "تهران", True),
    ("پولو", "پولس", False), ("اورخان", "مورخان", False), ("فوکر", "فکر", False), ("بالتا", "بالا", False),
    ("رادر", "برادر", False), ("کتاب", "کتاب", False),
])
def test_slight_change(typed, fixed, slight):
    from kavosh.query.spelling import slight_change

    assert slight_change(typed, fixed) is slight


@pytest.mark.parametrize("typed,fixed,likely", [
    ("قمیت", "قیمت", True),  # two letters swapped
    ("استفده", "استفاده", True),  # a letter left out
    ("کمپاتی", "کمپانی", True),  # a key next to it (J for K)
    ("پیته", "پسته", True),  # D for S
    ("اففتاح", "افتتاح", True),  # the letter beside it typed again
    ("کتابب", "کتاب", True), ("ضلزله", "زلزله", True), ("بعنوان", "به عنوان", True),
    ("وضرش", "ورزش", True),  # a sound-alike letter and two letters swapped
    ("وعراق", "عراق", True), ("شهراستان", "شهرستان", True),  # a glued و; a vowel letter written out
    ("تکرای", "تکرار", False),  # ی (the D key) is far from ر (V)
    ("جاوا", "جاها", False), ("جاوا", "جنوا", False),  # و (the comma key) is far from ه (I) and ن (K)
    ("کتابن", "کتاب", False),  # an extra letter far from its neighbours
    ("پولو", "پولس", False), ("کتاب", "کتاب", False), ("کتاب", "کتابخانه", False),
    # the first letter by its dots alone, on a key apart: another word (ParsiNLU's name ژوزه was OR'ed in روزه) ...
    ("ژوزه", "روزه", False), ("بیل", "پیل", False),
    # ... not when it sounds alike or is a neighbour key, nor a dot slip inside the word
    ("ضلزله", "زلزله", True), ("تفت", "نفت", True), ("جاده", "چاده", True), ("نقت", "نفت", True),
])
def test_likely_slip(typed, fixed, likely):
    """New user's finding F19: a correction that is no slip of typing (جاوا → جاها) is another word."""
    from kavosh.query.spelling import likely_slip

    assert likely_slip(typed, fixed) is likely


@pytest.mark.parametrize("typed,fixed,kept", [
    ("فیتلر", "فیلتر", True), ("عسولیه", "عسلویه", True), ("شرال", "شارل", True),  # two letters swapped back
    ("استفده", "استفاده", True), ("تویوتاا", "تویوتا", True), ("بعنوان", "به عنوان", True),
    ("شرال", "شراب", False),  # ل and ب are neighbour keys, but a letter replaced
    ("کمپاتی", "کمپانی", False), ("ضلزله", "زلزله", False),  # replaced by a neighbour key or a sound-alike letter
    ("فیتلر", "هیتلر", False), ("کتابن", "کتاب", False),  # no slip at all
    ("رکدام", "هرکدام", False), ("درال", "فدرال", False),  # the first letter is seldom the one left out
])
def test_letters_kept(typed, fixed, kept):
    """The slips a word seen only twice may mend (spelling.suggest_query's second look after a far-fetched fix)."""
    from kavosh.query.edits import letters_kept

    assert letters_kept(typed, fixed) is kept


def test_the_speller_chooses_among_accepted_candidates_only():
    """``accept`` filters the candidates before the choice: the slip, not the more frequent far-fetched word."""
    from kavosh.query.edits import letters_kept

    table = {"هیتلر": ("هیتلر", 40), "فیلتر": ("فیلتر", 5)}
    s = Speller(table.get, lambda w: w)
    assert s.correct_words(["فیتلر"]) == ["هیتلر"]
    assert s.correct_words(["فیتلر"], accept=letters_kept) == ["فیلتر"]
    assert s.correct_words(["فیتلر"], accept=lambda k, c: False) == [None]


def test_a_rare_name_the_index_holds_gets_no_did_you_mean(tmp_path):
    """Issue #14 kind 11: ``پولو`` (the game polo) is in one document, ``پولس`` in many: the query as
    typed finds the document, and the name is not offered a full-edit correction; a word held once
    that is a slight change of a frequent one (``ضلزله``) still is."""
    docs = ([{"id": f"p{i}", "title": "پولس", "text": "پولس و بازی پولس در کشور"} for i in range(8)]
            + [{"id": "polo", "title": "بازی", "text": "بازی پولو در کشور متداول است"}]
            + [{"id": f"q{i}", "title": "زلزله بم", "text": "زلزله در بم"} for i in range(8)]
            + [{"id": "typo", "title": "خبر", "text": "ضلزله در بم"}])
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add(docs)
        ix.commit()
        res = ix.search("بازی پولو در کدام کشور متداول است")
        assert (res.suggestion, res.rewritten, res.hits[0].id) == (None, None, "polo")
        res = ix.search("ضلزله بم")  # OR'ed in beside the word typed, and said (no did-you-mean besides)
        assert (res.suggestion, res.rewritten) == (None, None)
        assert [n.details["included"] for n in res.notes if n.code == "spelling_included"] == ["زلزله بم"]


def test_ay_is_put_back_after_a_silent_heh_only():
    """New user's finding 14: ``آلمنای`` was offered ``آلمانای`` (آلمان + ای), no word: after a consonant the
    ending is written ی (``آلمانی``, two letters swapped back); after a silent ه, ``ای`` still comes back."""
    table = {"آلمان": ("آلمان", 400), "آلمانی": ("آلمانی", 40), "خانه": ("خانه", 300)}
    s = Speller(table.get, lambda w: w)
    assert s.correct_words(["آلمنای"]) == ["آلمانی"]
    assert s.correct_words(["خاتهای"]) == ["خانه\u200cای"]
