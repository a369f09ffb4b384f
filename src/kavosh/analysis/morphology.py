"""Lexicon-guarded light stemming and verb lemmatization for Persian.

A word (already normalized, half-spaces removed) is reduced to a *stem*:

1. **Verbs.**  ``[نمی|می|ن|ب] + stem + [personal ending | participle ending]``
   is reduced to the verb's past stem when the middle part is a known present
   or past stem (``می‌روم``, ``رفتند``, ``برو`` → ``رفت``).  Verb analysis is
   skipped for words that the noun lexicon knows (``میدان``, ``روند``, ``داده``).
   A joined past stem + ``های`` whose participle is an adjective is read as the
   noun analysis reads it (``گستردهای`` is ``گسترده‌ای`` "a wide", not "you have spread").
2. **Nouns and adjectives.**  Inflectional suffixes (plural ``ها``/``ان``/``ات``/
   ``ین``/``گان``, comparative ``تر``/``ترین``, clitic pronouns, indefinite and
   ezafe ``ی``) are stripped, longest first, at most three times, but only when
   the remainder is a known word and the whole word is not a known word in its
   own right.  A word is a word in its own right when it is in
   :data:`PROTECTED` or when it is at least ``ratio`` times as frequent as the
   remainder (``ایران`` vs ``ایر``, ``تنها`` vs ``تن``), with ``ratio``
   multiplied by :data:`UNTAGGED_RATIO_FACTOR` for words that hazm's tagged
   word list does not know (``شهروندان``).  Comparatives need an adjective
   (``بزرگتر``, never ``دفتر`` → ``دف``), one-letter clitics never come off a
   tagged word (``سالم``, ``روش``).  A word that splits two ways takes the more
   frequent remainder, except that a plural suffix off a plural or a stopword gives
   way to a noun (``مطالبهای`` is ``مطالبه‌ای``, ``هستهای`` is ``هسته‌ای``).

This is the lexicon-guarded approach of Taghva et al., "A stemming algorithm for
the Farsi language" (ITCC 2005) and of hazm's ``Lemmatizer``, with the bare
suffix-stripping of Lucene's ``PersianStemFilter`` (Lucene 9) as the fallback
that the guard restrains.

Word list: ``data/words.tsv.gz`` (shekar 1.7.0 vocabulary frequencies and hazm
0.10.0 word list, both MIT); verbs: ``data/verbs.tsv`` (hazm and shekar, MIT).
See ``LICENSES.md`` in the package data folder.

This module holds the :class:`Stemmer`; its suffix tables, curated word tables and thresholds are
in :mod:`.stem_rules` (re-exported here).
"""

from __future__ import annotations

from functools import cached_property

from .lexicon import (  # noqa: F401 (re-exported: the analyzer's version, tests and generate_tables.py read them here)
    ANALYSIS_MODULES,
    COMPOUND_PART_MARK,
    DATA_FILES,
    HAMZA_SEATS,
    MAX_HAMZA_REMAINDER,
    MAX_VARIANT_RATIO,
    MIN_HAMZA_PREFIX,
    MIN_VARIANT_FREQ,
    SEAT_VARIANTS,
    Lexicon,
    _key,
    _solid,
    _stopword_keys,
    analysis_digest,
    hamza_variant_map,
)
from .stem_rules import (  # noqa: F401 (re-exported: the stemmer reads them here, and tests and generate_tables.py)
    AN_PLURALS,
    BROKEN_PLURALS,
    CLASSICAL_SPELLINGS,
    CLITICS,
    CLITIC_HOST_ENDINGS,
    CLITIC_T_OVER_SH,
    GLIDE_AFTER,
    INDEFINITE_AFTER_HEH_PRIOR,
    LEMMA_KEEPS,
    MAX_CACHE,
    MIN_CLITIC_HOST_FREQ,
    MIN_CLITIC_HOST_LETTERS,
    MIN_JOINED_COPULA_STEM_FREQ,
    MIN_OBJECT_STEM_FREQ,
    MIN_PEOPLE_PLURAL_STEM,
    MIN_SHORT_STEM_FREQ,
    MIN_STEM,
    MIN_UNTAGGED_PLURAL_STEM,
    NOUN_SUFFIXES,
    NO_SHORT_STEM_SUFFIXES,
    PLURAL_SUFFIXES,
    PROTECTED,
    T_HOST_NOT_AFTER,
    T_WORD_RATIO,
    UNTAGGED_RATIO_FACTOR,
    VOCATIVES,
    WEAK_SUFFIXES,
    _SUFFIXES_BY_LAST,
    _bare_t_impossible,
    _looks_like_participle,
    _own_word_in_t,
    an_plural_rest,
    clitic_host,
    noun_of_its_own_in_yeh,
    waw_spellings,
)
from .stopwords import SPOKEN_FUNCTION_WORDS
from .spoken import JOINED_COPULA_WORDS, TAGGED_COPULA, UNKNOWN_WORD_ENDINGS, copula_base, joined_copula_base, noun_candidates, object_base, squeezed
from .verbs import (  # noqa: F401 (re-exported: the verb tables, read by generate_tables.py)
    affirmative_spellings,
    MAX_FORM_PER_INFINITIVE,
    MAX_PARTICIPLE_RATIO,
    NOT_VERBAL_NOUNS,
    PAST_ENDINGS,
    PREFIXLESS_PRESENT_ENDINGS,
    PRESENT_ENDINGS,
    PREVERB_PREFIXES,
    PREVERBS,
    SPOKEN_NOUN_OVER_VERB,
    SPOKEN_WEIGHT_DIVISOR,
    VERB_FIRST,
    VERB_PREFIXES,
    verb_forms,
    preverb_verb_compound,
    verbal_nouns,
    written_apart_infinitive,
)


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
        return self._lexicon or Lexicon.cached()

    @cached_property
    def _verb_first(self) -> frozenset[str]:
        return frozenset(_key(w) for w in VERB_FIRST)

    @property
    def protected(self) -> frozenset[str]:
        """:data:`PROTECTED`, normalized."""
        return self._protected

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
        """Uncached stemming of one normalized word (see the module docstring).

        A broken plural of :data:`BROKEN_PLURALS` (the word, or its stem) has its singular's stem.
        The stem of a word spelled with another hamza seat is the one of its
        most frequent spelling (:func:`hamza_variant_map`); so is the stem of an
        unknown word that begins with such a spelling (:meth:`Lexicon.hamza_canonical`).
        A letter stretched for emphasis (``خیلیییی``) is squeezed first when the squeezed
        word, every run one letter or else two, is in the word list (:func:`.spoken.squeezed`),
        unless the word as written stems to a word of the list (``جبههها`` = ``جبهه`` + ``ها``)."""
        if not word or not ("\u0620" <= word[0] <= "\u06ff"):
            return word
        stretched = squeezed(word)
        if stretched is not None:  # خیلیییی, عالیههه: squeezed when the squeezed form is a word
            plain = self._plain_stem(word)
            if plain != word and plain in self.lexicon.freq:
                return plain  # جبههها is جبهه + ها, not stretched
            word = next((w for w in stretched if w in self.lexicon.freq), word)
        return self._plain_stem(word)

    def negated(self, word: str, term: str) -> bool:
        """Whether a normalized word whose term (:meth:`stem`) is ``term`` is a negated form of a verb
        (kind 5 of issue #14, negation): ``term`` is a past stem of the verb list and a spelling of the word
        without its negation prefix (:func:`.verbs.affirmative_spellings`) has the same term: ``نمیدهد``,
        ``نداد``, ``نرفتن``, ``نیامد``, ``برنگشت``, ``نمیدونم``, the auxiliaries ``نشد``, ``نخواهد``; not
        ``نشست`` (``شست`` is another verb), ``نوشت``, ``نمود``, ``نامید``."""
        if term not in self.lexicon.past:
            return False
        return any(self(s) == term for s in affirmative_spellings(word))

    def _plain_stem(self, word: str) -> str:
        """:meth:`stem` without squeezing stretched letters."""
        if len(word) <= MIN_STEM:
            short = self._broken.get(word)  # یه: the spoken یک
            return word if short is None else self.stem(short)
        variants = self.lexicon.hamza_variants
        canonical = self.lexicon.hamza_canonical(word)
        singular = self._broken.get(canonical)
        if singular is None:
            stem = self._stem(canonical)
            stem = variants.get(stem, stem)
            stem = self._verbal_nouns.get(stem, stem)  # پختن, گفته: the verb's past stem
            singular = self._broken.get(stem)
            if singular is None:
                return stem
        return self.stem(singular)  # never a key of the table: no loop

    @cached_property
    def _broken(self) -> dict[str, str]:
        """:data:`BROKEN_PLURALS`, :data:`VOCATIVES`, :data:`CLASSICAL_SPELLINGS`,
        :data:`.stopwords.SPOKEN_FUNCTION_WORDS`, :data:`.spoken.TAGGED_COPULA`, :data:`.spoken.JOINED_COPULA_WORDS`
        and :func:`waw_spellings`, normalized: ``{plural,
        vocative, spoken function word or spelling: singular, standard word or the spelling that
        stands for all}``."""
        table = {_key(p): _key(s) for p, s in
                 BROKEN_PLURALS + VOCATIVES + CLASSICAL_SPELLINGS + SPOKEN_FUNCTION_WORDS + TAGGED_COPULA
                 + JOINED_COPULA_WORDS}
        table.update(waw_spellings(self.lexicon.freq))
        return table

    def _stem(self, word: str) -> str:
        lex = self.lexicon
        if word in self._protected:
            return word
        verb_first = word in self._verb_first
        if word not in lex.nouns or verb_first:
            verb = self._verb(word)
            if (verb and verb == word[:-3] and word.endswith("های") and word[:-2] in lex.adjectives
                    and word[:-2] not in self._verbal_nouns):
                # past stem + perfect ``ه‌ای`` (گستردهای "you have spread") is also an
                # adjectival participle + indefinite ``ای`` (گسترده‌ای "a wide"), as the
                # half-spaced spelling always reads: the noun analysis decides
                noun = self._noun(word)
                if noun != word:
                    return noun
            if verb and not self._function_word_clitic(word):
                return verb
            spoken = self._spoken(word)
            if spoken is not None:
                return spoken
        return self._noun(word)

    def _function_word_clitic(self, word: str) -> bool:
        """Whether ``word`` is a function word of :data:`MIN_CLITIC_HOST_LETTERS` letters or more + a clitic of
        :data:`CLITICS` (``برایم``): read as the noun analysis reads it, not as a verb form.  Not when the
        function word is a verb form itself (``نبود``): ``نبودم`` is "I was not", a personal ending."""
        return (len(word) > MIN_CLITIC_HOST_LETTERS and word[-1:] in CLITICS
                and word[:-1] in _stopword_keys() and self._verb(word[:-1]) is None)

    def _spoken(self, word: str) -> str | None:
        """The stem of a spoken (colloquial) form of a word the word list does not tag
        (:mod:`.spoken`), or ``None``.  Lexicon-guarded:

        - a word that reads as a standard inflection of a tagged word is not spoken, unless it is a
          spoken verb form and the inflection a one-letter clitic (:data:`CLITICS`: ``تونست``)
          (``همگونی`` is ``همگون`` + ``ی``, never ``همگانی``; ``برونی`` is ``برون`` + ``ی``);
        - a spoken noun (:func:`.spoken.noun_candidates`): the vowel alone changed, the standard
          word must be tagged (``خیابون`` = ``خیابان``, ``خونه`` = ``خانه``; never ``کنونی`` =
          ``کنانی``) or a word of the list whose noun stem is (``ایرونی`` = ``ایرانی``); with a
          spoken ending (``دوستامون``), the word before it and the stem have
          three letters or more (``پیتون`` is no ``پی`` + ``تون``, ``پایتون`` no ``پا``), and an ending of
          :data:`.spoken.UNKNOWN_WORD_ENDINGS` (``بچههام``, ``آقایون``) only in a word the list does not know; either
          way the stem is a tagged word, no stopword, seen more often than the spoken spelling;
        - a spoken verb form (:meth:`_verb_forms`' third table: ``میگه``, ``نمیدونم``, ``بره``);
          when the word also reads as a spoken noun, the noun, except for a word in
          ``می``/``نمی`` whose standard noun is not :data:`SPOKEN_NOUN_OVER_VERB` times as
          frequent as the verb's infinitive (``نشون`` is ``نشان``, not "they do not become";
          ``میدون`` is ``میدان``, not "they run"; ``میدونی`` is a verb, not ``میدانی``);
        - else a word + the spoken copula ``ه`` (:func:`.spoken.copula_base`: ``خوبه`` = ``خوب``
          ``است``, ``گرونه`` = ``گران است``, ``ایرانیه``): the word's stem is a tagged word, no
          stopword, seen more often than the spoken spelling (``همینه``, ``زیره`` "cumin" stay);
        - else a word + the joined object marker ``و`` (:meth:`_object`: ``کتابو``, ``حرفشو``);
        - else a word + ``است`` written joined after a vowel (:meth:`_joined_copula`: ``زیباست``)."""
        lex = self.lexicon
        spoken_verb = self._verb_forms[2].get(word)
        candidates = noun_candidates(word)
        if not candidates:
            return spoken_verb or self._copula(word) or self._object(word) or self._joined_copula(word)
        noun = self._noun(word)
        if noun != word and noun in lex.nouns and not (spoken_verb and word[len(noun):] in CLITICS and word.startswith(noun)):
            return None
        f_word = lex.freq.get(word, 0)
        for base, ending in candidates:
            if ending:
                if len(base) < 3 or (ending in UNKNOWN_WORD_ENDINGS and word in lex.freq):  # ابرهام, لغویون
                    continue
            elif base not in lex.nouns and not (lex.freq.get(base, 0) > f_word and self._noun(base) in lex.nouns):
                continue
            stem = self._noun(base + ending)
            if ending and len(stem) < 3:  # پایتون is no پای + تون (پایتان, "your feet")
                continue
            if stem in lex.nouns and lex.freq.get(stem, 0) > f_word and stem not in _stopword_keys():
                if (spoken_verb and word.startswith(("می", "نمی")) and lex.freq.get(base + ending, 0)
                        <= SPOKEN_NOUN_OVER_VERB * lex.freq.get(spoken_verb + "ن", 0)):
                    return spoken_verb
                return stem
        return spoken_verb or self._copula(word) or self._object(word) or self._joined_copula(word)

    def _object(self, word: str) -> str | None:
        """The stem of a word + the joined spoken object marker ``و`` (:func:`.spoken.object_base`:
        ``کتابو`` = ``کتاب را``, ``حرفشو`` = ``حرفش را``), or ``None``: the word list does not know the
        word (``برونو``, ``رونالدو`` are names), and the stem of the word before it (:meth:`_stem`,
        spoken readings included) is a tagged word, no stopword, seen :data:`MIN_OBJECT_STEM_FREQ`
        times or more."""
        base = object_base(word)
        lex = self.lexicon
        if base is None or word in lex.freq:
            return None
        stem = self._stem(base)
        if stem in lex.nouns and lex.freq.get(stem, 0) >= MIN_OBJECT_STEM_FREQ and stem not in _stopword_keys():
            return stem
        return None

    def _joined_copula(self, word: str) -> str | None:
        """The stem of a word + ``است`` written joined after a vowel letter, its alef shared
        (:func:`.spoken.joined_copula_base`: ``زیباست`` = ``زیبا است``, ``آرزوست``, ``کشوریست``), or
        ``None``: the word list does not know the word (``سیاست``, ``ریاست``, ``فراست``, ``کیاست``,
        ``بالاست`` are words of the list: kept), the word less its ``ت`` is no tagged noun (``حواست`` is
        ``حواس`` + ``ت`` "your"), a base in ``ی`` is itself a tagged word (``حاکیست``, ``کافیست``; not the
        ``-ist`` of ``کمالیست``, ``موریست``), and the stem of the word before it (:meth:`_stem`) is a
        tagged word, no stopword, seen :data:`MIN_JOINED_COPULA_STEM_FREQ` times or more."""
        base = joined_copula_base(word)
        lex = self.lexicon
        if base is None or lex.freq.get(word, 0) > 0 or word[:-1] in lex.nouns:  # حواست: حواس + ت "your"
            return None
        if base[-1] == "ی" and base not in lex.lemmas:  # کمالیست "Kemalist", موریست: a loanword's -ist
            return None
        stem = self._stem(base)
        if stem in lex.lemmas and lex.freq.get(stem, 0) >= MIN_JOINED_COPULA_STEM_FREQ and stem not in _stopword_keys():
            return stem
        return None

    def _copula(self, word: str) -> str | None:
        """The stem of a word + the spoken copula ``ه`` (:func:`.spoken.copula_base`), or ``None``:
        the stem of the word before it (:meth:`_stem`, spoken readings included) is a tagged word,
        no stopword, seen more often than the spoken spelling."""
        base = copula_base(word)
        if base is None:
            return None
        lex = self.lexicon
        stem = self._stem(base)
        if stem in lex.nouns and lex.freq.get(stem, 0) > lex.freq.get(word, 0) and stem not in _stopword_keys():
            return stem
        return None

    def _verb(self, word: str) -> str | None:
        """The canonical past stem of a verb form, or None.

        Past stems are tried without a prefix first (``نشستند`` is نشستن, not
        ن + شستن; ``بستند`` is بستن), present stems with a prefix first
        (``می‌زند`` is می + زن).  A bare past stem is its own lemma (``بود``); a
        bare present stem needs a personal ending.  One lookup in
        :attr:`_verb_forms`."""
        past_forms, present_forms, _ = self._verb_forms
        return past_forms.get(word) or present_forms.get(word)

    @cached_property
    def _verb_forms(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """The verb forms of the verb list (:func:`.verbs.verb_forms`), built once: ``({past
        form: past stem}, {present form: past stem}, {spoken present form: past stem})``."""
        lex = self.lexicon
        return verb_forms(lex.freq, lex.past, lex.past_of_present, MIN_STEM)

    @cached_property
    def _verbal_nouns(self) -> dict[str, str]:
        """``{infinitive or verbal past participle: past stem}`` (:func:`.verbs.verbal_nouns`)."""
        lex = self.lexicon
        return verbal_nouns(lex.freq, lex.past, MIN_STEM, frozenset(_key(w) for w in NOT_VERBAL_NOUNS))

    def _present_stem(self, stem: str) -> bool:
        """Whether ``stem`` is a present stem of a verb of the verb list whose infinitive the word list has
        seen: ``می`` + it + ``د`` is a form of the verb (a bare present stem is no verb form of its own) and
        the past stem + ``ن`` has a frequency (``نشین``, ``زن``, ``پژوه``; not ``روژ`` of an unseen ``روژیدن``)."""
        past = self._verb("می" + stem + "د")
        return bool(past) and self.lexicon.freq.get(past + "ن", 0) > 0

    def _pluralizable(self, rest: str) -> bool:
        """Whether ``rest`` can take a plural suffix: it is not a plural (``مطالب``) nor a
        stopword that the noun lexicon does not know (``هست``; ``در`` "door" is a noun).

        Used only to choose between two segmentations of one joined word, and only
        for another whose remainder the noun lexicon knows: ``مطالبهای`` is
        ``مطالبه‌ای``, not ``مطالب‌های``; ``هستهای`` is ``هسته‌ای``; ``دوزهای`` stays
        ``دوز‌های`` (``دوزه`` is no noun).  Past stems were tried as non-pluralizable
        too and rejected: ``کردهای`` is mostly ``کرد‌های`` "Kurds", and ``درآمدهای``,
        ``دستاوردهای`` are plurals."""
        lex = self.lexicon
        if rest in lex.plurals:
            return False
        return rest in lex.nouns or rest not in _stopword_keys()

    def _people_plural_in(self, word: str, rest: str) -> bool:
        """Whether ``word`` = ``rest`` + ``ین`` is the plural of an adjective used as a
        noun for people (``فعالین``, ``داوطلبین``, ``قدیسین``, ``امویین``), beside the
        Arabic participles of :func:`_looks_like_participle`.

        From hazm's tags: ``rest`` is an adjective, ``word`` a noun and not an
        adjective (the adjective-forming ``ین`` of ``نمادین``, ``آغازین``, ``زرین`` is
        tagged as an adjective; ``دکترین`` is untagged).  ``rest`` has at least
        :data:`MIN_PEOPLE_PLURAL_STEM` letters: short adjectives + ``ین`` are words of
        their own (``شاهین``, ``رامین``, ``کمین``).  Ordinals (``چهارمین``: ``چهار`` +
        ``م`` + ``ین``) are not plurals."""
        lex = self.lexicon
        return (len(rest) >= MIN_PEOPLE_PLURAL_STEM and rest in lex.adjectives and word in lex.tagged_nouns
                and word not in lex.adjectives and not (rest[-1] == "م" and rest[:-1] in lex.freq))

    def _noun(self, word: str) -> str:
        lex = self.lexicon
        freq = lex.freq
        variants = lex.hamza_variants
        for _ in range(3):
            word = variants.get(word, word)
            if word in self._protected:
                return word
            tagged = word in lex.lemmas or word in lex.plurals
            lemma = word in lex.lemmas and freq.get(word, 0) > 0
            # several segmentations: the most frequent remainder (best), except that a plural
            # suffix off a plural or a stopword gives way to a noun (alt): مطالبه‌ای, not
            # مطالب‌های; هسته‌ای, not هست‌های (see _pluralizable)
            best: tuple[int, str, float, float] | None = None
            alt: tuple[int, str, float] | None = None
            best_odd = False
            for suffix, repl, ratio, after in _SUFFIXES_BY_LAST.get(word[-1], ()):
                if not word.endswith(suffix) or len(word) - len(suffix) < MIN_STEM:
                    continue
                if tagged and suffix in WEAK_SUFFIXES:
                    continue  # سالم, روش, ماهی: a tagged word is not X + one-letter clitic
                if lemma and suffix in LEMMA_KEEPS:
                    continue  # کرمان, پهلوان, مالیات: a tagged lemma is not X + plural
                if lemma and len(suffix) > 1 and len(word) - len(suffix) + len(repl) <= MIN_STEM and after != "adjective":
                    continue  # تومان, پیمان, ایمان, متین: a tagged lemma is not a two-letter word + suffix
                rest = word[: -len(suffix)] + repl
                if len(word) - len(suffix) <= MIN_STEM and not (suffix == "ی" and rest[-1] in "او") and (
                        rest not in lex.nouns or len(rest) <= MIN_STEM and (
                            suffix in NO_SHORT_STEM_SUFFIXES or freq.get(rest, 0) < MIN_SHORT_STEM_FREQ)):
                    continue  # شکات, گوتش, ورش, وست: no untagged, rare or Arabic-plural two-letter remainder
                if not tagged and suffix in WEAK_SUFFIXES and not clitic_host(rest, freq, lex.nouns) \
                        and rest not in self._broken:  # زکوهش: a spelling of the tables (زکوه = زکات) + clitic
                    continue  # کیروش, فولام, تورام: a name, not an unknown remainder + clitic
                if suffix == "ی" and noun_of_its_own_in_yeh(word in lex.tagged_nouns and word in lex.lemmas,
                                                         word in lex.adjectives, freq.get(word, 0), rest,
                                                         rest in lex.adjectives):
                    continue  # سلامی, نشانی: a noun of its own, not سلام/نشان + ی
                if suffix in AN_PLURALS and not an_plural_rest(
                        word, rest, freq.get(word, 0), word in freq, tagged, (rest in lex.nouns, rest in lex.adjectives),
                        freq.get(rest, 0), self._present_stem):
                    continue  # روژان, شجریان: a word of its own, not روژ/شجری + the plural ان
                if suffix == "ت" and (_bare_t_impossible(rest)
                                      or _own_word_in_t(freq.get(word, 0), freq.get(rest, 0), freq.get(rest + "ش", 0))):
                    continue  # پاکت, فونت, شیت: a word of its own, not پاک + "your"
                if after == "adjective":  # بزرگ‌تر, قدیمی‌تر, تاثیرگذارترین; never دفتر, پیتر
                    if not (rest in lex.adjectives or word not in freq or (rest[-1] == "ی" and len(rest) >= 4)):
                        continue
                elif after == "participle":
                    if not (_looks_like_participle(rest) or self._people_plural_in(word, rest)):
                        continue
                elif after == "noun-vowel":  # ezafe after a vowel: جای -> جا, never کوی -> کو
                    if rest[-1] not in "او" or rest not in lex.tagged_nouns:
                        continue
                elif after and rest[-1] not in after:
                    continue
                f_rest = freq.get(rest)
                if f_rest is None:
                    continue
                odd = suffix in PLURAL_SUFFIXES and not self._pluralizable(rest)
                score = f_rest * INDEFINITE_AFTER_HEH_PRIOR if suffix == "ای" else f_rest
                if best is None or score > best[3]:
                    best, best_odd = (f_rest, rest, ratio, score), odd
                if not odd and rest in lex.nouns and (alt is None or f_rest > alt[0]):
                    alt = (f_rest, rest, ratio)
            if best is None:
                plural = next((x for x in PLURAL_SUFFIXES if word.endswith(x) and len(word) - len(x) >= 3), None)
                if word in freq or plural is None:
                    return word
                word = word[: -len(plural)]
                continue
            f_rest, rest, ratio = alt if best_odd and alt is not None else best[:3]
            f_word = freq.get(word, 0)
            if not tagged:
                ratio *= UNTAGGED_RATIO_FACTOR
            if word not in lex.plurals and f_word > 0 and f_word >= ratio * f_rest:
                return word
            word = rest
        return word
