"""The Persian verb system (kind 5 of issue #14): every form of a verb of the verb list as one term.

A verb form is reduced to the verb's past stem (``رفت`` for ``می‌روم``, ``رفتند``, ``برو``,
``رفتن``, ``رفته‌ام``), which is always a word (the third person past):

- **Finite forms** (:func:`verb_forms`): ``[نمی|می|ن|ب] + stem + ending``, a past stem with the
  past and perfect endings (``رفتند``, ``رفته‌ام``), a present stem with the present endings
  (``می‌روند``, ``بروید``); spoken forms (:mod:`.spoken`); and the verbs with a **preverb** (``بر``,
  ``در``, ``باز``, ``فرا``, ``فرو``, ``ور``, ``وا``, :data:`PREVERBS`), which take ``می``/``نمی``/``ن``
  after it (``برمی‌گزیند``, ``درنمی‌یابد``, ``برنگشت``) and keep it: ``برمی‌گزیند`` is ``برگزید``
  (``برگزیدن`` "choose"), never ``گزید`` ("bite").
- **Verbal nouns** (:func:`verbal_nouns`): the infinitive (``پختن`` = ``پخت``, ``اعلام کردن`` =
  ``اعلام کرد``) and the past participle (``گفته`` = ``گفت``, so ``گفته است``, ``گفته‌ام``,
  ``گفته شد`` and ``گفتم`` meet), which the word list tags as nouns, unless the participle is a
  word of its own far more frequent than its verb (:data:`MAX_PARTICIPLE_RATIO`: ``خسته``,
  ``گذشته``, ``آماده``, ``رشته``, ``وابسته`` stay apart) or a noun of its own
  (:data:`NOT_VERBAL_NOUNS`: ``داده`` "data", ``دیده`` "eye").

The auxiliaries (``بودن``, the future ``خواهم``, the progressive ``داشتم``, the passive ``شدن``)
are grammar, stopwords (:mod:`.stopwords`): indexed marked at their positions, never content.

Lexicon-guarded (kind 10): a form two verbs spell is the more frequent infinitive's, unless it
begins with a past stem in full; a form far more frequent than its verb is a word of its own
(:data:`MAX_FORM_PER_INFINITIVE`).  Verb list: ``data/verbs.tsv`` (hazm 0.10.0 and shekar 1.7.0,
MIT); the rules follow hazm's ``Lemmatizer`` and the verb tables of Persian grammars (the
conjugation of Lazard, *A Grammar of Contemporary Persian*, 1992).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

VERB_FIRST: frozenset[str] = frozenset({"برو", "بیا", "بگو", "بده", "بکن", "بزن", "بخور", "بنویس", "بره"})
"""Imperatives (and the spoken subjunctive ``بره`` "that he goes", rather than "lamb") that hazm's
word list also tags as nouns but that are read as verbs."""

VERB_PREFIXES = ("نمی", "می", "ن", "ب")
PAST_ENDINGS = ("هایم", "هاید", "هاند", "هام", "های", "ه", "یم", "ید", "ند", "م", "ی", "")
PRESENT_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د", "")
PREFIXLESS_PRESENT_ENDINGS = ("یم", "ید", "ند", "م", "د")
"""Endings that mark a present stem as a verb without a prefix; not ``ی``, which
makes nouns from present stems (``راه‌اندازی``, ``تصمیم‌گیری``)."""

PREVERBS = ("باز", "فرا", "فرو", "بر", "در", "ور", "وا", "پس")
"""Preverbs: a verb of the list whose stems begin with one (``برگزید``/``برگزین``, ``دریافت``/
``دریاب``, ``بازگشت``/``بازگرد``, ``پس‌داد``/``پس‌ده``) takes ``می``/``نمی``/``ن`` after it
(``برمی‌گزیند``, ``درنمی‌یابد``, ``بازنگشت``, ``پسمیدهد``).  The one list of preverbs: the glued-run
guard (:mod:`.segment`) and the tokenizer (:data:`~kavosh.analysis.tokenize.PREFIXES`) read it."""

PREVERBS_WRITTEN_APART = ("پس",)
"""Preverbs written as a word of their own before the verb (``پس می‌دهد``, ``پس گرفت``: the corpora
write ``پس`` + a form of ``دادن``/``گرفتن`` apart 50 times, never joined nor with a half-space), where
the same word is also a conjunction ("so, then"): the tokenizer does not join them to ``می``, and
they are indexed at their position as the stopword they also are, so every spelling of the verb
(``پس داد``, ``پس‌داد``, ``پس می‌دهد``, ``پس‌می‌دهد``, ``پس دادن``, ``پس‌دادن``) gives ``␀پس`` + the
verb's term and they meet as a phrase.  Only the joined spellings (``پسمیدهد``, ``پسداد``) are one term."""

PREVERB_PREFIXES = ("نمی", "می", "ن")
"""What comes between a preverb and the rest of its stem; ``ن`` before a rest in ``ا`` also with the
glide (:func:`prefixed`: ``ورنیامد``, ``درنیاورد``)."""

PREVERB_SUBJUNCTIVE = "ب"
"""The subjunctive and imperative prefix between a preverb and the rest of a present stem
(``فرابخوان``, ``دربیاورد``, ``بربگیرد``; shekar's lemmatizer tests): present stems only, and before a
rest in ``ا`` only with the glide (``دربیاید``; ``دربا``, ``بربار`` are no verb forms)."""

MAX_FORM_PER_INFINITIVE = 300
"""A verb form seen more than this many times as often as its verb's infinitive is not read as
that verb (:func:`verb_forms`).  The real verbs of the word list stay below it
(``می‌تواند`` is 203 times ``توانستن``, ``خواهد`` 95 times ``خواستن``); words that a rare verb of the
list spells are far above (``بوس``, ``تولیدی``, ``نیوز``, ``بیار``: millions against none)."""

SPOKEN_WEIGHT_DIVISOR = 100
"""A spoken reading of a verb form (:mod:`.spoken`) counts its verb's infinitive as this many
times rarer than a standard reading does (:func:`verb_forms`): it wins only over the
standard reading of a verb at least this much rarer (``میگن`` is ``گفتن`` + spoken ``ن``, not
``می`` + the present stem ``گن`` of the rare ``گندیدن``), and it passes the
:data:`MAX_FORM_PER_INFINITIVE` guard only this many times harder."""

SPOKEN_NOUN_OVER_VERB = 5
"""A word in ``می``/``نمی`` that reads both as a spoken verb form and as a spoken noun is the
noun only when the standard noun is more than this many times as frequent as the verb's
infinitive (``میدان`` 14 times ``دویدن``; ``میخانه`` is 0.04 times ``خواندن``)."""

MAX_PARTICIPLE_RATIO = 15.0
"""A past participle (past stem + ``ه``) is its verb's (:func:`verbal_nouns`) unless the word list
sees it more than this many times as often as the infinitive: then it is an adjective or noun
of its own.  Measured on the word list: the participles of the verbs are 1-13 times their
infinitive (``رفته`` 1.2, ``نوشته`` 4.4, ``گفته`` 4.6, ``شده`` 4.7, ``فروخته`` 7.5, ``فشرده`` 9.3,
``شناخته`` 13); the words of their own are above (``کوفته`` 18.5, ``پیچیده`` 38, ``گذشته`` 97,
``خسته`` 1,197, ``آماده`` 1,734, ``رشته`` 7,776)."""

NOT_VERBAL_NOUNS = frozenset({"اردن", "مردن", "مرده", "داده", "دیده", "برده", "بسته", "خواسته", "سپرده"})
"""Words that a past stem of the list + ``ن`` or ``ه`` spells but that are words of their own,
kept apart from the verb: ``اردن`` "Jordan" (``آرد`` is a past stem of the list, and "flour"),
``مرده`` "dead" and ``مردن`` (their past stem ``مرد`` is above all "man": the over-stemming
table keeps ``مرده`` apart from it),
and the participles that are frequent nouns with a meaning of their own, below
:data:`MAX_PARTICIPLE_RATIO`: ``داده`` "data", ``دیده`` "eye", ``برده`` "slave", ``بسته``
"package", ``خواسته`` "demand", ``سپرده`` "deposit"."""


MIN_BARE_IMPERATIVE = 3
"""The shortest spoken stem whose bare imperative (``ب`` + the stem, no ending: ``بشین``, ``بذار``)
is read with a past stem in full's priority (tier 2 of :func:`verb_forms`): ``بشین`` is ``بنشین``
"sit!", not ``ب`` + ``ش`` + the spoken ending ``ین`` of ``شدن`` (``بشید`` is that); shorter
stems (``بد``, ``بگ``, ``بش``) keep the frequency's choice."""


def verb_forms(freq: Mapping[str, int], past: Iterable[str], past_of_present: Mapping[str, tuple[str, ...]],
               min_stem: int) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Every verb form the rules recognise (about 110,000 forms, 0.1 s): ``({past form: past
    stem}, {present form: past stem}, {spoken present form: past stem})``.

    Args:
        freq: the word list's frequencies (normalized words, no ZWNJ).
        past: the past stems of the verb list; ``past_of_present``: ``{present stem: (past
            stem, ...)}`` (:class:`~kavosh.analysis.lexicon.Lexicon`).
        min_stem: the shortest stem read without a prefix.

    A form that several (prefix, ending, verb) readings produce is read as a past stem
    written in full at its beginning (``نشستند`` is ``نشستن``, not ``ن`` + ``شستن``;
    ``بافتی`` is ``بافتن``, not ``ب`` + ``افت`` + ``ی``) when the stem or its infinitive is a
    word of the word list (``می‌زید`` is ``زیستن``, not the list's ``میزیدن``: no lemma that is
    not a word), else as the verb whose infinitive
    (past stem + ``ن``) the word list sees most often, the first reading in the rules'
    order on a tie: ``می‌کند`` is ``کردن`` (present ``می‌کن‌د``), not the past of
    ``کندن`` "dig"; a present stem shared by two verbs is the frequent one's (``کشد``:
    ``کشیدن``, not ``کشتن``).  A form the word list sees more than
    :data:`MAX_FORM_PER_INFINITIVE` times as often as that infinitive is no verb form (it
    is a word of its own that a rare verb of the list happens to spell): ``بوس`` "kiss" is
    not ``ب`` + ``وس`` of ``وشتن``, ``تولیدی`` is not a verb ``تولیدن``.

    After ``ب``/``ن``, a stem in ``ا`` takes the glide ``ی`` (:func:`prefixed`: ``نیامد``,
    ``بیاورد``, ``بیفتد``); after ``ب`` the glide marks where the stem begins as surely as a past
    stem in full does (tier 2): ``بیافتد`` is ``افتادن``, not an archaic ``ب`` + ``یافت``; after
    ``ن`` it does not (``نیافت`` is ``ن`` + ``یافت``, "did not find").  Preverbs (:data:`PREVERBS`): ``preverb + [می|نمی|ن] + rest of the stem + ending`` for the
    verbs whose stem begins with one and a rest of two letters or more (``برمیگزیند`` →
    ``برگزید``, ``درمییابد`` → ``دریافت``, ``برنگشتند`` → ``برگشت``), ``ب`` too before a present
    stem's rest (``فرابخوان``), with the glide before a rest in ``ا`` (``ورنیامد``, ``دربیاورد``).

    Spoken forms (:mod:`.spoken`): a prefix, a present stem or its spoken spelling
    (:func:`.spoken.spoken_stems`), a standard or spoken ending (:data:`.spoken.SPOKEN_ENDINGS`),
    at least one of the two spoken; no ending only after ``ب`` (``بذار``; a spoken stem of
    :data:`MIN_BARE_IMPERATIVE` letters or more then runs to the word's end: ``بشین`` = ``بنشین``); no stem in ``ا``
    after ``ب``/``ن`` (spoken Persian says ``بیا``); and the spoken past stems
    (:func:`.spoken.spoken_past_stems`: ``اومدم``, ``میومد``, ``نیومدن``, ``خوندم``, ``نتونستم``); a verb with a
    preverb takes them after its preverb and ``می``/``نمی``/``ن``/``ب`` as its standard forms do (``برمیگرده``,
    ``برنمیداره``, ``برنگرده``, ``درمیاره``): always with an ending, a stem of two letters or more (``برنان``,
    ``فروبری`` are no ``برآمدن``, ``فرورفتن``), in a word the word list does not see (``فرونشینی``).  A spoken reading counts its verb
    :data:`SPOKEN_WEIGHT_DIVISOR` times rarer than a standard one, unless it is wholly spoken
    with a stem that speech shortens (:func:`.spoken.shortened`: ``ر`` + ``م``, not ``ر`` + ``ند``),
    which counts as a standard reading: ``میرم``/``نمیرم``/``میریم`` are ``رفتن`` (9 times ``مردن``),
    not the prefixless or negated present of ``مردن``; ``برم``/``بریم`` are ``رفتن`` (twice
    ``بردن``), not the literary prefixless present of ``بردن``; ``برند``, ``بدید`` stay
    ``بردن``, ``دیدن``.  The readings of a form
    compete across the three tables and the form stays only in the winner's."""
    from .spoken import SPOKEN_ENDINGS, shortened, spoken_past_heads, spoken_past_stems, spoken_stems  # here: spoken reads normalize, which reads the tokenizer, which reads PREVERBS

    rank: dict[tuple[int, str, str], tuple[int, int]] = {}  # (table, form, stem) -> priority
    tables: tuple[dict[str, str], dict[str, str], dict[str, str]] = ({}, {}, {})

    def keep(table: int, form: str, stem: str, tier: int) -> None:
        # tier 2: a past stem in full at the word's beginning (نشستند, بستند, بافتی), or after ب + glide (بیافتد);
        # tier 0: a spoken reading, its verb counted SPOKEN_WEIGHT_DIVISOR times rarer
        weight = freq.get(stem + "ن", 0)
        prio = (tier, weight) if tier else (1, weight // SPOKEN_WEIGHT_DIVISOR)
        forms = tables[table]
        old = forms.get(form)
        if old is None or prio > rank[table, form, old]:
            forms[form] = stem
            rank[table, form, stem] = prio

    pasts_sorted = sorted(past)
    for prefix in ("",) + VERB_PREFIXES:
        for ending in PAST_ENDINGS:
            for core in pasts_sorted:
                if len(core) >= min_stem:
                    word = freq.get(core, 0) > 0 or freq.get(core + "ن", 0) > 0  # میزید (of میزیدن) is none
                    for head in prefixed(prefix, core):
                        full = not prefix or (head != prefix + core and prefix == "ب")
                        keep(0, head + ending, core, 2 if full and word else 1)
    for prefix in VERB_PREFIXES + ("",):
        for ending in PRESENT_ENDINGS:
            if not prefix and ending not in PREFIXLESS_PRESENT_ENDINGS:
                continue
            for core, pasts in past_of_present.items():
                if prefix or len(core) >= min_stem:
                    for head in prefixed(prefix, core):
                        for p in pasts:
                            keep(1, head + ending, p, 2 if head != prefix + core and prefix == "ب" else 1)
    for preverb, rest in _preverb_splits(pasts_sorted):
        for prefix in PREVERB_PREFIXES:
            for head in prefixed(prefix, rest):
                for ending in PAST_ENDINGS:
                    keep(0, preverb + head + ending, preverb + rest, 1)
    for core, pasts in past_of_present.items():
        for preverb, rest in _preverb_splits([core]):
            for prefix in PREVERB_PREFIXES + (PREVERB_SUBJUNCTIVE,):
                heads = prefixed(prefix, rest)
                for head in heads[1:] if prefix == PREVERB_SUBJUNCTIVE and heads[0] == prefix + rest and len(heads) > 1 else heads:
                    for ending in PRESENT_ENDINGS:
                        for p in pasts:
                            keep(1, preverb + head + ending, p, 1)
    spoken_endings = tuple(spoken for _, spoken in SPOKEN_ENDINGS)
    for prefix in VERB_PREFIXES:
        for core, pasts in past_of_present.items():
            for stem in [core] + spoken_stems(core):
                if prefix in ("ب", "ن") and stem[:1] == "ا":
                    continue
                for ending in (spoken_endings if stem == core else PRESENT_ENDINGS + spoken_endings):
                    if ending or prefix == "ب":
                        tier = 1 if shortened(core, stem, ending) else 0
                        if tier and not ending and len(stem) >= MIN_BARE_IMPERATIVE:
                            tier = 2  # بشین: the imperative's stem runs to the word's end, not ش + ین
                        for p in pasts:
                            keep(2, prefix + stem + ending, p, tier)
    for core, pasts in past_of_present.items():  # a preverb's verb: برمیگرده, برنمیداره, درمیاره, برنگرده
        for preverb, rest in _preverb_splits([core]):
            for stem in [s for s in [rest] + spoken_stems(rest) if len(s) >= 2]:  # not برنان (ا), فروبری (ر)
                for prefix in PREVERB_PREFIXES + (PREVERB_SUBJUNCTIVE,):
                    heads = prefixed(prefix, stem)
                    for head in heads[1:] if prefix == PREVERB_SUBJUNCTIVE and heads[0] == prefix + stem and len(heads) > 1 else heads:
                        for ending in (spoken_endings if stem == rest else PRESENT_ENDINGS + spoken_endings):
                            form = preverb + head + ending
                            if ending and not freq.get(form, 0):  # a word the list sees is its own: فرونشینی
                                for p in pasts:
                                    keep(2, form, p, 1 if shortened(rest, stem, ending) else 0)
    past_endings = PAST_ENDINGS + tuple(e for e in spoken_endings if e not in PAST_ENDINGS)
    for core in pasts_sorted:
        for stem in spoken_past_stems(core):
            for prefix in ("",) + PREVERB_PREFIXES:
                for head in spoken_past_heads(prefix, stem):
                    for ending in past_endings:
                        keep(2, head + ending, core, 1 if shortened(core, stem, ending) else 0)
    past_forms, present_forms, spoken_forms = tables
    for form in [f for f in past_forms if f in present_forms]:
        past_stem, present = past_forms[form], present_forms[form]
        if not past_stem or rank[1, form, present] > rank[0, form, past_stem]:
            del past_forms[form]
        else:
            del present_forms[form]
    for form in list(spoken_forms):
        for table in (0, 1):
            other = tables[table].get(form)
            if other is None or form not in spoken_forms:
                continue
            if other and rank[table, form, other] >= rank[2, form, spoken_forms[form]]:
                del spoken_forms[form]
            else:
                del tables[table][form]
    for table, forms in enumerate(tables):  # a spoken reading passes the guard SPOKEN_WEIGHT_DIVISOR times harder
        for form in [f for f, stem in forms.items()
                     if freq.get(f, 0) > MAX_FORM_PER_INFINITIVE * (
                         (rank[table, f, stem][1] if table < 2 else freq.get(stem + "ن", 0) // SPOKEN_WEIGHT_DIVISOR) + 1)]:
            del forms[form]
    return tables


def prefixed(prefix: str, stem: str) -> list[str]:
    """The spellings of ``prefix + stem``: ``ب``/``ن`` before a stem in ``ا`` (``آ`` after the
    char filters) take the glide ``ی`` instead (``بیاورد``, ``نیامد``, ``بیاید``), and a short ``ا``
    before ``ف``/``ن`` may drop (``بیفتد``, ``نیفتاد``, ``بیندازد``, ``بیندیشید``).  The spelling without
    the glide is kept only before a stem in ``ای`` (``بایستد``, ``نایستاد``): elsewhere it is archaic
    (``نامد``, ``ناورد``) and spells nouns far more often — ``باوری``, ``بازاری``, ``بارد``, ``ناراستی`` are
    ``باور``, ``بازار``, ``بارید``, ``ناراست``, not ``ب``/``ن`` + ``آوردن``, ``آزردن``, ``آراستن`` (91 words
    of the word list and a Hamshahri sample change, the 20 most frequent all to the right word)."""
    glide = prefix in ("ب", "ن") and stem[:1] == "ا"
    out = [] if glide and stem[:2] != "ای" else [prefix + stem]
    if glide:
        out.append(prefix + "ی" + stem)
        if len(stem) >= 3 and stem[1] in "فن":
            out.append(prefix + "ی" + stem[1:])
    return out


def written_apart_infinitive(compound: str, past: Iterable[str] | frozenset[str]) -> bool:
    """Whether ``compound`` (a compound of the word list, normalized, with its half-space) is a
    preverb written apart + an infinitive of the verb list (``پس‌دادن``, ``پس‌گرفتن``): its finite
    forms are written apart (``پس داد``, ``پس می‌دهد``, :data:`PREVERBS_WRITTEN_APART`), so the
    compound is neither joined nor split, and ``پس دادن`` gives ``␀پس`` + ``داد`` as they do."""
    head, sep, rest = compound.partition("\u200c")
    return bool(sep) and head in PREVERBS_WRITTEN_APART and rest.endswith("ن") and rest[:-1] in past


def preverb_verb_compound(compound: str, past: Iterable[str] | frozenset[str]) -> bool:
    """Whether ``compound`` (a compound of the word list, normalized, its parts apart by a
    half-space or the list's ``#``) is a preverb of :data:`PREVERBS` written joined (not
    :data:`PREVERBS_WRITTEN_APART`) + the rest of a verb of the verb list: the past stem, the
    infinitive or the participle (``فرو#نشاندن``, ``فرو#افتاده``, ``بر#انگیخته``).  Such a
    compound is always joined, never split (it was ``فرو`` + ``نشاندن``, which the finite forms
    ``فرونشاند``, ``فرومی‌نشاند`` never met): :class:`~kavosh.analysis.lexicon.Lexicon` counts
    its joined spelling as more frequent than the half-spaced one."""
    for sep in ("\u200c", "#"):
        head, found, rest = compound.partition(sep)
        if found:
            break
    else:
        return False
    if head not in PREVERBS or head in PREVERBS_WRITTEN_APART or sep in rest:
        return False
    joined = head + rest
    return joined in past or (joined[-1:] in ("ن", "ه") and joined[:-1] in past)


def _preverb_splits(stems: Iterable[str]) -> list[tuple[str, str]]:
    """``(preverb, rest)`` of each stem that begins with a preverb of :data:`PREVERBS` (the
    longest) followed by two letters or more, or by the present stem ``آ`` of ``آمدن`` (``ا``
    after the char filters: ``درآ``, ``برآ``, ``بازآ``, so ``درمی‌آید`` is ``درآمدن``), in order."""
    out = []
    for stem in stems:
        preverb = next((p for p in PREVERBS if stem.startswith(p)), None)
        if preverb is not None and (len(stem) - len(preverb) >= 2 or stem[len(preverb):] == "ا"):
            out.append((preverb, stem[len(preverb):]))
    return out


def verbal_nouns(freq: Mapping[str, int], past: Iterable[str], min_stem: int,
                 not_verbal_nouns: frozenset[str]) -> dict[str, str]:
    """``{infinitive or past participle: past stem}``: the verbal nouns that are their verb's.

    Args:
        freq: the word list's frequencies; ``past``: the past stems of the verb list;
        min_stem: the shortest past stem considered; ``not_verbal_nouns``:
            :data:`NOT_VERBAL_NOUNS`, normalized.

    The infinitive (past stem + ``ن``: ``پختن``, ``برگزیدن``; negated, ``نرفتن``, ``نیامدن``
    (:func:`negated_infinitives`), unless it is another verb's infinitive: ``نشستن``) and the past participle (past stem + ``ه``: ``گفته``,
    ``نوشته``), except the words of ``not_verbal_nouns`` and the participles
    the word list sees more than :data:`MAX_PARTICIPLE_RATIO` times as often as the infinitive
    (``خسته``, ``گذشته``, ``رشته``).  The stemmer maps a word's stem through this table
    after the noun analysis, so a verbal noun with a suffix (``گفته‌ها``, ``رفتنش``) is its verb's too."""
    out: dict[str, str] = {}
    for stem in sorted(past):
        if len(stem) < min_stem:
            continue
        infinitive, participle = stem + "ن", stem + "ه"
        if infinitive not in not_verbal_nouns:
            out[infinitive] = stem
        if (participle not in not_verbal_nouns
                and freq.get(participle, 0) <= MAX_PARTICIPLE_RATIO * (freq.get(infinitive, 0) + 1)):
            out[participle] = stem
    for stem in sorted(past):  # the negated infinitive (نرفتن), unless a past stem spells it (نشستن)
        if len(stem) < min_stem:
            continue
        for negated in negated_infinitives(stem):
            if negated not in not_verbal_nouns:
                out.setdefault(negated, stem)
    return out


def negated_infinitives(stem: str) -> list[str]:
    """The spellings of the negated infinitive of a past stem: :data:`NEGATION` + the stem + ``ن``
    (``نرفتن``), and before a stem in ``ا`` (``آ`` after the char filters) also with the glide ``ی``,
    the ``ا`` kept or not (``نیامدن``, ``نیفتادن``, ``نینداختن``: a new user's finding, they were no verb),
    as :func:`affirmative_spellings` reads a negated form."""
    out = [NEGATION + stem + "ن"]
    if stem.startswith("ا"):
        out += [NEGATION + "ی" + stem + "ن", NEGATION + "ی" + stem[1:] + "ن"]
    return out


NEGATION = "ن"
"""The negation prefix of a verb form (``نرفت``, ``نمی‌رود``, ``برنگشت``, ``نیامد`` with the glide)."""


def affirmative_spellings(word: str) -> list[str]:
    """The spellings ``word`` (a normalized word, half-spaces removed) would have without a negation
    prefix :data:`NEGATION` at its start or right after a preverb of :data:`PREVERBS` (kind 5 of issue
    #14, negation): ``نمیدهد`` → ``میدهد``; ``نرفت`` → ``رفت``; ``برنگشتند`` → ``برگشتند``; before a glide
    ``ی`` also without it and with ``ا`` for it (``نیامد`` → ``یامد``, ``امد``, ``اامد``; ``نیفتاد`` →
    ``افتاد``).  Spellings of fewer than two letters are left out; ``[]`` when no ``ن`` is there.  Whether the
    word *is* negated is :meth:`.morphology.Stemmer.negated`'s question (the spelling must be the same verb)."""
    out: list[str] = []
    for head in ("", *PREVERBS):
        if not word.startswith(head + NEGATION):
            continue
        rest = word[len(head) + 1:]
        spellings = [rest]
        if rest.startswith("ی"):
            spellings += [rest[1:], "ا" + rest[1:]]
        out += [head + s for s in spellings if len(head + s) >= 2]
    return out
