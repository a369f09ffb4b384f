"""What a user is told of a Latin word no document holds (issue #14 kind 9): its Persian spelling that no
document holds either (:func:`unheld_latin_note`), or, for a common English word, the Persian word it spells that
documents do hold, offered as a "did you mean" (:func:`english_offer`).

Split from :mod:`kavosh.query.names`, whose bounds and letter rules these read.
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analyzer
from .finglish import WORD_LIST_FREQ_WEIGHT, is_common_english
from .names import (_ASCII_WORD, FAR_MORE_OFTEN, LOANWORD_COST_PER_LETTER, MAX_LETTERS, MIN_FAR_DOCS, MIN_LETTERS,
                    persian_spellings)
from .parse import Note, Occur, ParsedQuery
from .readings import fold, likeliest
from .vocabulary import Vocabulary, word_list_vocabulary

OFFER_LETTERS = 4
"""A common English word of this many letters or more whose Persian spelling documents hold is offered it when no
document holds the word (:func:`english_offer`): ``film`` → ``فیلم``, ``bank`` → ``بانک``.  Searched beside the
word (:func:`kavosh.query.names.other_script`) only from :data:`kavosh.query.names.LOANWORD_LETTERS` letters: of
Hamshahri's 742 common English words of four letters, 55 would have been given a Persian spelling at four, about
half of them another word (``dust`` دوست, ``name`` نامه, ``made`` ماده, ``real`` ریال, ``want`` وانت, ``ward`` وارد)
and no letter rule tells them from ``film``, ``bank``, ``list``, ``park`` (docs/benchmarks.md)."""


def _plain_leaves(parsed: ParsedQuery) -> list:
    return [c for c in parsed.clauses if c.kind == "term" and not c.derived and c.occur != Occur.MUST_NOT and c.terms]


def english_offer(parsed: ParsedQuery, analyzer: Analyzer, doc_freq: Callable[[str], int],
                  vocab: Callable[[], Vocabulary]) -> str | None:
    """The "did you mean" of a one-word query that is a common English word
    (:func:`kavosh.query.finglish.is_common_english`; :data:`OFFER_LETTERS`+ letters) given no other spelling: its
    Persian spelling by the loanword letter rules (:func:`kavosh.query.names.persian_spellings`, at most
    :data:`~kavosh.query.names.LOANWORD_COST_PER_LETTER` a letter, :data:`OFFER_LETTERS`+ letters) that the index
    holds most, in :data:`~kavosh.query.names.MIN_FAR_DOCS`+ documents and :data:`~kavosh.query.names.FAR_MORE_OFTEN`
    times the word's own, as its table writes it: ``film`` → ``فیلم`` (486 Hamshahri documents, ``film`` in none),
    ``bank`` → ``بانک`` (489, ``bank`` in one, which is still searched).  Offered, never searched: the letters alone
    cannot tell ``film`` from ``dust`` (``دوست``) (:data:`OFFER_LETTERS`).  None otherwise (``vocab`` is then not
    asked)."""
    leaves = _plain_leaves(parsed)
    if len(leaves) != 1 or len(parsed.clauses) != 1:
        return None
    word = leaves[0].text.strip('"')
    key = fold(word)
    if not (_ASCII_WORD.match(key) and OFFER_LETTERS <= len(key) <= MAX_LETTERS) or not is_common_english(key):
        return None
    floor = max(MIN_FAR_DOCS, FAR_MORE_OFTEN * doc_freq(leaves[0].terms[0]))
    v = vocab()
    best = None
    for k, cost in persian_spellings(key, v).items():
        terms = analyzer.terms(k)
        if len(k) < OFFER_LETTERS or cost > LOANWORD_COST_PER_LETTER * len(key) or len(terms) != 1:
            continue
        df = doc_freq(terms[0])
        if df >= floor and (best is None or (df, -cost) > best[:2]):
            hit = v.lookup(k)
            best = (df, -cost, hit[0] if hit else k)
    return None if best is None else best[2]


def unheld_latin_note(parsed: ParsedQuery, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> Note | None:
    """The note for a query whose words no document holds, one of them a Latin word that may be a name (new user
    3's finding 6: ``google`` found nothing on the news sample and said nothing): ``no document holds «google», nor
    «گوگل», its spelling in Persian letters`` — the word list's likeliest reading of it
    (:func:`kavosh.query.readings.likeliest`), which no document holds either (else it would have been searched,
    :func:`add_script_variants`) — or, with none, ``no document holds «google»``.  Code ``"latin_unheld"``,
    details ``word`` (and ``persian``).  None when some leaf's term is in a document or no word qualifies."""
    leaves = _plain_leaves(parsed)
    if not leaves or any(doc_freq(c.terms[0]) or c.alternatives for c in leaves):
        return None
    for c in leaves:
        word = c.text.strip('"')
        key = fold(word)
        if not (_ASCII_WORD.match(key) and MIN_LETTERS <= len(key) <= MAX_LETTERS and any(v in key for v in "aeiouy")):
            continue
        best = likeliest(key, word_list_vocabulary(analyzer), WORD_LIST_FREQ_WEIGHT)
        terms = analyzer.terms(best[0]) if best is not None else []
        if terms and not any(doc_freq(t) for t in terms):
            hit = word_list_vocabulary(analyzer).lookup(best[0])
            persian = hit[0] if hit else best[0]
            return Note(f"no document holds «{word}», nor «{persian}», its spelling in Persian letters",
                        "latin_unheld", word=word, persian=persian)
        return Note(f"no document holds «{word}»", "latin_unheld", word=word)
    return None
