"""The rules and tables of the stemmer (:class:`kavosh.analysis.morphology.Stemmer`): the noun
and adjective suffixes with their keep-whole ratios, the words kept whole (:data:`PROTECTED`), the
curated spellings (broken plurals, vocatives, classical spellings, the ``و`` compounds' one-word
spellings), and the thresholds and guards of its clitic, copula and spoken readings.

:mod:`.morphology` re-exports every name (the stemmer reads them there; so do the tests,
``benchmarks/`` and ``generate_tables.py``, which copies them into the compiled core's
``rust/kavosh-analysis/src/tables.rs``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .tokenize import WAW_COMPOUNDS

# (suffix, replacement, ratio): strip ``suffix``, append ``replacement``; keep the
# whole word when freq(word) >= ratio * freq(remainder).
NOUN_SUFFIXES: tuple[tuple[str, str, float, str], ...] = (
    ("هایشان", "", 50.0, ""), ("هایتان", "", 50.0, ""), ("هایمان", "", 50.0, ""),
    ("هایی", "", 50.0, ""), ("هایم", "", 50.0, ""), ("هایت", "", 50.0, ""), ("هایش", "", 50.0, ""),
    ("های", "", 50.0, ""), ("ها", "", 2.0, ""),
    ("ترین", "", 0.5, "adjective"), ("تر", "", 0.5, "adjective"),
    ("گان", "ه", 1.5, ""), ("یان", "", 1.5, "او"), ("ان", "", 1.5, ""),
    ("ات", "ه", 0.5, ""), ("ات", "ت", 0.5, ""), ("ات", "", 0.5, ""), ("ین", "", 10.0, "participle"),
    ("شان", "", 0.3, ""), ("تان", "", 0.3, ""), ("مان", "", 0.3, ""),
    ("ام", "", 0.3, "ه"), ("اش", "", 0.3, "ه"), ("ای", "", 2.0, "ه"),
    ("یی", "", 2.0, "او"), ("ی", "", 3.0, "noun-vowel"), ("ی", "", 0.15, ""),
    ("م", "", 0.3, ""), ("ت", "", 0.3, ""), ("ش", "", 0.3, ""),
)
"""Noun/adjective suffixes ``(suffix, replacement, keep-whole ratio, after)``,
longest first; ``after`` lists the letters the remainder must end with (any
if empty; ``adjective``: for ``تر``/``ترین``, the remainder is tagged as an
adjective, or is a relational adjective in ``ی``, or the word is unknown;
``participle``: see :func:`_looks_like_participle`; ``noun-vowel``: a noun
ending in ``ا``/``و``): ezafe and indefinite ``ی`` after a vowel
(``جای`` → ``جا``), ``ای`` and clitics after silent ``ه`` (``خانه‌ای`` →
``خانه``), the Arabic plural ``ین`` on participles (``مسئولین`` → ``مسئول``),
``ات`` on words in ``ه`` (``حملات`` → ``حمله``)."""

_SUFFIXES_BY_LAST: dict[str, tuple[tuple[str, str, float, str], ...]] = {
    last: tuple(e for e in NOUN_SUFFIXES if e[0][-1] == last) for last in {e[0][-1] for e in NOUN_SUFFIXES}}
""":data:`NOUN_SUFFIXES` by last letter, in order: a word is tried only against the
suffixes it can end with."""


def _looks_like_participle(word: str) -> bool:
    """Arabic participles take the plural ``ین``: ``م``-initial (مسئول, مجاهد)
    or of the pattern فاعل (ساکن, حاضر, ناظر)."""
    return word[:1] == "م" or (len(word) == 4 and word[1] == "ا")


WEAK_SUFFIXES = frozenset({"م", "ت", "ش", "ام", "اش"})
"""Clitic pronouns: never stripped from a word the word list tags (سالم, روش, سهام)."""

LEMMA_KEEPS = frozenset({"ان", "ات", "ها"})
"""Plural endings never stripped from a frequent word that hazm's word list tags as a
lemma and not as a plural: such a word is a stem in its own right (کرمان, میلان,
پهلوان, مالیات, شکلات, منتها).  ``گان``, ``یان`` and ``ین`` are not in the set:
hazm tags many of their plurals as plain nouns (پرندگان, مسئولین)."""

PLURAL_SUFFIXES = ("هایی", "های", "ها")
"""Plural suffixes stripped even from words the word list does not know
(``پرسپولیسی‌ها`` → ``پرسپولیسی``), as long as the word itself is unknown."""

PROTECTED: frozenset[str] = frozenset({
    "دوران", "کمتر", "آنها", "اینها", "شیران", "رای", "نای", "گروگان",
    "آسمان", "درمان", "گفتمان", "آبادان", "ماهی", "آبی", "ریشتر", "دوبلین",
    "اوقات", "ساعات", "اطلاعات", "انتخابات", "مطالعات", "تحقیقات", "امکانات", "خدمات", "مقامات",
    "شوکران", "امارات", "بسم",
    "دهات", "ولات", "ملات", "موات", "آلات", "قلات", "سوات",
})
"""Words that end in suffix-like letters but are stems in their own right.

Written in normal Persian orthography; normalized when loaded.  The frequency
guard and :data:`LEMMA_KEEPS` protect most such words; these are the rest: words
as frequent as their false stem, or missing from hazm's tagged list (``آبادان``,
``ماهی`` "fish", not "a month"), or tagged like a plural of people (``دوبلین``
"Dublin", not دوبل + ین; see :meth:`Stemmer._people_plural_in`; ``شوکران`` "hemlock", 1.2 times
``شوکر`` "shocker": shekar's stemmer tests, ``benchmarks/variants/peer_suites.tsv``; ``امارات`` "the Emirates" is
not ``آمار`` "statistics" + ``ات``, a new user's finding; ``بسم`` "in the name of" of the basmala is not ``بس``
"enough" + ``م``, another's: a search for ``بس`` ranked a Quran verse first), or words in ``ات`` that restoring
``ه``/``ت`` to a two-letter remainder (:data:`NO_SHORT_STEM_SUFFIXES`) reads as another word: ``دهات``
"villages" is not ``دهه`` "decade", ``ولات`` "governors" not ``ولت`` "volt", ``ملات`` "mortar" not
``ملت``, ``موات`` "dead land" not ``موت``, ``آلات`` not ``اله`` "god", ``قلات``, ``سوات`` (no frequency
of the word list tells them from ``ذرات`` = ``ذره``, ``نیات`` = ``نیت``, ``جنات`` = ``جنت``: the
remainder, the restored word and the plural are seen in the same ratios).  Arabic plurals in ``ات`` that hazm tags as
plurals are otherwise reduced to their singular even when the meaning drifted
(``صادرات``, ``ادبیات``): keeping them apart was measured to cost retrieval
(``docs/benchmarks.md``, "Lexicalized plurals")."""

VOCATIVES: tuple[tuple[str, str], ...] = (
    ("خدایا", "خدا"), ("بارخدایا", "خدا"), ("پروردگارا", "پروردگار"), ("خداوندا", "خداوند"), ("ساقیا", "ساقی"),
)
"""Vocatives written with the vocative suffix ``ا`` (``یا`` after a vowel) and their nouns (kind 3 of
issue #14): ``خدایا`` = ``خدا``, ``پروردگارا`` = ``پروردگار``.  Curated, not a rule: most words in
``یا``/``ا`` are words of their own (``پویا``, ``گویا``, ``رویا``, ``سویا``, ``دریا``, ``مزایا``); read
like :data:`BROKEN_PLURALS` (a word of the table, or one whose stem is one, takes the noun's stem)."""

CLASSICAL_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("زکوة", "زکات"), ("صلوة", "صلات"), ("حیوة", "حیات"), ("مشکوة", "مشکات"), ("نجوة", "نجات"), ("منوة", "منات"),
    ("الرحمان", "الرحمن"), ("رحمن", "رحمان"),
    ("لله", "الله"),
)
"""Words of the Quranic (classical Arabic) orthography written with ``وة`` where Persian writes ``ات``,
and their Persian spelling (kind 2 of issue #14): ``زکوة`` = ``زکوٰة`` = ``زکات``.  With the dagger alef
the char filter already reads ``وٰ`` as ``ا`` (:func:`~kavosh.analysis.normalize.respell_in_context`);
without it the teh marbuta becomes ``ه`` (``زکوه``), which this table maps.  Curated, not a rule: a
general ``وة`` → ``ات`` is wrong for ``قوة`` (``قوه`` "power"), ``عروة``, ``ذروة``, ``ثروة``.  Read like
:data:`BROKEN_PLURALS` (the word, or its stem, takes the Persian word's stem).  Lexicon-guarded: every
Persian spelling is in the word list, and no key is a Persian word of another meaning.  Also the one word
the dagger alef's ``ا`` (:func:`~kavosh.analysis.normalize.respell_in_context`, right for ``ابرٰهیم`` =
``ابراهیم``, ``سلیمٰن``, ``اسمٰعیل``) respells away from the way Persian writes it in the same phrase: the
basmala's ``الرَّحْمَٰنِ`` (= ``الرحمان``) is ``الرحمن`` as Persian types it (4.3M in the word list; ``الرحمان``
none), and the name ``رحمن`` is ``رحمان`` (229k against 2.6M; a new user's finding: a verse copied from a
Quran site and the basmala as typed shared no term).  A word of Arabic phrases that Persian writes its
own way (session q, a new user's finding): ``لله`` (``ل`` "to" + ``الله`` with the article's alef dropped, as
Arabic writes it: ``الحمد لله``, ``انشالله``'s last part, :data:`.compounds.GLUED_PARTS`) is read ``الله``.  Not
``حجه`` → ``حجت`` (``حجةالاسلام`` = ``حجت‌الاسلام``): ``ذی‌حجه``, the month, is ``حجه`` too (5 times in the corpora,
``حجةالاسلام`` none)."""

def waw_spellings(freq: dict[str, int]) -> dict[str, str]:
    """``{spelling: term}`` for the compounds in ``و`` (:data:`~kavosh.analysis.tokenize.WAW_COMPOUNDS`):
    their one-word spellings (``گفتوگو``, and ``گفتگو`` where the table says so) all read as the one
    the word list sees most often (``گفتگو``, 18M, over ``گفتوگو``, 12M); that one is no key."""
    out = {}
    for head, tail, bare in WAW_COMPOUNDS:
        spellings = [head + "و" + tail] + ([head + tail] if bare else [])
        term = max(spellings, key=lambda w: (freq.get(w, 0), w))
        out.update((w, term) for w in spellings if w != term)
    return out


BROKEN_PLURALS: tuple[tuple[str, str], ...] = (
    ("ادیان", "دین"), ("قواعد", "قاعده"), ("علوم", "علم"), ("اشخاص", "شخص"), ("افراد", "فرد"),
    ("اعضا", "عضو"), ("اسناد", "سند"), ("اموال", "مال"), ("اقوام", "قوم"), ("اماکن", "مکان"), ("آثار", "اثر"),
    ("اخبار", "خبر"), ("اسامی", "اسم"), ("اشعار", "شعر"), ("اعداد", "عدد"), ("افکار", "فکر"),
    ("الفاظ", "لفظ"), ("انواع", "نوع"), ("بلاد", "بلد"), ("جوانب", "جانب"), ("حوادث", "حادثه"),
    ("دلایل", "دلیل"), ("رسوم", "رسم"), ("شرایط", "شرط"), ("شعرا", "شاعر"), ("صنایع", "صنعت"),
    ("ضوابط", "ضابطه"), ("عقاید", "عقیده"), ("عوامل", "عامل"), ("عواقب", "عاقبت"), ("فواید", "فایده"),
    ("قبایل", "قبیله"), ("قوانین", "قانون"), ("کتب", "کتاب"), ("مدارس", "مدرسه"), ("مدارک", "مدرک"),
    ("مراحل", "مرحله"), ("مراکز", "مرکز"), ("مسائل", "مسئله"), ("مشاغل", "شغل"), ("مصادر", "مصدر"),
    ("مظاهر", "مظهر"), ("معانی", "معنی"), ("مقاصد", "مقصد"), ("مناطق", "منطقه"), ("منابع", "منبع"),
    ("موارد", "مورد"), ("مواضع", "موضع"), ("موانع", "مانع"), ("نتایج", "نتیجه"), ("نقاط", "نقطه"),
    ("وسایل", "وسیله"), ("وقایع", "واقعه"), ("احکام", "حکم"), ("اعمال", "عمل"), ("اغراض", "غرض"),
    ("اقسام", "قسم"), ("امراض", "مرض"), ("اهداف", "هدف"), ("بنادر", "بندر"), ("جرایم", "جرم"),
    ("جزایر", "جزیره"), ("خطوط", "خط"), ("دفاتر", "دفتر"), ("ذخایر", "ذخیره"), ("سلاطین", "سلطان"),
    ("شهدا", "شهید"), ("ظروف", "ظرف"), ("عناصر", "عنصر"), ("فنون", "فن"), ("قرون", "قرن"), ("مجالس", "مجلس"),
    ("مخازن", "مخزن"), ("مساجد", "مسجد"), ("مطالب", "مطلب"), ("معابد", "معبد"), ("ممالک", "مملکت"),
    ("مناظر", "منظره"), ("نکات", "نکته"), ("وظایف", "وظیفه"), ("اساتید", "استاد"), ("اجداد", "جد"),
    ("ارقام", "رقم"), ("اشیا", "شیء"), ("اعیاد", "عید"), ("امواج", "موج"), ("اجسام", "جسم"), ("ارکان", "رکن"),
    ("اطفال", "طفل"), ("اقالیم", "اقلیم"),
)
"""Arabic broken plurals common in Persian and their singulars (kind 6 of issue #14): a curated
table of frequent pairs, in normal orthography (normalized when loaded).  A word of the table,
or a word whose stem is one (``قواعدش`` → ``قواعد``), takes the singular's stem: ``ادیان`` =
``دین``, ``قواعد`` = ``قاعده``, ``علوم`` = ``علم``, ``اشخاص`` = ``شخص``.  Lexicon-guarded by hand:
both words are in the word list (``tests/analysis/test_arabic_script.py`` checks), and plurals
that are separate words in Persian are left out (``اخلاق`` "ethics" is not ``خلق``, ``اطراف``
"surroundings" is not ``طرف``, ``اصول``, ``مواد``, ``حروف``, ``ملل`` of ``سازمان ملل``,
``اجزا``, whose singular folds to the stopword ``جز``)."""

UNTAGGED_RATIO_FACTOR = 4.0
"""Words the word list does not tag as lemmas need this many times the ratio to stay whole."""

CLITICS = ("م", "ت", "ش")
"""The one-letter clitic pronouns: a word that reads as a tagged noun + one of them is still read as
a spoken verb form when it is one (``تونست`` "he could", not ``تونس`` + ``ت`` "your Tunisia";
``بدونم``, ``بتونم``), see :meth:`Stemmer._spoken`."""

MIN_CLITIC_HOST_LETTERS = 4
"""A function word of at least this many letters + a one-letter clitic of :data:`CLITICS` (``برایم`` =
``برای`` + ``م``, "for me") is the function word's, never the verb form its letters also spell
(``برآیم``, "I rise": a preverb + the present stem ``آ``).  Shorter function words are verb forms more
often than not (``برم`` "let me go", ``بینم`` "I see", ``درم``): of the word list's 194,929 words the rule
changes only ``برایم`` (it changed ``برم``, ``بینم``, ``درم``, ``ایم``, ``استم`` with no length guard)."""

MIN_OBJECT_STEM_FREQ = 1_000_000
"""The least frequency of a noun read before the joined spoken object marker (:meth:`Stemmer._object`)."""

MIN_JOINED_COPULA_STEM_FREQ = 100_000
"""The least frequency of the tagged word read before ``است`` written joined (:meth:`Stemmer._joined_copula`)."""

MIN_PEOPLE_PLURAL_STEM = 4
"""Shortest adjective whose plural in ``ین`` is recognised by :meth:`Stemmer._people_plural_in`."""

MIN_STEM = 2
MAX_CACHE = 500_000

MIN_SHORT_STEM_FREQ = 1_000_000
"""Kind 10 of issue #14 (over-stemming): a suffix leaves a remainder of :data:`MIN_STEM` letters or
fewer only when the remainder is a word the word list tags, seen this often or more, and the suffix is
no Arabic plural of :data:`NO_SHORT_STEM_SUFFIXES`: ``گوتش`` is not ``گو`` + ``تش``, ``ورش`` not ``ور`` +
``ش``, ``وست`` (``وست‌لایف``) not ``وس`` + ``ت`` (``گو``, ``ور``, ``وس``: untagged pieces of words).
Short tagged words keep their inflections (``دلم`` → ``دل``, ``سران`` → ``سر``, ``پاها`` → ``پا``), and
the ezafe ``ی`` after a vowel is read as before on any word (``کای`` → ``کا``, ``زای`` → ``زا``)."""

NO_SHORT_STEM_SUFFIXES = frozenset({"ات", "ین"})
"""Arabic plurals that never leave a bare remainder of two letters (``شکات`` "plaintiffs" is not
``شک`` "doubt", ``دوات`` "inkpot" not ``دو``, ``آیات`` not ``ای``); restoring ``ه``/``ت`` they may,
when the restored word is tagged (``ذرات`` → ``ذره``, ``صفات`` → ``صفت``, ``نیات`` → ``نیت``)."""

MIN_CLITIC_HOST_FREQ = 2_500_000
"""Kind 10 of issue #14 (over-stemming of an unknown name): a clitic pronoun of :data:`WEAK_SUFFIXES`
(``ش``, ``م``, ``ت``, ``اش``, ``ام``) comes off a word the word list does not tag only when the remainder
is a known word (:func:`clitic_host`): tagged (``کتابش``, ``دستش``), an ezafe ``ی`` after a tagged word in
a vowel (``عمویش``, ``کجایش``), or untagged but seen this often or more (``تیمش``: ``تیم`` 111M,
``اینستاگرامش``, ``پایبندیم``).  Names and loanwords keep their last letter: ``کیروش`` (Queiroz) is not
``کیرو`` + ``ش`` (``کیرو`` 12,770 times), nor ``فولام`` (Fulham), ``تورام``, ``ویکم``, ``بلوم``, ``ماگات``,
``استنت``, ``پلنت``.  Chosen on the four corpora's unknown words read as an untagged remainder + a clitic
(385 words): below 2.5M the remainders are mostly names and loanwords (``تورا`` 2.0M, ``فور`` 1.8M, ``محم``
1.7M, ``ویک`` 1.3M); the real clitic forms left whole there are rare (``توییتش``, ``سرچم``, ``علاقمندم``,
each once or twice)."""


AN_PLURALS = frozenset({"ان", "یان"})
"""The plural ``ان`` (``یان`` after a vowel) that :func:`an_plural_rest` guards (kind 10 of issue #14)."""

MIN_UNTAGGED_PLURAL_STEM = 5
"""An untagged remainder of the plural ``ان`` this long or longer is read as a word (a compound
agent noun, ``علاقمندان``, ``بانکداران``, ``دفتریاران``); shorter ones only as :func:`an_plural_rest` says."""


def an_plural_rest(word: str, rest: str, f_word: int, word_listed: bool, word_tagged: bool,
                   rest_tags: tuple[bool, bool], f_rest: int, present_stem: Callable[[str], bool]) -> bool:
    """Whether ``word`` may be ``rest`` + the plural ``ان`` (:data:`AN_PLURALS`; kind 10 of issue #14,
    over-stemming into another word).  ``ان`` makes the plural of people, animals and a few things named
    by nouns and adjectives the word list tags (``مردان``, ``درختان``, ``سخنان``, ``حامیان``); a word in
    ``ان`` whose remainder the list does not know as such a word is a word of its own, mostly a name:

    - a remainder the word list does not tag (``rest_tags`` = ``(tagged, adjective)``: not tagged) is a
      remainder only when it is a relational adjective in ``ی`` (``ایرانیان``, ``یهودیان``, ``ساسانیان``: hazm
      tags few of them), is seen :data:`MIN_CLITIC_HOST_FREQ` times or more (as an untagged clitic host:
      ``مندان``, ``شناسان`` of compounds written apart), has :data:`MIN_UNTAGGED_PLURAL_STEM` letters or more
      (``علاقمندان``, ``همیاران``), or is or ends with a present stem of the verb list (``present_stem``:
      agent nouns, ``پژوهان``, ``نشینان``, ``گلزنان``): ``روژان`` is no ``روژ`` (207k, untagged) + ``ان``,
      nor ``تایوان``, ``کازان``, ``لنجان``, ``هاکان``, ``دیلان``;
    - a remainder in ``ی`` tagged as a noun but not as an adjective (the people nouns in ``ی`` that take
      ``ان`` are mostly tagged adjectives too: ``حامی``, ``مدعی``, ``روحانی``) is no remainder when the word
      list lists the word itself, untagged and never seen in its corpus (``f_word`` 0, ``word_listed``,
      not ``word_tagged``): the surnames in ``یان`` (``شجریان``, the singer, is no ``شجری`` + ``ان``, nor
      ``حیدریان``).  A plural the list has seen (``مشتریان``, 28M) is read as before; so are the other
      tagged remainders: the list does not tell ``کارکنان`` (listed, unseen, untagged; ``کارکن`` a noun)
      from a name.

    ``word`` and ``rest`` are normalized; ``f_word``/``f_rest`` their frequencies (0 if unlisted)."""
    tagged, adjective = rest_tags
    if not tagged:
        return (rest[-1] == "ی" or f_rest >= MIN_CLITIC_HOST_FREQ or len(rest) >= MIN_UNTAGGED_PLURAL_STEM
                or any(present_stem(rest[i:]) for i in range(len(rest) - 1) if i == 0 or i >= 2))
    if rest[-1] == "ی" and not adjective:
        return not (word_listed and f_word == 0 and not word_tagged)
    return True


def noun_of_its_own_in_yeh(word_noun: bool, word_adjective: bool, f_word: int, rest: str, rest_adjective: bool) -> bool:
    """Whether a word in ``ی`` after a consonant (``rest`` + ``ی``) is a noun of its own, not ``rest`` + the
    indefinite, ezafe or relational ``ی`` (kind 10 of issue #14, over-stemming into another word): hazm's list
    tags the word as a noun lemma (``word_noun``) and not as an adjective (the relational adjectives in ``ی``
    are tagged so: ``تهرانی``, ``جنگی``; the indefinite ``کتابی`` is no lemma of the list), the word list has
    seen it (``f_word``), and the remainder is no adjective (the abstract nouns of adjectives keep their
    adjective's term: ``سردی``, ``هوشمندی``): ``سلامی`` (the surname; salami) is no ``سلام`` + ``ی``, nor
    ``نشانی`` "address" ``نشان``, ``سیدی`` "CD" ``سید``, ``مودی`` (Modi) ``مود``, ``وردی`` (Verdi) ``ورد``."""
    return word_noun and not word_adjective and f_word > 0 and not rest_adjective and rest[-1:] not in GLIDE_AFTER


CLITIC_HOST_ENDINGS = ("ان", "ها", "های", "ات", "ین", "تر")
"""Plural and comparative endings of a clitic's host read by :func:`clitic_host` (``شاگردانش``,
``کارهایم``, ``متحدینش``, ``کوچکترش``); ``گان`` after a silent ``ه`` too (``همسایگانش``)."""


def clitic_host(rest: str, freq: Mapping[str, int], nouns: frozenset[str]) -> bool:
    """Whether a clitic pronoun may come off a word the word list does not tag, leaving ``rest``
    (:data:`MIN_CLITIC_HOST_FREQ`): ``rest`` is a tagged word of ``nouns``; a tagged word + ``ی``
    (the ezafe after a vowel, ``عمویش``, or the ``ی`` of ``یم`` "we are", ``حاضریم``, ``مجبوریم``); a tagged
    word + a plural or comparative ending (:data:`CLITIC_HOST_ENDINGS`: ``شاگردانش``, ``همسایگانش``, ``کوچکترش``); or seen
    :data:`MIN_CLITIC_HOST_FREQ` times or more in ``freq`` (``تیمش``).  ``rest`` is normalized, 3+ letters."""
    if rest in nouns or freq.get(rest, 0) >= MIN_CLITIC_HOST_FREQ:
        return True
    if rest[-1] == "ی" and rest[:-1] in nouns:
        return True
    if rest.endswith("گان") and rest[:-3] + "ه" in nouns:
        return True
    return any(rest.endswith(p) and rest[: -len(p)] in nouns for p in CLITIC_HOST_ENDINGS)


T_WORD_RATIO = 0.1
CLITIC_T_OVER_SH = 2.0
"""A word of the list in ``ت`` seen at least :data:`T_WORD_RATIO` times as often as its remainder
and more than :data:`CLITIC_T_OVER_SH` times as often as its remainder + ``ش`` is a word of its own,
not the remainder + the clitic ``ت`` "your": ``پاکت`` "envelope" (3.1M; ``پاک`` 27.9M, ``پاکش``
0.6M), ``فونت``, ``راکت``, ``فرمت``; ``اسمت`` (2.0M; ``اسمش`` 6.5M), ``نظرت`` (4.0M; ``نظر`` 230M)
and ``خودت`` are clitic forms (``ش`` "his/her" is the clitic a noun takes most)."""


T_HOST_NOT_AFTER = "ی"
GLIDE_AFTER = "او"
"""No host of the bare clitic ``ت`` ends in :data:`T_HOST_NOT_AFTER` after a consonant: after a final vowel
``ی`` Persian writes the clitic ``‌ات`` (``کشتی‌ات``, ``شیء‌ات``), so such a word in ``یت`` is a word of its own —
the Arabic abstract noun in ``‑یّت`` (``مادیت``, ``عربیت``, ``ازلیت``) or a loanword or name (``شیت``, ``الیت``,
``پلیت``, ``دیت``, ``مردیت``).  A ``ی`` after ``ا``/``و`` (:data:`GLIDE_AFTER`) is the glide a vowel-final host
takes before the clitic: ``پایت`` = ``پا`` + ``یت``, ``گلویت``, ``هایت`` (so ``کرویت``, ``بدویت`` stay ``کروی``,
``بدوی``).  Measured on the word list: of its 47 words in ``یت`` seen 1,000+ times that were read as the
remainder + ``ت``, none was (``شیت`` → ``شی``, ``مادیت`` → ``مادی``); 45 now keep their own term."""


def _bare_t_impossible(rest: str) -> bool:
    """Whether ``rest`` + ``ت`` cannot be ``rest`` + the clitic ``ت``: ``rest`` ends in a ``ی`` after a
    consonant (:data:`T_HOST_NOT_AFTER`): ``"شی"`` → True, ``"پای"`` → False, ``"کتاب"`` → False."""
    return rest[-1:] == T_HOST_NOT_AFTER and not (len(rest) > 1 and rest[-2] in GLIDE_AFTER)


def _own_word_in_t(f_word: int, f_rest: int, f_rest_sh: int) -> bool:
    """Whether a word in ``ت`` seen ``f_word`` times is a word of its own, not its remainder (seen
    ``f_rest`` times; with ``ش``, ``f_rest_sh`` times) + the clitic ``ت`` (:data:`CLITIC_T_OVER_SH`)."""
    return f_word >= T_WORD_RATIO * f_rest and f_word > CLITIC_T_OVER_SH * f_rest_sh

INDEFINITE_AFTER_HEH_PRIOR = 2.0
"""A joined ``Xهای`` is ``X`` + plural ``های`` or ``Xه`` + indefinite/ezafe ``ای``
(``حرفهای``: ``حرف‌های`` "words" or ``حرفه‌ای`` "professional").  The reading whose
remainder is more frequent in the word list wins, the ``ای`` reading's frequency counted
this many times.  Chosen by measurement (``benchmarks/joined_haye.py``): of the 5,071
half-spaced ``X‌های``/``Xه‌ای`` occurrences in the corpora whose two readings are both
words, 1.0 reads 4,555 as written, 2.0 reads 4,566, 3.0 reads 4,710 but drops the
``plural-haye`` variant kind to 97.5%; 2.0 keeps every kind at 98% or more."""
