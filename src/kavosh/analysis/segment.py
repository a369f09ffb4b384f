"""Glued runs: several words written without any space, split by word frequencies.

``کتابخانهملیایران`` is ``کتابخانه ملی ایران`` with its spaces lost; ``کهبرای`` is ``که برای``,
``باتوجه`` is ``با توجه``.  A word the word list does not know is split into the most probable
sequence of known words (kind 8 of issue #14), by a unigram Viterbi search over its letters:
the probability of a segmentation is the product of its pieces' relative frequencies in the
word list (P. Norvig, "Natural Language Corpus Data", in *Beautiful Data*, O'Reilly 2009,
section "Word Segmentation"; the same model as the PyPI package ``wordsegment``).  Unlike
Norvig's model, an unknown piece is never allowed: every piece must be a word of the list
above a frequency floor, so an unknown name or loanword (``گواردیولا``, ``تاتنهام``,
``مکانیزاسیون``) has no segmentation and stays whole.

The parts are indexed like the spelling with spaces, one position each (see
:meth:`kavosh.analysis.tokenize.Compounds.split`), so the phrase ``"کتابخانه ملی"`` finds the
glued run and the glued query finds the spaced text.

Guards, in order (a word that fails one stays whole):

* its length is :data:`MIN_SEGMENT_LETTERS` to :data:`MAX_SEGMENT_LETTERS` letters, all of
  them Arabic-script letters (no half-space, space or joiner);
* the word list does not know it, nor its beginning before a chain of at most three
  inflectional endings (:data:`INFLECTION_ENDINGS`; the base at least
  :data:`MIN_BASE_FREQ` times: ``بازیکنانی`` is ``بازیکن`` + ``ان`` + ``ی``, ``معتقدند``,
  ``سالهاست``);
* it does not begin with the Arabic article ``ال`` (kind 7's business: ``الاهلی``);
* it is not a preverb verb (:data:`PREVERBS` + ``می``/``ن``/``ب`` + a past stem + an
  ending: ``برگزید``, ``فرارسید``, ``درگرفته``);
* a piece of two letters is one of :data:`SHORT_PIECES` (prepositions, conjunctions,
  numerals that are written glued), never next to another such piece, and last only if it
  is one of :data:`SHORT_LAST_PIECES`; a piece of three letters is in the word list at
  least :data:`MIN_PIECE_FREQ_3` times, a longer one :data:`MIN_PIECE_FREQ` times (the
  fragments that transliterated names fall into are short and rarer: ``سون``, ``تون``,
  ``یون``, ``وین``, ``فورد``); no piece is one of :data:`NEVER_PIECES` (suffixes and
  the parts of surnames: ``پور``, ``زاده``, ``نژاد``), and no piece after the first is one of
  :data:`COMPOUND_HEADS` (``همسرداری``, ``برندسازی`` are compounds written solid);
* a piece that is not the last may be an allowed piece of at least :data:`MIN_EZAFE_BASE`
  letters + the ezafe as a noun phrase writes it (:data:`EZAFE_FORMS`: ``ی`` after ``ا``/``و``,
  the plural + ezafe ``های``), scored as the piece: ``مجلسشورایاسلامی`` is ``مجلس شورای اسلامی``
  (``شورای`` is not a word of the list), ``نیروهایمسلح`` is ``نیروهای مسلح``; no piece of two
  letters follows it (``اشنایدر`` is not ``اشنای در``), and its piece after the first is not one of
  :data:`COMPOUND_HEADS` either (``اصلاحگرای``);
* the stemmer does not read the whole word as a known word (``میزنیم`` is a verb, not
  ``میز`` + ``نیم``): checked by the caller, :meth:`~kavosh.analysis.tokenize.Compounds.split`.

Bounded cost: a word longer than :data:`MAX_SEGMENT_LETTERS` is never searched (a
10,000-letter run costs one length test), and a piece is at most :data:`MAX_PIECE_LETTERS`
letters, so one search looks up at most ``MAX_SEGMENT_LETTERS * MAX_PIECE_LETTERS`` (800)
substrings.  The analyzer caches each distinct surface, so a word is searched once.

The compiled core implements the same rules (``rust/kavosh-analysis/src/segment.rs``); the
scores are IEEE doubles summed in the same order, so both pick the same segmentation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from . import verbs as _verbs

MIN_SEGMENT_LETTERS = 5
"""Shortest word searched (two pieces of at least two and three letters)."""

MAX_SEGMENT_LETTERS = 40
"""Longest word searched: a longer run of letters stays whole (the bound on the cost)."""

MAX_PIECE_LETTERS = 20
"""Longest piece tried."""

MIN_PIECE_FREQ_3 = 25_000_000
"""How often the word list (about 1.8e11 words counted) must have a piece of three letters."""

MIN_PIECE_FREQ = 3_000_000
"""How often the word list must have a piece of four letters or more."""

MIN_BASE_FREQ = 10_000
"""How often the word list must have a word for the word + inflectional endings to count as known."""

SHORT_PIECES = frozenset({"با", "در", "بر", "از", "به", "که", "تا", "هر", "یک", "دو", "سه"})
"""The only pieces of two letters: function words and numerals written glued to the next word."""

SHORT_LAST_PIECES = frozenset({"که", "در", "به", "با", "از", "بر"})
"""The pieces of two letters that may end a glued run (``طوریکه``, ``منجربه``): names end in the
others (``ماریتا``, ``ارماندو``, ``کیستیک``)."""

NEVER_PIECES = frozenset({
    "مرا", "برا", "ابی", "بیا", "های", "هایی", "انی", "ترین", "تری", "گان", "یان", "نمی", "هام", "هامون", "است", "اند",
    "گران", "پور", "زاده", "زاد", "نژاد", "فر", "کیا", "راد", "نیا", "منش", "وند", "لو", "چی", "خانی",
})
"""Words of the list that are never a piece: suffixes written glued (``های``, ``ترین``, ``اند``),
the parts surnames are made of (``علیپور``, ``محمدزاده``, ``مرادخانی``), ``مرا``/``برا``/``ابی``
(``مرادنیا``, ``براحتی``, typos), ``بیا`` (``بیامیزند`` is a verb)."""

COMPOUND_HEADS = frozenset({
    "دار", "داری", "داران", "ساز", "سازی", "سازان", "کننده", "کنندگان", "گرا", "گرایی", "گیر", "گیری",
    "شناس", "شناسی", "شناختی", "محور", "گردان", "گردانی", "بندی", "پذیر", "پذیری", "ناپذیر", "گذار",
    "گذاری", "پرداز", "پردازی", "نواز", "نوازی", "خوانی", "سوزی", "یابی", "سنجی", "زدایی", "انگیز", "امیز",
    "اور", "اوری", "مند", "وار", "گاه", "ستان", "زار", "کده", "اباد",
})
"""Second elements that make one word with the word before them (``همسرداری``, ``برندسازی``,
``امیدکننده``, ``نیازشناسی``): a glued word with one of them after its first piece is a compound
written solid, not a run, and stays whole.  Split, ``همسرداری`` was ``همسر`` + ``داری`` and the
Hamshahri query «آیین همسرداری در اسلام» lost its one rare term (nDCG@10 -0.11)."""

INFLECTION_ENDINGS = tuple(sorted({
    "ی", "ای", "ان", "انی", "ها", "های", "هایی", "ات", "ند", "اند", "ست", "است", "یم", "ید", "ام",
    "اش", "ش", "م", "ت", "مان", "تان", "شان", "تر", "ترین", "تری", "گان", "یان", "ین",
}, key=lambda e: (-len(e), e)))
"""Endings whose removal from an unknown word may leave a known one (see the guards)."""

PREVERBS = _verbs.PREVERBS
"""Preverbs (:data:`.verbs.PREVERBS`, the one list): a preverb + a verb form is one verb
(``برگزید``), not a glued run."""

VERB_PREFIXES = _verbs.VERB_PREFIXES + ("",)
VERB_ENDINGS = ("اند", "ند", "یم", "ید", "ه", "ن", "ی", "م", "ت", "ش")
ARTICLE = "ال"

EZAFE_FORMS = (("های", ""), ("ی", "او"))
"""``(ending, letters the piece must end in)``, longest ending first: a piece that is not the last
may be an allowed piece + one of these endings, the ezafe as written in a noun phrase — after a
final ``ا``/``و`` the ezafe ``ی`` (``شورا`` → ``شورای شهر``, ``دانشجو`` → ``دانشجوی دانشگاه``),
after any letter the plural + ezafe ``های`` (``کشورهای جهان``; the word list has no plurals).
After a silent ``ه`` the ezafe is written ``ه‌ی``, ``ۀ`` or not at all, and a glued ``هی`` is more
often a word's own letters (``گروهی``), so ``ی`` after ``ه`` is not here."""

MIN_EZAFE_BASE = 3
"""Shortest piece (letters, without its ending) that may take an ending of :data:`EZAFE_FORMS`."""

MAX_EZAFE_LETTERS = max(len(e) for e, _after in EZAFE_FORMS)
"""Longest ending of :data:`EZAFE_FORMS`."""


def _allowed(piece: str, f: int) -> bool:
    """Whether a word of the list seen ``f`` times may be a piece: two letters and one of
    :data:`SHORT_PIECES`, three letters and :data:`MIN_PIECE_FREQ_3` times, four to
    :data:`MAX_PIECE_LETTERS` letters and :data:`MIN_PIECE_FREQ` times; never one of
    :data:`NEVER_PIECES`."""
    n = len(piece)
    if n == 2:
        return piece in SHORT_PIECES and f >= 1
    if n < 2 or n > MAX_PIECE_LETTERS or piece in NEVER_PIECES:
        return False
    return f >= (MIN_PIECE_FREQ_3 if n == 3 else MIN_PIECE_FREQ)


class Segmenter:
    """Split glued runs of known words (see the module docstring).

    Args:
        freq: the word list's frequencies ``{normalized word: count}``.
        past: the past stems of the verb list (for the preverb guard).
    """

    def __init__(self, freq: Mapping[str, int], past: frozenset[str] = frozenset()) -> None:
        self.freq = freq
        self.past = past
        total = sum(freq.values()) if freq else 0
        log_total = math.log(total) if total > 0 else 0.0
        self._pieces = {w: math.log(f) - log_total for w, f in freq.items() if _allowed(w, f)}
        from .tokenize import LETTER  # here: tokenize imports this module

        self._plain = re.compile(f"[{LETTER}]+")

    def _piece_log(self, piece: str) -> float | None:
        """``log(freq / total)`` of an allowed piece (:func:`_allowed`), else ``None``."""
        return self._pieces.get(piece)

    def _ezafe_log(self, word: str, i: int, j: int, k: int) -> float | None:
        """The score of ``word[i:j]`` read as an allowed piece of at least :data:`MIN_EZAFE_BASE`
        letters + the ``k`` letters of an ending of :data:`EZAFE_FORMS` (``شورای`` in
        ``مجلسشورایاسلامی``): the piece's own (the ending costs nothing), else ``None``.  The caller
        has checked the ending and that ``word[i:j]`` is not the word's last piece."""
        return self._pieces.get(word[i:j - k]) if j - k - i >= MIN_EZAFE_BASE else None

    def _inflected(self, word: str, depth: int = 0) -> bool:
        """Whether ``word`` is a known word, or one + at most ``3 - depth`` endings."""
        if self.freq.get(word, 0) >= (MIN_BASE_FREQ if depth else 1):
            return True
        if depth == 3:
            return False
        return any(word.endswith(e) and len(word) - len(e) >= 2 and self._inflected(word[:-len(e)], depth + 1)
                   for e in INFLECTION_ENDINGS)

    def _preverb_verb(self, word: str) -> bool:
        """Whether ``word`` is a preverb + a verbal prefix + a past stem (+ one ending)."""
        for pv in PREVERBS:
            if not word.startswith(pv):
                continue
            rest = word[len(pv):]
            for pre in VERB_PREFIXES:
                if rest.startswith(pre):
                    q = rest[len(pre):]
                    if q in self.past or any(q.endswith(e) and q[:-len(e)] in self.past for e in VERB_ENDINGS):
                        return True
        return False

    def candidate(self, word: str) -> bool:
        """Whether ``word`` passes the guards that do not need a search (all but the stemmer's)."""
        return (MIN_SEGMENT_LETTERS <= len(word) <= MAX_SEGMENT_LETTERS
                and self._plain.fullmatch(word) is not None
                and not word.startswith(ARTICLE)
                and not self._inflected(word)
                and not self._preverb_verb(word))

    def best(self, word: str) -> list[str] | None:
        """The most probable segmentation of ``word`` into allowed pieces (at least two), or
        ``None``: a unigram Viterbi search (Norvig 2009), ``best[j]`` the highest summed log
        probability of ``word[:j]``; ties keep the first found (shorter first piece).  A piece
        that is not the last may also be an allowed piece + the ezafe (:meth:`_ezafe_log`).  No
        guard but the pieces' own: callers use :meth:`segment`."""
        n = len(word)
        if n > MAX_SEGMENT_LETTERS:
            return None
        score: list[float | None] = [0.0] + [None] * n
        back = [0] * (n + 1)
        ending = [0] * (n + 1)  # the letters of the EZAFE_FORMS ending of the best piece ending at j
        for j in range(2, n + 1):
            best_j = None
            # the endings word[:j] may end a piece with (not the last one), longest first
            forms = [len(e) for e, after in EZAFE_FORMS
                     if j < n and word.endswith(e, 0, j) and j - len(e) >= 1 and (not after or word[j - len(e) - 1] in after)]
            for i in range(max(0, j - MAX_EZAFE_LETTERS - MAX_PIECE_LETTERS), j - 1):
                prev = score[i]
                if prev is None:
                    continue
                # in the core's order, the piece + the longest ending first, the piece itself last
                for lp, k in [(self._ezafe_log(word, i, j, k), k) for k in forms] + [(self._piece_log(word[i:j]), 0)]:
                    if lp is not None and (best_j is None or prev + lp > best_j):
                        best_j = prev + lp
                        back[j] = i
                        ending[j] = k
            score[j] = best_j
        if score[n] is None:
            return None
        pieces = []
        ends = []
        j = n
        while j > 0:
            pieces.append(word[back[j]:j])
            ends.append(j)
            j = back[j]
        pieces.reverse()
        ends.reverse()
        if len(pieces) < 2:
            return None
        if len(pieces[-1]) == 2 and pieces[-1] not in SHORT_LAST_PIECES:
            return None
        # a piece of two letters follows neither another such piece nor an ezafe (اشنایدر is not اشنای در)
        if any(len(b) == 2 and (len(a) == 2 or ending[e]) for a, b, e in zip(pieces, pieces[1:], ends)):
            return None
        # a compound written solid (همسرداری, اصلاحگرای): its second element as a piece
        if any(p in COMPOUND_HEADS or (ending[e] and p[:-ending[e]] in COMPOUND_HEADS)
               for p, e in zip(pieces[1:], ends[1:])):
            return None
        return pieces

    def segment(self, word: str) -> list[str] | None:
        """The pieces of a glued run (``"کتابخانهملیایران"`` → ``["کتابخانه", "ملی", "ایران"]``),
        or ``None``: :meth:`candidate`, then :meth:`best`.  The stemmer's guard is the caller's."""
        if not self.candidate(word):
            return None
        return self.best(word)
