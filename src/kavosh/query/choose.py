"""Which rewrite of a query runs: the query stage's decisions over the index's words.

:func:`kavosh.query.plan.make_plan` asks, unless the search is ``exact``:

1. :func:`rewrite_layout` — is the query typed on the wrong keyboard layout
   (:func:`kavosh.query.layout.choose_layout`) or Persian written in Latin letters
   (:func:`kavosh.query.finglish.choose_finglish`)?  The better supported reading runs instead;
2. otherwise :func:`rewrite_spelling` — does a spelling correction
   (:func:`kavosh.query.spelling.suggest_query`) run instead ("showing results for"), is it only
   offered ("did you mean"), or neither (issue #14 kind 11)?

and :func:`notices` words each for the user.  Every decision reads the index through
:class:`kavosh.index.stats.IndexStats`.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass

from ..analysis import Analyzer
from ..index.completions import CompletionTable
from ..index.fields import FieldConfig
from ..index.stats import IndexStats
from .alternatives import add_corrections, add_readings, add_sound_alike, query_correction, without_names
from .finglish import MIN_LATIN_DOCS, choose_finglish, is_english, latin_support
from .known import WORD_LIST_FREQ, changes_a_word, offered_for_held_word
from .layout import choose_layout, support, worded_support
from .layout_evidence import layout_accept
from .memo import Memo
from .names import core_latin_names, other_script
from .parse import Note, ParsedQuery, QuerySyntaxError, parse
from .readings import core_readings
from .spelling import Correction, corrected, prefer_correction
from .synonyms import Synonyms, count_all_through, held_through
from .vocabulary import HeldVocabulary, Vocabulary, word_list_vocabulary


class _Answers(dict):
    """``{question: answer}`` filled on first asking: ``_Answers(ask)[q]`` is ``ask(q)``, asked once (a
    hit is one ``dict`` lookup, no Python frame: a plan asks about 54 document frequencies)."""

    __slots__ = ("ask",)

    def __init__(self, ask: Callable[[str], int]) -> None:
        self.ask = ask

    def __missing__(self, question: str) -> int:
        answer = self[question] = self.ask(question)
        return answer


def _kept(ask: Callable[[str], int], memo: Memo) -> Callable[[str], int]:
    """``ask``, answered from ``memo`` (one commit's, :func:`kavosh.query.memo.word_memo`) when it holds the answer,
    else asked and the answer put there."""
    get, put = memo.get, memo.put

    def kept(question: str) -> int:
        answer = get(question)
        return put(question, ask(question)) if answer is None else answer

    return kept


class PlanStats(IndexStats):
    """One plan's view of an index's statistics: each distinct question asked of the index once.

    The rewrites ask the same things many times over (a query's document frequencies by the layout,
    Finglish, spelling, names and compound steps: about 54 lookups a query, most of them repeats),
    so :meth:`doc_freq`, :meth:`count_all`, :meth:`near` and :meth:`completions` are memoized for
    the life of this object — one :func:`kavosh.query.plan.make_plan` call, over one searcher (one
    commit), so the answers cannot change; a query's limits bound what it can ask.

    Args:
        stats: the index's :class:`~kavosh.index.stats.IndexStats` (its opened index, analyzer and
            searcher are shared, not copied).
        commit: returns the memo of a stage (``"doc_freq"``, ``"near"``) of the commit ``stats`` reads
            (:func:`kavosh.query.memo.word_memo`), or None: a term's document frequency and a pair's
            :meth:`near` count, which depend on the term(s) and the commit alone, are then asked of the index
            once per commit, not once per plan (a term a question shares with an earlier one: ``ایران``, ``سال``).
    """

    def __init__(self, stats: IndexStats, commit: Callable[[str], Memo] | None = None) -> None:
        super().__init__(stats.opened, stats.analyzer, stats.searcher)
        self._base = stats
        self._commit = commit
        ask = stats.doc_freq if commit is None else _kept(stats.doc_freq, commit("doc_freq"))
        self.doc_freq = _Answers(ask).__getitem__  # type: ignore[method-assign]
        self._near: dict[tuple[str, str, int], int] = {}
        self._near_kept: Memo | None = None
        self._counts: dict[tuple[tuple[str, ...], ...], int] = {}
        self._table: CompletionTable | None = None

    def near(self, a: str, b: str, slop: int) -> int:
        """:meth:`IndexStats.near`, once per distinct ``(a, b, slop)`` (per commit with ``commit``)."""
        n = self._near.get((a, b, slop))
        if n is None:
            kept = self._near_kept
            if kept is None and self._commit is not None:
                kept = self._near_kept = self._commit("near")
            n = kept.get((a, b, slop)) if kept is not None else None
            if n is None:
                n = self._base.near(a, b, slop)
                if kept is not None:
                    kept.put((a, b, slop), n)
            self._near[(a, b, slop)] = n
        return n

    def count_all(self, leaves: list[list[str]]) -> int:
        """:meth:`IndexStats.count_all`, once per distinct list of leaves."""
        key = tuple(map(tuple, leaves))
        n = self._counts.get(key)
        if n is None:
            n = self._counts[key] = self._base.count_all(leaves)
        return n

    def completions(self) -> CompletionTable:
        """:meth:`IndexStats.completions`, looked up once (the table of this plan's generation)."""
        if self._table is None:
            self._table = self._base.completions()
        return self._table


class PlanAnalyzer:
    """One plan's view of the analyzer: :meth:`analyze` runs once per distinct text, everything else is
    the analyzer's own (attributes are looked up on it once, then kept).

    The rewrites analyse the same texts over again — the query as typed by the parse, the layout and
    Finglish checks' support (:func:`kavosh.query.layout.support`), a chosen reading by its support and
    then its parse (about 8 analyses a query, 4 of them distinct on the benchmark's queries).  Tokens are
    immutable; each call gets its own list.  Lives for one :func:`kavosh.query.plan.make_plan` call:
    the query's limits bound what it holds.

    Args:
        analyzer: the index's :class:`~kavosh.analysis.Analyzer`.
    """

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._tokens: dict[str, list] = {}
        self.supports: dict = {}  # (text, doc_freq) -> its kavosh.query.layout.Support, kept by layout.support

    def analyze(self, text: str) -> list:
        """:meth:`kavosh.analysis.Analyzer.analyze`, once per distinct ``text``; a new list each call."""
        tokens = self._tokens.get(text)
        if tokens is None:
            tokens = self._tokens[text] = self.analyzer.analyze(text)
        return list(tokens)

    def __getattr__(self, name: str):
        if name == "analyzer":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        value = getattr(self.analyzer, name)
        setattr(self, name, value)  # bound methods and word lists: looked up once per plan
        return value


def rewrite_layout(query: str, parsed: ParsedQuery | None, error: QuerySyntaxError | None, analyzer: Analyzer,
                   stats: IndexStats, fields: FieldConfig | None = None,
                   vocabulary: Callable[[], Vocabulary] | None = None) -> tuple[ParsedQuery, str | None, str | None]:
    """Parse ``query``, or its keyboard-layout conversion when the index supports
    that much better (:func:`kavosh.query.layout.choose_layout`), or its Persian
    reading when it is Finglish (:func:`kavosh.query.finglish.choose_finglish`),
    whichever the index supports better; never a query whose Latin terms are in the
    index as typed (:func:`kavosh.query.finglish.latin_support`) or that is common
    English (:func:`kavosh.query.finglish.is_english`).  A Finglish word is read from the index's words and,
    when no document holds it as typed, from the analyzer's word list too
    (:func:`kavosh.query.vocabulary.word_list_vocabulary`, built once per process).

    ``parsed`` is the query's parse as typed, or ``None`` with the ``error`` it raised; ``vocabulary``
    returns the index's :class:`~kavosh.query.vocabulary.Vocabulary` (default: :func:`index_vocabulary`).
    Returns ``(parsed, rewritten query or None, rewrite kind or None)``: the kind is
    the layout name or ``"finglish"``.  A query that does not parse as typed (only
    stopwords) is still converted if the conversion parses; otherwise the original
    error is raised.
    """
    doc_freq = stats.doc_freq
    choice = None
    readings: dict[str, list[list[str]]] = {}
    typed = latin_support(query, analyzer, doc_freq)
    # a wrong layout only when the index lacks the typed words altogether (ADSL in one document stays), single
    # letters aside: 'g (گل) is the letter g, in 13 documents (c g, CNG), and no word typed (worded_support)
    layout = finglish = None
    vocab = vocabulary or (lambda: index_vocabulary(stats))
    if typed == 0 or not worded_support(query, analyzer, doc_freq):
        layout = choose_layout(query, analyzer, doc_freq, layout_accept(query, analyzer, stats, vocab))
    if typed < MIN_LATIN_DOCS:  # ICT, python: genuinely Latin when the index has them
        finglish = choose_finglish(query, analyzer, doc_freq, vocab,
                                   lambda terms: stats.count_all([[t] for t in terms]), readings,
                                   word_list=lambda: word_list_vocabulary(analyzer),
                                   near=lambda a, b: stats.near(a, b, 0))
        if finglish is not None and _another_name(query, finglish[1], analyzer, doc_freq, vocab):
            finglish = None  # nokia: نوکیا held once (the names step searches it beside the word), not نکا (Neka)
    found = [c for c in (layout, finglish) if c]
    if found and not is_english(query):  # both a layout and a Finglish reading: the better supported one
        choice = max(found, key=lambda c: support(c[1], analyzer, doc_freq).score)
    if choice is not None:
        try:
            parsed_choice = parse(choice[1], analyzer, fields)
        except QuerySyntaxError:
            pass
        else:
            if choice[0] == "finglish":  # a word's other readings the letters allow: alternatives of its leaf
                add_readings(parsed_choice, readings)
            return parsed_choice, choice[1], choice[0]
    if error is not None:
        raise error
    return parsed, None, None


def _another_name(query: str, reading: str, analyzer: Analyzer, doc_freq: Callable[[str], int],
                  vocabulary: Callable[[], Vocabulary]) -> bool:
    """Whether the one-word Latin ``query`` is a name the index holds in Persian letters (its spellings in the other
    script, :func:`kavosh.query.names.other_script`, the index's terms included) and its Finglish ``reading`` is
    none of them: ``nokia`` read ``نکا`` (Neka, a town; the ``o`` and ``i`` left out) by the completion table while
    one document writes ``نوکیا``, below the table's minimum (issue #14 kind 9).  The query then runs as typed and
    the names step gives it its spelling as an alternative, with its note."""
    words = query.split()
    if len(words) != 1 or len(reading.split()) != 1:
        return False
    spelt = other_script(words[0], vocabulary(), analyzer, doc_freq)
    return bool(spelt) and analyzer.terms(reading) not in spelt


def index_vocabulary(stats: IndexStats) -> Vocabulary:
    """The index's :class:`~kavosh.query.vocabulary.Vocabulary` (its completion table's words, with the
    compiled searches over them when the core is built, and the index's terms as its ``held``
    :class:`~kavosh.query.vocabulary.HeldVocabulary`)."""
    table = stats.completions()
    return Vocabulary(table.word_keys, table.lookup, names=core_latin_names(table), readings=core_readings(table),
                      held=HeldVocabulary(stats.holds_prefix, stats.doc_freq, stats.count_all))


def once(make: Callable[[], Vocabulary]) -> Callable[[], Vocabulary]:
    """``make``, called at most once: later calls return its first result."""
    box: list[Vocabulary] = []

    def get() -> Vocabulary:
        if not box:
            box.append(make())
        return box[0]

    return get


def _content_leaves(parsed: ParsedQuery) -> list:
    """The clauses of ``parsed`` a user typed as content: positive terms and phrases (prefixes left out)."""
    return [c for c in parsed.positive if not c.derived and c.kind in ("term", "phrase") and c.terms]


def _all_words_count(parsed: ParsedQuery, stats: IndexStats, synonyms: Synonyms | None = None) -> int:
    """Documents holding every content leaf of ``parsed`` (:func:`_content_leaves`), a leaf the index's
    ``synonyms`` declare counted through its entries too (:func:`kavosh.query.synonyms.count_all_through`)."""
    leaves = [c.terms[:1] if c.kind == "term" else c.terms for c in _content_leaves(parsed)]
    return count_all_through(stats.count_all, leaves, synonyms) if synonyms else stats.count_all(leaves)


@dataclass(frozen=True)
class SpellingChoice:
    """The one decision about a query's spelling (:func:`choose_spelling`), with what the user is told.

    Attributes:
        action: ``"rewrite"`` (the correction runs instead of the query: "showing results for"),
            ``"alternative"`` (the corrected or sound-alike spellings of some words are OR'ed into their
            leaves beside the words typed: "including results for"), ``"offer"`` (the query runs as typed
            and the correction is only offered: "did you mean") or ``"none"``.
        parsed: the query that runs.
        text: the words searched instead (rewrite), also searched (alternative) or offered (offer), as
            the index writes them (:func:`shown_word`); ``None`` for ``"none"``.
    """

    action: str
    parsed: ParsedQuery
    text: str | None = None


def shown_word(word: str, analyzer: Analyzer, stats: IndexStats) -> str:
    """The word to show for a correction ``word``: the word actually searched.  When ``word`` analyses to
    one term that is not its own spelling and the index's completion table holds that term as a word at
    least as often and differs by one letter (``دیابتت`` is searched as ``دیابت``), that word as the index
    writes it; else ``word`` (a split correction, ``به عنوان``, and a longer ending, ``تفاوت‌هایی``, stay)."""
    terms = analyzer.terms(word)
    key = analyzer.normalize_term(word)
    if len(terms) != 1 or terms[0] == key or " " in word or len(key) - len(terms[0]) != 1:
        return word  # an inflected word keeps its ending (تفاوت‌هایی); only a one-letter one is dropped
    table = stats.completions()
    own, stem = table.lookup(key), table.lookup(terms[0])
    if stem is not None and analyzer.terms(stem[0]) == terms and stem[1] >= (own[1] if own else 0):
        return stem[0]
    return word


def _shown(query: str, changes, analyzer: Analyzer, stats: IndexStats) -> str | None:
    """``query`` with each ``(typed, fix)`` of ``changes`` replaced by :func:`shown_word` of the fix, and each other
    word as searched (:func:`searched_as`: ``تیم ملئ فوتبل`` is shown «تیم ملی فوتبال», not «تیم ملئ فوتبال»)."""
    found = corrected(query, [(typed, shown_word(fix, analyzer, stats), False) for typed, fix in changes])
    if found is None:
        return None
    typed = {t for t, _fix in changes}
    return " ".join(t if t in typed else searched_as(t, analyzer, stats) for t in found.text.split(" "))


def searched_as(word: str, analyzer: Analyzer, stats: IndexStats) -> str:
    """A word left as typed in a shown correction, as it is searched: when the analyzer's normalization changes its
    letters (``ملئ`` → ``ملی``: a final hamza seat read as yeh) and the index's completion table writes that
    normalized key otherwise, the table's written form; else ``word`` (``مسئله``, written so; a word with anything
    but Persian letters and half-spaces, ``tim``, ``-ملئ``, ``"...``, stays)."""
    if not _ARABIC_WORD.fullmatch(word):
        return word
    key = analyzer.normalize_term(word)
    if key == word:
        return word
    hit = stats.completions().lookup(key)
    return hit[0] if hit is not None and hit[0] != word and analyzer.normalize_term(hit[0]) == key else word


_ARABIC_WORD = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+")


def choose_spelling(parsed: ParsedQuery, analyzer: Analyzer, stats: IndexStats,
                    fields: FieldConfig | None = None, synonyms: Synonyms | None = None,
                    script: Callable[[str, int], list[list[str]]] | None = None) -> SpellingChoice:
    """Rewrite, alternative, offer or nothing: the one decision about a spelling correction
    (:class:`SpellingChoice`; each action has its notice, :func:`notices`).

    1. **rewrite** — the correction (:func:`kavosh.query.spelling.suggest_query`) runs instead of the
       query when it may (:meth:`kavosh.query.spelling.Correction.runs_for`: it changes no word of the
       word list into another word, by spelling or by the analyzer's term: ``برجام`` and ``زکوة`` stay,
       ``طهران`` → ``تهران`` runs) and :func:`kavosh.query.spelling.prefer_correction` holds for the numbers
       of documents holding all the words of each (the query as typed finds none);
    2. **alternative** — otherwise, a word's correction that may act on a search
       (:func:`~kavosh.query.alternatives.add_corrections`) and a rare word's sound-alike spellings the
       index holds (:func:`~kavosh.query.alternatives.add_sound_alike`) are OR'ed into its leaf beside the
       word typed, and the user is told which words were also searched (``ضلزله بم``: including results
       for «زلزله بم»);
    3. **offer** — otherwise the correction is offered (:func:`_offered`: not when documents hold the
       query as typed and it would change a word of the word list, issue #14 kind 11).

    The text shown for each is the words searched or offered (:func:`shown_word`), never a spelling the
    search did not use.  A word the index's ``synonyms`` declare counts as often as the entries it also
    searches (:func:`kavosh.query.synonyms.held_through`): ``زر`` beside ``طلا`` is no typo of ``در``.
    ``script(word, its documents)``: the analysed terms of the word's spellings in the other script that the
    index holds (:func:`kavosh.query.names.other_script`), or None: a word with one is a name, left as typed
    (:func:`kavosh.query.alternatives.without_names`: ``پایتون`` is not corrected when documents write ``python``).
    """
    doc_freq = held_through(stats.doc_freq, synonyms) if synonyms else stats.doc_freq
    correction = query_correction(parsed, analyzer, stats, doc_freq)
    if correction is not None and script is not None:
        correction = without_names(correction, parsed, script, doc_freq, analyzer.normalize_term)
    runnable = _without_held_offers(correction, parsed, doc_freq) if correction is not None else None
    if runnable is not None:
        try:
            fixed = parse(runnable.text, analyzer, fields)
        except QuerySyntaxError:
            fixed = None
        if fixed is not None and runnable.runs_for(analyzer.normalize_term, analyzer.lexicon_freq,
                                                   analyzer.terms) and prefer_correction(
                _all_words_count(parsed, stats, synonyms), _all_words_count(fixed, stats, synonyms)):
            return SpellingChoice("rewrite", fixed, _shown(parsed.original, [c[:2] for c in runnable.changes],
                                                           analyzer, stats))
    added = add_sound_alike(parsed, analyzer, doc_freq)
    if correction is not None:
        added = add_corrections(parsed, correction, analyzer, stats.doc_freq) + added
    if added:
        return SpellingChoice("alternative", parsed, _shown(parsed.original, _first_per_word(added), analyzer, stats))
    offered = _offered(correction, parsed, analyzer, doc_freq) if correction is not None else None
    if offered is None:
        return SpellingChoice("none", parsed)
    return SpellingChoice("offer", parsed, _offer_text(offered, correction, analyzer, stats))


def _without_held_offers(correction: Correction, parsed: ParsedQuery,
                         doc_freq: Callable[[str], int]) -> Correction | None:
    """``correction`` without the changes only offered (``Correction.offer_only``) of words some document holds
    (``doc_freq`` of the leaf's term 1+): such a word runs as typed in a rewrite, which the query's other
    corrections may still make («قیمط زر» with «طلا، زر» installed runs «قیمت زر»; ``زر``, held through its
    synonym, is only offered ``در``).  None when no change is left."""
    held = {c.text for c in parsed.clauses if c.kind == "term" and c.terms and doc_freq(c.terms[0]) > 0}
    drop = correction.offer_only & held
    if not drop:
        return correction
    found = corrected(parsed.original, [ch for ch in correction.changes if ch[0] not in drop])
    return None if found is None else Correction(found.text, found.changes, correction.offer_only - drop,
                                                 correction.also)


def _first_per_word(added: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(typed, also searched)`` pairs, the first one of each typed word, in the order of the query."""
    seen: dict[str, str] = {}
    for typed, word in added:
        seen.setdefault(typed, word)
    return list(seen.items())


def _offer_text(offered: str, correction: Correction, analyzer: Analyzer, stats: IndexStats) -> str:
    """The offered text with each corrected word it holds shown as it would be searched (:func:`shown_word`)."""
    out = offered
    for _typed, fix, _rare in correction.changes:
        shown = shown_word(fix, analyzer, stats)
        if shown != fix:
            out = out.replace(fix, shown, 1)
    return out


def _offered(correction: Correction, parsed: ParsedQuery, analyzer: Analyzer,
             doc_freq: Callable[[str], int]) -> str | None:
    """The "did you mean" text of a correction that does not run, or None (issue #14 kind 11: a correctly
    written word is searched as typed and gets none).  When the query as typed finds documents (a word of
    it is in some document), no word of the word list seen :data:`kavosh.query.known.WORD_LIST_FREQ`+
    times is offered another (``چقدر`` stays, not ``قدر``), and a word the index holds only a slight change
    (:func:`kavosh.query.known.offered_for_held_word`: ``ضلزله`` → ``زلزله``, never ``پولو`` → ``پولس``), and
    none of a word the word list knows well (``Correction.offer_only``: ``ثقفی``, ``شعار``, ``علف``);
    other changes are offered as the speller chose them.  When the
    query finds nothing, every change is offered.  Never a fix no document holds, whose search would find
    nothing either (the index's table counts a word as written, its documents may hold it only inside another
    term: a small index writes `خاطر` only in «به خاطر», `خاطرح` was offered «خاطر» and its 0 results; new user
    5's finding 3).  ``doc_freq``: documents holding a term (a synonym entry counted as the entries it also
    searches, :func:`choose_spelling`)."""
    found = [ch for ch in correction.changes if _finds(analyzer.terms(ch[1]), doc_freq)]
    if len(found) < len(correction.changes):
        shown = corrected(parsed.original, found)
        if shown is None:
            return None
        correction = Correction(shown.text, shown.changes, correction.offer_only, correction.also)
    if not any(doc_freq(c.terms[0]) > 0 for c in _content_leaves(parsed)):
        return correction.text
    norm, lexicon = analyzer.normalize_term, analyzer.lexicon_freq
    held = {c.text for c in parsed.clauses if c.kind == "term" and c.terms and doc_freq(c.terms[0]) > 0}
    kept = [(typed, fix, rare) for typed, fix, rare in correction.changes if typed not in correction.offer_only
            and not changes_a_word(typed, fix, norm, lexicon, WORD_LIST_FREQ, analyzer.terms)
            and offered_for_held_word(typed, fix, norm, typed in held)]
    shown = corrected(parsed.original, kept)
    return shown.text if shown else None


def _finds(terms: list[str], doc_freq: Callable[[str], int]) -> bool:
    """Whether some document holds every one of ``terms`` (one or more)."""
    return bool(terms) and all(doc_freq(t) > 0 for t in terms)


def notices(query: str, rewritten: str | None, kind: str | None, suggestion: str | None,
            included: str | None = None) -> tuple[str, ...]:
    """The sentences shown to the user (:attr:`kavosh.query.plan.QueryPlan.notices`): one for a rewrite that ran
    (``rewritten``, of ``kind``: a layout name, ``"finglish"`` or ``"spelling"``), one for other spellings
    searched beside the words typed (``included``: :func:`included_note`), one for a ``suggestion``."""
    out = []
    if included is not None:
        out.append(str(included_note(query, included)))
    if rewritten is not None:
        why = {"finglish": "read as Persian written in Latin letters", "spelling": "spelling corrected"}.get(
            kind or "", f"typed on the {kind} keyboard layout")
        out.append(f"showing results for «{rewritten}» ({why}); search instead for «{query}» as typed")
    if suggestion is not None:
        out.append(f"did you mean «{suggestion}»?")
    return tuple(out)


def included_note(query: str, included: str) -> Note:
    """The note for an ``"alternative"`` choice (:class:`SpellingChoice`): the query also searched as
    ``included`` (code ``"spelling_included"``, details ``included`` and ``query``), shown in the CLI,
    the JSON ``notes`` and the page."""
    return Note(f"including results for «{included}»; search only for «{query}» as typed with exact",
                "spelling_included", included=included, query=query)
