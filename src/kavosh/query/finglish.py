"""Finglish: Persian typed in Latin letters (``tehran``, ``daneshgah``, ``shabake haye ejtemaei``).

There is no single standard: people write the same word many ways (``tehran``,
``tehraan``, ``tehrân``; ``ghazal``, ``qazal``; ``khaneh``, ``khane``, ``xane``).
A word's readings come from the letter model of :mod:`kavosh.query.readings` (letter rules, the
vowels Persian leaves out, doubled letters, particles written apart); this module chooses among
them for a whole query and decides whether the query is Finglish at all.

The model generates **only words the index has**: a beam search over the
letters of each Latin word keeps only Persian prefixes of the index's words
(:class:`Vocabulary`, the words of the completion table of
:mod:`kavosh.index.completions`), and a complete candidate must be a word of the
index.  Each word's candidates are scored by transliteration cost minus the
log of its document frequency; the whole query is chosen by a Viterbi pass in
which adjacent words that occur in the same documents support each other
(:func:`transliterate_query`).  Whether the query is Finglish at all is decided
by the index too (:func:`choose_finglish`): a genuinely Latin query stays as
typed — acronyms and brands (``ICT``, ``BRICS``, ``iPhone``, ``COVID-19``), Latin
words the index has (``python`` where the index has it), and common English
words (``music``, ``world cup``, by the English word frequencies of PyPI
``pyspellchecker``).
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..analysis import Analyzer
from .layout import RATIO, long_supported, support
from .readings import PREFIXES, another_word, fold, group_words, word_candidates
from .verb_readings import VERB_COST, verb_readings
from .vocabulary import Vocabulary

ENGLISH_WORDS = frozenset({"the", "of", "and", "for", "with", "from", "what", "how", "where", "which", "why",
                           "who", "is", "are", "was", "were", "an", "on", "at", "by", "vs", "my", "your", "its"})
"""English function words: a query with one of them is taken as English, not Finglish."""
COMMON_ENGLISH = 10_000
"""A word seen at least this many times in pyspellchecker's English word-frequency list
(about 1.6 billion words of text) is a common English word: ``house``, ``music``, ``money``."""

TOP_K = 6
"""Candidates kept per word for the whole-query choice."""
FREQ_WEIGHT = 0.15
"""Word score = cost − FREQ_WEIGHT × ln(document frequency + 1)."""
MIN_SUPPORT = 1
"""Every Persian term of a reading must be in at least this many documents (a Finglish
query may well be after the one document that has its words)."""
MIN_LATIN_DOCS = 3
"""A Latin word in this many documents is taken as meant (see :func:`latin_in_index`)."""
MAX_LONE_WORD_COST = 0.2
"""A one-word query is read as Finglish only within this letter-rule cost per Latin
letter: alone, nothing confirms a far-fetched reading (``covid`` → ``سوئد`` costs
0.23 a letter on an index without ``کووید``; ``kaqaz`` → ``کاغذ`` 0.19)."""
PAIR_WEIGHT = 0.2
"""The query score adds − PAIR_WEIGHT × ln(documents holding both words + 1) for each adjacent pair."""
MAX_WORDS = 32
"""A query of more words is not read as Finglish (each word costs one beam search, about a
millisecond).  Was 8: most PQuAD questions are longer (median 11 words), and none was read."""
READING_MARGIN = 0.5
"""Other readings of a word whose score is within this of the chosen one's are kept as
alternatives of its leaf (:attr:`Reading.alternatives`): the letters cannot always tell ``toost``
(توسط? تست?) or ``nasa`` (ناسا? نسا?), and the documents can."""
MAX_READINGS = 2
"""Alternatives kept per word at most."""
ALTERNATIVE_COST_MARGIN = 0.4
"""An alternative (:data:`READING_MARGIN`) also costs at most this much more in letter rules than the chosen reading:
the letters typed cannot tell it from the chosen one, and its documents' count alone does not make it one.  A
new user's ``nokia``: ``نوکیا`` (0.2) was given ``نکا``, the town Neka (0.75: the ``o`` and the ``i`` typed left
out), within the score's margin by its 8 documents against 5, and Neka filled 8 of the first 11 results."""
WORD_LIST_COST = 0.3
"""Added to the cost of a reading from the word list (:func:`kavosh.query.vocabulary.word_list_vocabulary`), not
from the index's completion table (a word the corpus holds once: ``عطاری``, ``هیولا`` on ParsiNLU): less
certain, such a word alone is read only within :data:`MAX_LONE_WORD_COST` a letter all the same."""
WORD_LIST_READINGS = 8
"""Readings of a word taken from the word list at most, the most likely first (transliteration cost less
:data:`WORD_LIST_FREQ_WEIGHT` × log10 of the list's frequency); each is analysed and looked up in the index."""
WORD_LIST_MARGIN = 1.0
"""A reading chosen from the word list keeps as alternatives the list's other readings scoring within this of it
(not :data:`READING_MARGIN`): the index holds such words about once, so its counts cannot rank them, and the
letters cannot either (``atari``: اتری, عطاری, عطری); the documents can."""
WORD_LIST_FREQ_WEIGHT = 0.15
"""Ten times as frequent in the word list pays for 0.15 of a letter rule's cost (ranking the list's readings)."""
MIN_FUNCTION_WORDS = 1
"""A reading with this many Persian function words (``dar`` در, ``kaja`` کجا, ``est`` است) is
Persian whether or not its content words meet in one document (``gachsaran dar kaja gharar dard``:
the one document on گچساران does not say قرار); with fewer, two of its content words must meet."""
VERB_LETTERS = frozenset("mnb")
"""The letters a Latin word read as a verb form starts with (``mi``/``nemi``/``ne``, ``be``/``bo``:
:mod:`kavosh.query.verb_readings`); only such a word is read against the verb forms."""
VERB_FORM_DF = 0
"""The document count of a verb form read from :mod:`kavosh.query.verb_readings` that the index's table lacks (a
word it holds fewer than ``kavosh.index.completions.MIN_COUNT`` times): it counts as that rare form, not as its
verb (``میخوام`` is not every document of ``خواست``), so a word the table holds reads first when the letters allow
it, and pair support, bounded by each word's count, does not favour it either."""
VERB_SURE_COST = 0.1
"""A verb form (:mod:`kavosh.query.verb_readings`) that the letter rules read at this cost a letter or less (the
vowels typed as written: ``mikhay`` → ``میخای``, 0.1 for six letters) is what was typed: the word list is not asked
for the word (its ``میخی``, «nail-like», held by میخ's documents, had outweighed the verb form, counted as none);
a dearer one (``bikhabi`` → ``بخوابی``, 0.9 for seven: the ``i`` left out) leaves the list its say (``بیخوابی``)."""
PUNCTUATION = "?!.,;()«»،؛؟…"
"""Stripped from the ends of a Latin word (a question mark, a parenthesis): not query syntax."""

_LATIN = re.compile(r"^[a-z'\-]+$")
_LETTERS = re.compile(r"[^\W\d_]+")
_SYNTAX_WORDS = re.compile(r"(?<!\S)(?:title|body|text):|(?<!\S)(?:AND|OR|NOT)(?!\S)")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_SYNTAX_CHAR = re.compile(r'[":*]')
_HYPHENS = re.compile(r"-+")
"""(Compiled once: ``re``'s own cache is emptied by the per-query patterns of highlighting.)"""
_ARABIC_LETTERS = frozenset(map(chr, [*range(0x0621, 0x064B), 0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06CC]))
"""Arabic-script letters (those of :data:`kavosh.query.layout._ARABIC_LETTERS` but the half-space): a word holding
one is no Finglish word, as :func:`fold` keeps it (or, for ``آ أ إ ؤ ئ``, its base letter; checked for each in
``tests/test_finglish.py``), which :data:`_LATIN` then refuses: :func:`choose_finglish` says so before folding it."""


@dataclass
class Candidate:
    """A Persian reading of one Latin word.

    Attributes:
        key: the normalized key (no half-spaces): ``"شبکههای"``.
        text: the written form to show and search (``"شبکه‌های"``).
        cost: the transliteration cost (sum of rule costs).
        df: document frequency of its rarest analysed term (a stopword's: of its marked index term).
        terms: its analysed content terms.
        latin: the Latin word kept as typed (no reading, or the index holds it).
        listed: a reading from the word list (:func:`word_list_readings`), not the index's table.
        verbal: a verb form of :mod:`kavosh.query.verb_readings` that the index's table lacks: counted as
            :data:`VERB_FORM_DF` documents, and never an alternative of another reading.
        lemmas: a stopword's terms unmarked (``شد`` for ``می‌شود``, whose index term is ``␀شد``), which stand for
            it in the pair support of :func:`transliterate_query` when another reading of the same Latin word is a
            content form of that lemma (``می‌شد``, term ``شد``): that reading then gets no more support from its
            neighbours than the grammar reading, and the letters decide (``yaft mi shood`` is ``یافت می‌شود``, not
            ``یافت می‌شد``: the Viterbi's pair support had counted content terms only); ``[]`` otherwise.
    """

    key: str
    text: str
    cost: float
    df: int = 0
    terms: list[str] = field(default_factory=list)
    latin: bool = False
    listed: bool = False
    verbal: bool = False
    lemmas: list[str] = field(default_factory=list)

    @property
    def pair_terms(self) -> list[str]:
        """The terms its neighbours' pair support is counted with: its content terms, else its lemmas."""
        return self.terms or self.lemmas

    @property
    def score(self) -> float:
        """Lower is better: cost − :data:`FREQ_WEIGHT` × ln(df + 1)."""
        return self.cost - FREQ_WEIGHT * math.log(self.df + 1)


def word_list_readings(word: str, word_list: Vocabulary, found: dict[str, float], *, prefix: str = "",
                       suffix: str = "") -> dict[str, float]:
    """A Latin word's readings from the word list that the index's table did not give (``found``): at most
    :data:`WORD_LIST_READINGS`, ranked by cost less :data:`WORD_LIST_FREQ_WEIGHT` × log10(frequency + 1) in
    the list, each costing :data:`WORD_LIST_COST` more (``atari`` → ``عطاری``; ``jahayi`` → ``جاهایی``, a
    word of the list with an ending: :func:`word_candidates`' ``open_endings``)."""
    more = word_candidates(word, word_list, prefix=prefix, suffix=suffix, open_endings=True)

    def rank(kv: tuple[str, float]) -> tuple[float, str]:
        hit = word_list.lookup(kv[0])
        return kv[1] - WORD_LIST_FREQ_WEIGHT * math.log10((hit[1] if hit else 0) + 1), kv[0]

    ranked = sorted(((k, c) for k, c in more.items() if k not in found), key=rank)
    return {k: c + WORD_LIST_COST for k, c in ranked[:WORD_LIST_READINGS]}


def _latin_held(word: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> tuple[int, list[str]]:
    """Documents holding the Latin ``word`` as typed (its rarest term; 0 with none) and its terms."""
    terms = analyzer.terms(word)
    return (min(doc_freq(t) for t in terms) if terms else 0), terms


def transliterate_query(words: Sequence[str], vocab: Vocabulary, analyzer: Analyzer,
                        doc_freq: Callable[[str], int],
                        co_freq: Callable[[Sequence[str]], int] | None = None,
                        with_cost: bool = False,
                        alternatives: dict[str, list[list[str]]] | None = None,
                        word_list: Vocabulary | None = None,
                        near: Callable[[str, str], int] | None = None) -> tuple | None:
    """The best Persian reading of a Finglish query.

    Args:
        words: the query's Latin words, :func:`fold`-ed.
        vocab: the index's words.
        analyzer: the index's analyzer (for document frequencies of candidates).
        doc_freq: document frequency of an analysed term.
        co_freq: number of documents holding all the given analysed terms (adjacent-word
            support), or None to score words independently.
    Returns:
        ``(words, words kept as typed)``, or None when more than half of the words
        have no reading in the vocabulary (those words are kept in Latin; a word
        with no reading is first tried joined to the next: ``khosh nevisi`` →
        خوشنویسی).  Each word keeps its :data:`TOP_K` best candidates by
        :attr:`Candidate.score`; the sequence maximizes the sum of word scores plus
        the pair support (Viterbi over adjacent words).  With ``with_cost``, a third
        element: the highest letter-rule cost among the chosen words.  With ``alternatives``
        (a dict, filled in place): chosen word's text → the analysed terms of up to
        :data:`MAX_READINGS` other readings of it scoring within :data:`READING_MARGIN` (not a reading
        that differs from the chosen one by the ezafe alone, :func:`_ezafe_apart`, when ``near`` says the
        chosen one is followed by the next word's in more documents).
        near: documents where the first analysed term is directly followed by the second, or None.
        word_list: the word list's :class:`Vocabulary` (:func:`kavosh.query.vocabulary.word_list_vocabulary`),
            a second source of readings for a Latin word that the index's words cannot read and no document
            holds as typed (:func:`word_list_readings`), or None.  Asked for every word, it cost about 20 ms
            a 25-word question (eight readings analysed and looked up per word) for one more ParsiNLU query
            found, and its readings became alternatives of words the table reads (``mizan`` → ``میزان``, also
            ``میزن``), so it is only asked for a word the table cannot read.

    A Latin word :data:`MIN_LATIN_DOCS`+ documents hold as typed (``ict`` in a news index) is kept as typed
    unless a reading costs at most :data:`MAX_LONE_WORD_COST` a letter (``iran`` → ``ایران``, ``be`` → ``به``):
    a far-fetched reading (``ict`` → ``است``) is then only an alternative of it (a stopword reading not even
    that), and the word list is never asked for a word the index holds.
    """
    groups = group_words(words)
    if not groups:
        return None
    lattice: list[list[Candidate]] = []
    ezafe: list[bool] = []  # per column: its Latin word ends in an e that may be the ezafe (khabare varzeshi)
    i = 0
    while i < len(groups):
        word, prefix, suffix = groups[i]
        found = word_candidates(word, vocab, prefix=prefix, suffix=suffix)
        joined = False
        ending = "" if suffix else word
        if not found and i + 1 < len(groups) and not suffix and not groups[i + 1][1]:
            # a compound written as two words: khosh nevisi → خوشنویسی
            nxt = groups[i + 1]
            found = word_candidates(word + nxt[0], vocab, prefix=prefix, suffix=nxt[2])
            if found:
                i += 1
                joined, ending = True, "" if nxt[2] else nxt[0]
        if not found and lattice and not prefix and not groups[i - 1][2] and not lattice[-1][0].latin:
            # ... or joined to the word before: pestan daran → پستانداران
            prev = groups[i - 1]
            found = word_candidates(prev[0] + word, vocab, prefix=prev[1], suffix=suffix)
            if found:
                lattice.pop()
                ezafe.pop()
                joined = True
        i += 1
        ezafe.append(ending.endswith("e") and not ending.endswith("ee") and i < len(groups))  # a word follows
        held, latin_terms = _latin_held(word, analyzer, doc_freq) if not (prefix or suffix or joined) else (0, [])
        verbs: dict[str, float] = {}  # mikham, mi kham: میخوام (a verb form some document holds)
        if not suffix and not joined and (prefix or word)[:1] in VERB_LETTERS:
            verbs = verb_readings(prefix + word, analyzer, doc_freq=doc_freq)
        listed: dict[str, float] = {}
        if word_list is not None and not found and not held and not joined:
            listed = word_list_readings(word, word_list, found, prefix=prefix, suffix=suffix)
            if verbs and min(verbs.values()) - VERB_COST <= VERB_SURE_COST * len(prefix + word):
                listed = {}  # a verb form read near letter for letter: mikhay is میخای, not the list's میخی
            found = {**found, **listed}
        verbal = {k for k in verbs if k not in found}  # readings from the verb forms alone, no word of the table
        found = {**found, **{k: c for k, c in verbs.items() if c < found.get(k, math.inf)}}
        far_fetched: list[list[str]] = []
        cands = []
        for key, cost in found.items():
            hit = vocab.lookup(key)
            text = (hit[0] if hit else key).replace("ه\u0654", "ه").replace("ۀ", "ه")  # فلسفهٔ → فلسفه
            every = analyzer.analyze(text)
            toks = [t for t in every if not analyzer.is_stopword(t)]
            terms = [t.term for t in toks]
            df = min((doc_freq(t) for t in terms), default=0)
            if terms and not df:
                continue
            if terms and hit is not None and not key.startswith(terms[0]):  # read as another word's term: as often
                df = min(df, hit[1])  # as the form itself (برسه, spoken «arrives», has رسید's 1,434 documents)
            elif terms and key in verbal and hit is None:  # a verb form the table lacks: seen under its MIN_COUNT
                df = min(df, VERB_FORM_DF)  # (برس for bourse, not رسید's 1,434 documents against بورس's 12)
            lemmas = []
            if not terms and every:  # a stopword (در, چه, توسط): as frequent as the index says, every word is indexed
                df = min(doc_freq(analyzer.index_term(t)) for t in every)
                lemmas = [t.term for t in every]
                if hit is not None and not key.startswith(lemmas[0]):  # another word's, as often as the form itself:
                    df = min(df, hit[1])  # برام «for me» is برای's, but 3 times in the table, not برای's 5,000 documents
            if held >= MIN_LATIN_DOCS and cost > MAX_LONE_WORD_COST * len(word):
                if terms:  # ict held as typed: است is no reading of it, ایست at most an alternative
                    far_fetched.append(terms)
                continue
            cands.append(Candidate(key, text, cost, df, terms, listed=key in listed, lemmas=lemmas, verbal=key in verbal))
        if not cands and held >= MIN_LATIN_DOCS:  # the Latin word the index holds, kept as typed
            cands = [Candidate(word, word, 0.0, held, latin_terms, latin=True)]
            if alternatives is not None and far_fetched:
                alternatives[word] = far_fetched[:MAX_READINGS]
        if not cands:  # no reading: the word stays as typed
            cands = [Candidate(word, (PREFIXES[prefix][0][0] + " " if prefix else "") + word, 0.0, latin=True)]
        same_verb = {c.terms[0] for c in cands if c.terms}
        for c in cands:  # a lemma stands in only against a content reading of the same word (می‌شود / می‌شد)
            if c.lemmas and c.lemmas[0] not in same_verb:
                c.lemmas = []
        cands.sort(key=lambda c: (c.score, c.key))
        lattice.append(cands[:TOP_K])
    # Viterbi: best[i][j] = (score, back-pointer) of the best sequence ending in candidate j of word i
    best: list[list[tuple[float, int]]] = [[(c.score, -1) for c in lattice[0]]]
    for i in range(1, len(lattice)):
        row = []
        for cand in lattice[i]:
            options = []
            for j, prev in enumerate(lattice[i - 1]):
                pair = 0.0
                # a stopword by its lemma, beside a content word only (two stopwords' lemmas say nothing)
                if co_freq is not None and prev.pair_terms and cand.pair_terms and (prev.terms or cand.terms):
                    both = co_freq([prev.pair_terms[0], cand.pair_terms[0]])  # at most as often as either form
                    pair = PAIR_WEIGHT * math.log(min(both, prev.df, cand.df) + 1)
                options.append((best[i - 1][j][0] + cand.score - pair, j))
            row.append(min(options))
        best.append(row)
    if sum(c[0].latin for c in lattice) * 2 > len(lattice):
        return None  # mostly not Persian
    j = min(range(len(best[-1])), key=lambda k: best[-1][k][0])
    chosen: list[Candidate] = []
    for i in range(len(lattice) - 1, -1, -1):
        chosen.append(lattice[i][j])
        j = best[i][j][1]
    chosen.reverse()
    if alternatives is not None:
        for k, (column, pick, e) in enumerate(zip(lattice, chosen, ezafe, strict=True)):
            margin = WORD_LIST_MARGIN if pick.listed else READING_MARGIN
            nxt = chosen[k + 1].pair_terms[:1] if e and near is not None and k + 1 < len(chosen) else []
            others = [c.terms for c in column if c is not pick and not c.latin and not c.verbal and c.terms
                      and c.terms != pick.terms and c.score <= pick.score + margin
                      and (pick.listed or c.cost <= pick.cost + ALTERNATIVE_COST_MARGIN)
                      and not (nxt and pick.terms and _ezafe_apart(c.key, pick.key)
                               and near(pick.terms[0], nxt[0]) > near(c.terms[0], nxt[0]))]
            if others and not pick.latin:
                alternatives[pick.text] = others[:MAX_READINGS]
    if with_cost:
        return [c.text for c in chosen], [c.text for c in chosen if c.latin], max(c.cost for c in chosen)
    return [c.text for c in chosen], [c.text for c in chosen if c.latin]


def _english_frequencies():
    from spellchecker import SpellChecker  # PyPI pyspellchecker; loading its English list takes 0.2-1 s

    return SpellChecker(language="en", distance=1).word_frequency


@functools.cache
def common_english() -> frozenset[str]:
    """The common English words (:data:`COMMON_ENGLISH`) of PyPI ``pyspellchecker``'s English word-frequency
    list, lowercase: about 5,000 of its 160,000 words.

    Loading that list costs 0.2-1 s of CPU, which a one-shot ``kavosh search`` for a Persian word paid whole
    (a name's Latin spelling is checked against it: 200 of its 500 ms); the set is therefore kept as a text
    file, one word a line, ``english-<pyspellchecker version>-<COMMON_ENGLISH>.txt`` (its word count on the first line) in
    :func:`kavosh.analysis.lexicon.cache_folder` (under a millisecond to read back), written atomically on
    first use.  A cache that cannot be read or written is ignored (the list is loaded as without it)."""
    from importlib.metadata import version

    from ..analysis.lexicon import cache_folder

    folder = cache_folder()
    path = None if folder is None else folder / f"english-{version('pyspellchecker')}-{COMMON_ENGLISH}.txt"
    if path is not None:
        try:
            count, *kept = path.read_text(encoding="utf-8").split("\n")
            if int(count) == len(kept):  # a file cut short or edited is rebuilt
                return frozenset(kept)
        except (OSError, ValueError):  # missing, unreadable, or not ours
            pass
    words = frozenset(w for w, n in _english_frequencies().dictionary.items() if n >= COMMON_ENGLISH)
    if path is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{path.name}.{os.getpid()}.tmp"
            tmp.write_text("\n".join([str(len(words)), *sorted(words)]), encoding="utf-8")
            os.replace(tmp, path)  # atomic: a reader sees no file or the whole file
        except OSError:
            pass
    return words


def is_common_english(word: str) -> bool:
    """True when ``word`` (case-folded) is a common English word (:func:`common_english`)."""
    return word.lower() in common_english()


def is_english(query: str) -> bool:
    """True when every word of ``query`` (query syntax and numbers aside) is a common
    English word (:func:`is_common_english`) or an English function word: ``music``,
    ``world cup``, ``the universe``.  Such a query is neither Finglish nor typed on the
    wrong keyboard layout (``film`` is not بهمئ)."""
    words = _LETTERS.findall(_SYNTAX_WORDS.sub(" ", query))
    if not words or not all(w.isascii() for w in words):
        return False
    return all(w.lower() in ENGLISH_WORDS or is_common_english(w.lower()) for w in words)


def is_genuinely_latin(word: str) -> bool:
    """True for a word that is Latin as written, never Finglish: an acronym in capitals
    (``ICT``, ``BRICS``), a capital inside a word (``iPhone``, ``YouTube``), or letters
    mixed with digits (``COVID-19``, ``mp3``)."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    if any(c.isupper() for c in word[1:]):
        return True
    return any(c.isdigit() for c in word)


def latin_support(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> int:
    """For a query with Latin letters, the number of documents of its rarest content
    term as typed (0 when one is missing, or the query has no Latin letter or no term)."""
    if not _ASCII_LETTER.search(query):
        return 0
    s = support(query, analyzer, doc_freq)
    return s.weakest if s.terms else 0


def latin_in_index(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> bool:
    """True when ``query`` has Latin letters and every one of its content terms is in
    at least :data:`MIN_LATIN_DOCS` documents of the index as typed (``ICT``, ``python``
    in an index that has them): such a query is genuinely Latin and is not rewritten,
    neither as Finglish nor as a wrong layout.  A word in one or two documents (an
    e-mail address, a URL: ``ahmadi@tehran.hamshahri.net``) does not make ``tehran``
    Latin; the rewrite must then still be far better supported than the query as typed."""
    return latin_support(query, analyzer, doc_freq) >= MIN_LATIN_DOCS


def choose_finglish(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int],
                    vocab: Callable[[], Vocabulary],
                    co_freq: Callable[[Sequence[str]], int] | None = None,
                    alternatives: dict[str, list[list[str]]] | None = None,
                    word_list: Callable[[], Vocabulary] | None = None,
                    near: Callable[[str, str], int] | None = None) -> tuple[str, str] | None:
    """Decide whether ``query`` is Finglish and what it means in Persian.

    Args:
        query: the query as typed.
        analyzer: the index's analyzer.
        doc_freq: document frequency of an analysed term (body field).
        vocab: returns the index's :class:`Vocabulary` (called only for a Latin query).
        co_freq: number of documents holding all the given analysed terms (see
            :func:`transliterate_query`); in a reading of several words, two at
            least must meet in one document.
        alternatives: filled in place with the other readings of each word (see
            :func:`transliterate_query`), for the plan to add to their leaves.
        word_list: returns the word list's :class:`Vocabulary`, a second source of readings (see
            :func:`transliterate_query`), or None.
        near: documents where one analysed term directly follows another (see :func:`transliterate_query`),
            or None.
    Returns:
        ``("finglish", Persian query)`` or None.  None when the query is genuinely
        Latin: every term of it is in the index as typed (:func:`latin_in_index`),
        or a word is an acronym, has a capital inside or digits among letters
        (:func:`is_genuinely_latin`; digits alone are kept: ``boeing 747``; a query of digits alone is
        no Finglish, and loads no vocabulary), or it
        has an English function word (:data:`ENGLISH_WORDS`), or every word is a
        common English word (:func:`is_english`); when it has Persian
        script, query syntax (``+``, ``-``, quotes, fields, operators) or more than
        :data:`MAX_WORDS` words; when most words have no reading; or when the reading is not much
        better supported by the index than the query as typed — the test of the
        keyboard-layout rewrite (:func:`kavosh.query.layout.choose_layout`) with
        :data:`MIN_SUPPORT` 1: every Persian term of the reading is in the index,
        its rarest term :data:`~kavosh.query.layout.RATIO` times as frequent as the
        original's, and its mean log frequency higher (a reading of 3+ terms may hold a
        quarter of them missing: :func:`kavosh.query.layout.long_supported`); and, unless
        it holds :data:`MIN_FUNCTION_WORDS` Persian function words, two of its content
        words must meet in one document.  :data:`PUNCTUATION` around a word is ignored.
    """
    raw = query.split()
    if not raw or len(raw) > MAX_WORDS:
        return None
    words: list[str] = []
    for w in raw:
        w = w.strip(PUNCTUATION)
        if not w:
            continue
        if w.isdigit():
            words.append(w)
            continue
        if not _ARABIC_LETTERS.isdisjoint(w):
            return None  # a Persian word (a Persian query's first): no Latin word, whatever the rest of the test says
        if w.startswith(("+", "-")) or w in ("AND", "OR", "NOT") or _SYNTAX_CHAR.search(w):
            return None  # query syntax: leave it to the user
        if is_genuinely_latin(w):
            return None
        f = fold(w)
        if not _LATIN.match(f) or f in ENGLISH_WORDS or not any(c.isalpha() for c in f):
            return None
        words.extend(p for p in _HYPHENS.split(f) if p)  # bank-e → bank, e (an ezafe, dropped)
    if all(w.isdigit() for w in words):
        return None  # digits alone (200, ۲۰۰): no Latin word to read, so no vocabulary to load for it
    if latin_in_index(query, analyzer, doc_freq):
        return None
    got = transliterate_query([w for w in words if not w.isdigit()], vocab(), analyzer, doc_freq, co_freq,
                              with_cost=True, alternatives=alternatives,
                              word_list=word_list() if word_list is not None else None,
                              near=None if any(w.isdigit() for w in words) else near)  # daste 3: no ezafe seen
    if got is None:
        return None
    persian, kept, cost = got
    if len(persian) == 1 and cost > MAX_LONE_WORD_COST * sum(map(len, words)):
        return None  # one far-fetched word with no neighbour to confirm it: covid → سوئد
    if len(words) == 1 and len(persian) == 1 and word_list is not None and another_word(
            words[0], persian[0], word_list(), analyzer, doc_freq, WORD_LIST_FREQ_WEIGHT):
        return None  # nokia is نوکیا, which no document holds, not نکا (a town) that some do
    digits = [w for w in words if w.isdigit()]
    conv = " ".join(persian + digits)
    orig = support(query, analyzer, doc_freq)
    s = support(" ".join(w for w in persian if w not in kept), analyzer, doc_freq)
    if not s.terms:
        return None
    if long_supported(s, orig):  # a long question: a quarter of its terms may be missing (یک طرف → یکطرف)
        if s.score <= orig.score:
            return None
    elif s.weakest < MIN_SUPPORT or s.weakest < RATIO * orig.weakest or s.score <= orig.score:
        return None
    terms = sorted(set(s.terms))
    function_words = sum(1 for w in persian if w not in kept and _is_function_word(w, analyzer))
    if co_freq is not None and len(terms) > 1 and function_words < MIN_FUNCTION_WORDS and not any(
            co_freq([a, b]) for i, a in enumerate(terms) for b in terms[i + 1:]):
        return None  # words that never meet in one document: not what was meant (world cup → وورلد چپ)
    if is_english(query):
        return None  # English as typed (house, music), not هوس, مؤسس
    return "finglish", conv


def _ezafe_apart(a: str, b: str) -> bool:
    """True when the readings ``a`` and ``b`` of a Latin word ending in ``e``, another word after it, differ only
    by a final ``ه``:
    one read the ``e`` as the silent ``ه`` (``khabare`` → ``خبره``), the other as the ezafe Persian does not
    write (``خبر``).  They are different words, and only the one chosen is shown, so the other is no
    alternative of its leaf (:func:`transliterate_query`): ``khabare varzeshi`` was shown «خبر ورزشی» while
    its top hits were about خبره and خبرگان (a new user's finding 4).  The other is dropped only when documents
    hold the chosen one directly before the next word more often (``خبر ورزشی``): a query's last word has no
    ezafe (``paste`` → پست, also پسته), and a word before another may well end in ``ه`` (``rooze garfet``: روز,
    also روزه, held before گرفت); the Finglish dev queries lost 0.02 (Hamshahri) and 0.009 (ParsiNLU) of
    nDCG@10 when those were dropped too."""
    return a == b + "ه" or b == a + "ه"


def _is_function_word(word: str, analyzer: Analyzer) -> bool:
    """True when every token of the Persian ``word`` is a stopword (در, کجا, است)."""
    toks = analyzer.analyze(word)
    return bool(toks) and all(analyzer.is_stopword(t) for t in toks)
