"""Lexicon-guarded light stemming and verb lemmatization for Persian.

A word (already normalized, half-spaces removed) is reduced to a *stem*:

1. **Verbs.**  ``[نمی|می|ن|ب] + stem + [personal ending | participle ending]``
   is reduced to the verb's past stem when the middle part is a known present
   or past stem (``می‌روم``, ``رفتند``, ``برو`` → ``رفت``).  Verb analysis is
   skipped for words that the noun lexicon knows (``میدان``, ``روند``, ``داده``).
2. **Nouns and adjectives.**  Inflectional suffixes (plural ``ها``/``ان``/``ات``/
   ``ین``/``گان``, comparative ``تر``/``ترین``, clitic pronouns, indefinite and
   ezafe ``ی``) are stripped, longest first, at most three times, but only when
   the remainder is a known word and the whole word is not a known word in its
   own right.  A word is a word in its own right when it is in
   :data:`PROTECTED` or when it is at least ``ratio`` times as frequent as the
   remainder (``ایران`` vs ``ایر``, ``تنها`` vs ``تن``), with ``ratio``
   multiplied by :data:`UNTAGGED_RATIO_FACTOR` for words that hazm's tagged
   word list does not know as lemmas (``شهروندان``); words the word list tags
   as plural are always reduced (``ادبیات`` → ``ادبی``).

This is the lexicon-guarded approach of Taghva et al., "A stemming algorithm for
the Farsi language" (ITCC 2005) and of hazm's ``Lemmatizer``, with the bare
suffix-stripping of Lucene's ``PersianStemFilter`` (Lucene 9) as the fallback
that the guard restrains.

Word list: ``data/words.tsv.gz`` (shekar 1.7.0 vocabulary frequencies and hazm
0.10.0 word list, both MIT); verbs: ``data/verbs.tsv`` (hazm and shekar, MIT).
See ``LICENSES.md`` in the package data folder.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

from .chars import ZWNJ
from .normalize import normalize
from .tokenize import Compounds

# (suffix, replacement, ratio): strip ``suffix``, append ``replacement``; keep the
# whole word when freq(word) >= ratio * freq(remainder).
NOUN_SUFFIXES: tuple[tuple[str, str, float], ...] = (
    ("هایشان", "", 50.0), ("هایتان", "", 50.0), ("هایمان", "", 50.0),
    ("هایی", "", 50.0), ("هایم", "", 50.0), ("هایت", "", 50.0), ("هایش", "", 50.0),
    ("های", "", 50.0), ("ها", "", 2.0),
    ("ترین", "", 0.5), ("تر", "", 0.5),
    ("گان", "ه", 1.5), ("ایان", "ا", 1.5), ("ویان", "و", 1.5), ("ان", "", 1.5), ("ات", "", 0.5), ("ین", "", 0.3),
    ("شان", "", 0.3), ("تان", "", 0.3), ("مان", "", 0.3),
    ("ام", "", 0.3), ("اش", "", 0.3), ("ای", "", 0.3),
    ("ایی", "ا", 2.0), ("ویی", "و", 2.0), ("ای", "ا", 2.0), ("وی", "و", 2.0), ("ی", "", 0.15),
    ("م", "", 0.3), ("ت", "", 0.3), ("ش", "", 0.3),
)
"""Noun/adjective suffixes, longest first, each with its keep-whole ratio."""

PROTECTED: frozenset[str] = frozenset({
    "دوران", "قربان", "خیابان", "تهران", "ایران", "انسان", "زمان", "جهان", "میدان", "اوقات",
    "مسلمان", "زبان", "بیان", "جوان", "جریان", "پایان", "آسمان", "باران", "کاروان", "استان",
    "ساختمان", "سازمان", "درمان", "فرمان", "گمان", "مهمان", "نشان", "دندان", "کودکستان",
    "ساعات", "اطلاعات", "انتخابات", "مطالعات", "تحقیقات", "امکانات", "خدمات", "مقامات",
    "دفتر", "دختر", "کبوتر", "اختر", "چتر", "بستر", "شتر", "بهتر", "بیشتر", "کمتر",
    "تنها", "آنها", "اینها", "کدام", "تمام", "پیام", "نام", "کام", "اسلام", "امام",
    "دوست", "پوست", "است", "راست", "شست", "نشست", "درست", "خواست", "سیاست", "ریاست",
    "نیست", "بیست", "دست", "هست", "پست", "چیست", "کیست",
    "جوان", "باران", "خزان", "ویران", "شیران", "کران", "گران", "ارزان", "جان", "نان",
})
"""Words that end in suffix-like letters but are stems in their own right.

Written in normal Persian orthography; normalized when loaded.  The frequency
guard protects most such words; these are the ones whose frequency in the word
list does not (a plural-looking noun as frequent as its false stem)."""

VERB_PREFIXES = ("نمی", "می", "ن", "ب")
PAST_ENDINGS = ("هایم", "هاید", "هاند", "هام", "های", "ه", "یم", "ید", "ند", "م", "ی", "")
PRESENT_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د", "")
PREFIXLESS_PRESENT_ENDINGS = ("یم", "ید", "ند", "م", "د")
"""Endings that mark a present stem as a verb without a prefix; not ``ی``, which
makes nouns from present stems (``راه‌اندازی``, ``تصمیم‌گیری``)."""

UNTAGGED_RATIO_FACTOR = 4.0
"""Words the word list does not tag as lemmas need this many times the ratio to stay whole."""

MIN_STEM = 2
MAX_CACHE = 500_000


def _key(word: str) -> str:
    return normalize(word).replace(ZWNJ, "")


@dataclass
class Lexicon:
    """The word list: frequencies, noun-lexicon membership and verb stems.

    Attributes:
        freq: ``{word: corpus frequency}``, keys normalized (no ZWNJ).
        compounds: words written with a half-space in the word lists (hazm,
            shekar's ``compound_words.csv``); see :class:`~kavosh.analysis.tokenize.Compounds`.
        lemmas: words hazm's word list tags as a lemma (noun, adjective, adverb...).
        plurals: words hazm's word list tags as plural (``ادبیات``, ``دختران``).
        past_of_present: ``{present stem: past stem}``.
        past: the set of past stems.
    """

    freq: dict[str, int]
    compounds: Compounds
    lemmas: frozenset[str]
    plurals: frozenset[str]
    past_of_present: dict[str, str]
    past: frozenset[str]

    @cached_property
    def nouns(self) -> frozenset[str]:
        """Words of the non-verb lexicon (lemmas and plurals)."""
        return self.lemmas | self.plurals

    @classmethod
    def load(cls) -> "Lexicon":
        """Load the bundled word lists (about 0.2 s).  Raises ``OSError`` if missing."""
        data = resources.files("kavosh.analysis") / "data"
        freq: dict[str, int] = {}
        compounds: set[str] = set()
        raw_freq: dict[str, int] = {}  # frequency of the half-spaced spellings
        lemmas: set[str] = set()
        plurals: set[str] = set()
        with gzip.open(data.joinpath("words.tsv.gz").open("rb"), "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                word, f, kind = line.rstrip("\n").split("\t")
                k = _key(word)
                freq[k] = max(freq.get(k, 0), int(f))
                if ZWNJ in word:
                    nw = normalize(word)
                    compounds.add(nw)
                    raw_freq[nw] = max(raw_freq.get(nw, 0), int(f))
                if kind == "L":
                    lemmas.add(k)
                elif kind == "P":
                    plurals.add(k)
        past_of_present: dict[str, str] = {}
        past: set[str] = set()
        for line in data.joinpath("verbs.tsv").read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            p, s = (_key(x) for x in line.split("\t"))
            past.add(p)
            past_of_present.setdefault(s, p)
        for line in data.joinpath("compounds.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                compounds.add(normalize(line.strip()))
        half_freq = {w: f for w, f in raw_freq.items() if ZWNJ in w}
        entries = [(w, half_freq.get(w, 0), freq.get(w.replace(ZWNJ, ""), 0)) for w in sorted(compounds)]
        return cls(freq, Compounds(entries), frozenset(lemmas), frozenset(plurals - lemmas), past_of_present, frozenset(past))


class Stemmer:
    """Reduce a normalized word to its stem, with a per-surface-form cache.

    Call the instance: ``Stemmer()("کتابهایی") == "کتاب"``.  Words that are not
    Persian (Latin, numbers) are returned unchanged.  Thread-safe for reads.
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon
        self._cache: dict[str, str] = {}

    @cached_property
    def lexicon(self) -> Lexicon:
        return self._lexicon or Lexicon.load()

    @cached_property
    def _protected(self) -> frozenset[str]:
        return frozenset(_key(w) for w in PROTECTED)

    def __call__(self, word: str) -> str:
        stem = self._cache.get(word)
        if stem is None:
            if len(self._cache) > MAX_CACHE:
                self._cache.clear()
            stem = self._cache[word] = self.stem(word)
        return stem

    def stem(self, word: str) -> str:
        """Uncached stemming of one normalized word (see the module docstring)."""
        if len(word) <= MIN_STEM or not ("\u0620" <= word[0] <= "\u06ff"):
            return word
        lex = self.lexicon
        if word in self._protected:
            return word
        if word not in lex.nouns:
            verb = self._verb(word)
            if verb:
                return verb
        return self._noun(word)

    def _verb(self, word: str) -> str | None:
        lex = self.lexicon
        for prefix in VERB_PREFIXES + ("",):
            if not word.startswith(prefix):
                continue
            rest = word[len(prefix):]
            for ending in PAST_ENDINGS:
                if ending and not rest.endswith(ending):
                    continue
                core = rest[: len(rest) - len(ending)] if ending else rest
                if len(core) >= MIN_STEM and core in lex.past and (prefix or ending):
                    return core
            for ending in PRESENT_ENDINGS:
                if ending and not rest.endswith(ending):
                    continue
                core = rest[: len(rest) - len(ending)] if ending else rest
                if core in lex.past_of_present and (
                        prefix or (ending in PREFIXLESS_PRESENT_ENDINGS and len(core) >= MIN_STEM)):
                    return lex.past_of_present[core]
        return None

    def _noun(self, word: str) -> str:
        lex = self.lexicon
        freq = lex.freq
        for _ in range(3):
            if word in self._protected:
                return word
            best: tuple[int, str, float] | None = None
            for suffix, repl, ratio in NOUN_SUFFIXES:
                if not word.endswith(suffix) or len(word) - len(suffix) < MIN_STEM:
                    continue
                rest = word[: -len(suffix)] + repl
                f_rest = freq.get(rest)
                if f_rest is not None and (best is None or f_rest > best[0]):
                    best = (f_rest, rest, ratio)
            if best is None:
                return word
            f_rest, rest, ratio = best
            f_word = freq.get(word, 0)
            if word not in lex.lemmas:
                ratio *= UNTAGGED_RATIO_FACTOR
            if word not in lex.plurals and f_word > 0 and f_word >= ratio * f_rest:
                return word
            word = rest
        return word
