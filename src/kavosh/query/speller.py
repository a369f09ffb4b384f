"""The speller: corrections of a word from the index's own vocabulary, frequencies and co-occurrences.

:class:`Speller` corrects the words of a text or query with the words of the
index's completion table (:mod:`kavosh.index.completions`: surface words and
weighted counts), the co-occurrence of words in the index (context) and the
analyzer's word list (to leave inflected real words alone).  Its edits and their
costs are :mod:`kavosh.query.edits`'.  A word common in the index
(:data:`COMMON_COUNT`) is never corrected.  Its candidate search runs in the
compiled core (:func:`core_candidates`); :meth:`Speller.candidates` is the
specification.  :func:`index_speller` builds one over an index.  Measured on
PerSpellData by ``benchmarks/spelling.py`` (figures in ``docs/benchmarks.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .cores import per_table
from .edits import (DOT_ALIKE, DOT_COST, DOUBLED_COST, EDIT_COST, HOMOPHONE_COST, LATIN_LETTERS, OMISSION_COST,
                    PERSIAN_LETTERS, SOUND_ALIKE, SPACE_COST, cheap_swaps, final_shape_apart, glued_splits,
                    short_doubled, weighted_edits)
from .known import MIN_STEM_LEN, VOWEL_COPULA, is_known, term_keys

MAX_COST = 1.6
"""Candidates cost at most this: one ordinary edit plus two homophone swaps."""
RARE_COUNT = 1
"""A word seen at most this many times (weighted) is a non-word; a query word in at most this many documents
gets a suggestion."""
MIN_COUNT = 5
"""A candidate must be seen this many times (weighted) in the index (a query's second look for a word no document
has may go lower: :data:`kavosh.query.spelling.RARE_MIN_COUNT`)."""
RATIO = 20.0
FREQ_WEIGHT = 0.15
"""Score = cost − FREQ_WEIGHT × log10(count): ten times as frequent pays for 0.15 of an edit."""
MIN_LEN_FOR_EDITS = 4
"""Shorter words only get homophone swaps (an ordinary edit makes another common short word)."""
SHORT_LEN = MIN_LEN_FOR_EDITS - 1
"""A word (or stem before an ending) this short gets, besides its swaps, its letter left out put back
(:meth:`Speller.short_insertions`: ``ممر`` → ``مخمر``, ``ممرها`` → ``مخمر`` + ``ها``): the word it makes has four
letters or more, seldom another word by chance, as a short word's replaced or dropped letter is (``کار``:
``کاز``, ``کا``)."""
MAX_WORD_LETTERS = 24
"""Longer words are never corrected: the candidates of a word grow with the square of its length (two
cheap swaps), and no Persian word this long is a typo worth correcting.  Bounds a query's cost."""

SUFFIX_COST = 0.1
"""Added to a candidate built from a corrected stem and a suffix (a whole word wins a tie) ..."""
ONE_LETTER_SUFFIX_COST = 0.4
"""... and this for a one-letter suffix (``تهرام`` is ``تهران`` mistyped, not ``تهرا``+``م`` mistyped)."""

SUFFIXES = ("هایمان", "هایتان", "هایشان", "هایم", "هایت", "هایش", "هایی", "های", "ها", "ترین", "تر", "مان", "تان",
            "شان", "ای", "ان", "ست", "ی", "م", "ت", "ش")
"""Endings put back on a corrected stem (plurals ``ها`` and ``ان``, comparative, pronoun clitics, indefinite ی,
``است`` joined after a vowel), longest first.  ``ان`` brings a plural the table lacks whole from its singular:
``آشوراییان`` → ``عاشورایی`` + ``ان`` (only after ``ی``: :data:`PLURAL_AN`); ``ست`` a copula the table lacks joined
(``مغناست`` → ``معنا`` + ``ست``, only after a vowel: :data:`kavosh.query.known.VOWEL_COPULA`, and only after a stem
mended by swaps cheaper than an ordinary edit: a word in ``ست`` is mostly one of its own, PerSpellData's ``تهیدست``
was made ``تهی`` + ``ست``; ParsiNLU's typo «استقلال به چه مغناست؟» was OR'ed in ``مقیاست``, ``مقیاس`` + ``ت`` with two
letters changed, for want of it)."""
PLURAL_AN = "ان"
"""The plural ending put back only on a stem ending in ``ی`` (``ایرانی``/``ایرانیان``, ``عاشورایی``/
``عاشوراییان``): measured on correct PQuAD questions, after any stem it made ``نعمان`` ``نامان``, ``اوزان``
``عوضان``, ``تیمورخان`` ``تیموران`` (``benchmarks/false_corrections.py``)."""
AFTER_HEH = "ای"
"""The ending put back only on a stem ending in a silent ``ه`` (``خانه‌ای``): after any other letter the indefinite or
``است`` is written ``ی`` (``آلمانی``; ``آلمنای`` was offered ``آلمانای``, new user's finding 14)."""
SUFFIX_MARK = "|"
ZWNJ = "\u200c"
COMMON_COUNT = 30
"""A word seen this many times (weighted) or more is never corrected, whatever the context."""
SPLIT_MIN_COUNT = 50
"""Both halves of a split word must be seen this many times."""
CONTEXT_WEIGHT = 0.25
"""Score bonus per log(1 + neighbour co-occurrences) of a candidate (natural log)."""
CONTEXT_SLOP = 2
"""A neighbour co-occurs with a candidate when their terms are within this many positions, in order."""
TOP_FOR_CONTEXT = 6
"""Candidates (cheapest first) whose context is looked up."""
REAL_WORD_MAX_COST = 0.6
REAL_WORD_CONTEXT_RATIO = 5.0
"""A word of the index (seen more than :data:`RARE_COUNT`, less than :data:`COMMON_COUNT` times) is replaced only by a
candidate at most :data:`REAL_WORD_MAX_COST` away, :data:`RATIO` times as frequent, and this many times as
often next to the word's neighbours."""
RANKED_KEPT = 4096
"""A :class:`Speller` keeps the ranked candidates of this many words at most (emptied when full): a query asks about
the same word several times (a non-word's fix, its runner-up, the slips that keep its letters), and a speller lives
for one query (:func:`index_speller`) or as long as its caller keeps it (``Index.speller()``)."""

NORMALIZED_KEPT = 4096
"""A :class:`Speller` keeps this many words' normalized keys at most (emptied when full)."""


class _Kept(dict):
    """``{text: f(text)}`` filled on first asking, emptied when it holds :data:`NORMALIZED_KEPT` (``f`` pure): a
    speller normalizes a query's words again for each word it corrects, each context it weighs and each slip it
    tests (about 50 calls a query with a typo, ~1 µs each), now a ``dict`` lookup after the first."""

    __slots__ = ("f",)

    def __init__(self, f: Callable[[str], str]) -> None:
        self.f = f

    def __missing__(self, text: str) -> str:
        if len(self) >= NORMALIZED_KEPT:
            self.clear()
        value = self[text] = self.f(text)
        return value


class Speller:
    """Corrects the words of a text or query with an index's vocabulary, frequencies and co-occurrences.

    Candidates for a word (normalized key, :meth:`Analyzer.normalize_term`) are, with a cost:
    up to two homophone swaps (:data:`HOMOPHONE_COST`) or dot slips (:data:`DOT_COST`), one
    ordinary letter edit (insertion, deletion, replacement, transposition of adjacent letters:
    Damerau–Levenshtein on letters, cost 1; words of :data:`MIN_LEN_FOR_EDITS`+ letters) alone or
    after one cheap swap, and a missing space (:data:`SPACE_COST`: both halves seen
    :data:`SPLIT_MIN_COUNT`+ times; ``ب`` glued to a word is read as ``به``).  Candidates must be in
    the vocabulary :data:`MIN_COUNT`+ times and :data:`RATIO` times as often as the word.

    Among them the lowest ``cost − FREQ_WEIGHT·log10(count) − CONTEXT_WEIGHT·Σ ln(1 + near)`` wins,
    where ``near`` counts documents in which a neighbouring content word of the text and the
    candidate stand within :data:`CONTEXT_SLOP` positions in order (the noisy-channel choice of
    Kernighan, Church & Gale 1990, with document co-occurrence standing in for the language
    model, as in Mays, Damerau & Mercer 1991 for real-word errors).

    Which words are corrected:

    * seen at most :data:`RARE_COUNT` times and not ``known`` (a non-word): the best candidate;
    * seen less than :data:`COMMON_COUNT` times (a rare real word): only a cheap candidate
      (cost ≤ :data:`REAL_WORD_MAX_COST`) that the context supports :data:`REAL_WORD_CONTEXT_RATIO`
      times better than the word itself;
    * seen :data:`COMMON_COUNT`+ times, or with digits, Latin letters or under two letters: never.

    Args:
        lookup: ``normalized key → (written form, weighted count)`` or None
            (:meth:`kavosh.index.completions.CompletionTable.lookup`).
        normalize: the analyzer's ``normalize_term``.
        known: ``word → bool``: an inflected form of an indexed word (its analysed terms are in the
            index); such words are never treated as non-words.  None: none is.
        near: ``(left word, right word) → number of documents`` where the two stand close; None: no context.
        is_stopword: ``normalized key → bool``; stopwords are skipped as context.
        core: the compiled candidate search over the same vocabulary (:func:`core_candidates`), or
            None: :meth:`candidates` then runs in Python (its specification).
        lexicon: the analyzer's word list (normalized word → frequency), read by
            :func:`kavosh.query.edits.glued_splits`; None: empty.
    """

    def __init__(self, lookup: Callable[[str], tuple[str, int] | None], normalize: Callable[[str], str],
                 known: Callable[[str], bool] | None = None, near: Callable[[str, str], int] | None = None,
                 is_stopword: Callable[[str], bool] | None = None, core=None,
                 lexicon: dict[str, int] | None = None, ranked: dict | None = None) -> None:
        self.lookup = lookup
        self.lexicon = lexicon or {}
        self.normalize = _Kept(normalize).__getitem__  # the same words are normalized over and over (~50 a query)
        self.known = known or (lambda w: False)
        self.near = near
        self.is_stopword = is_stopword or (lambda k: False)
        self.core = core
        # _rank's lists, per word and limits (RANKED_KEPT at most): this speller's, or a dict kept longer (a commit's
        # memo, index_speller's ``ranked``: a list depends only on the table, the word list and the analyzer)
        self._ranked: dict[tuple, list[tuple]] = {} if ranked is None else ranked

    def candidates(self, key: str, max_cost: float = MAX_COST, with_suffixes: bool = True,
                   min_count: int = MIN_COUNT) -> dict[str, float]:
        """Candidates of ``key`` in the vocabulary (``min_count``+ times) with their cost; a
        split candidate holds a space.  ``key`` itself is left out.  With ``with_suffixes``, a
        key ending in one of :data:`SUFFIXES` also gets its stem's candidates with the suffix
        put back (``احساسانشان`` → ``احساسات`` + ``شان``), joined by :data:`SUFFIX_MARK`.  A key of
        more than :data:`MAX_WORD_LETTERS` letters has none (the count grows with its length squared).

        With a compiled ``core`` (:func:`core_candidates`) the same search runs there (about 1,400
        lookups for a word of eight letters); this method's code is its specification."""
        if len(key) > MAX_WORD_LETTERS:
            return {}
        if self.core is not None and not _has_surrogate(key):
            return self.core.candidates(key, max_cost, with_suffixes, min_count)
        lookup = self.lookup
        letters = LATIN_LETTERS if key.isascii() else PERSIAN_LETTERS
        best: dict[str, float] = {}
        seen: dict[str, float] = {}

        def put(w: str, cost: float) -> None:
            if cost > max_cost or w == key or seen.get(w, math.inf) <= cost:
                return
            seen[w] = cost
            hit = lookup(w)
            if hit is not None and hit[1] >= min_count:
                best[w] = cost

        level = [(key, 0.0)]
        for _ in range(2):
            nxt = []
            for w, cost in level:
                for s, c in cheap_swaps(w):
                    if cost + c <= max_cost and seen.get(s, math.inf) > cost + c:
                        put(s, cost + c)
                        nxt.append((s, cost + c))
            level = nxt
        if len(key) >= MIN_LEN_FOR_EDITS and max_cost >= EDIT_COST:
            bases = [(key, 0.0)] + [(w, c) for w, c in seen.items() if c <= max_cost - EDIT_COST and c < 0.4]
            for w, cost in bases:
                for e, c in weighted_edits(w, letters):
                    put(e, cost + c)
        if max_cost >= SPACE_COST:
            for i in range(1, len(key)):
                left, right = key[:i], key[i:]
                if left == "ب":
                    left = "به"
                elif len(left) < 3:
                    continue
                if len(right) < 3:
                    continue
                hl, hr = lookup(left), lookup(right)
                if hl and hr and min(hl[1], hr[1]) >= SPLIT_MIN_COUNT:
                    best[left + " " + right] = min(best.get(left + " " + right, math.inf), SPACE_COST)
        if with_suffixes:
            for suffix in SUFFIXES:
                stem = key[:-len(suffix)]
                if key.endswith(suffix) and len(stem) >= MIN_STEM_LEN:
                    for cand, cost in self.candidates(stem, max_cost, False, min_count).items():
                        if " " not in cand:
                            best.setdefault(cand + SUFFIX_MARK + suffix,
                                           cost + (ONE_LETTER_SUFFIX_COST if len(suffix) == 1 else SUFFIX_COST))
        return best

    def short_insertions(self, key: str, min_count: int = MIN_COUNT) -> dict[str, float]:
        """Candidates of a :data:`SHORT_LEN`-letter ``key`` (normalized) with one Persian letter put back
        (:data:`OMISSION_COST`), and of a longer key ending in one of :data:`SUFFIXES` after a
        :data:`SHORT_LEN`-letter stem, the stem's with the suffix put back (as :meth:`candidates` does);
        each seen ``min_count``+ times.  :meth:`candidates` gives such short words their swaps only."""
        out: dict[str, float] = {}
        for stem, suffix in [(key, "")] + [(key[:-len(x)], x) for x in SUFFIXES if key.endswith(x)]:
            if len(stem) != SHORT_LEN or _has_surrogate(stem):
                continue
            extra = (ONE_LETTER_SUFFIX_COST if len(suffix) == 1 else SUFFIX_COST) if suffix else 0.0
            for i in range(len(stem) + 1):
                for c in PERSIAN_LETTERS:
                    w = stem[:i] + c + stem[i:]
                    hit = self.lookup(w)
                    if hit is not None and hit[1] >= min_count:
                        cand = w + SUFFIX_MARK + suffix if suffix else w
                        out[cand] = min(out.get(cand, math.inf), OMISSION_COST + extra)
        return out

    def _ending_fits(self, key: str, cand: str, min_count: int) -> bool:
        """Whether ``cand``, when a corrected stem with ``key``'s suffix put back, may stand for ``key``: not when
        ``key``'s own stem is a word seen ``min_count``+ times or ``known`` (``کتابان`` is ``کتاب`` + ``ان``, not a
        slip of ``کتب`` + ``ان``; ``مربای`` is ``مربا`` + ``ی``, not ``مربع`` + ``ی``), and ``ان`` only after a stem
        ending in ``ی``, the plural of :data:`PLURAL_AN` (many words and names end in ``ان`` without being plurals:
        ``نعمان`` is not ``نام`` + ``ان``), :data:`AFTER_HEH` only after a silent ``ه``, :data:`VOWEL_COPULA` only after
        a vowel."""
        stem, mark, suffix = cand.partition(SUFFIX_MARK)
        if not mark or " " in stem:
            return True
        if (suffix == PLURAL_AN and not stem.endswith("ی")) or (suffix == AFTER_HEH and not stem.endswith("ه")) \
                or (suffix == VOWEL_COPULA and not stem.endswith(("ا", "و", "ی"))):
            return False
        hit = self.lookup(key[:-len(suffix)])
        return (hit is None or hit[1] < min_count) and not self.known(key[:-len(suffix)])

    def _count(self, cand: str) -> int:
        counts = [(self.lookup(p.split(SUFFIX_MARK)[0]) or ("", 0))[1] for p in cand.split(" ")]
        return min(counts)

    def _written(self, cand: str) -> str:
        out = []
        for part in cand.split(" "):
            stem, _, suffix = part.partition(SUFFIX_MARK)
            written = (self.lookup(stem) or (stem, 0))[0]
            if suffix:
                glue = ZWNJ if suffix.startswith(("ها", "تر")) or (written.endswith("ه") and suffix[0] in "یا") else ""
                written += glue + suffix
            out.append(written)
        return " ".join(out)

    def _has_stopword(self, cand: str) -> bool:
        return any(self.is_stopword(p) for p in self._key(cand).split(" "))

    def _key(self, cand: str) -> str:
        return cand.replace(SUFFIX_MARK, "")

    def _context(self, cand: str, left: str | None, right: str | None) -> float:
        if self.near is None:
            return 0.0
        parts = self._key(cand).split(" ")
        total = 0.0
        if left:
            total += math.log1p(self.near(left, parts[0]))
        if right:
            total += math.log1p(self.near(parts[-1], right))
        return total

    def context_of(self, words: list[str], word: str, cand: str) -> float:
        """The context of ``cand`` standing for ``word`` (its first place in ``words``): ``Σ ln(1 + near)`` over the
        content words beside it, however rare (the score's context term, :meth:`correct_words`, counts only words
        the table holds :data:`MIN_COUNT`+ times); 0.0 without ``near``."""
        keys = [self.normalize(w) for w in words]
        content = [bool(k) and not self.is_stopword(k) for k in keys]
        i = words.index(word)
        return self._context(self.normalize(cand), self._neighbour(keys, content, i, -1, 0),
                             self._neighbour(keys, content, i, 1, 0))

    def correct_words(self, words: list[str], use_known: bool = True, only: set[str] | None = None,
                      min_count: int = MIN_COUNT, max_cost: float = MAX_COST,
                      real: set[str] | None = None,
                      accept: Callable[[str, str], bool] | None = None) -> list[str | None]:
        """One entry per word of ``words``: its correction (written form; holds a space when a
        word was split) or None when the word is left as it is.

        ``use_known=False`` treats a word the index lacks as a non-word even when ``known``
        holds (for queries: a query word no document has is worth correcting).  ``only``: correct
        only these words (the others are context).  ``min_count``: the weighted count a
        candidate needs (at least); ``max_cost``: the most a non-word's candidate may cost; ``real``: words
        corrected as real words whatever their count (:func:`trusted_word`); ``accept(key, candidate key)``:
        only candidates it holds for are chosen among (both normalized, a split one with its space:
        :func:`kavosh.query.edits.likely_slip`), None: all.  Words over :data:`MAX_WORD_LETTERS` letters are left
        as they are."""
        keys = [self.normalize(w) for w in words]
        content = [bool(k) and not self.is_stopword(k) for k in keys]
        out: list[str | None] = []
        for i, (w, key) in enumerate(zip(words, keys, strict=True)):
            skip = (only is not None and w not in only) or len(key) > MAX_WORD_LETTERS
            out.append(None if skip else self._correct_one(w, key, i, keys, content, use_known, min_count, max_cost,
                                                           real is not None and w in real, accept))
        return out

    def _neighbour(self, keys: list[str], content: list[bool], i: int, step: int,
                   min_count: int = MIN_COUNT) -> str | None:
        """The nearest content word of ``keys`` before (``step`` -1) or after (1) the ``i``-th, at most two places
        away, when the table holds it ``min_count``+ times (0: any word), else None."""
        j = i + step
        while 0 <= j < len(keys):
            if content[j]:
                if not min_count:
                    return keys[j]
                hit = self.lookup(keys[j])
                return keys[j] if hit and hit[1] >= min_count else None
            j += step
            if abs(j - i) > 2:
                return None
        return None

    def _correct_one(self, word: str, key: str, i: int, keys: list[str], content: list[bool],
                     use_known: bool = True, min_count: int = MIN_COUNT, max_cost: float = MAX_COST,
                     real: bool = False, accept: Callable[[str, str], bool] | None = None) -> str | None:
        if len(key) < 2 or not content[i] or any(ch.isdigit() for ch in key) or key.isascii():
            return None
        hit = self.lookup(key)
        own = hit[1] if hit else 0
        if own >= COMMON_COUNT:
            return None
        real_word = real or own > RARE_COUNT or (use_known and self.known(word))
        memo = (key, real_word, min_count, max_cost)  # a query's word is asked again, with another ``accept``
        ranked = self._ranked.get(memo)
        if ranked is None:
            if len(self._ranked) >= RANKED_KEPT:
                self._ranked.clear()
            ranked = self._ranked[memo] = self._rank(key, own, real_word, min_count, max_cost)
        scored = [s for s in ranked if accept is None or accept(key, self._key(s[1]))]
        if not scored:
            return None
        left = self._neighbour(keys, content, i, -1)
        right = self._neighbour(keys, content, i, 1)
        # a stopword candidate has no terms in the index, hence no context: when it is the most likely one,
        # frequency decides; else the other candidates are rescored by their context, as it could not win either way
        # (a lone candidate wins whatever its context: not looked up)
        if self.near is not None and (left or right) and len(scored) > 1 and not self._has_stopword(scored[0][1]):
            rescored = [(s - CONTEXT_WEIGHT * self._context(c, left, right), c, cost)
                        for s, c, cost in scored[:TOP_FOR_CONTEXT] if not self._has_stopword(c)]
            rescored.sort()
            scored = rescored
        _score, cand, _cost = scored[0]
        if real_word:
            if self.near is None or not (left or right):
                return None
            own_ctx = self._context(key, left, right)
            if self._context(cand, left, right) < own_ctx + math.log(REAL_WORD_CONTEXT_RATIO):
                return None
        return self._written(cand)

    def _rank(self, key: str, own: int, real_word: bool, min_count: int, max_cost: float) -> list[tuple]:
        """:meth:`_correct_one`'s candidates of ``key`` (normalized; ``own``: its count) that may stand for it, as
        sorted ``(score, candidate, cost)``, best first; its ``accept`` filters this list (the same words in the same
        order as filtering before sorting), so the list is kept per ``(key, real_word, min_count, max_cost)``."""
        cands = self.candidates(key, REAL_WORD_MAX_COST if real_word else max_cost, min_count=min_count)
        if not real_word and max_cost >= OMISSION_COST and len(key) < MIN_LEN_FOR_EDITS + max(map(len, SUFFIXES)):
            for cand, cost in self.short_insertions(key, min_count).items():
                if cost <= max_cost and cost < cands.get(cand, math.inf):
                    cands[cand] = cost
        if not real_word and max_cost >= DOUBLED_COST:
            for cand, cost in short_doubled(key, self.lookup, self.lexicon, min_count, SHORT_LEN).items():
                cands[cand] = min(cost, cands.get(cand, math.inf))
        if not real_word and max_cost >= SPACE_COST:
            for cand, cost in glued_splits(key, self.lookup, self.lexicon, min_count, SPLIT_MIN_COUNT,
                                           MIN_STEM_LEN).items():
                cands[cand] = min(cost, cands.get(cand, math.inf))
        need = max(min_count, RATIO * own)
        scored = []
        limit = REAL_WORD_MAX_COST if real_word else max_cost
        for cand, cost in cands.items():
            if not self._ending_fits(key, cand, min_count):
                continue
            if final_shape_apart(key, cand):  # کرمن → کرمی: at a word's end no dot slip, an ordinary replacement
                cost += EDIT_COST - DOT_COST
                if cost > limit:
                    continue
            if cost >= EDIT_COST and cand.endswith(SUFFIX_MARK + VOWEL_COPULA):  # تهیدست is no تهی + است mistyped
                continue
            count = self._count(cand)
            if count >= need:
                scored.append((cost - FREQ_WEIGHT * math.log10(count), cand, cost))
        scored.sort()
        return scored


def _has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (not valid UTF-8: the core cannot take it)."""
    return not text.isascii() and any("\ud800" <= ch <= "\udfff" for ch in text)


@per_table
def core_candidates(ext, table):
    """The compiled candidate search (``kavosh._core.SpellCandidates``: :meth:`Speller.candidates` in
    Rust) over a completion table (:class:`kavosh.index.completions.CompletionTable`):
    ``core_candidates(table)``, built once per table (an index generation,
    :func:`kavosh.query.cores.per_table`) with this module's letters, costs and limits; None when the
    core is not built or ``KAVOSH_PURE_PYTHON=1``."""
    words = [w for w in table.words if not _has_surrogate(w[0])]
    return ext.SpellCandidates(
        [w[0] for w in words], [w[2] for w in words], persian_letters=PERSIAN_LETTERS,
        latin_letters=LATIN_LETTERS, sound_alike=SOUND_ALIKE, dot_alike=DOT_ALIKE, suffixes=list(SUFFIXES),
        suffix_mark=SUFFIX_MARK, homophone_cost=HOMOPHONE_COST, dot_cost=DOT_COST, edit_cost=EDIT_COST,
        omission_cost=OMISSION_COST, doubled_cost=DOUBLED_COST, space_cost=SPACE_COST,
        suffix_cost=SUFFIX_COST, one_letter_suffix_cost=ONE_LETTER_SUFFIX_COST,
        min_len_for_edits=MIN_LEN_FOR_EDITS, max_word_letters=MAX_WORD_LETTERS,
        split_min_count=SPLIT_MIN_COUNT, min_stem_len=MIN_STEM_LEN)


def index_speller(stats, analyzer, ranked: dict | None = None) -> Speller:
    """A :class:`Speller` over an index: its completion table (surface words and counts),
    known = :func:`is_known` with the analyzer's word list, near = documents where the two
    words' terms stand within :data:`CONTEXT_SLOP` positions in order, cached per pair.

    Args:
        stats: the index's :class:`kavosh.index.stats.IndexStats`.
        analyzer: the analyzer the index was built with.
        ranked: where the speller keeps its ranked candidates (``Speller``'s ``ranked``): a dict of this
            table and analyzer kept across queries (:func:`kavosh.query.memo.word_memo`), or None (its own).
    """
    import functools

    table = stats.completions()

    @functools.lru_cache(maxsize=65536)
    def terms(word: str) -> tuple[str, ...]:
        return tuple(analyzer.terms(word))

    lexicon = analyzer.lexicon_freq

    def known(word: str) -> bool:  # by its spelling or by its term (زکوة analyses to زکات)
        key = analyzer.normalize_term(word)
        return any(is_known(k, lexicon) for k in term_keys(word, key, lambda w: list(terms(w))))

    @functools.lru_cache(maxsize=65536)
    def near(a: str, b: str) -> int:
        ta, tb = terms(a), terms(b)
        if not ta or not tb:
            return 0
        return stats.near(ta[-1], tb[0], CONTEXT_SLOP)

    stop = analyzer.stopwords
    return Speller(table.lookup, analyzer.normalize_term, known=known, near=near, is_stopword=stop.__contains__,
                   core=core_candidates(table), lexicon=lexicon, ranked=ranked)
