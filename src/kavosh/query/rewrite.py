"""Query rewrites: small stages that take and return a :class:`ParsedQuery`.

Each stage looks at the index's own vocabulary (through a ``doc_freq``
callable) so that a rewrite only adds spellings that exist in the index.

* :func:`add_compound_variants` — compounds the analyzer's word list does not
  know: two query words also find their joined spelling in documents
  (``تک یاختگان`` → ``تکیاختگان``), and a joined query word that splits into
  two known words also finds them written apart (``قلمچیز`` → ``قلم چیز``); a word's other spelling searched
  beside it joins too (``فیروض آباد``: ``فیروز`` OR'ed in, ``فیروزآباد`` found).
* :func:`add_negation` — a typed word that is a negated verb form (``نمی‌دهد``) also matches the negated
  reading its documents are indexed with (``␕داد``), OR'ed into its leaf: every form still matches, the
  documents saying it negated score higher (kind 5 of issue #14, negation).
* :func:`add_surface` — a typed word whose surface differs from its term (``میرسم``, ``کتابهایش``) also matches
  its surface reading (``␖میرسم``), OR'ed into its leaf: every form still matches, the documents holding the word
  as typed score higher (the new user's finding 3 of issue #14).
* :func:`add_clitic_bases` — a word no document holds that reads as a word of the index with an ending
  joined which the analyzer left on (``داروهاست``: ``داروها`` + ``است``) also finds that word's term
  (``دارو``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analyzer
from ..analysis.analyzer import NEG_MARK, SURFACE_MARK, is_stop_term, negated_term
from .known import KNOWN_LEXICON_FREQ, clitic_bases
from .memo import Memo
from .parse import Clause, Occur, ParsedQuery

DocFreq = Callable[[str], int]

MIN_PART_FREQ = 1000
MIN_PART_LEN = 3
"""A part of a compound split with the word list must be at least this frequent."""


def _split_by_lexicon(word: str, analyzer: Analyzer) -> list[str] | None:
    """Split an unknown joined word into two known words of at least
    :data:`MIN_PART_LEN` letters, neither a stopword (the pair whose rarer part
    is most frequent), or None.  ``قلمچیز`` → ``قلم`` + ``چیز``; a word the word
    list knows (``اینترنت``, ``ایرانی``) is never split."""
    freq = analyzer.lexicon_freq
    if word in freq:
        return None  # a known word (ایرانی, اینترنت) is not two words run together
    best, best_score = None, 0
    for i in range(MIN_PART_LEN, len(word) - MIN_PART_LEN + 1):
        left, right = word[:i], word[i:]
        fl, fr = freq.get(left, 0), freq.get(right, 0)
        score = min(fl, fr)
        if score >= MIN_PART_FREQ and score > best_score and not (
                analyzer.normalize_term(left) in analyzer.stopwords
                or analyzer.normalize_term(right) in analyzer.stopwords):
            best, best_score = [left, right], score
    return best


def add_compound_variants(parsed: ParsedQuery, analyzer: Analyzer, doc_freq: DocFreq,
                          memo: Callable[[], Memo] | None = None) -> ParsedQuery:
    """Add the other ways of writing each compound in the query.

    * a term whose word splits into two known words gets the parts as a phrase
      alternative (if the index has the parts);
    * two adjacent terms get their joined form as an extra optional clause
      (if the index has it).

    Args:
        parsed: the parsed query (modified in place and returned).
        analyzer: the index's analyzer.
        doc_freq: number of documents containing a term.
        memo: returns the commit's memo of these answers (:func:`kavosh.query.memo.word_memo`: a word's
            split parts and a pair's joined term, with whether the index holds them, once per commit),
            or None (each is worked out).
    """
    extra: list[Clause] = []
    prev: Clause | None = None
    known = None
    for c in parsed.clauses:
        if c.kind != "term" or c.derived:
            prev = None
            continue
        if known is None:
            known = memo() if memo is not None else {}
        word = c.words[0]
        split = known.get(word)
        if split is None:  # the parts of a split with the word list, and whether the index holds each
            parts = [t for p in _split_by_lexicon(word, analyzer) or () for t in analyzer.terms(p)]
            split = (tuple(parts), len(parts) >= 2 and all(doc_freq(t) for t in parts))
            if memo is not None:
                known.put(word, split)
        if split[1] and list(split[0]) != c.terms:
            c.alternatives.append(list(split[0]))
        if prev is not None and c.follows and c.occur == Occur.SHOULD and prev.occur == Occur.SHOULD \
                and c.field is None and prev.field is None:
            joined, held = _joined(prev.words[0], word, analyzer, doc_freq, known, memo is not None)
            if not held and (prev.alternatives or c.alternatives):  # a word's other spelling searched beside it
                for left, right in _spelt_pairs(prev, c):  # (فیروض → فیروز): its join (فیروزآباد)
                    joined, held = _joined(left, right, analyzer, doc_freq, known, memo is not None)
                    if held:
                        break
            if held and joined[0] not in (prev.terms[0], c.terms[0]):
                extra.append(Clause("term", list(joined), [prev.words[0] + word], prev.text + " " + c.text,
                                    Occur.SHOULD, None, derived=True, group=c.group))  # in their group
        prev = c
    parsed.clauses.extend(extra)
    return parsed


MAX_SPELT_PAIRS = 4
"""Joined spellings tried at most for a pair of words with other spellings (:func:`_spelt_pairs`)."""


def _joined(left: str, right: str, analyzer: Analyzer, doc_freq: DocFreq, known, keep: bool) -> tuple[tuple, bool]:
    """``(terms of left + right written joined, whether that is one term the index holds)``, from the memo
    ``known`` (a dict or :class:`~kavosh.query.memo.Memo`) when there, put there when ``keep``."""
    pair = (left, right)
    found = known.get(pair)
    if found is None:  # the pair's joined spelling: its terms, and whether the index holds the one term
        joined = tuple(analyzer.terms(left + right))
        found = (joined, len(joined) == 1 and bool(doc_freq(joined[0])))
        if keep:
            known.put(pair, found)
    return found


def _spelt_pairs(prev: Clause, c: Clause) -> list[tuple[str, str]]:
    """The pairs of spellings of two adjacent leaves other than as typed: each leaf's word and its one-term
    alternatives (a correction or a sound-alike spelling OR'ed in, :mod:`kavosh.query.alternatives`, by its term),
    at most :data:`MAX_SPELT_PAIRS`.  ``فیروض آباد`` (a sound-alike slip) also searches ``فیروز``; written joined,
    ``فیروزآباد`` is what the documents hold."""
    lefts = [prev.words[0]] + [a[0] for a in prev.alternatives if len(a) == 1]
    rights = [c.words[0]] + [a[0] for a in c.alternatives if len(a) == 1]
    return [(x, y) for x in lefts for y in rights if (x, y) != (prev.words[0], c.words[0])][:MAX_SPELT_PAIRS]


def add_clitic_bases(parsed: ParsedQuery, analyzer: Analyzer, doc_freq: DocFreq,
                     seen: Callable[[str], bool]) -> int:
    """Give each single-word term leaf that no document holds (its term's ``doc_freq`` 0) the term of the word it
    reads as with one ending joined (:func:`kavosh.query.known.clitic_bases`: a pronoun clitic, ``ی``, ``ها``,
    ``تر``, ``است`` as ``ست`` after a vowel or spoken ``ه``), the first such word that documents write so
    (``seen``: normalized word → whether the index's completion table holds it) or the word list holds
    :data:`~kavosh.query.known.KNOWN_LEXICON_FREQ`+ times and that analyses to one term some document holds, as an
    alternative of its leaf, in place: the word is taken as written correctly (the spelling step's ``"base"``,
    :func:`kavosh.query.known.trusted_word`) and searched as the analyzer would read it had it taken the ending off
    (``داروهاست`` → ``دارو``, ``گوشم`` → ``گوش``, which the analyzer reads as the verb ``گوشیدن``).  Not a base only
    the clitic rules make up (``برجتی`` → ``برجت`` → ``برج``, a typo of ``برجای``; ``کوچکتریت``).  Excluded words
    are left alone.  Returns the number of alternatives added.

    Not called by :func:`kavosh.query.plan.make_plan` yet: wired in, it made ``tests/api/test_dense_api.py``'s
    paraphrase («سلولهای نوری ...», meant to share no word with its passage) find «نور خورشید» lexically through
    ``نوری`` → ``نور``; that test's query needs another paraphrase first."""
    added = 0
    for c in parsed.clauses:
        if c.kind != "term" or c.derived or c.occur == Occur.MUST_NOT or len(c.words) != 1 or not c.terms \
                or doc_freq(c.terms[0]):
            continue
        for base in clitic_bases(analyzer.normalize_term(c.words[0])):
            if not seen(base) and analyzer.lexicon_freq.get(base, 0) < KNOWN_LEXICON_FREQ:
                continue
            terms = analyzer.terms(base)
            if len(terms) == 1 and terms != c.terms and doc_freq(terms[0]):
                if terms not in c.alternatives:
                    c.alternatives.append(terms)
                    added += 1
                break
    return added


def add_negation(parsed: ParsedQuery, analyzer: Analyzer) -> list[str]:
    """OR the negated reading into the leaf of each typed word that is a negated verb form, in place
    (:func:`kavosh.analysis.analyzer.negated_term`: ``نمی‌دهد`` → ``داد`` OR ``␕داد``), and return those
    readings.  Documents are indexed with both terms at a negated form's position, so the leaf matches
    what it matched before (every form of the verb) and a document saying it negated scores both terms:
    it ranks first.  Left alone: a quoted leaf (it asks for ``␕داد`` itself: :meth:`Analyzer.phrase_term`),
    an excluded one (``-نمی‌دهد`` excludes every form, as before), a stopword's, a prefix, a phrase and
    a rewrite's clause."""
    added = []
    for c in parsed.clauses:
        if (c.kind != "term" or c.derived or c.occur == Occur.MUST_NOT or c.text.startswith('"')
                or is_stop_term(c.terms[0]) or NEG_MARK in c.terms[0]):
            continue
        if analyzer.is_negated(c.words[0], c.terms[0]):
            neg = [negated_term(c.terms[0])]
            if neg not in c.alternatives:
                c.alternatives.append(neg)
                added.append(neg[0])
    return added


def add_surface(parsed: ParsedQuery, analyzer: Analyzer) -> list[str]:
    """OR the surface reading into the leaf of each typed word whose normalized word differs from its term, in
    place (:meth:`kavosh.analysis.analyzer.Analyzer.surface_reading`: ``میرسم`` → ``رسید`` OR ``␖میرسم``;
    ``می‌رسم`` and ``می رسم`` give the same), and return those readings.  Documents are indexed with both terms
    at such a word's position, so the leaf matches what it matched before (every form of the word) and a
    document holding the word as typed scores both terms: among otherwise equal hits it ranks first.  Left
    alone: a quoted leaf (:mod:`kavosh.search.exact` ranks its as-written matches), an excluded one, a
    stopword's (its term stands for its forms; :func:`kavosh.query.plan.grammar_only`), a prefix, a phrase and
    a rewrite's clause, and a word whose term its neighbour decided (``بر می‌گردد``)."""
    added = []
    for c in parsed.clauses:
        if (c.kind != "term" or c.derived or c.occur == Occur.MUST_NOT or c.text.startswith('"')
                or len(c.words) != 1 or not c.terms or is_stop_term(c.terms[0])
                or NEG_MARK in c.terms[0] or SURFACE_MARK in c.terms[0]):
            continue
        surface = analyzer.surface_reading(c.words[0], c.terms[0])
        # the word's own term, not one its neighbour gave it (بر می‌گردد: برگشت, while می‌گردد alone is گشت and
        # ␖میگردد stands beside گشت): else the surface would match documents the leaf does not
        if surface is not None and [surface] not in c.alternatives and analyzer.terms(c.words[0]) == [c.terms[0]]:
            c.alternatives.append([surface])
            added.append(surface)
    return added
