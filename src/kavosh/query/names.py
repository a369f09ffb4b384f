"""Latin and Persian spellings of the same name (issue #14 kind 9): ``google``/``گوگل``,
``nokia``/``نوکیا``, ``python``/``پایتون``, ``netflix``/``نتفلیکس``.

A name or loanword is written in either script, and a document in one script is as relevant as
one in the other.  :func:`add_script_variants` gives a query word's leaf the word's spelling in
the other script as an **alternative** (never a replacement), when the index holds it:

* a Latin word (``google``) → its Persian readings (:func:`persian_spellings`): the Finglish letter
  rules of :mod:`kavosh.query.finglish` (``spellings``: a beam search that only keeps prefixes of the
  index's words), read as a loanword (``y`` may be ``ای``, ``th`` may be ``ت``);
* a Persian word (``گوگل``) → its Latin spellings (:func:`latin_spellings`): the same rules run
  backwards, emitting Latin letters for Persian ones and putting back the short vowels Persian does
  not write, keeping only prefixes of the index's Latin words.

Both directions keep a spelling only when it is cheap (at most :data:`MAX_COST_PER_LETTER` of
letter-rule cost per Latin letter), a base form of the index in at least one document, and the
Latin side a word that may be a name: four letters or more with a vowel among them (``dna``,
``hsn`` are acronyms), not a common English word (``house`` is not ``هوس``, ``apple`` stays apart
from ``اپل``; :func:`kavosh.query.finglish.is_common_english`).  Case is folded before a Latin word is
read (the new user's finding F17: ``FIFA``, ``NATO``, ``TEHRAN`` found 0, 0 and 1 documents on Hamshahri,
``fifa``, ``nato``, ``tehran`` 17, 15 and 1,704), and a common English word still gets a Persian reading
that looks like a loanword's when the index holds it far more often than the word as typed
(:data:`FAR_MORE_OFTEN`: ``internet`` in 1 document, ``اینترنت`` in 159; ``football`` → ``فوتبال``).

Bounded cost: at most :data:`MAX_WORDS` words of a query are looked at (one beam search each, of
:data:`kavosh.query.readings.BEAM` states), words of :data:`MIN_LETTERS` to :data:`MAX_LETTERS`
letters (:data:`MIN_PERSIAN_LETTERS` for a Persian word), and :data:`MAX_ALTERNATIVES` spellings kept
per word.  Persian words are looked at only
when the index holds Latin words at all.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable

from ..analysis import Analyzer
from .cores import per_table
from .finglish import FREQ_WEIGHT, WORD_LIST_FREQ_WEIGHT, is_common_english
from .memo import Memo
from .parse import Note, Occur, ParsedQuery
from .readings import BEAM, RULES, another_word, cheapest, fold, has_surrogate, spellings
from .vocabulary import Vocabulary, word_list_vocabulary

MAX_WORDS = 4
"""Words of one query looked at, at most (in query order; stopwords and syntax left out)."""
MIN_LETTERS = 4
"""A Latin word shorter is not looked at (``dna``, ``cnn``, ``com`` are acronyms and fragments more
often than names), nor a Persian word shorter than :data:`MIN_PERSIAN_LETTERS`."""
MIN_PERSIAN_LETTERS = 3
MAX_LETTERS = 16
"""A word longer is not looked at (a 40-letter run is no name)."""
MAX_COST_PER_LETTER = 0.2
"""Letter-rule cost allowed per Latin letter (the bar of a one-word Finglish reading,
:data:`kavosh.query.finglish.MAX_LONE_WORD_COST`): ``nokia`` → ``نوکیا`` costs 0.2 in all."""
MAX_ALTERNATIVES = 2
"""Spellings in the other script kept per word, at most (cheapest, then most frequent)."""
BUDGET_SLACK = 0.6
"""The beam of :func:`latin_spellings` drops states costing more than twice :data:`MAX_COST_PER_LETTER`
per Persian letter plus this (loose: the cost is checked per Latin letter at the end)."""
FAR_MORE_OFTEN = 10
"""A common English word (:func:`kavosh.query.finglish.is_common_english`: ``internet``, ``football``) gets a
Persian reading only when the index holds the reading in at least this many times the documents of the
word as typed (counted as 1 when it is in none) and in at least :data:`MIN_FAR_DOCS`: on Hamshahri
``internet`` is in 1 document, ``اینترنت`` in 159.  The word as typed keeps its leaf: the reading is an
alternative, with its notice."""
MIN_FAR_DOCS = 5
LOANWORD_LETTERS = 5
LOANWORD_COST_PER_LETTER = 0.1
"""A common English word's Persian reading must have :data:`LOANWORD_LETTERS` letters or more and cost at
most this a Latin letter: an English loanword is written letter for letter (``internet`` اینترنت,
``football`` فوتبال, ``festival`` فستیوال), while a short or dear reading is mostly a Persian word the letters
happen to spell (``deed`` دید, ``house`` هوس, ``money`` معنی, ``someone`` سومین).  On Hamshahri, of the 4,654
common English words of 4+ letters, 711 had a reading held ten times as often as the word; with these two
bounds and no past tense, ~60 (docs/benchmarks.md, "Latin words in capitals and English loanwords")."""
HELD_COST_PER_LETTER = 0.06
"""A Persian word's Latin spelling that only the index's terms hold (written fewer times than the completion table's
minimum: :class:`kavosh.query.vocabulary.HeldVocabulary`) costs at most this a Latin letter, or some document writes
both: a Latin word held once is as often a word of an English sentence as a name's spelling.  On ParsiNLU, letter for
letter (``nokia`` 0.04, ``nasa`` 0.05, ``harvard`` 0.057, ``toronto`` 0.05, ``bugatti`` 0.03) against ``کوری``
(blindness) → ``curry`` 0.08, ``چله`` → ``celle`` 0.12, ``سوری`` → ``curry`` 0.2; ``ناپروکسن`` → ``naproxen`` (0.088)
and ``گرانیت`` → ``granite`` (0.079) are kept by the passage writing both."""
HELD_MAX_DOCS = 3
"""... and only for a Persian word in this many documents or fewer: the Latin spelling, held once, has the rarer term,
which would outweigh the word typed (PQuAD's «دیدگاه سکولاریسم بر چه پایه‌ای بنا شده‌است؟»: ``سکولاریسم`` in 8
passages, ``secularism`` in 1, which then ranked first, above the passage the question is about)."""
MAX_RARER = 10
"""A spelling in at most 1/MAX_RARER of the typed word's documents is not added: a rare term would
outweigh the word typed (``جوان`` in 858 Hamshahri documents is not given ``juan``, in 2)."""

LOANWORD_RULES: dict[str, list[tuple[str, str, float]]] = {
    "y": [("M", "ای", 0.3)],  # python → پایتون, skype → اسکایپ
    "th": [("IMF", "ت", 0.3)],  # python, ethernet → اترنت, thomas → توماس
    "u": [("M", "ا", 0.3)],  # the English short u: trump → ترامپ, punk → پانک (a new user's finding 6)
    "x": [("MF", "کس", 0.2), ("M", "گز", 0.3)],  # linux → لینوکس, texas → تگزاس; brexit → برگزیت, exit → اگزیت
}
"""Letter rules of English loanwords, beside the Finglish ones (:data:`kavosh.query.readings.RULES`)."""

_ASCII_WORD = re.compile(r"^[a-z]+$")
_PERSIAN_WORD = re.compile(r"^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9+.-]*://|^www\.|@|[a-z0-9-]\.[a-z0-9-]+\.[a-z]", re.IGNORECASE)
"""A whitespace-separated piece of a query that is an address: a URL (``http://``, ``www.``), an e-mail
address, or a domain of three labels or more (``farhang.gov.ir``)."""


def identifier_words(query: str) -> frozenset[str]:
    """The Latin words (lowercase) of the pieces of ``query`` that are addresses (:data:`_IDENTIFIER`):
    ``"http://www.farhang.gov.ir"`` → ``{"http", "www", "farhang", "gov", "ir"}``.  Such a word names the
    address, not a Persian word written in Latin letters: :func:`add_script_variants` gives it no other
    spelling (a new user saw ``http://www.فرهنگ.gov.ir`` searched beside the address)."""
    return frozenset(w.lower() for piece in query.split() if _IDENTIFIER.search(piece)
                     for w in re.findall(r"[A-Za-z]+", piece))


UNWRITTEN_NAME_VOWELS = frozenset({"i"})
"""Latin vowels a name's Persian spelling writes wherever they stand inside it: :data:`NAME_RULES` has no rule
leaving them out (Finglish does, for 0.6: ``kitab`` may be کتاب).  A loanword's ``i`` is ``ی`` (``nokia`` نوکیا,
``netflix`` نتفلیکس, ``berlin`` برلین); a reading dropping it is another word: ``nokia`` read ``نکا`` (Neka, a
town: its ``o`` and ``i`` left out, 0.75) filled 8 of a new user's first 11 results (new user 19 #1).  The ``i``
of a diphthong has rules of its own (``ai`` ی: ``kuwait`` کویت); ``o`` may still be left out (``london`` لندن,
``toronto`` تورنتو), as may ``e`` and ``a``.  Given up: ``finland`` is no longer read ``فنلاند``."""


def _reverse_rules() -> dict[str, list[tuple[str, str, float]]]:
    """Persian chunk → ``[(Latin chunk, positions, cost)]`` from :data:`RULES` and
    :data:`LOANWORD_RULES`; the empty chunk holds the vowels Persian leaves out."""
    out: dict[str, list[tuple[str, str, float]]] = {}
    for table in (RULES, LOANWORD_RULES):
        for latin, rules in table.items():
            for where, persian, cost in rules:
                if not latin.isalpha() or (not persian and latin in UNWRITTEN_NAME_VOWELS):
                    continue  # the apostrophe of ع is not written in a Latin name; an i is written ی
                out.setdefault(persian, []).append((latin, where, cost))
    return out


REVERSE = _reverse_rules()
NAME_RULES: dict[str, list[tuple[str, str, float]]] = {
    k: [r for r in RULES.get(k, []) + LOANWORD_RULES.get(k, []) if r[1] or k not in UNWRITTEN_NAME_VOWELS]
    for k in {*RULES, *LOANWORD_RULES}}
"""The Finglish letter rules with :data:`LOANWORD_RULES` added and no rule leaving out a vowel of
:data:`UNWRITTEN_NAME_VOWELS`: Latin chunk → ``[(positions, Persian, cost)]``."""
_MAX_PERSIAN_CHUNK = max(map(len, REVERSE))


def persian_spellings(word: str, vocab: Vocabulary) -> dict[str, float]:
    """The Persian words of ``vocab`` the Latin ``word`` may spell, with their letter-rule cost
    (:func:`kavosh.query.readings.spellings` with :data:`NAME_RULES`), at most
    :data:`MAX_COST_PER_LETTER` a letter.  ``"google"`` → ``{"گوگل": 0.35}`` when the index has گوگل."""
    f = fold(word)
    if not _ASCII_WORD.match(f):
        return {}
    return spellings(f, vocab, max_cost=MAX_COST_PER_LETTER * len(f), rules=NAME_RULES)


def latin_spellings(word: str, vocab: Vocabulary, beam: int = BEAM) -> dict[str, float]:
    """The Latin words of ``vocab`` the Persian ``word`` (normalized key) may be spelt as, with their
    letter-rule cost, at most :data:`MAX_COST_PER_LETTER` per Latin letter: the rules of
    :data:`kavosh.query.readings.RULES` (and :data:`LOANWORD_RULES`) run backwards, a beam search over
    the Persian letters that emits Latin chunks and may put one unwritten vowel between two of them
    (and one unwritten ending: ``google``); only prefixes of ``vocab``'s words are kept.  ``"گوگل"`` → ``{"google": 0.35}``.

    The cost is bounded: ``beam`` states per Persian position, chunks of at most three letters.
    With ``vocab.names`` (:func:`core_latin_names`) the same search runs in the compiled core; this
    function's code is its specification."""
    if vocab.names is not None and not has_surrogate(word):
        return dict(vocab.names.latin_spellings(word, beam))
    n = len(word)
    vowels = REVERSE.get("", [])
    states: list[dict[str, float]] = [dict() for _ in range(n + 1)]
    states[0][""] = 0.0
    budget = MAX_COST_PER_LETTER * 2 * n + BUDGET_SLACK  # loose: checked per Latin letter at the end
    for pos in range(n):
        here = cheapest(states[pos], beam)
        if not here:
            continue
        # one unwritten vowel may stand before this letter (not at the start of the word)
        extended = dict(here)
        for prefix, c0 in here.items():
            if not prefix:
                continue
            for latin, where, cost in vowels:
                if "M" in where and c0 + cost <= budget and vocab.has_prefix(prefix + latin):
                    new = prefix + latin
                    if c0 + cost < extended.get(new, math.inf):
                        extended[new] = c0 + cost
        for size in range(1, min(_MAX_PERSIAN_CHUNK, n - pos) + 1):
            chunk = word[pos:pos + size]
            end = pos + size
            for latin, where, cost in REVERSE.get(chunk, ()):
                for prefix, c0 in extended.items():
                    at = "I" if not prefix else ("F" if end == n else "M")
                    if at == "I" and end == n:
                        at = "IF"
                    if not any(w in where for w in at) or c0 + cost > budget:
                        continue
                    new = prefix + latin
                    if not vocab.has_prefix(new):
                        continue
                    if c0 + cost < states[end].get(new, math.inf):
                        states[end][new] = c0 + cost
    final = dict(states[n])
    for prefix, c0 in states[n].items():  # a Latin ending Persian does not write: google → گوگل
        for latin, where, cost in vowels:
            if prefix and "F" in where and vocab.has(prefix + latin):
                final[prefix + latin] = min(final.get(prefix + latin, math.inf), c0 + cost)
    return {k: c for k, c in final.items() if k and vocab.has(k) and c <= MAX_COST_PER_LETTER * len(k)}


@per_table
def core_latin_names(ext, table):
    """The compiled :func:`latin_spellings` (``kavosh._core.LatinNames``) over a completion table's
    words (:class:`kavosh.index.completions.CompletionTable`; it keeps those starting with a Latin
    letter): ``core_latin_names(table)``, built once per table (an index generation,
    :func:`kavosh.query.cores.per_table`) with :data:`REVERSE` and :data:`MAX_COST_PER_LETTER`; None
    when the core is not built or ``KAVOSH_PURE_PYTHON=1``."""
    start = bisect.bisect_left(table.word_keys, "a")
    end = bisect.bisect_left(table.word_keys, "{", start)  # the keys starting with a to z
    return ext.LatinNames(table.word_keys[start:end], REVERSE, max_cost_per_letter=MAX_COST_PER_LETTER,
                          budget_slack=BUDGET_SLACK)


def _is_latin_name(word: str) -> bool:
    """A Latin word that may be a name: :data:`MIN_LETTERS`+ letters, a vowel among them (``hsn``,
    ``ngo`` are acronyms typed in lowercase), and not a common English word (``house``, ``bar``)."""
    return len(word) >= MIN_LETTERS and any(v in word for v in "aeiouy") and not is_common_english(word)


def _past_tense(word: str) -> bool:
    """An English past tense or participle: ``-ed`` after a common English word (``dreamed``, ``prayed``,
    ``recovered``; a loanword is borrowed as a base form, never with English inflection)."""
    return word.endswith("ed") and any(is_common_english(word[:-k]) for k in (1, 2) if len(word) - k >= 3)


def _has_latin(vocab: Vocabulary) -> bool:
    i = bisect.bisect_left(vocab.keys, "a")
    return i < len(vocab.keys) and "a" <= vocab.keys[i][:1] <= "z"


def other_script(word: str, vocab: Vocabulary, analyzer: Analyzer,
                 doc_freq: Callable[[str], int], typed_df: int = 0) -> list[list[str]]:
    """The analysed terms of ``word``'s spellings in the other script that the index holds (see the
    module text), at most :data:`MAX_ALTERNATIVES`, cheapest then most frequent first, each a base form
    (its analysed term is the word itself) in more than 1/:data:`MAX_RARER` of ``typed_df`` (the
    typed word's documents); ``[]`` for a word out of :data:`MIN_LETTERS` (Latin) or
    :data:`MIN_PERSIAN_LETTERS` (Persian) to :data:`MAX_LETTERS`, a Latin word without a vowel.  A Latin
    word is read case-folded (``FIFA``, ``NATO``, ``TEHRAN`` as ``fifa``, ``nato``, ``tehran``); a common
    English word only into a loanword's spelling (:data:`LOANWORD_LETTERS`+ letters, at most
    :data:`LOANWORD_COST_PER_LETTER` a letter, not from a past tense) the index holds in
    :data:`FAR_MORE_OFTEN` times its documents and :data:`MIN_FAR_DOCS`+ (``internet`` → ``اینترنت``;
    ``house`` is not given ``هوس``, ``deed`` not ``دید``); a Persian word's Latin spelling only when it may
    be a name.  A Latin word's spelling is dropped when the word list reads the word far likelier as another word
    no document holds (:func:`kavosh.query.readings.another_word`: ``nokia`` is ``نوکیا``, not ``نکا``)."""
    key = analyzer.normalize_term(word)
    if len(key) > MAX_LETTERS:
        return []
    floor, shortest, dearest = 1, MIN_PERSIAN_LETTERS, math.inf
    if _ASCII_WORD.match(key):  # read case-folded: FIFA, NATO, TEHRAN as fifa, nato, tehran
        if len(key) < MIN_LETTERS or not any(v in key for v in "aeiouy"):
            return []
        if is_common_english(key):  # internet → اینترنت, football → فوتبال; not deed → دید, house → هوس
            if _past_tense(key):  # dreamed is not درامد: no loanword is borrowed inflected
                return []
            floor = max(FAR_MORE_OFTEN * max(typed_df, 1), MIN_FAR_DOCS)
            shortest, dearest = LOANWORD_LETTERS, LOANWORD_COST_PER_LETTER * len(key)
        found = {k: c for k, c in persian_spellings(key, vocab).items() if len(k) >= shortest and c <= dearest}
        if not found and vocab.held is not None and floor == 1:  # نوکیا held once: below the table's minimum
            found = persian_spellings(key, vocab.held)
        if found:  # nokia is نوکیا (no document holds it), not نکا, a town: another word is no spelling of it
            listed = word_list_vocabulary(analyzer)
            found = {k: c for k, c in found.items() if not another_word(key, k, listed, analyzer, doc_freq,
                                                                              WORD_LIST_FREQ_WEIGHT)}
    elif _PERSIAN_WORD.match(key):
        if len(key) < MIN_PERSIAN_LETTERS:
            return []
        found = {k: c for k, c in latin_spellings(key, vocab).items() if _is_latin_name(k)} if _has_latin(vocab) else {}
        if not found and vocab.held is not None and typed_df <= HELD_MAX_DOCS:  # nokia held once
            found = {k: c for k, c in latin_spellings(key, vocab.held).items() if _is_latin_name(k)
                     and (c <= HELD_COST_PER_LETTER * len(k) or vocab.held.meet(key, k))}
    else:
        return []
    scored = []
    for k, cost in found.items():
        hit = vocab.lookup(k)
        terms = analyzer.terms(hit[0] if hit else k)
        if terms != [k]:  # a base form only: نرو (analysed رفت) is no spelling of nero
            continue
        df = doc_freq(terms[0])
        if df >= floor and df * MAX_RARER > typed_df:
            scored.append((cost - FREQ_WEIGHT * math.log(df + 1), terms))
    scored.sort()
    out: list[list[str]] = []
    for _s, terms in scored:
        if terms not in out:
            out.append(terms)
    return out[:MAX_ALTERNATIVES]


def add_script_variants(parsed: ParsedQuery, analyzer: Analyzer, doc_freq: Callable[[str], int],
                        vocab: Callable[[], Vocabulary], memo: Callable[[], Memo] | None = None
                        ) -> list[tuple[str, str]]:
    """Give each of the first :data:`MAX_WORDS` plain word leaves of ``parsed`` its spellings in the
    other script (:func:`other_script`) as alternatives, in place; not a word of an address
    (:func:`identifier_words`).  ``vocab`` returns the index's
    :class:`~kavosh.query.vocabulary.Vocabulary` (called only when some leaf qualifies); ``memo`` returns
    the commit's memo of :func:`other_script`'s answers (:func:`kavosh.query.memo.word_memo`: a word and
    its term's document frequency asked once per commit), or is None (each is asked).

    Returns:
        ``(word as typed, spelling also searched)`` for each spelling given a leaf, as the index's table
        writes it, in query order: the plan tells the user of every one (``iran``: including results for
        «ایران»; every rewrite carries its notice, new user's finding F5; new user 19 #1: the note named
        «نوکیا» and «نکا» was searched unnamed)."""
    addresses = identifier_words(parsed.original)
    leaves = [c for c in parsed.clauses if c.kind == "term" and not c.derived and c.occur != Occur.MUST_NOT
              and MIN_PERSIAN_LETTERS <= len(c.words[0]) <= MAX_LETTERS
              and (_ASCII_WORD.match(c.words[0]) or _PERSIAN_WORD.match(c.words[0]))
              and c.text.strip('"').lower() not in addresses][:MAX_WORDS]
    if not leaves:
        return []
    v = vocab()
    spelt = _remembered(memo()) if memo is not None else other_script
    added: list[tuple[str, str]] = []
    for c in leaves:
        typed = c.text.strip('"')
        for terms in spelt(typed, v, analyzer, doc_freq, doc_freq(c.terms[0])):
            if terms != c.terms and terms not in c.alternatives:
                c.alternatives.append(terms)
                hit = v.lookup(terms[0])
                added.append((typed, hit[0] if hit else terms[0]))
    return added


def script_spellings(analyzer: Analyzer, doc_freq: Callable[[str], int], vocab: Callable[[], Vocabulary],
                     memo: Callable[[], Memo] | None = None) -> Callable[[str, int], list[list[str]]]:
    """``spelt(word, typed_df)``: :func:`other_script` of ``word`` over the index (``vocab`` returns its
    :class:`~kavosh.query.vocabulary.Vocabulary`, called on the first question), answered from the commit's
    ``memo`` as :func:`add_script_variants` answers it (the same word is asked once): the spelling step asks
    whether a word it would correct is a name the index holds in the other script
    (:func:`kavosh.query.choose.choose_spelling`)."""
    box: list[Callable[..., list[list[str]]]] = []

    def ask(word: str, typed_df: int) -> list[list[str]]:
        if not box:  # most queries correct no word: the memo is looked up only when one does
            box.append(_remembered(memo()) if memo is not None else other_script)
        return box[0](word, vocab(), analyzer, doc_freq, typed_df)

    return ask


def _remembered(memo: Memo) -> Callable[..., list[list[str]]]:
    """:func:`other_script` answered from ``memo`` (one commit's: the vocabulary, analyzer and ``doc_freq``
    are that commit's) by the word and its ``typed_df``; each call gets new lists."""

    def spelt(word: str, vocab: Vocabulary, analyzer: Analyzer, doc_freq: Callable[[str], int],
              typed_df: int = 0) -> list[list[str]]:
        found = memo.get((word, typed_df))
        if found is None:
            found = memo.put((word, typed_df), tuple(map(tuple, other_script(word, vocab, analyzer, doc_freq,
                                                                             typed_df))))
        return [list(terms) for terms in found]

    return spelt


def script_note(query: str, also: list[tuple[str, str]]) -> Note | None:
    """The note telling the user which words were also searched in the other script (:func:`add_script_variants`'
    pairs): ``including results for «ایران» (the same word in the other script); search only for «iran» as typed
    with exact`` (code ``"script_included"``, details ``included`` and ``query``; every rewrite carries its
    notice: the new user's finding F5).  It is no spelling correction, so it has its own code (the false
    corrections benchmark counts it apart).  A word given two spellings has both named, each in its own reading of
    the query: ``including results for «X» and «Y»`` (``included`` is the first); what the note names is what is
    searched.  None when no typed word is found in ``query``."""
    spelt: dict[str, list[str]] = {}
    for typed, spelling in also:
        if spelling not in spelt.setdefault(typed, []):
            spelt[typed].append(spelling)
    readings = []
    for k in range(max(map(len, spelt.values()), default=0)):
        out, pos, done = [], 0, False
        for typed, spellings in spelt.items():
            at = query.find(typed, pos)
            if at < 0:
                continue
            out.append(query[pos:at] + spellings[min(k, len(spellings) - 1)])
            pos, done = at + len(typed), True
        if not done:
            return None
        readings.append("".join(out) + query[pos:])
    included = readings[0]
    named = " and ".join(f"«{r}»" for r in readings)
    return Note(f"including results for {named} (the same word in the other script); search only for "
                f"«{query}» as typed with exact", "script_included", included=included, query=query)
