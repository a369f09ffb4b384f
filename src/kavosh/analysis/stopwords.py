"""Persian stopwords: function words dropped from bag-of-words queries.

Kavosh indexes every token (so phrases with function words match exactly) and
drops these only from the optional clauses of a query.  The list holds
prepositions, conjunctions, pronouns, determiners, question words, the
auxiliary verbs and particles.  The auxiliaries are grammar, not content (kind 5 of issue
#14, :data:`AUXILIARIES`): every person of the copula and of ``بودن``, the future ``خواهم``
(never the verb ``خواستن``: ``می‌خواهم`` stays content), the progressive ``داشتم``
(``داشتم می‌رفتم``) and the passive ``شدن`` (``گفته شد``, ``گفته می‌شود``).  A query of them
alone still finds them (``می‌شوند``: every word is indexed, issue #14 kind 0).  The forms of
``کردن`` stay content (the light verb: ``اعلام کرد``).
It deliberately excludes content words that Lucene's Persian list drops
(``راه``, ``حق``, ``مردم``, ``آمد``, ``هزار``, ``بزرگ``, ``کار``): those must be
searchable.  Entries are in normal orthography and are normalized when compared.
"""

from __future__ import annotations

STOPWORDS_TEXT = """
و در به از که این را با است برای آن یک خود تا بر هم نیز یا اما ولی اگر پس چه
هر همه وی او ما من تو شما آنها ایشان آنان اینها این‌ها آن‌ها ایشان
بود بوده باشد باشند هست هستند نیست می نمی
دیگر چون چنین چنان همین همان زیرا بنابراین سپس نه هیچ کدام کسی چیزی
ای آیا اینکه آنکه را رو روی زیر پیش بین میان درباره توسط طی ضمن بدون
حتی البته باید نباید بی مگر لذا ولیکن وقتی هنگام
چرا کجا کجاست چگونه چطور چیست کیست کی چند چندم چندین آیا
است هست هستند بود بودند دارد دارند داشت خواهد خواهند باشد باشند
هستیم هستید بودن داشتن نیستند نبود
همچنین سپس هنوز همواره هرگز شاید بله خیر مثل مانند نزد سوی طبق جز
بالای جلوی باره براساس یکدیگر دیگری دیگران همگی تمام تمامی برخی بعضی بسیاری بسیار
خیلی فقط بلکه همچون آنچه هنگامی وقتیکه اند ام اش ایم اید ها های
"""

PERSONS = ("م", "ی", "د", "یم", "ید", "ند")
"""The present personal endings (the past takes the same but ``د``: the bare stem)."""

PERFECT_PERSONS = ("ام", "ای", "ایم", "اید", "اند")
"""The perfect's personal endings after a participle (``شده‌ام``, ``بوده‌اند``; the third person is
``است`` written apart, itself a stopword)."""

NOT_AUXILIARIES = frozenset({"شدید", "شوم", "هستی", "نیستی"})
"""Words an auxiliary paradigm spells that are mostly content words: ``شدید`` "severe",
``شوم`` "ominous", ``هستی`` "existence", ``نیستی`` "nothingness"."""


def _auxiliaries() -> frozenset[str]:
    """The auxiliary verbs' forms (un-normalized, half-spaces written)."""
    past = [p for p in PERSONS if p != "د"] + [""]
    forms: set[str] = set()
    for stem in ("بود", "نبود", "داشت", "شد", "نشد"):
        forms.update(stem + e for e in past)
    forms.update(stem + e for stem in ("هست", "نیست") for e in past)
    for stem in ("باش", "نباش", "خواه", "نخواه", "دار", "شو", "بشو", "نشو", "می‌شو", "نمی‌شو"):
        forms.update(stem + e for e in PERSONS)
    forms.update(stem + e for stem in ("می‌شد", "نمی‌شد") for e in past)
    participles = ("بوده", "نبوده", "داشته", "شده", "نشده", "می‌شده", "نمی‌شده")
    forms.update(participles)
    forms.update(p + "\u200c" + e for p in participles for e in PERFECT_PERSONS)
    forms.update({"شدگان", "نشدگان"})
    return frozenset(forms - NOT_AUXILIARIES)


AUXILIARIES: frozenset[str] = _auxiliaries()
"""The auxiliaries as stopwords: ``بودن`` (``بودم``, ``باشیم``, ``هستند``, ``نیستم``, ``بوده``),
the future ``خواستن`` (``خواهم``, ``نخواهد``), the progressive ``داشتن`` (``داشتم``, ``دارند``,
``داشته``) and the passive ``شدن`` (``شد``, ``شده``, ``می‌شود``, ``نمی‌شوند``, ``شوند``, the
imperfective past ``می‌شدم``, ``نمی‌شد``), each participle with the perfect's endings (``شده‌ام``,
``بوده‌اند``, ``داشته‌ام``, ``می‌شده‌اید``: hazm's Conjugation tests, ``benchmarks/variants/peer_suites.tsv``),
and the participle's plural ``شدگان`` (``کشته‌شدگان`` = ``کشته‌شده``), less :data:`NOT_AUXILIARIES`."""

SPOKEN_FUNCTION_WORDS: tuple[tuple[str, str], ...] = (
    ("اون", "آن"), ("اونها", "آنها"), ("اونا", "آنها"), ("اینا", "اینها"), ("همون", "همان"),
    ("اونو", "آن"), ("اینو", "این"), ("همینو", "همین"), ("همونو", "همان"), ("یه", "یک"), ("دیگه", "دیگر"),
    ("اگه", "اگر"), ("مگه", "مگر"), ("واسه", "برای"), ("برام", "برای"), ("چیه", "چیست"), ("کیه", "کیست"), ("کجاس", "کجاست"),
    ("چجوری", "چگونه"), ("چطوری", "چطور"), ("چطوره", "چطور"), ("چقد", "چقدر"), ("اینقد", "اینقدر"), ("اونقد", "آنقدر"),
    ("اونجا", "آنجا"), ("همونجا", "همانجا"), ("اونوقت", "آنوقت"), ("اونقدر", "آنقدر"), ("اونطور", "آنطور"),
    ("همونطور", "همانطور"),
    ("میشه", "می‌شود"), ("میشن", "می‌شوند"), ("نمیشه", "نمی‌شود"), ("نمیشن", "نمی‌شوند"), ("بشه", "بشود"),
    ("بشن", "بشوند"), ("نشه", "نشود"), ("نشن", "نشوند"), ("باشه", "باشد"), ("باشن", "باشند"), ("باشین", "باشید"),
    ("نباشه", "نباشد"), ("نباشن", "نباشند"), ("هستن", "هستند"), ("هستین", "هستید"), ("نیستن", "نیستند"),
    ("نیستین", "نیستید"), ("داره", "دارد"), ("دارن", "دارند"), ("دارین", "دارید"),
)
"""``(spoken, standard)``: the spoken spellings of function words and auxiliaries (kind 4 of issue
#14), a closed class, so a table and not a rule: the initial ``آ`` of ``آن`` said ``او`` (``اون``,
``اونجا``), ``ان`` said ``ون`` (``همون``), the object marker ``را`` said ``و`` after ``این``/``آن``
(``اینو`` = ``این را``: both stopwords, one term), ``یه``/``دیگه``/``اگه`` for ``یک``/``دیگر``/
``اگر``, the copula ``ه``/``س`` for ``است`` after a question word (``چیه`` = ``چیست``, ``کجاس`` =
``کجاست``), ``برام`` for ``برای`` + ``م`` ("for me"; it also spells the verb form ``برآم``), and the spoken endings of the auxiliaries (``میشه`` = ``می‌شود``, ``باشه``, ``داره``).
The stemmer reads the spoken word as the standard one (``morphology.Stemmer._broken``), and a
spoken word whose standard word is a stopword is one (:data:`SPOKEN_STOPWORDS`).  Left out:
spellings that are words of their own (``شه`` "shah", ``شن`` "sand", ``آره`` folds to ``اره``
"saw"; ``نیس`` "Nice", ``هس``: hazm reads them ``نیست``, ``هست``), and ``تو``/``رو``, each already a
stopword of two meanings.  ``چقد`` = ``چقدر`` is hazm's (``hazm/informal_normalizer.py``); ``اینقد``, ``اونقد``
and ``چطوره`` (= ``چطور است``) a new user's (none is a word of the word list)."""

FUNCTION_WORDS: frozenset[str] = frozenset(STOPWORDS_TEXT.split())
FUNCTION_WORDS |= frozenset(spoken for spoken, standard in SPOKEN_FUNCTION_WORDS if standard in FUNCTION_WORDS)
"""The stopwords of :data:`STOPWORDS_TEXT` (un-normalized), and the spoken spellings of
:data:`SPOKEN_FUNCTION_WORDS` whose standard word is one: the words the stemmer and the
compound list treat as function words (a compound never splits off one; it is never a noun's
remainder).  The auxiliaries added by :data:`AUXILIARIES` are not among them: ``ابداع‌شده``
still splits into ``ابداع`` + ``شده``."""

SPOKEN_STOPWORDS: frozenset[str] = frozenset(
    spoken for spoken, standard in SPOKEN_FUNCTION_WORDS if standard in FUNCTION_WORDS | AUXILIARIES)
"""The spoken spellings of :data:`SPOKEN_FUNCTION_WORDS` whose standard word is a stopword
(``اون``, ``میشه``; not ``اونجا``)."""

STOPWORDS: frozenset[str] = FUNCTION_WORDS | AUXILIARIES | SPOKEN_STOPWORDS
"""The stopword surfaces, un-normalized (normalize them before comparing)."""
