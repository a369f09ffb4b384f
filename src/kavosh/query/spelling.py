"""Did you mean, and showing results for: a query's spelling correction from the index's own vocabulary.

:func:`suggest_query` corrects a query's words that (almost) no document has, with the index's
:class:`~kavosh.query.speller.Speller` (candidates from the completion table, frequencies and
co-occurrences; its letter costs are :mod:`kavosh.query.edits`'), judging each word by why it may be
written correctly (:mod:`kavosh.query.known`: :func:`~kavosh.query.known.trusted_word`);
:func:`prefer_correction` decides whether search runs the correction instead
of the query (:mod:`kavosh.query.plan`): only when the query as typed finds nothing, and
never when it would turn a word of the word list into another word
(:meth:`Correction.runs_for`).  Measured on PerSpellData by
``benchmarks/spelling.py`` (figures in ``docs/benchmarks.md``).

The speller's parts are re-exported here (:data:`__all__`): this module is where the rewrites, the tests
and the benchmarks read them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .edits import (DOT_COST, DOT_GROUPS, EDIT_COST, HOMOPHONE_COST, HOMOPHONES, LATIN_LETTERS, OMISSION_COST,
                    PERSIAN_LETTERS, SPACE_COST, doubled, letters_kept, likely_slip, one_edit, slight_change,
                    sound_alike)
from .known import (CLITICS, FAR_MORE_LIKELY, KNOWN_LEXICON_FREQ, TRUSTED_LEXICON_FREQ, WORD_LIST_FREQ,
                    changes_a_word, is_known, keeps_words, offered_for_held_word, trusted_word)
from .parse import Occur
from .slips import (HELD_ONCE_MIN_LETTERS, RARE_MIN_COUNT, RUNNER_UP_CONTEXT_RATIO, cheaper_slip, close_slip,
                    context_slip, held_once)
from .speller import (COMMON_COUNT, MAX_COST, MAX_WORD_LETTERS, MIN_COUNT, RARE_COUNT, RATIO, REAL_WORD_MAX_COST,
                      Speller, core_candidates, index_speller)

__all__ = [  # the speller's parts, read here by the rewrites, tests and benchmarks/spelling.py
    "COMMON_COUNT", "DOT_COST", "DOT_GROUPS", "EDIT_COST", "FAR_MORE_LIKELY", "HELD_ONCE_MIN_LETTERS", "HOMOPHONES",
    "HOMOPHONE_COST", "RUNNER_UP_CONTEXT_RATIO", "cheaper_slip", "context_slip", "held_once",
    "KNOWN_LEXICON_FREQ", "LATIN_LETTERS", "MAX_COST", "MAX_WORDS_CORRECTED", "MAX_WORD_LETTERS", "MIN_COUNT",
    "OMISSION_COST", "PERSIAN_LETTERS", "RARE_COUNT", "RARE_MIN_COUNT", "RATIO", "REAL_WORD_MAX_COST", "SPACE_COST",
    "TRUSTED_LEXICON_FREQ", "WORD_LIST_FREQ", "Correction", "Speller", "changes_a_word", "core_candidates",
    "corrected", "doubled", "index_speller", "is_known", "keeps_words", "likely_slip", "offered_for_held_word",
    "one_edit",
    "prefer_correction", "slight_change", "sound_alike", "suggest_query", "trusted_word"]

MAX_WORDS_CORRECTED = 4
"""A query's rare words beyond this many are left as typed (each costs one candidate search)."""


@dataclass(frozen=True)
class Correction:
    """A corrected query (:func:`suggest_query`).

    Attributes:
        text: the query with its corrected words.
        changes: ``(typed word, corrected word, rare)`` per corrected word; ``rare`` when the
            correction is seen fewer than :data:`MIN_COUNT` times (found by the second look,
            :data:`RARE_MIN_COUNT`).
        offer_only: typed words whose correction may only be offered, never searched (a word the word list
            knows, :func:`trusted_word`: ``برجام`` on an index without it is offered ``برجای``).
        also: ``(typed word, second correction)``: a non-word's other typing slip that the query's words meet in
            documents far more than the first (:func:`_runners_up`), searched beside it when the correction is
            OR'ed in (:func:`kavosh.query.alternatives.add_corrections`), never run nor shown.
        beside: typed words read as a form no document writes (:func:`trusted_word`'s ``"form"``: ``اطلاعت``, the
            word list's ``اطلاع``+``ت``) whose correction is searched beside them though the word list's rules
            would keep them (:func:`kavosh.query.known.keeps_words`): OR'ed in, never run.
    """

    text: str
    changes: tuple[tuple[str, str, bool], ...]
    offer_only: frozenset[str] = frozenset()
    also: tuple[tuple[str, str], ...] = ()
    beside: frozenset[str] = frozenset()

    def runs_for(self, normalize: Callable[[str], str], lexicon: dict[str, int],
                 terms: Callable[[str], list[str]] | None = None) -> bool:
        """True when this correction may run instead of the query (:func:`prefer_correction` still decides
        on the numbers): no change is rare, none turns a word of the word list (:func:`is_known`, by its
        spelling or by the analyzer's ``terms`` of it: ``زکوة`` is ``زکات``) into another word — a known word
        the index lacks (``برجام``, ``تلگرام`` on 2003–2007 news) runs as typed and the correction is only
        offered, unless the correction is the same word spelt with sound-alike letters (:func:`sound_alike`:
        ``طهران`` → ``تهران``) — and a word the word list holds :data:`WORD_LIST_FREQ`+ times runs only into a
        correction one edit away (:func:`one_edit`: ``پروش`` → ``پرورش`` runs, ``رحمن`` → ``بهمن`` is only
        offered).  A non-word (``ضلزله``) may always run."""
        return all(not rare and typed not in self.offer_only and keeps_words(typed, fixed, normalize, lexicon, terms)
                   for typed, fixed, rare in self.changes)


def suggest_query(parsed, doc_freq: Callable[[str], int], speller_factory: Callable[[], Speller],
                  trusted: Callable[[str, str], str | None] | None = None,
                  lexicon: dict[str, int] | None = None) -> Correction | None:
    """A "did you mean" query for ``parsed``, or None.

    Args:
        parsed: the :class:`~kavosh.query.parse.ParsedQuery` that ran.
        doc_freq: document frequency of an analysed term in the index.
        speller_factory: returns the index's :class:`Speller` (called only when some word is
            missing from the index: building it may be slow).
        trusted: ``trusted(word, term)``, why a word is taken as written correctly or None
            (:func:`trusted_word`); ``None``: no word is.  A trusted word is corrected only as a real word
            (``Speller.correct_words``' ``real``: a cheap slip its context supports far better), or, when
            ``"known"`` and no document holds it, into a sound-alike spelling the ``lexicon`` (normalized word →
            frequency) holds :data:`FAR_MORE_LIKELY` times as often (``طهران`` → ``تهران``).
            A ``"form"`` word (read as a form no document writes, ``اطلاعت``) is corrected only into a word the
            ``lexicon`` holds whole :data:`KNOWN_LEXICON_FREQ`+ times (``اطلاعات``, ``صادرات``; not ``بازه‌ای`` →
            ``بازی‌های``, ``موادی`` → ``مواردی``: one form into another the list does not hold).
    Returns:
        A :class:`Correction`: ``parsed.original`` with each single-word leaf whose term is in at
        most :data:`RARE_COUNT` documents (the first :data:`MAX_WORDS_CORRECTED` of them, each of at
        most :data:`MAX_WORD_LETTERS` letters) replaced by its correction (chosen with the other
        words of the query as context, :meth:`Speller.correct_words`); a word in no document
        and not in the word list (``Speller.known``) that gets none is looked at again with
        candidates seen :data:`RARE_MIN_COUNT`+ times at most :data:`EDIT_COST` away (marked rare), and with
        none there, among the index's terms (:func:`held_once`: a word one document holds, marked rare).  A word no
        document holds whose fix is far-fetched or none, and a word of the word list (``"known"``) no document holds
        whose fix is only offered, get instead the typing slip the query's other words meet in documents
        (:func:`context_slip`; for a listed word one that keeps its letters), marked rare: ``عوس دریایی`` → ``عروس``,
        ``شب یدا`` → ``یلدا``.  None when no word was corrected.  Phrases and excluded words are left alone.
    """
    plain = [c for c in parsed.clauses if c.kind == "term" and not c.derived and c.occur != Occur.MUST_NOT
             and not c.text.startswith('"') and len(c.words[0]) <= MAX_WORD_LETTERS]
    # a word held only through the ending the analyzer took off it (trusted_word's "stem": ورش read as ور+ش, in 3
    # documents) is looked at however many documents hold its term; why: trusted_word's answer, asked once a word
    rare, why = [], []
    for c in plain:
        held = None
        if doc_freq(c.terms[0]) <= RARE_COUNT:
            rare.append(c)
        elif trusted is not None and " " not in c.text:
            held = trusted(c.text, c.terms[0])
            if held == "stem":
                rare.append(c)
        why.append(held)
    rare = rare[:MAX_WORDS_CORRECTED]
    # a word read as a form no document writes (اطلاعت: اطلاع+ت, trusted_word's "form"), after the rarer words
    forms = [c for c, held in zip(plain, why, strict=True) if held == "form" and c not in rare
             ][:MAX_WORDS_CORRECTED - len(rare)]
    if forms:
        rare = [c for c in plain if c in rare or c in forms]
    if not rare:
        return None
    speller = speller_factory()
    leaves = [c for c in parsed.clauses if c.kind in ("term", "phrase") and not c.derived]
    words = [w for c in leaves for w in c.text.strip('"').split()]
    # the word of a leaf to correct: the leaf, or in one written with a space (گرربه ها, می رود) its longest word
    focus = {c.text: max(c.text.split(), key=len) if " " in c.text else c.text for c in rare}
    wanted = set(focus.values())
    trust = {focus[c.text]: trusted(focus[c.text], c.terms[0]) for c in rare} if trusted is not None else {}
    real = {w for w, why in trust.items() if why}
    fixes = dict(zip(words, speller.correct_words(words, use_known=False, only=wanted, real=real), strict=True))
    again = {w for w in real if fixes.get(w) is None}
    offer_only = set()
    if again:  # no real-word slip: the correction a non-word would get, judged by why the word is trusted
        norm = speller.normalize
        for w, fix in zip(words, speller.correct_words(words, use_known=False, only=again), strict=True):
            if fix is None or w not in again:
                continue
            if trust[w] in ("held", "form"):  # ضلزله held once: sound-alike letters or a doubled one only (a name
                if sound_alike(norm(w), norm(fix)) or doubled(norm(w), norm(fix)):  # held once, رومن, تدر, is not
                    fixes[w] = fix  # رومی, پدر by its dots); a form (صرعت, صرع+ت) the same, else the looks below
            elif trust[w] == "base":  # کارکردانی (کارکرد+ان+ی?) → کارگردانی: a slight change; خوبه stays
                if slight_change(norm(w), norm(fix)):
                    fixes[w] = fix
            elif trust[w] in ("stem", "form"):  # ورش (ور+ش), اطلاعت (اطلاع+ت): the slips looked for below
                continue
            elif sound_alike(norm(w), norm(fix)) and lexicon is not None \
                    and lexicon.get(norm(fix), 0) >= FAR_MORE_LIKELY * lexicon.get(norm(w), 0):
                fixes[w] = fix  # طهران: the same word, spelt as the word list far more often has it
            else:
                fixes[w] = fix  # برجام on an index without it: offered, never searched
                offer_only.add(w)
    norm = speller.normalize
    # a word the index holds once (استقلا, in one document's استقلا‌ل‌پسند) with no sound-alike fix: a slip that
    # keeps every letter typed into a word held far more often (استقلال) is OR'ed in (new user's finding 14)
    held_slip = {w for w in again if trust[w] == "held" and fixes.get(w) is None}
    if held_slip:
        for w, fix in zip(words, speller.correct_words(words, use_known=False, only=held_slip, accept=letters_kept),
                          strict=True):
            if fix is not None and w in held_slip and _far_more_often(
                    speller, w, fix, HELD_SLIP_RATIO if lexicon is None or not _unlisted_slip(norm, lexicon, w, fix)
                    else HELD_UNLISTED_SLIP_RATIO):
                fixes[w] = fix
    # a word held only through the ending the analyzer took off (ورش: ور+ش; trusted_word's "stem"), or read as a
    # held word + clitic that no document holds so (رسیه: رسی+ه, "base"), with no slight fix: a slip that keeps
    # every letter typed (ورزش, روسیه: a letter left out; not a letter replaced, even by a key next to it:
    # داروهاست is not داروهایت) that the query's other words meet in documents more than they meet the word as typed
    # (شبکه ورزش; not وست‌لایف → وسعت‌لایف beside گروه, a band)
    kept_slip = {w for w in again if trust[w] in ("stem", "base", "form") and fixes.get(w) is None}
    if kept_slip:
        for w, fix in zip(words, speller.correct_words(words, use_known=False, only=kept_slip, accept=letters_kept),
                          strict=True):
            if fix is not None and w in kept_slip and speller.context_of(words, w, fix) \
                    >= speller.context_of(words, w, w) + math.log(KEPT_SLIP_CONTEXT_RATIO):
                fixes[w] = fix
    # such a word held through the analyzer's reading alone ("stem", "form": اصفحان read as اصفح+ان, اطلاعت as
    # اطلاع+ت), with no slip its neighbours support: a slip that keeps its letters or swaps one sound-alike letter
    # into a word the table holds far more often (اصفهان, اطلاعات), OR'ed in
    far_slip = {w for w in again if trust[w] in ("stem", "form") and fixes.get(w) is None}
    if far_slip:
        for w, fix in zip(words, speller.correct_words(words, use_known=False, only=far_slip, accept=_kept_or_alike),
                          strict=True):
            if fix is not None and w in far_slip and _far_more_often(speller, w, fix):
                fixes[w] = fix
    # a fix that is another word, not a slip (کرمن → کردن, a verb in most documents): a slip that keeps every letter
    # typed and the first, seen as often (کرمان, a letter left out), is taken first (new user's finding 5)
    slipped = {focus[c.text] for c in rare if fixes.get(focus[c.text]) is not None and focus[c.text] not in real
               and focus[c.text] not in offer_only and not _slip(norm, focus[c.text], fixes[focus[c.text]])}
    if slipped:
        for w, fix in zip(words, speller.correct_words(words, use_known=False, only=slipped, accept=letters_kept),
                          strict=True):
            if fix is not None and w in slipped:
                fixes[w] = fix
    # a word no document holds nor the word list (ازکی, از کی, is there), whose fix is another word, not a slip
    # (فیتلر → هیتلر): a slip seen less often is looked for
    far = {focus[c.text] for c in rare if fixes.get(focus[c.text]) is not None and focus[c.text] not in offer_only
           and not _slip(norm, focus[c.text], fixes[focus[c.text]])
           and (lexicon is None or lexicon.get(norm(focus[c.text])) is None)}
    unseen = {focus[c.text] for c in rare if (fixes.get(focus[c.text]) is None or focus[c.text] in far)
              and doc_freq(c.terms[0]) == 0 and not speller.known(focus[c.text]) and focus[c.text] not in real}
    # a word no document holds, with no fix, known only by the word list's clitic rules (آبهها: آبه + ها), not
    # listed itself: a letter typed twice taken out (آب‌ها, 4 times) is looked for there too, and only that
    twice = {focus[c.text] for c in rare if fixes.get(focus[c.text]) is None and doc_freq(c.terms[0]) == 0
             and focus[c.text] not in real and lexicon is not None and lexicon.get(norm(focus[c.text])) is None
             and speller.known(focus[c.text])}
    rare_fixes = {}
    if unseen or twice:  # a brand name seen twice, typed with one letter too many: OR'ed in, never run
        far_keys = {norm(w) for w in unseen & far}  # only a slip (بکینگ is not برینگ, seen twice: ک, ر far apart)
        twice_keys = {norm(w) for w in twice}  # and the first letter kept: ترکدام (تر کدام glued) is not هرکدام
        found = speller.correct_words(words, use_known=False, only=unseen | twice, min_count=RARE_MIN_COUNT,
                                      max_cost=EDIT_COST, accept=lambda k, cand: likely_slip(k, cand)
                                      and k[:1] == cand[:1] and (k not in far_keys or letters_kept(k, cand)) and (
                                          k not in twice_keys or doubled(k, cand)))
        rare_fixes = {w: f for w, f in zip(words, found, strict=True) if f is not None and w in unseen | twice}
        for w in rare_fixes:  # فیتلر → فیلتر (seen twice, two letters swapped), not هیتلر (ف, ه far apart)
            fixes.pop(w, None)
        for w in sorted(unseen - set(rare_fixes)):  # no slip even there: a word one document holds (هاتگرام)?
            once = held_once(norm(w), doc_freq, swaps=fixes.get(w) is None)
            if once is not None:
                rare_fixes[w] = once
                fixes.pop(w, None)
    # a word no document holds and nothing vouches for, whose fix is another word or none (عوس → عوض, a far key; the
    # word list holds عوس with no frequency, so the look above passed it by): the slip its neighbours meet (عروس
    # beside دریایی, in 4 documents), OR'ed in, never run
    unheld = {focus[c.text] for c in rare if doc_freq(c.terms[0]) == 0} - set(rare_fixes)
    for w in sorted(w for w in unheld - real if fixes.get(w) is None or not _slip(norm, w, fixes[w])):
        found = context_slip(speller, words, w, fixes.get(w))
        if found is not None:
            rare_fixes[w] = found
            fixes.pop(w, None)
            offer_only.discard(w)
    # a word of the word list (read whole, "known") that no document holds, its fix only offered: a slip that keeps
    # every letter typed (ایرا → ایران, یدا → یلدا, زین → زمین: a letter left out) that its neighbours meet, OR'ed in
    # beside it however often the list holds it (its leaf matches nothing as typed), never run
    listed = set()
    for w in sorted(w for w in unheld - set(rare_fixes) if trust.get(w) == "known"
                    and (fixes.get(w) is None or w in offer_only)):
        found = context_slip(speller, words, w, None, accept=letters_kept, min_count=MIN_COUNT)
        if found is not None:
            rare_fixes[w] = found
            fixes.pop(w, None)
            offer_only.discard(w)
            listed.add(w)
    for c in rare:  # a far-fetched change of a plausible word, or beside words that find documents: offered only
        w = focus[c.text]
        if fixes.get(w) is not None and w not in offer_only and not _slip(norm, w, fixes[w]):
            beside = any(o is not c and o.occur != Occur.MUST_NOT and o.terms and doc_freq(o.terms[0]) > 0
                         for o in leaves)
            if beside or (lexicon is not None and lexicon.get(speller.normalize(w)) is not None):
                offer_only.add(w)
    for w in [w for w, why in trust.items() if why == "form" and fixes.get(w)]:  # a form only into a listed word:
        if lexicon is None or lexicon.get(norm(fixes[w]), 0) < KNOWN_LEXICON_FREQ:  # بازه‌ای is not بازی‌های
            fixes.pop(w)
    changes = []
    for c in rare:
        w = focus[c.text]
        fix = fixes.get(w) or rare_fixes.get(w)
        if fix is not None:
            changes.append((c.text, c.text.replace(w, fix, 1), w in rare_fixes))
    found = corrected(parsed.original, changes)
    offer_only = {c.text for c in rare if focus[c.text] in offer_only}
    beside = frozenset(c.text for c in rare if (trust.get(focus[c.text]) == "form" and fixes.get(focus[c.text]))
                       or focus[c.text] in listed)
    also = _runners_up(speller, words, {c.text: focus[c.text] for c in rare if focus[c.text] not in real
                                        and focus[c.text] not in offer_only and fixes.get(focus[c.text]) is not None},
                       fixes)
    if found is None or not (offer_only or also or beside):
        return found
    return Correction(found.text, found.changes, frozenset(offer_only), also, beside)


def _runners_up(speller: Speller, words: list[str], chosen: dict[str, str],
                fixes: dict[str, str | None]) -> tuple[tuple[str, str], ...]:
    """``(leaf text, second fix)`` for each leaf of ``chosen`` (leaf text → its word, a non-word whose fix acts):
    the other typing slip (:func:`likely_slip`) the query's other words meet most in documents, when they meet it
    :data:`RUNNER_UP_CONTEXT_RATIO` times as often as the chosen fix, and at least once (:func:`context_slip`); else a
    cheaper slip that keeps the letters, below the speller's minimum (:func:`cheaper_slip`: ``تنلب`` → ``تنبل``); else
    a slip almost as cheap and seen more often (:func:`close_slip`: ``قطعع`` → ``قطع``, also ``قطعه``).  The
    letters cannot tell two slips apart (``ساثه``: ``سایه`` by its dots, ``ساقه`` by the key next to ``ث``); the
    neighbours can («گیاهی ساقه گوشتی»), while frequency alone chose ``سایه``."""
    out = []
    for text, w in chosen.items():
        first = fixes[w]
        if first is None or " " in first:
            continue
        second = context_slip(speller, words, w, first) or cheaper_slip(speller, words, w, first) \
            or close_slip(speller, w, first)
        if second is not None:
            out.append((text, text.replace(w, second, 1)))
    return tuple(out)


def _kept_or_alike(typed: str, fixed: str) -> bool:
    """A slip that keeps every letter typed (:func:`letters_kept`) or swaps one letter for a sound-alike one
    (``اصفحان`` → ``اصفهان``; both normalized)."""
    return letters_kept(typed, fixed) or (len(typed) == len(fixed) and sound_alike(typed, fixed)
                                          and sum(a != b for a, b in zip(typed, fixed, strict=True)) == 1)


def _slip(norm: Callable[[str], str], typed: str, fix: str) -> bool:
    """Whether ``fix`` mends ``typed`` from one typing slip (:func:`likely_slip` of both normalized), a space left out
    included: ``normalize`` drops a space, so ``دوبال`` → ``دو بال`` (:data:`kavosh.query.edits.GLUED_WORDS`)
    compares equal, and is a slip; so is a fix the word typed begins with whose form with an ending
    (:data:`kavosh.query.known.CLITICS`) the same length as the word typed is a slip of it (``ویتامینس`` →
    ``ویتامین``: ``ویتامینی`` with ``ی`` typed as the key beside it; the table lacks ``ویتامینی``, its term is
    ``ویتامین``'s; not ``دوسمت`` → ``دوست``: ``دوستم`` with two letters swapped, the slip not in the ending)."""
    typed, fixed = norm(typed), norm(fix)
    return likely_slip(typed, fixed) or (" " in fix and typed == fixed) or any(
        len(fixed) + len(c) == len(typed) and typed.startswith(fixed) and likely_slip(typed, fixed + c)
        for c in CLITICS)


KEPT_SLIP_CONTEXT_RATIO = 2.0
"""A slip that keeps every letter of a word held only through its stem or read as a held word + clitic
(:func:`suggest_query`: ``شکات`` → ``شکایت``) acts only when the query's neighbouring words stand near the fix in
this many times as many documents as near the word typed (``1 + n`` each: a fix beside them once, the word typed
never): measured on ParsiNLU's typos and the dev queries' false corrections (``benchmarks/query_forms.py``,
``benchmarks/false_corrections.py``), where a correct name held by its stem (``وست‌لایف``, ``اسکرم``) stands
beside its neighbours and its slip (``وسعت``, ``اسکار``) does not."""

HELD_SLIP_RATIO = 100
"""A word the index holds once is corrected by a slip that keeps its letters (:func:`suggest_query`) only into a
word the index's table counts this many times as often (``استقلا`` → ``استقلال``, 4,432 on the news sample): a
rare name held once and one letter short of a common word (``گایبان``, ``رومن``) is less often a slip."""


HELD_UNLISTED_SLIP_RATIO = 20
"""... and this many times as often when the word list lacks the word typed and holds its slip
:data:`~kavosh.query.known.KNOWN_LEXICON_FREQ`+ times (:func:`_unlisted_slip`): ``تلوزیون`` (one news document) →
``تلویزیون`` (85 in the table, 34 million in the list); a name held once the list holds (``رومن``) still needs
:data:`HELD_SLIP_RATIO`."""


def _unlisted_slip(norm: Callable[[str], str], lexicon: dict[str, int], typed: str, fix: str) -> bool:
    """Whether the word list (``lexicon``: normalized word → frequency) lacks ``typed`` and holds every word of
    ``fix`` :data:`~kavosh.query.known.KNOWN_LEXICON_FREQ`+ times: the word list's witness that ``typed`` is a
    misspelling of ``fix`` rather than a rare word of its own."""
    return lexicon.get(norm(typed)) is None and all(lexicon.get(norm(p), 0) >= KNOWN_LEXICON_FREQ
                                                    for p in fix.split())


def _far_more_often(speller: Speller, typed: str, fix: str, ratio: float = HELD_SLIP_RATIO) -> bool:
    """Whether every word of ``fix`` is in the speller's table ``ratio`` (default :data:`HELD_SLIP_RATIO`) times as
    often as ``typed`` (counted 1 when the table lacks it: seen once)."""
    own = (speller.lookup(speller.normalize(typed)) or ("", 1))[1]
    return all((speller.lookup(speller.normalize(p)) or ("", 0))[1] >= ratio * max(1, own)
               for p in fix.split())


def corrected(query: str, changes: list[tuple[str, str, bool]]) -> Correction | None:
    """``query`` with each change's typed word replaced by its correction, in order from the left
    (a typed word not found after the previous change is skipped); None when nothing changed."""
    out, pos, done = [], 0, []
    for typed, fix, rare in changes:
        at = query.find(typed, pos)
        if at < 0:
            continue
        out.append(query[pos:at] + fix)
        pos = at + len(typed)
        done.append((typed, fix, rare))
    return Correction("".join(out) + query[pos:], tuple(done)) if done else None


def prefer_correction(n_original: int, n_corrected: int) -> bool:
    """True when a correction should run instead of the query as typed.

    Args:
        n_original: documents holding every content word of the query as typed.
        n_corrected: the same for the corrected query.
    Returns:
        True when the original finds no such document and the correction does.  A
        correction never hides a document that holds the words as typed: when there are
        some, it is only offered (did you mean), however much more the correction finds.
    """
    return n_corrected > 0 and n_original == 0
