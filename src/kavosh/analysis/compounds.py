"""Compounds from the word list, and which way each is usually written (:class:`Compounds`).

A compound usually written as one word (``همچنین``) is joined when written with a space or
half-space; one usually written with a half-space (``تصمیم‌گیری``) is split into its parts when
written joined; ``و`` compounds (:data:`WAW_COMPOUNDS`), glued function words (:data:`GLUED_PARTS`,
:meth:`Compounds.glued_parts`), joined Arabic names (:meth:`Compounds.article_parts`) and glued runs
of words (:meth:`Compounds.segment`) are read the same way.  Built by
:class:`~kavosh.analysis.lexicon.Lexicon`, run by :func:`kavosh.analysis.tokenize.tokenize_spans` and
the analyzer; the tables are read by the stemmer and ``generate_tables.py`` (through
:mod:`.tokenize`, which re-exports them).  The compiled core's counterpart is
``rust/kavosh-analysis/src/compounds.rs``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from itertools import compress, repeat

from .chars import ZWNJ
from .scan import _LEAD_LETTERS, COMPOUND_JOINER, LETTER, SEPS, TOKEN_RE, surface_to_word
from .segment import Segmenter

WAW = "و"
WAW_MIDDLE = (WAW + " ", WAW + ZWNJ)
"""The conjunction ``و`` as the middle surface of a compound of :data:`WAW_COMPOUNDS` written apart."""

COMPOUND_SUFFIXES = ("ها", "های", "هایی", "ی", "ای", "ان", "ات", "تر", "ترین", "تری")


FAMILY_SUFFIXES = (("هایی", ""), ("های", ""), ("ها", ""), ("گان", "ه"), ("ان", ""), ("ات", ""),
                   ("ترین", ""), ("تر", ""), ("ای", ""), ("ی", ""))
"""``(suffix, replacement)``: how :func:`_family_key` takes an inflected compound back to its base."""


def _family_key(joined: str, known: set[str]) -> str:
    """The base compound an inflected compound belongs to (``سالخوردگان`` → ``سالخورده``)."""
    for suffix, repl in FAMILY_SUFFIXES:
        if joined.endswith(suffix):
            base = joined[: -len(suffix)] + repl
            if base in known:
                return base
    return joined
"""Inflections under which a joined compound is still recognised and split."""

DERIVATIONAL_SUFFIXES = ("چی",)
"""Derivational suffixes that make a new noun and are often written apart from their
base (``قلم چی``, ``توپ چی``, ``قاچاق‌چی``): joined to a preceding noun (see
:class:`Compounds`), as they are when written joined (``قلمچی``, ``تماشاچی``)."""
_DERIVED_END = re.compile(f"(?:{'|'.join(DERIVATIONAL_SUFFIXES)})(?![{LETTER}])")
"""Text that may hold a derivational suffix written apart (literal first: a fast scan)."""


CARDINALS = frozenset({
    "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده",
    "شانزده", "هفده", "هجده", "نوزده", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود",
})
"""The cardinal numerals below a hundred (normalized).  Two of them side by side are two numbers, a
count or a range (``یک دو سال`` "one or two years", ``هفت هشت``, ``یک دو سه``), never one word: the word
list's compounds made of them (``یک‌دو``, ``هفت‌هشت``, ``سه‌یک``, ``ده‌ده``, ``یک‌یک``) are neither joined nor
split (:class:`Compounds`).  A numeral and a multiplier of :data:`MULTIPLIERS` are one number
(``ده‌هزار``, ``پنج‌صد``): those compounds stay."""

MULTIPLIERS = frozenset({"صد", "هزار", "میلیون", "میلیارد"})
"""Numerals that multiply the numeral before them (``پنج‌هزار`` = 5,000): see :data:`CARDINALS`."""


def numeral_run(toks: list[str]) -> bool:
    """Whether a compound's parts are numerals side by side, two numbers (:data:`CARDINALS`; not a
    numeral + a multiplier of :data:`MULTIPLIERS`): ``["یک", "دو"]`` → True, ``["ده", "هزار"]`` → False."""
    return toks[-1] in CARDINALS and all(t in CARDINALS or t in MULTIPLIERS for t in toks)


ARABIC_ARTICLE = "ال"
"""The Arabic definite article, as it begins the second part of a joined Arabic name."""

ARABIC_NAME_HEADS = (
    "ابو", "ابی", "اسد", "امین", "امیر", "بسم", "بیت", "تاج", "ثقه", "ثقت", "جلال", "جمال", "حبیب",
    "حجت", "حجه", "حزب", "حسام", "حسب", "حشمت", "حق", "خیر", "دار", "ذبیح", "ذو", "ذی", "رحمت", "رکن", "روح",
    "رییس", "سعد", "سیف", "شمس", "شهاب", "صدر", "صفی", "ضیا", "ظهیر", "عبد", "عزت", "عطا", "علا", "علی", "عماد",
    "عین", "فتح", "فخر", "فضل", "فی", "قدرت", "قطب", "کلام", "کمال", "لسان", "لطف", "مجد", "معین", "نصر", "نصیر",
    "نظام", "نعمت", "نور", "هدایت", "ولی",
)
"""First parts of Arabic names and phrases written joined with the article (``عبدالله``,
``ابوالفضل``, ``ذوالفقار``, ``دارالترجمه``, ``فی‌الحال``), normalized.  A word that is one of
these, then ``ال`` and a word the word list knows (with or without the article, at least
:data:`MIN_ARTICLED_FREQ` times) is split like the spelling with a space (``عبد الله``): see
:meth:`Compounds.article_parts`.  Curated: no head is a common Persian word that ``ال`` may
follow for another reason (``بین``: ``بینالود``, ``آلود`` folds to ``الود``; ``آیت``:
``ایتالیا``)."""

GLUED_PARTS: dict[str, tuple[str, ...]] = {
    "درحالیکه": ("در", "حالی", "که"), "حالیکه": ("حالی", "که"), "درحال": ("در", "حال"), "درحالی": ("در", "حالی"),
    "علاوهبر": ("علاوه", "بر"), "ازجمله": ("از", "جمله"), "درمورد": ("در", "مورد"),
    "انرا": ("ان", "را"), "اینرا": ("این", "را"), "انجوری": ("ان", "جوری"), "اینجوری": ("این", "جوری"),
    "انشاالله": ("ان", "شا", "الله"), "انشالله": ("ان", "شا", "لله"), "ماشاالله": ("ما", "شا", "الله"),
    "ماشالله": ("ما", "شا", "لله"), "شاالله": ("شا", "الله"), "شالله": ("شا", "لله"), "الحمدلله": ("الحمد", "لله"),
}
"""Function words written glued to the next word, split like their spelling with spaces
(kind 1 of issue #14): ``درحالیکه`` = ``در حالی که``, ``علاوهبر`` = ``علاوه بر``, and ``درحالی`` of
``درحالی‌که`` (the half-space leaves it a word alone).  Normalized;
each part is a piece of the glued word.  These are never joined as compounds (the word list
writes some joined: ``در حالیکه`` gave ``درحالیکه``), so every spelling gives the parts.
Also the object marker glued to a demonstrative (``آنرا``, ``آن‌را``, ``آن را`` = ``این را``'s two
stopwords, no longer the content term ``انرا``: the word list's ``آن‌را`` made a joined compound),
and ``آنجوری``/``اینجوری`` = ``آن‌جوری`` = ``این جوری`` (the spoken ``اونجوری`` segments the same
way; kind 4).  Arabic phrases of Persian text written as one word: ``ان‌شاءالله``, ``انشاءالله``, ``انشالله``
(the article's alef dropped: ``لله`` is read ``الله``, :data:`~kavosh.analysis.stem_rules.CLASSICAL_SPELLINGS`) =
``ان شاء الله`` (the hamza is dropped by the char filter), ``ماشاءالله`` = ``ما شاء الله``, ``الحمدلله`` =
``الحمد لله`` (a new user's findings, sessions p and q).  Not ``کجاست``: its parts share the ``ا`` (``کجا`` +
``است``), no pieces of the word."""

WAW_COMPOUNDS: tuple[tuple[str, str, bool], ...] = (
    ("گفت", "گو", True), ("جست", "جو", True), ("شست", "شو", True), ("رفت", "امد", False),
    ("اب", "هوا", False), ("داد", "ستد", False), ("زد", "خورد", False), ("کند", "کاو", False),
    ("تار", "پود", False), ("گفت", "شنود", False), ("جنب", "جوش", False),
)
"""Compounds of two words joined by ``و`` (kind 1 of issue #14, found by a new user), normalized:
``(first, second, also written without و)``.  Every spelling is one word: ``گفت‌وگو``, ``گفتوگو``,
``گفت و گو``, ``گفت‌و‌گو``, ``گفت وگو`` and, where the flag is set, ``گفتگو`` (``جستجو``, ``شستشو``)
are joined by :meth:`Compounds.join_tokens` (three surfaces ``first``, ``و``, ``second`` written
with one space or half-space between each, or two: ``first`` + ``وsecond``) and the stemmer
reads them as one term (:data:`~kavosh.analysis.morphology.WAW_SPELLINGS`).  Curated and
lexicon-guarded: the joined spelling of each is in the word list, and the three words are joined
only when the third is the second part (+ a compound suffix: ``گفت و گوها``, ``گفت و گوی``), so
``گفت و گفت``, ``آب و نان`` stay apart.  The words apart are also words (``گفت`` "said", ``آب``,
``هوا``): in the corpora ``گفت و گو`` is the compound in every one of those sampled."""

GLUED_PREPOSITION = "به"
"""A preposition often written glued to the next word (``بهراحتی``, ``بهدست``): see
:meth:`Compounds.glued_parts`."""

PERFECT_AUXILIARY = "است"
"""The auxiliary of the perfect, often written glued to the participle (``رفتهاست``)."""

GLUED_PARTICIPLE_PREFIXES = ("", "ن", "می", "نمی")
"""What may stand before the past stem of a participle glued to :data:`PERFECT_AUXILIARY`: nothing,
the negation (``نرفتهاست``), the imperfective of the past progressive perfect (``میخوردهاست`` =
``می‌خورده است``, Lucene's TestPersianAnalyzer) or both (``نمیشدهاست``)."""

PASSIVE_AUXILIARIES = ("شد", "شدند", "شده", "شود", "شوند", "میشد", "میشدند", "میشود", "میشوند",
                      "نشد", "نشدند", "نشده", "نشود", "نشوند", "نمیشود", "نمیشوند")
"""Forms of ``شدن`` that, glued to a past participle, make its passive (``دیدهشد``, ``گفتهشده``,
``نوشتهمیشود``; a new user's finding: one unknown term, found by no search): split like
:data:`PERFECT_AUXILIARY` (:meth:`Compounds.glued_parts`), unless the glued word is in the word list."""

GLUED_AUXILIARIES = tuple(sorted({PERFECT_AUXILIARY, *PASSIVE_AUXILIARIES}, key=lambda a: (-len(a), a)))
"""The auxiliaries split off a past participle glued before them, longest first (``میشود`` is tried
before ``شود``).  None with a half-space: ``نوشتهمی‌شود`` is two surfaces (``نوشتهمی``, ``شود``), not
looked at."""

FUTURE_AUXILIARIES = tuple(sorted((neg + "خواه" + ending for neg in ("", "ن") for ending in ("م", "ی", "د", "یم", "ید", "ند")),
                                  key=lambda a: (-len(a), a)))
"""The forms of the future's auxiliary (``خواهم`` … ``خواهند``, negated ``نخواهم`` …), longest first: glued before a
past stem of the verb list (``خواهدشد`` = ``خواهد شد``, ``خواهدگشت``, ``نخواهندکرد``: 50 times in the corpora of
``../shared/data``, each a term no search found) the word is split like its spelling apart when the word list does
not know it (:meth:`Compounds.glued_parts`)."""

MIN_GLUED_FREQ = 100_000
"""How often the word list must have the word after a glued :data:`GLUED_PREPOSITION`."""

MIN_ARTICLED_FREQ = 50
"""How often the word list must have the second part (``الله``), or it without the article
(``فضل`` of ``الفضل``), for a split."""


class Compounds:
    """Compounds from a word list, and which way each is usually written.

    A compound usually written as one word (``همچنین``, ``کتابخانه``,
    ``پیشگیری``) is *joined* when written with a space or half-space; one
    usually written with a half-space (``تصمیم‌گیری``, ``بین‌المللی``) is *split*
    into its parts when written joined.  Either way all three spellings give
    the same terms.  "Usually" is decided by the word list's frequencies.  A compound with a part of
    one letter is joined however it is written (a lone letter is no word: ``پانته‌آ`` is the name
    Panthea, not ``پانته`` + ``آ``; ``دبل‌آ``); numerals side by side (:func:`numeral_run`: ``یک‌دو``) are
    neither joined nor split.

    Args:
        words: ``[(compound as written with half-spaces, normalized), freq of that
            spelling, freq of the joined spelling)]``.
        never_split: words that must not become a part of their own (stopwords:
            ``زیردریایی`` split into ``زیر`` + ``دریایی`` would lose ``زیر``).
        nouns: the nouns a :data:`DERIVATIONAL_SUFFIXES` suffix written apart joins
            (``قلم چی`` → ``قلمچی``); stopwords in ``never_split`` are left out
            (``همه چی`` "everything" stays two words).
        freq: the word list's frequencies ``{normalized word: count}`` (for :meth:`article_parts`,
            :meth:`glued_parts` and :attr:`segmenter`).
        past: the past stems of the verb list (for :meth:`glued_parts`).

    Attributes:
        parts: ``{joined spelling: [part, ...]}`` for compounds that are split.
        join: joined spellings of compounds that are joined (2 parts only).
        first: first parts of the compounds in ``join``.
        segmenter: splits glued runs of known words (:class:`~kavosh.analysis.segment.Segmenter`).
        stem: the stemmer (set by the analyzer): a word it reads as a known word is never a glued
            run (``میزنیم`` is not ``میز`` + ``نیم``).  ``None``: that guard is off.
    """

    def __init__(self, words: list[tuple[str, int, int]], never_split: frozenset[str] = frozenset(),
                 nouns: frozenset[str] = frozenset(), freq: Mapping[str, int] | None = None,
                 past: frozenset[str] = frozenset()) -> None:
        self.freq: Mapping[str, int] = freq if freq is not None else {}
        self.past = past
        self.glued = {w: list(p) for w, p in GLUED_PARTS.items()}
        self.segmenter = Segmenter(self.freq, past)
        self.stem: Callable[[str], str] | None = None
        self._heads = frozenset(ARABIC_NAME_HEADS)
        self.parts: dict[str, list[str]] = {}
        join: set[str] = set()
        first: set[str] = set()
        entries = []
        for w, f_half, f_joined in words:
            toks = TOKEN_RE.findall(w)
            if len(toks) >= 2 and not any(ZWNJ in t or " " in t for t in toks):
                entries.append(("".join(toks), toks, f_half, f_joined))
        # One decision per family (سالخورده, سالخوردگان): summed frequencies of its spellings.
        known = {e[0] for e in entries}
        family: dict[str, list[int]] = {}
        keys = []
        for joined, _toks, f_half, f_joined in entries:
            key = _family_key(joined, known)
            keys.append(key)
            sums = family.setdefault(key, [0, 0])
            sums[0] += f_half
            sums[1] += f_joined
        for (joined, toks, _fh, _fj), key in zip(entries, keys, strict=True):
            f_half, f_joined = family[key]
            if numeral_run(toks):
                continue  # یک‌دو, هفت‌هشت: two numbers
            if f_joined > f_half or never_split.intersection(toks) or any(len(t) < 2 for t in toks):
                if len(toks) == 2:
                    first.add(toks[0])
                    # not when the second part + the suffix is a stopword: هزینه‌بر + ای is not هزینه برای
                    join.update(joined + suffix for suffix in ("",) + COMPOUND_SUFFIXES
                                if not suffix or toks[1] + suffix not in never_split)
            else:
                self.parts[joined] = toks
                for suffix in COMPOUND_SUFFIXES:  # بینالمللیها, بینالمللی‌ها -> بین + المللی(‌)ها
                    for sep in ("", ZWNJ, " "):
                        self.parts.setdefault(joined + sep + suffix, toks[:-1] + [toks[-1] + sep + suffix])
        waw_join: set[str] = set()
        for head, tail, _bare in WAW_COMPOUNDS:  # گفت‌وگو, گفت وگو: two surfaces, as a compound
            first.add(head)
            waw_join.update(head + WAW + tail + suffix for suffix in ("",) + COMPOUND_SUFFIXES)
        join.update(waw_join)
        self.waw_join = frozenset(waw_join)
        self._waw_first_sep = frozenset(h + sep for h, _t, _b in WAW_COMPOUNDS for sep in SEPS)
        for j in list(join):
            self.parts.pop(j, None)
        self.join = frozenset(join - set(GLUED_PARTS))
        self.first = frozenset(first)
        self._first_sep = frozenset([f + " " for f in first] + [f + ZWNJ for f in first])
        self._hosts = frozenset(h + sep for h in nouns - never_split for sep in SEPS)

    def join_tokens(self, surfaces: list[str], text: str, starts: list[int] | None = None) -> None:
        """Join, in place, two surfaces of a list of :data:`SCAN_RE` surfaces written
        with one space or half-space between them: the parts of a usually-joined compound
        (``هم چنین`` → ``هم⁠چنین``), and a noun with a derivational suffix
        (``قلم چی`` → ``قلم⁠چی``; :data:`DERIVATIONAL_SUFFIXES`), the parts kept apart by
        :data:`COMPOUND_JOINER`.  Left to right; a part joined as second is not a first
        part again.  ``text``: the normalized text the surfaces were found in.
        ``starts``: the surfaces' offsets, kept in step.  The joined surface
        covers the same text as the two."""
        if WAW_MIDDLE[0] in text or WAW_MIDDLE[1] in text:
            self._join_waw(surfaces, starts)
        hits = self._join_hits(surfaces)
        if self._hosts and _DERIVED_END.search(text):
            # a noun, then a derivational suffix written apart (قلم چی, قلم چی‌ها)
            after = surfaces[1:]
            derived = [k for k in compress(range(len(after)), map(str.startswith, after, repeat(DERIVATIONAL_SUFFIXES)))
                       if surfaces[k] in self._hosts and _LEAD_LETTERS.match(after[k]).group() in DERIVATIONAL_SUFFIXES]
            if derived:
                hits = sorted(set(hits).union(derived))
        if not hits:
            return
        taken = -1
        drop = []
        for i in hits:
            if i != taken:
                surfaces[i] = surfaces[i][:-1] + COMPOUND_JOINER + surfaces[i + 1]
                drop.append(i + 1)
                taken = i + 1
        for k in reversed(drop):
            del surfaces[k]
            if starts is not None:
                del starts[k]

    def _join_waw(self, surfaces: list[str], starts: list[int] | None) -> None:
        """Join, in place, three surfaces ``first``, ``و``, ``second`` of a compound of
        :data:`WAW_COMPOUNDS` (``گفت و گو``, ``گفت‌و‌گو``) into one, the two separators shown as
        :data:`COMPOUND_JOINER`; the joined surface covers the same text as the three."""
        middles = list(compress(range(1, len(surfaces) - 1), map(WAW_MIDDLE.__contains__, surfaces[1:-1])))
        for k in reversed(middles):
            first = surfaces[k - 1]
            if first in self._waw_first_sep and k + 1 < len(surfaces):
                m = _LEAD_LETTERS.match(surfaces[k + 1])
                if m and first[:-1] + WAW + m.group() in self.waw_join:
                    surfaces[k - 1] = first[:-1] + COMPOUND_JOINER + WAW + COMPOUND_JOINER + surfaces[k + 1]
                    del surfaces[k:k + 2]
                    if starts is not None:
                        del starts[k:k + 2]

    def _join_hits(self, surfaces: list[str]) -> list[int]:
        """The ``i`` where ``surfaces[i]`` is a first part with its separator and
        ``surfaces[i][:-1]`` + the letters that begin ``surfaces[i + 1]`` is in
        :attr:`join`."""
        hits = []
        for i in range(len(surfaces) - 1):
            first = surfaces[i]
            if first in self._first_sep:
                m = _LEAD_LETTERS.match(surfaces[i + 1])
                if m and first[:-1] + m.group() in self.join:
                    hits.append(i)
        return hits

    def split(self, surface: str) -> list[str] | None:
        """The parts a surface (separator stripped) is split into: a glued function word's
        (:data:`GLUED_PARTS`), its compound's (:attr:`parts`), a joined Arabic name's
        (:meth:`article_parts`), a glued function word's (:meth:`glued_parts`), a glued run's
        (:meth:`segment`), else ``None``."""
        parts = self.glued.get(surface)
        if parts is None:
            parts = self.parts.get(surface)
        if parts is None:
            parts = self.article_parts(surface)
        if parts is None:
            parts = self.glued_parts(surface)
        return parts if parts is not None else self.segment(surface)

    def segment(self, word: str) -> list[str] | None:
        """A glued run of known words split by word frequencies (kind 8 of issue #14:
        ``کتابخانهملیایران`` → ``کتابخانه`` + ``ملی`` + ``ایران``; the rules, their source and the
        bound on the cost are in :mod:`kavosh.analysis.segment`), unless it is a compound the word
        list writes joined (:attr:`join`: its spelling apart is joined too) or :attr:`stem` reads the
        word as a known word (its stem is in the word list and is not the word).  Else ``None``."""
        seg = self.segmenter
        if word in self.join or not seg.candidate(word):  # a compound written joined (and so written apart)
            return None
        pieces = seg.best(word)
        if pieces is not None and self.stem is not None:
            term = self.stem(word)
            if term != word and term in self.freq:
                return None
        return pieces

    def glued_parts(self, word: str) -> list[str] | None:
        """A function word written glued (kind 1 of issue #14), split like its spelling with a
        space: the perfect's ``است`` after a past participle (``رفتهاست`` → ``رفته`` + ``است``,
        ``نرفتهاست``, ``میخوردهاست``; the participle is a past stem of the verb list + ``ه``, after one
        of :data:`GLUED_PARTICIPLE_PREFIXES`) and so a form of ``شدن`` of :data:`PASSIVE_AUXILIARIES`
        when the glued word is not in the word list (``دیدهشد`` → ``دیده`` + ``شد``, ``نوشتهمیشود``; of
        :data:`GLUED_AUXILIARIES`, the longest the word ends with), a form of the future's auxiliary of
        :data:`FUTURE_AUXILIARIES` before a past stem when the glued word is not in the word list (``خواهدشد``
        → ``خواهد`` + ``شد``, ``نخواهدگشت``), and ``به`` before a word the word list
        knows at least :data:`MIN_GLUED_FREQ` times when
        the glued word is not in the word list nor a compound it writes joined (``بهراحتی`` →
        ``به`` + ``راحتی``; ``بهروز``, ``بهنام``, ``بهداشت``, ``بهطور`` stay whole).  Else ``None``."""
        aux = next((a for a in GLUED_AUXILIARIES if word.endswith(a)), None)  # the longest decides
        if aux is not None and len(word) >= len(aux) + 3:
            participle = word[:-len(aux)]
            stem = participle[:-1]
            if participle[-1] == "ه" and any(
                    stem.startswith(p) and stem[len(p):] in self.past for p in GLUED_PARTICIPLE_PREFIXES) and (
                    aux == PERFECT_AUXILIARY or not self.freq.get(surface_to_word(word), 0)):
                return [participle, aux]
        for future in FUTURE_AUXILIARIES:  # خواهدشد: the future's auxiliary glued before the past stem
            if (word.startswith(future) and len(word) >= len(future) + 2 and word[len(future):] in self.past
                    and not self.freq.get(surface_to_word(word), 0)):
                return [future, word[len(future):]]
        if (word.startswith(GLUED_PREPOSITION) and len(word) >= 5 and word not in self.join
                and not self.freq.get(word, 0) and self.freq.get(word[2:], 0) >= MIN_GLUED_FREQ):
            return [GLUED_PREPOSITION, word[2:]]
        return None

    def article_parts(self, word: str) -> list[str] | None:
        """``[head, article + rest]`` for a joined Arabic name or phrase (``عبدالله`` →
        ``عبد`` + ``الله``, ``ابوالفضل`` → ``ابو`` + ``الفضل``), as its spelling with a space
        or half-space gives: the head is one of :data:`ARABIC_NAME_HEADS`, the second part
        (``الله``) or it without the article (``فضل``) is in the word list at least
        :data:`MIN_ARTICLED_FREQ` times, and the word is not a compound the word list writes
        joined (:attr:`join`).  Persian words that begin with ``ال`` (``الان``, ``البته``, ``الگو``)
        have no head and are never touched.  The first ``ال`` after a head that qualifies wins."""
        i = word.find(ARABIC_ARTICLE, 2)
        while 0 < i <= len(word) - 4:
            if word[:i] in self._heads and word not in self.join and (
                    self.freq.get(word[i:], 0) >= MIN_ARTICLED_FREQ
                    or self.freq.get(word[i + 2:], 0) >= MIN_ARTICLED_FREQ):
                return [word[:i], word[i:]]
            i = word.find(ARABIC_ARTICLE, i + 1)
        return None

    def __len__(self) -> int:
        return len(self.parts) + len(self.join)
