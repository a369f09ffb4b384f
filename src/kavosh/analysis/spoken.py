"""Colloquial (spoken) Persian as written in informal text and queries (kind 4 of issue #14).

Spoken Persian changes a few sounds regularly, and informal writing spells them:

- **Present stems** of frequent verbs are shortened (:data:`SPOKEN_PRESENT_STEMS`: ``میگه`` =
  ``می‌گوید``, ``بره`` = ``برود``, ``میخوام`` = ``می‌خواهم``, ``میتونی`` = ``می‌توانی``), and a
  present stem in ``ان`` is said with ``ون`` (``نمیدونم`` = ``نمی‌دانم``, ``میخونه`` = ``می‌خواند``).
- **Past stems** (:data:`SPOKEN_PAST_STEMS`): ``اومد`` = ``آمد``, ``نیومدم`` = ``نیامدم``.
- **Personal endings** (:data:`SPOKEN_ENDINGS`): ``ه`` for ``د`` (``میکنه``), ``ن`` for ``ند``
  (``میگن``), ``ین`` for ``ید`` (``میدونین``).
- **The vowel** ``ان`` is ``ون`` in many words (``خیابون`` = ``خیابان``, ``خونه`` = ``خانه``,
  ``نون`` = ``نان``), and so are the clitics (``مون``/``تون``/``شون`` = ``مان``/``تان``/``شان``).
- **Plural + clitic chains** (:data:`SPOKEN_WORD_ENDINGS`): ``دوستامون`` = ``دوست‌هایمان``,
  ``خونه‌هاتون`` = ``خانه‌هایتان``.
- **The copula** ``است`` said ``ه`` (``خوبه``, ``ممکنه``: :func:`copula_base`, :data:`TAGGED_COPULA`)
  and **the object marker** ``را`` said ``و`` (``کتابو``, ``حرفشو``: :func:`object_base`).
- **Letters stretched for emphasis** (``خیلیییی``, ``عالیههه``): a run of three or more of one
  letter, which standard Persian never writes, is squeezed (:func:`squeezed`).

These functions only propose standard spellings; the stemmer (:mod:`.morphology`) accepts one
only when the word list says so (lexicon-guarded): the spoken verb forms are read as verbs only
where no standard reading of any verb spells the same word and the word is no noun of its own,
and a rewritten noun only when the word is not a word of the word list's tags and the rewrite's
stem is a tagged word more frequent than the spoken spelling (``خون`` "blood" is never ``خان``,
``بدون`` never ``بدان``).  The tables are ours: the regular changes of colloquial Tehrani Persian
that informal writing spells.
"""

from __future__ import annotations

import re

from .chars import ZWNJ
from .normalize import normalize

SPOKEN_PRESENT_STEMS: tuple[tuple[str, str], ...] = (
    ("گو", "گ"), ("رو", "ر"), ("شو", "ش"), ("ده", "د"), ("خواه", "خوا"), ("خواه", "خا"),
    ("آور", "آر"), ("گذار", "ذار"), ("نشین", "شین"), ("آی", "آ"),
)
"""``(standard present stem, spoken stem)``: the irregular shortenings of frequent verbs
(``می‌گوید`` → ``میگه``, ``برود`` → ``بره``, ``می‌شود`` → ``میشه``, ``می‌دهم`` → ``میدم``,
``می‌خواهم`` → ``میخوام`` or ``میخام``, ``می‌توانی`` → ``میتونی``, ``بیاور`` → ``بیار``, ``بگذار`` → ``بذار``,
``بنشین`` → ``بشین``, ``می‌آید`` → ``میاد``).  Every other present stem in ``ان`` is also said
with ``ون`` (``دان`` → ``دون``, ``مان`` → ``مون``; ``وان`` → ``ون``: ``توان`` → ``تون``, ``خوان`` →
``خون``): :func:`spoken_stems`."""

SPOKEN_PAST_STEMS: tuple[tuple[str, str], ...] = (("آمد", "اومد"), ("ایستاد", "وایساد"))
"""``(standard past stem, spoken stem)``: the past stems that speech says otherwise (``آمد`` →
``اومد``: ``اومدم``, ``اومدن``, ``اومده``; ``ایستاد`` → ``وایساد``).  After a prefix a spoken stem in
``ا`` loses it, and takes the glide ``ی`` after ``ن`` (``میومد``, ``نمیومدم``, ``نیومد``):
:func:`spoken_past_heads`.  Every other past stem in ``اند``/``انست`` is also said with ``ون``
(``خواند`` → ``خوند``, ``ماند`` → ``موند``, ``رساند`` → ``رسوند``, ``توانست`` → ``تونست``):
:func:`spoken_past_stems`."""

SPOKEN_ENDINGS: tuple[tuple[str, str], ...] = (("د", "ه"), ("ند", "ن"), ("ید", "ین"))
"""``(standard personal ending, spoken ending)`` of the present tense (third person singular,
third person plural, second person plural).  The other endings (``م``, ``ی``, ``یم``) speech
and writing spell alike, so a shortened stem with one of them (``میرم``, ``بریم``) is as spoken a
form as one with a spoken ending (``میره``), and a shortened stem with a standard ending of
this table (``برند``, ``میرد``, ``بدید``) is mixed, seldom written: :func:`shortened`."""

SPOKEN_WORD_ENDINGS: tuple[tuple[str, str], ...] = (
    ("هامون", "هایمان"), ("هاتون", "هایتان"), ("هاشون", "هایشان"),
    ("امون", "هایمان"), ("اتون", "هایتان"), ("اشون", "هایشان"),
    ("هام", "هایم"), ("هات", "هایت"), ("هاش", "هایش"),
    ("مون", "مان"), ("تون", "تان"), ("شون", "شان"),
)
"""``(spoken ending, standard ending)`` of nouns, longest first, the first that ends the word
is rewritten: the plural (``ها``, spoken ``ا`` after a consonant) with a clitic pronoun
(``دوستامون`` = ``دوستهایمان``; ``بچههام`` = ``بچههایم``, ``کتابهات`` = ``کتابهایت``), or the clitic
alone (``خودمون`` = ``خودمان``)."""

SPOKEN_PLURAL_CLITICS: tuple[str, ...] = ("هامون", "هاتون", "هاشون", "هام", "هات", "هاش")
"""The spoken plural + clitic endings of :data:`SPOKEN_WORD_ENDINGS`: written after a space or half-space
they show where the stem ends, like a plural (``analyzer.PLURALS``: ``دست‌هام`` is ``دست`` + ``هام``,
never ``دسته`` + ``ام`` as the joined ``دستهام`` may be)."""

SPOKEN_PLURAL = ("یون", "یان", "او")
"""``(spoken ending, standard ending, the letters the word before it ends in)``: the plural ``ان``
said ``ون`` after a vowel, its glide ``ی`` kept (``آقایون`` = ``آقایان``, ``دانشجویون`` =
``دانشجویان``): read as a spoken ending of :data:`SPOKEN_WORD_ENDINGS` (:func:`noun_candidates`).
After a consonant the vowel change alone already reads it (``درختون``: :data:`SPOKEN_VOWEL`)."""

UNKNOWN_WORD_ENDINGS: tuple[str, ...] = ("هایم", "هایت", "هایش", "یان")
"""The standard endings of :data:`SPOKEN_WORD_ENDINGS` and :data:`SPOKEN_PLURAL` that the stemmer reads
only in a word the word list does not know (``بچههام``, ``کتابهات``, ``آقایون``): the words of the list
that end so are mostly names and words of their own (``ابرهام`` "Abraham", ``التهام``, ``مستهام``,
``غرانتهام``, ``مشتهات``, ``لغویون`` "linguists" = ``لغویان``, not ``لغو``)."""

SPOKEN_VOWEL = ("ون", "ان")
"""The spoken vowel and its standard spelling (``خیابون``, ``خونه``, ``میدون``)."""

COPULA = "ه"
"""The spoken copula: ``است`` said ``ه`` after a consonant or ``ی`` (``خوبه`` = ``خوب است``,
``سخته``, ``ایرانیه``); the same letter is the spoken definite marker (``دختره`` "the girl").
After ``ا``/``و`` speech says ``س`` (``کجاس``), found only in the table of function words
(:data:`~kavosh.analysis.stopwords.SPOKEN_FUNCTION_WORDS`): ``لباس``, ``احساس`` end so too."""

MIN_COPULA_BASE = 3
"""The shortest word read before the copula :data:`COPULA`: a two-letter word + ``ه`` is mostly
a word of its own (``بچه``, ``کده``, ``مده``, ``فره``, ``حجه``) or a stopword + ``ه``."""

NOT_COPULA: tuple[str, ...] = (
    "کتابه", "پارسه", "لیسه", "هویه", "بیله", "سرباره", "گویه", "ذاکره", "حاکمه", "داخله", "نظیره",
    "طرقه", "راهبه", "رحمه", "سبحانه", "جلاله", "امیه", "بنابه", "راکه", "درهمه", "استاده", "عملیه", "مرسله",
)
"""Words the word list does not tag that end as a word + the copula :data:`COPULA` but are words
of their own (``کتابه`` "inscription", ``پارسه`` "Persepolis", ``لیسه`` "lycée", ``هویه`` "soldering
iron", ``سرباره`` "slag", ``گویه`` "item"), Arabic feminines and formulae (``هیئت حاکمه``, ``قوه
ذاکره``, ``رحمه الله``, ``بنی امیه``) and glued function words (``بنا به``, ``را که``, ``در همه``):
the most frequent of them in the word list, read by hand."""

TAGGED_COPULA: tuple[tuple[str, str], ...] = (("ممکنه", "ممکن"), ("درسته", "درست"), ("لازمه", "لازم"))
"""Words the word list tags that are mostly an adjective + the spoken copula :data:`COPULA`, and
that adjective (``ممکنه`` = ``ممکن است``, ``درسته`` = ``درست است``, ``لازمه`` = ``لازم است``; the
Arabic feminine ``ممکنه``, ``درسته`` "whole" and the noun ``لازمه`` "prerequisite" are rarer or of the
same meaning).  Curated: a tagged word in ``ه`` is as often a word of its own (``دسته``, ``پسته``,
``گوشه``, ``بسته``), as frequent against its base, so no rule tells them apart.  Read like
:data:`~kavosh.analysis.morphology.BROKEN_PLURALS` (the word takes the adjective's stem)."""

OBJECT_MARKER = "و"
"""The object marker ``را`` as speech says it after a consonant, joined: ``کتابو`` = ``کتاب را``,
``حرفشو`` = ``حرفش را``, ``ماشینو`` (after a vowel speech says ``رو``, written apart: ``خونه رو``)."""

MIN_OBJECT_BASE = 3
"""The shortest word read before the object marker :data:`OBJECT_MARKER` (``جلو``, ``سبو``, ``پلو``
are words)."""

NOT_OBJECT: tuple[str, ...] = ("پدرو",)
"""Words the word list does not know that end as a noun + :data:`OBJECT_MARKER` but are names
(``پدرو`` "Pedro", not ``پدر را``); names the word list holds are guarded by it (``برونو``,
``رونالدو``, ``فرانکو``), and a name whose base is no tagged noun never reads so (``مارکو``)."""

_STRETCHED = re.compile(r"(.)\1{2,}")


def spoken_stems(present: str) -> list[str]:
    """The spoken spellings of a standard present stem (a word list key: normalized, no
    half-space): its entry of :data:`SPOKEN_PRESENT_STEMS`, else ``ون`` for a final ``ان``
    (``دان`` → ``دون``); ``[]`` when it has none."""
    out = [spoken for standard, spoken in _SPOKEN_STEMS if standard == present]
    if not out and len(present) > 2 and present.endswith("ان"):
        out.append(present[:-3] + "ون" if present.endswith("وان") else present[:-2] + "ون")
    return out


def spoken_past_stems(past: str) -> list[str]:
    """The spoken spellings of a standard past stem (a word list key): its entries of
    :data:`SPOKEN_PAST_STEMS`, else ``ون`` for the ``ان`` of a final ``اند``/``انست`` (``وان`` →
    ``ون``, as :func:`spoken_stems`); ``[]`` when it has none.  ``"خواند"`` → ``["خوند"]``;
    ``"توانست"`` → ``["تونست"]``; ``"امد"`` → ``["اومد"]``; ``"کرد"`` → ``[]``."""
    out = [spoken for standard, spoken in SPOKEN_PAST if standard == past]
    if not out:
        for tail in ("اند", "انست"):
            head = past[: -len(tail)]
            if past.endswith(tail) and head:
                out.append((head[:-1] if head.endswith("و") else head) + "ون" + tail[2:])
    return out


def copula_base(word: str) -> str | None:
    """The word before a spoken copula :data:`COPULA` (a normalized word, no half-space), or
    ``None``: the base has :data:`MIN_COPULA_BASE` letters or more and ends in no ``ا``/``و``/``ه``,
    and the word is not in :data:`NOT_COPULA`.  ``"خوبه"`` → ``"خوب"``; ``"ایرانیه"`` →
    ``"ایرانی"``; ``"کمه"``, ``"کتابه"``, ``"خانه"`` (base ``خان``: the stemmer asks the word
    list) → ``None``, ``None``, ``"خان"``."""
    base = word[: -len(COPULA)]
    if not word.endswith(COPULA) or len(base) < MIN_COPULA_BASE or base[-1] in "اوه" or word in _NOT_COPULA:
        return None
    return base


JOINED_COPULA = "ست"
"""``است`` written joined after a vowel letter, its alef dropped (the two share it): ``زیباست`` =
``زیبا است``, ``آرزوست`` = ``آرزو است``, ``کشوریست`` = ``کشوری است`` (kind 3 of the new user's list,
``کجاست`` = ``کجا است``)."""

JOINED_COPULA_HOSTS = "اوی"
"""The letters a word ends in before :data:`JOINED_COPULA` (after a consonant ``است`` keeps its alef)."""

MIN_JOINED_COPULA_BASE = 3
"""The shortest word read before :data:`JOINED_COPULA` (``بیست``, ``لیست``, ``دوست``, ``پوست`` are two letters
+ ``ست``, and words of the list anyway)."""

JOINED_COPULA_WORDS: tuple[tuple[str, str], ...] = (("کجاست", "کجا"), ("آنجاست", "آنجا"), ("اینجاست", "اینجا"))
"""A question word and two place adverbs + :data:`JOINED_COPULA` (``کجاست`` a stopword, ``آنجاست``,
``اینجاست``): their base, read like :data:`TAGGED_COPULA` (``کجاست`` = ``کجا`` + ``است``: both marked; ``کجاس`` → ``کجاست``
→ ``کجا``).  The rule of :func:`joined_copula_base` leaves stopwords alone (a content term ``کجا``
would meet no ``␀کجا``)."""


def joined_copula_base(word: str) -> str | None:
    """The word before :data:`JOINED_COPULA` (a normalized word, no half-space), or ``None``: the base
    has :data:`MIN_JOINED_COPULA_BASE` letters or more and ends in one of :data:`JOINED_COPULA_HOSTS`
    (the stemmer asks the word list for the rest).  ``"زیباست"`` → ``"زیبا"``; ``"کشوریست"`` →
    ``"کشوری"``; ``"دوست"``, ``"کتابست"`` → ``None``."""
    base = word[: -len(JOINED_COPULA)]
    if not word.endswith(JOINED_COPULA) or len(base) < MIN_JOINED_COPULA_BASE or base[-1] not in JOINED_COPULA_HOSTS:
        return None
    return base


def object_base(word: str) -> str | None:
    """The word before a joined spoken object marker :data:`OBJECT_MARKER` (a normalized word, no
    half-space), or ``None``: the base has :data:`MIN_OBJECT_BASE` letters or more and ends in no
    vowel letter ``ا``/``و``/``ه``, and the word is not in :data:`NOT_OBJECT` (the stemmer asks
    the word list for the rest).  ``"کتابو"`` → ``"کتاب"``; ``"حرفشو"`` → ``"حرفش"``; ``"جلو"``,
    ``"پدرو"``, ``"زانو"`` (base ``زان``: the word list knows ``زانو``) → ``None``, ``None``, ``"زان"``."""
    base = word[: -len(OBJECT_MARKER)]
    if not word.endswith(OBJECT_MARKER) or len(base) < MIN_OBJECT_BASE or base[-1] in "اوه" or word in _NOT_OBJECT:
        return None
    return base


def shortened(stem: str, spoken: str, ending: str) -> bool:
    """Whether ``spoken`` + ``ending`` is wholly spoken with a stem that speech shortens: ``spoken``
    is the entry of :data:`SPOKEN_PRESENT_STEMS` or :data:`SPOKEN_PAST_STEMS` for the standard
    ``stem`` (word list keys) and ``ending`` is no standard ending of :data:`SPOKEN_ENDINGS`.
    ``("رو", "ر", "م")`` → ``True`` (``میرم``); ``("رو", "ر", "ند")`` → ``False`` (``برند``);
    ``("دان", "دون", "م")`` → ``False`` (the vowel ``ون``, not a shortening)."""
    return (stem, spoken) in _SHORTENED and ending not in _MIXED_ENDINGS


def spoken_past_heads(prefix: str, spoken: str) -> list[str]:
    """The spellings of ``prefix`` (``""``, ``می``, ``نمی``, ``ن``) + a spoken past stem: a stem in
    ``ا`` loses it after a prefix, and after ``ن`` takes the glide ``ی``; after ``می``/``نمی`` it may
    also keep it (``میاومد``, hazm's informal normalizer).  ``("", "اومد")`` → ``["اومد"]``;
    ``("می", "اومد")`` → ``["میومد", "میاومد"]``; ``("ن", "اومد")`` → ``["نیومد"]``."""
    if not prefix or spoken[:1] != "ا":
        return [prefix + spoken]
    if prefix == "ن":
        return [prefix + "ی" + spoken[1:]]
    return [prefix + spoken[1:], prefix + spoken]


def _key(word: str) -> str:
    return normalize(word).replace(ZWNJ, "")


_SPOKEN_STEMS = tuple((_key(a), _key(b)) for a, b in SPOKEN_PRESENT_STEMS)
SPOKEN_PAST = tuple((_key(a), _key(b)) for a, b in SPOKEN_PAST_STEMS)
""":data:`SPOKEN_PAST_STEMS` as word list keys (``("امد", "اومد")``)."""
_SHORTENED = frozenset(_SPOKEN_STEMS + SPOKEN_PAST)
_MIXED_ENDINGS = frozenset(standard for standard, _ in SPOKEN_ENDINGS)
_NOT_COPULA = frozenset(_key(w) for w in NOT_COPULA)
_NOT_OBJECT = frozenset(_key(w) for w in NOT_OBJECT)


def noun_candidates(word: str) -> list[tuple[str, str]]:
    """Standard spellings of a spoken noun form (a normalized word, no half-space) as
    ``(base, standard ending)`` pairs, most specific first: the word with its spoken ending
    rewritten (:data:`SPOKEN_WORD_ENDINGS`), then with one spoken vowel ``ون`` of the base made
    ``ان``, rightmost first, then (a word with a spoken ending) with one of the whole word's
    (``اسمون`` is ``اسمان``, not ``اس`` + ``مون``).  The ending is ``""`` when the word has no
    spoken ending; ``[]`` when the word has neither.  ``"خیابون"`` → ``[("خیابان", "")]``;
    ``"دوستامون"`` → ``[("دوست", "هایمان"), ("دوستامان", "")]``; ``"اقایون"`` → ``[("اقا", "یان"),
    ("اقایان", "")]`` (:data:`SPOKEN_PLURAL`); ``"خونههاتون"`` → ``[("خونه",
    "هایتان"), ("خانه", "هایتان"), ("خونههاتان", ""), ("خانههاتون", "")]``."""
    base, ending = word, ""
    for spoken, standard in SPOKEN_WORD_ENDINGS:
        if word.endswith(spoken) and len(word) - len(spoken) >= 2:
            base, ending = word[: -len(spoken)], standard
            break
    else:
        spoken, standard, hosts = SPOKEN_PLURAL
        if word.endswith(spoken) and len(word) - len(spoken) >= 2 and word[-len(spoken) - 1] in hosts:
            base, ending = word[: -len(spoken)], standard
    out = [(base, ending)] if ending else []
    _vowel_changes(base, ending, out)
    if ending:
        _vowel_changes(word, "", out)
    return out


def _vowel_changes(base: str, ending: str, out: list[tuple[str, str]]) -> None:
    """Append to ``out`` ``base`` with one spoken vowel made standard, rightmost first, never at
    the word's beginning (``ونگ``, ``ونوشه``, ``وندر``)."""
    vowel, standard_vowel = SPOKEN_VOWEL
    at = base.rfind(vowel)
    while at > 0:
        out.append((base[:at] + standard_vowel + base[at + len(vowel):], ending))
        at = base.rfind(vowel, 0, at)


def squeezed(word: str) -> tuple[str, str] | None:
    """A word with a letter stretched for emphasis (a run of three or more), squeezed:
    ``(every run to one letter, every run to two letters)``, or ``None`` when no letter
    runs three times.  ``"خیلیییی"`` → ``("خیلی", "خیلیی")``."""
    if not _STRETCHED.search(word):
        return None
    return _STRETCHED.sub(r"\1", word), _STRETCHED.sub(r"\1\1", word)
