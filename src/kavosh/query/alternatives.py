"""Other spellings a query word also matches, added as alternatives of its leaf (never replacing it).

A rewrite that replaces the whole query (:mod:`kavosh.query.plan`: another keyboard layout,
Finglish, a spelling correction) is right for a query that finds nothing as typed; a long question
with one slip in one word (``چرا شب یلپا به این اسم است``) still finds documents through its other
words, so its correction is only offered, and the one word that mattered most was lost.  The
stages here widen single leaves instead: the leaf of a word the index (almost) lacks also matches

* its spelling correction (:func:`add_corrections`: the speller's choice for that word, under the
  rules that let a correction run: no word of the word list turned into another word), and
* its spellings with sound-alike letters (:func:`add_sound_alike`: ``ا``/``ع``, ``ت``/``ط``,
  ``س``/``ص``/``ث``, ``ه``/``ح``, ``ز``/``ذ``/``ض``/``ظ``, ``ق``/``غ``: ``صفته`` also finds
  ``سفته``) that the index holds far more often.

Documents holding the word as typed keep their match (alternatives are OR'ed into the leaf,
:func:`kavosh.search.ranking.clause_query`), so auto-correction never hides an exact match.
Bounded cost: at most :data:`kavosh.query.spelling.MAX_WORDS_CORRECTED` words per query are
looked at, each of at most :data:`kavosh.query.speller.MAX_WORD_LETTERS` letters, with at most
:data:`MAX_VARIANTS` sound-alike spellings tried and :data:`MAX_ALTERNATIVES` kept per word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..analysis import Analyzer
from .edits import HOMOPHONES, SOUND_ALIKE, sound_alike
from .known import FAR_MORE_LIKELY, changes_a_word, keeps_words, short_stem_inflection, trusted_word
from .memo import Memo, word_memo
from .parse import Occur, ParsedQuery
from .speller import MAX_WORD_LETTERS, RARE_COUNT, RATIO, index_speller
from .spelling import MAX_WORDS_CORRECTED, Correction, corrected, suggest_query

CLITIC_BASE_FREQ = 3_000_000
"""A correction the word-list rules would not let act (:func:`kavosh.query.known.keeps_words`) is still an
alternative of a word no document holds unless the word list reads that word, or it with a clitic or ``است``
joined, as a word seen this often (``کجای``, ``چطوری``, ``همایشی`` stay; ``پیته`` → ``پسته``, ``تبری`` →
``تبریز``: ``پیت`` 1.5M, ``تبر`` 1.8M times in the list, are met beside them).  Measured with
``benchmarks/query_forms.py`` (ParsiNLU typos) and ``benchmarks/false_corrections.py``."""
MAX_VARIANTS = 64
"""Sound-alike spellings of one word tried at most (one or two letters swapped; each is one
dictionary lookup and one analysis)."""
MAX_ALTERNATIVES = 2
"""Sound-alike spellings kept per word at most (the most frequent ones)."""
MAX_SWAPS = 2
"""Letters swapped at most in one sound-alike spelling (``عسلویح`` → ``عسلویه`` is one)."""

def sound_alike_spellings(word: str, max_swaps: int = MAX_SWAPS, limit: int = MAX_VARIANTS) -> Iterator[str]:
    """Spellings of ``word`` (normalized) with one, then two, letters swapped for a sound-alike one
    (:data:`kavosh.query.edits.HOMOPHONES`), at most ``limit`` of them, fewest swaps first.

    >>> list(sound_alike_spellings("صفته", 1))[:3]
    ['سفته', 'ثفته', 'صفطه']
    """
    seen = {word}
    level = [word]
    count = 0
    for _ in range(max_swaps):
        nxt = []
        for w in level:
            for i, ch in enumerate(w):
                for other in SOUND_ALIKE.get(ch, ""):
                    v = w[:i] + other + w[i + 1:]
                    if v in seen:
                        continue
                    seen.add(v)
                    nxt.append(v)
                    yield v
                    count += 1
                    if count >= limit:
                        return
        level = nxt


def _rare_leaves(parsed: ParsedQuery, doc_freq: Callable[[str], int]) -> list:
    """The plain one-word leaves whose term is in at most :data:`~kavosh.query.speller.RARE_COUNT`
    documents, the first :data:`~kavosh.query.spelling.MAX_WORDS_CORRECTED` of them."""
    return [c for c in parsed.clauses if c.kind == "term" and not c.derived and c.occur != Occur.MUST_NOT
            and not c.text.startswith('"') and len(c.words[0]) <= MAX_WORD_LETTERS
            and doc_freq(c.terms[0]) <= RARE_COUNT][:MAX_WORDS_CORRECTED]


def word_trust(analyzer: Analyzer, doc_freq: Callable[[str], int],
               seen: Callable[[str], bool] | None = None) -> Callable[[str, str], str | None]:
    """``trust(word, term)``: :func:`kavosh.query.known.trusted_word` over ``analyzer``'s word list and the
    index's ``doc_freq`` (why a query word is taken as written correctly, or None); ``seen``: whether the
    index's completion table holds a normalized word (None: the ``"stem"`` reason is not given)."""
    norm, lexicon, terms = analyzer.normalize_term, analyzer.lexicon_freq, analyzer.terms
    return lambda word, term: trusted_word(word, term, doc_freq, norm, lexicon, terms, seen)


def table_seen(stats) -> Callable[[str], bool]:
    """Whether the completion table of the index (``stats``: its :class:`kavosh.index.stats.IndexStats`) holds a
    normalized word: documents write it so (the table's minimum, :data:`kavosh.index.completions.MIN_COUNT`)."""
    return lambda key: stats.completions().lookup(key) is not None


def query_correction(parsed: ParsedQuery, analyzer: Analyzer, stats,
                     doc_freq: Callable[[str], int] | None = None) -> Correction | None:
    """:func:`kavosh.query.spelling.suggest_query` of ``parsed`` over the index (``stats``: its
    :class:`kavosh.index.stats.IndexStats`), trusted words (:func:`word_trust`) corrected only as real words
    (issue #14 kind 11).  ``doc_freq``: how many documents a term counts as in (default ``stats.doc_freq``;
    :func:`kavosh.query.synonyms.held_through` counts a synonym entry as the entries it also searches)."""
    doc_freq = doc_freq or stats.doc_freq
    found = suggest_query(parsed, doc_freq, lambda: index_speller(stats, analyzer, ranked_memo(stats, analyzer)),
                          _kept_trust(word_trust(analyzer, doc_freq, table_seen(stats)), doc_freq,
                                      word_memo(stats.searcher, getattr(analyzer, "analyzer", analyzer), "trust",
                                                stats.completions())), analyzer.lexicon_freq)
    return None if found is None else _weak_fixes_offered(_short_stems_offered(found, analyzer, stats, doc_freq),
                                                          parsed, analyzer, doc_freq)


def _short_stems_offered(correction: Correction, analyzer: Analyzer, stats,
                         doc_freq: Callable[[str], int]) -> Correction:
    """``correction`` with each change into a rare inflected form of a short word
    (:func:`kavosh.query.known.short_stem_inflection`: ``پایتون`` → ``پایتان``, seen 5 times, read as ``پا``, in
    725 documents; :data:`~kavosh.query.known.FAR_MORE_LIKELY` times as many or more) only offered
    (``Correction.offer_only``): never run, never OR'ed in; the rest as they were."""
    lookup = stats.completions().lookup

    def count(key: str) -> int:
        hit = lookup(key)
        return hit[1] if hit else 0

    weak = {typed for typed, fix, _rare in correction.changes
            if short_stem_inflection(fix, analyzer.normalize_term, analyzer.terms, count, doc_freq, FAR_MORE_LIKELY)}
    if not weak - correction.offer_only:
        return correction
    return Correction(correction.text, correction.changes, correction.offer_only | weak, correction.also,
                      correction.beside - weak)


def without_names(correction: Correction, parsed: ParsedQuery, script: Callable[[str, int], list[list[str]]],
                   doc_freq: Callable[[str], int], normalize: Callable[[str], str]) -> Correction | None:
    """``correction`` without the changes of names the index writes only in the other script (``script``: a word
    and its documents → the analysed terms of its spellings in the other script that the index holds,
    :func:`kavosh.query.names.other_script`): a Persian word whose Latin spelling documents write
    (``پایتون``/``python``), when they write that Latin word in no Persian spelling, is a name, searched as typed and
    in that spelling
    (:func:`kavosh.query.names.add_script_variants`), never corrected into a word its letters are near (``پایتان``,
    "your feet").  A word whose Latin spelling has a Persian one the index holds is that word misspelt (``عیران``,
    ``ایرن``: ``iran``, held as ``ایران``), corrected as before, and so is a word respelt with sound-alike letters
    (``اراق`` → ``عراق``, though documents write ``Iraq`` in no Persian spelling the letter rules reach).  None when
    no change is left."""
    leaves = {c.text: c for c in parsed.clauses if c.kind == "term" and not c.derived and c.terms}

    def only_latin(word: str) -> bool:
        return any(not script(terms[0], doc_freq(terms[0]))
                   for terms in script(word, doc_freq(leaves[word].terms[0])) if len(terms) == 1)

    names = {typed for typed, fix, _rare in correction.changes if typed in leaves
             and not sound_alike(normalize(typed), normalize(fix)) and only_latin(typed)}
    if not names:
        return correction
    found = corrected(parsed.original, [ch for ch in correction.changes if ch[0] not in names])
    return None if found is None else Correction(found.text, found.changes, correction.offer_only - names,
                                                 tuple(a for a in correction.also if a[0] not in names),
                                                 correction.beside - names)


SHORT_WORD_LETTERS = 4
"""A word of this many letters or fewer whose correction changes two of its letters or more (by their dots or
sounds, :func:`kavosh.query.edits.slight_change`, which allows any number: ``اسنپ`` → ``اسیب``, the ride app's name
read as «آسیب», injury, its ``ن`` and ``پ`` taken for ``ی`` and ``ب``) is only offered (:func:`_weak_fixes_offered`):
in a short word two changed letters leave half of it, another word, not a slip of it."""
WEAK_FIX_DOCS = 1
"""A correction whose rarest term is in this many documents or fewer is weak evidence (:func:`_weak_fixes_offered`):
a one-word query's correction into it is searched beside the word typed, never instead of it (``مانگو`` → ``مانگ``,
one document of the news sample, had run: a name no document holds, turned into whatever word one document holds
a letter away, filled the page)."""


def _changed_letters(typed: str, fixed: str) -> int:
    """Letters ``fixed`` changes in ``typed`` (both normalized): the positions that differ when both are as long, else
    their difference in length plus the differing positions of the common start and end (an edit count's bound)."""
    if len(typed) == len(fixed):
        return sum(a != b for a, b in zip(typed, fixed, strict=True))
    start = 0
    while start < min(len(typed), len(fixed)) and typed[start] == fixed[start]:
        start += 1
    end = 0
    while end < min(len(typed), len(fixed)) - start and typed[-1 - end] == fixed[-1 - end]:
        end += 1
    return max(len(typed), len(fixed)) - start - end


_BY_SOUND = str.maketrans({c: g[0] for g in HOMOPHONES for c in g})
"""Each letter → the first of its sound-alike group (:data:`kavosh.query.edits.HOMOPHONES`)."""


def _swapped(typed: str, fixed: str) -> bool:
    """Whether ``fixed`` is ``typed`` with two adjacent letters swapped (``قمیت`` → ``قیمت``): one slip."""
    diff = [i for i, (a, b) in enumerate(zip(typed, fixed, strict=False)) if a != b] if len(typed) == len(fixed) else []
    return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == fixed[diff[1]] \
        and typed[diff[1]] == fixed[diff[0]]


def _weak_fixes_offered(correction: Correction, parsed: ParsedQuery, analyzer: Analyzer,
                        doc_freq: Callable[[str], int]) -> Correction:
    """``correction`` with its weak changes held back (issue #14 kind 11):

    * only offered (``Correction.offer_only``: never run, never OR'ed in; a query that finds nothing is offered
      them): a word of :data:`SHORT_WORD_LETTERS` letters or fewer changed in two letters or more, sound-alike
      letters counted as one (``اسنپ`` → ``اسیب``; two adjacent letters swapped are one slip and stay: ``قمیت`` →
      ``قیمت``, ``وضرش`` → ``ورزش``);
    * searched beside the word typed, never instead of it (marked rare, as a fix below the speller's minimum is,
      :meth:`kavosh.query.spelling.Correction.runs_for`): the one content word of a query changed into a correction
      whose rarest term is in :data:`WEAK_FIX_DOCS` documents or fewer (``مانگو`` → ``مانگ``).  Run, it would replace
      the whole page with another word's one document; a query of several words keeps its other words' evidence (a
      rewrite needs every word in one document), and its changes stay as they were.

    Not held back: the one word changed by no typing slip of :func:`kavosh.query.edits.likely_slip` (``فدورا`` →
    ``فورا``, ``داکر`` → ``دار`` on Hamshahri): offered, 8 of PerSpellData's 194 one-word misspellings that ran the
    right word (``اخلاخ`` → ``اخلاق``, ``ئجود`` → ``وجود``, ``قبلنا`` → ``قبلا``) would have been only offered, for 3
    wrong ones held back (``آمردن`` → ``آمد``; docs/benchmarks.md, "Round 3r")."""
    norm = analyzer.normalize_term
    content = [c for c in parsed.clauses
               if c.kind in ("term", "phrase") and not c.derived and c.occur != Occur.MUST_NOT]
    def changed_twice(t: str, f: str) -> bool:  # compared by sound: وضرش → ورزش is a swap (ض sounds as ز)
        t, f = t.translate(_BY_SOUND), f.translate(_BY_SOUND)
        return len(t) <= SHORT_WORD_LETTERS and _changed_letters(t, f) >= 2 and not _swapped(t, f)

    offered, rare = set(), set()
    for typed, fix, was_rare in correction.changes:
        t, f = norm(typed), norm(fix)
        if " " in typed or " " in fix:
            continue
        if changed_twice(t, f):
            offered.add(typed)
        elif len(content) == 1 and content[0].text == typed and not was_rare:
            terms = analyzer.terms(fix)
            if not terms or min(map(doc_freq, terms)) <= WEAK_FIX_DOCS:
                rare.add(typed)
    if not offered - correction.offer_only and not rare:
        return correction
    changes = tuple((typed, fix, was_rare or typed in rare) for typed, fix, was_rare in correction.changes)
    return Correction(correction.text, changes, correction.offer_only | offered,
                      tuple(a for a in correction.also if a[0] not in offered), correction.beside - offered)


def _kept_trust(trust: Callable[[str, str], str | None], doc_freq: Callable[[str], int],
                memo: Memo) -> Callable[[str, str], str | None]:
    """``trust(word, term)`` (:func:`word_trust` with the table's ``seen``) answered from the commit's ``memo`` for a
    term some document holds: :func:`kavosh.query.known.trusted_word` then answers ``"known"``, ``"stem"`` or
    ``"held"`` from the word, its term, the word list, the analyzer and the completion table alone (``doc_freq`` is
    asked only whether the term is held), all of them the memo's (:func:`kavosh.query.memo.word_memo`).  A term no
    document holds is judged afresh (its ``"base"`` reading asks ``doc_freq`` of other terms, which a plan's
    synonyms may count).  ``suggest_query`` asks this of every word of a query held more than
    :data:`~kavosh.query.speller.RARE_COUNT` times (is it held only through its stem?): a common word is decided
    once per commit."""
    def kept(word: str, term: str) -> str | None:
        if doc_freq(term) <= 0:
            return trust(word, term)
        found = memo.get((word, term), memo)
        if found is memo:
            found = memo.put((word, term), trust(word, term))
        return found

    return kept


def ranked_memo(stats, analyzer: Analyzer) -> Memo:
    """The commit's memo of the speller's ranked candidates (``Speller``'s ``ranked``: a word's list depends only on
    the completion table, the word list and the analyzer, so a word a query asks about is ranked once per commit;
    :mod:`kavosh.query.memo`), for the index ``stats`` reads and its analyzer (a plan's view of it,
    :class:`kavosh.query.choose.PlanAnalyzer`, stands for the analyzer it wraps)."""
    return word_memo(stats.searcher, getattr(analyzer, "analyzer", analyzer), "ranked", stats.completions())


def add_corrections(parsed: ParsedQuery, correction: Correction, analyzer: Analyzer,
                    doc_freq: Callable[[str], int]) -> list[tuple[str, str]]:
    """Add each corrected word's correction (:func:`kavosh.query.spelling.suggest_query`) as an
    alternative of its leaf, in place.

    Only changes that may act on a search — for a word taken as written correctly (:func:`word_trust`),
    :func:`kavosh.query.known.keeps_words`: no word of the word list, by its spelling or the analyzer's
    term, turned into another word, sound-alike spellings aside; for another word (no document holds it,
    the analyzer reads it as itself or its stem, not as another spelling such as ``زکوة`` → ``زکات``, and
    not whole as a known word: ``پیته``, ``تبری``, which the word list's
    clitic rules read as ``پیت``+``ه``, ``تبر``+``ی``) any, as its leaf matches nothing as typed; for a word of
    ``correction.beside`` (a form no document writes, ``اطلاعت``) any, beside the word typed; none of
    ``correction.offer_only`` — each when the index holds every term of
    the correction (a split correction, ``بعنوان`` → ``به عنوان``, adds its terms as a phrase).  A
    rare correction (seen fewer than :data:`~kavosh.query.speller.MIN_COUNT` times; the speller
    proposes one only for a non-word in no document, at most one edit away) is an alternative too:
    the typed word matches nothing, and the slips of the query forms benchmark were in rare names
    (``چغازنبیب`` → ``چغازنبیل``, ``گچسارانن`` → ``گچساران``), whose correction was only offered.

    Returns:
        ``(typed word, correction)`` for each alternative added (at most one per corrected word).
    """
    norm, lexicon = analyzer.normalize_term, analyzer.lexicon_freq
    trust = word_trust(analyzer, doc_freq)
    added = []
    acted = set()
    for typed, fix, _rare in [*correction.changes, *((t, f, False) for t, f in correction.also)]:
        if fix != dict((t, f) for t, f, _r in correction.changes).get(typed) and typed not in acted:
            continue  # a second correction only beside a first that acts
        if typed in correction.offer_only:
            continue
        term = analyzer.terms(typed)
        if typed not in correction.beside and not keeps_words(typed, fix, norm, lexicon, analyzer.terms) and (
                not term or not norm(typed).replace(" ", "").startswith(term[0])
                or trust(typed, term[0]) not in (None, "base")
                or changes_a_word(typed, fix, norm, lexicon, CLITIC_BASE_FREQ, analyzer.terms)):
            continue  # a word no document holds, not read as a common word + clitic (پیته, تبری): its fix beside it
        terms = analyzer.terms(fix)
        if not terms or not all(doc_freq(t) for t in terms):
            continue
        for c in parsed.clauses:
            if c.kind == "term" and not c.derived and c.text == typed:
                if terms != c.terms and terms not in c.alternatives:
                    c.alternatives.append(terms)
                    added.append((typed, fix))
                    acted.add(typed)
                break
    return added


def add_sound_alike(parsed: ParsedQuery, analyzer: Analyzer,
                    doc_freq: Callable[[str], int]) -> list[tuple[str, str]]:
    """Add to each rare leaf (in at most :data:`~kavosh.query.speller.RARE_COUNT` documents) its
    spellings with sound-alike letters (:func:`sound_alike_spellings`) that analyse to one term the
    index holds in at least ``max(1, RATIO × the typed term's documents)`` documents, the
    :data:`MAX_ALTERNATIVES` most frequent, in place.  ``صفته`` (no document) also finds ``سفته``.  A word
    taken as written correctly (:func:`word_trust`) gets none when the index holds it (``بالتا``), and when
    the word list knows it only a spelling the list holds :data:`~kavosh.query.known.FAR_MORE_LIKELY`
    times as often (``صور`` keeps away from ``ثور``; ``طهران`` still finds ``تهران``).

    Returns:
        ``(typed word, sound-alike spelling)`` for each alternative added.
    """
    added = []
    rare = _rare_leaves(parsed, doc_freq)
    if not rare:  # most queries: no word to look at
        return added
    trust = word_trust(analyzer, doc_freq)
    lexicon, norm = analyzer.lexicon_freq, analyzer.normalize_term
    for c in rare:
        why = trust(c.text, c.terms[0])
        if why == "held":  # held as typed (بالتا); صفته ("base": صفت + ه) may still be سفته
            continue
        least = FAR_MORE_LIKELY * lexicon.get(norm(c.text), 0) if why == "known" else 0
        need = max(1, int(RATIO * doc_freq(c.terms[0])))
        found: dict[str, int] = {}
        spelling: dict[str, str] = {}
        for v in sound_alike_spellings(c.words[0]):
            terms = analyzer.terms(v)
            if len(terms) != 1 or terms[0] == c.terms[0] or terms[0] in found:
                continue
            df = doc_freq(terms[0])
            if df >= need and (not least or lexicon.get(norm(v), 0) >= least):
                found[terms[0]], spelling[terms[0]] = df, v
        for term in sorted(found, key=lambda t: (-found[t], t))[:MAX_ALTERNATIVES]:
            if [term] not in c.alternatives:
                c.alternatives.append([term])
                added.append((c.text, spelling[term]))
    return added


def add_readings(parsed: ParsedQuery, readings: dict[str, list[list[str]]]) -> int:
    """Add to each leaf of a Finglish reading the other readings of its Latin word, in place:
    ``readings`` maps a chosen word's text to the analysed terms of its other readings
    (:func:`kavosh.query.finglish.transliterate_query`, at most
    :data:`kavosh.query.finglish.MAX_READINGS` a word).  ``nasa toost`` reads as ``نسا تست`` and
    also matches ``ناسا``, ``توسط``: the letters cannot tell them apart, the documents can.

    Returns:
        The number of alternatives added.
    """
    added = 0
    for c in parsed.clauses:
        if c.kind != "term" or c.derived or c.text not in readings:
            continue
        for terms in readings[c.text]:
            if terms != c.terms and terms not in c.alternatives:
                c.alternatives.append(list(terms))
                added += 1
    return added


def add_spelling_alternatives(parsed: ParsedQuery, analyzer: Analyzer, stats) -> list[tuple[str, str]]:
    """Add the corrections (:func:`add_corrections`) and sound-alike spellings (:func:`add_sound_alike`)
    of ``parsed``'s rare words as alternatives of their leaves, nothing offered: for a query already
    rewritten (another keyboard layout, Finglish), whose own slips (``وزرش``) would otherwise stay.
    ``stats`` is the index's :class:`kavosh.index.stats.IndexStats`.  Returns the ``(typed word, also
    searched)`` pairs added, corrections first."""
    correction = query_correction(parsed, analyzer, stats)
    added = add_sound_alike(parsed, analyzer, stats.doc_freq)
    if correction is not None:
        added = add_corrections(parsed, correction, analyzer, stats.doc_freq) + added
    return added


def reading_pairs(parsed: ParsedQuery, stats) -> list[tuple[str, str]]:
    """``(chosen word, other reading)`` for each leaf of a Finglish reading given alternatives by
    :func:`add_readings`, its first one, as the index writes it (the completion table's written form of its term,
    else the term): ``tim meli`` reads «تیم ملی» and also searches ``مالی`` (the letters cannot tell them apart), so
    the user is told «including results for «تیم مالی»», not shown مالی marked under «showing results for «تیم ملی»»
    alone (a new user's finding).  ``stats``: the index's :class:`kavosh.index.stats.IndexStats`."""
    lookup = stats.completions().lookup
    out = []
    for c in parsed.clauses:
        if c.kind != "term" or c.derived or not c.alternatives or " " in c.text:
            continue
        words = [(lookup(t) or (t, 0))[0] for t in c.alternatives[0]]
        out.append((c.text, " ".join(words)))
    return out
