"""Evidence that Persian words were typed on the Persian layout while meaning Latin ones (issue #14 kinds 11, 13).

:func:`kavosh.query.layout.choose_layout` reads every Persian word as the US keys that type it (``حغفاخد`` →
``python``) and takes that reading when the index holds it and not the words as typed.  A correctly typed word the
index happens to lack is then as "missing" as a word typed on the wrong layout, and a key reading held by a single
document ran instead of it: ``مانگو`` (mango) on Hamshahri + news ran as ``lhk',`` (``lhk`` in one document, an
OCR slip).  :func:`latin_reading_evidence` asks three more things of such a reading before it runs:

1. it reads as Latin words: no converted word holds a key that types a Persian letter but is a mark on the US
   layout (:data:`LATIN_MARK_KEYS`: ``'`` is گ, ``,`` و, ``;`` ک, ``[`` ج, ``]`` چ) — Latin words are letters,
   and most Persian words hold one of these letters (``مانگو`` → ``lhk',``, ``مسجد`` → ``ls[n``);
2. the words typed are no words of the analyzer's word list (:func:`kavosh.query.known.is_known` at
   :data:`kavosh.query.known.WORD_LIST_FREQ`; more than half of them when there are several): ``سپس`` ("then") is
   not ``sms``, ``اهر`` (the city) not ``hiv``;
3. the index holds it far more than the words as typed, counting each typed word's own documents and its
   readings' — its sound-alike spellings (:func:`kavosh.query.alternatives.sound_alike_spellings`) and its Latin
   spellings as a name (:func:`kavosh.query.names.other_script`) — the most held of them: the key reading's rarest
   term must be in :data:`~kavosh.query.layout.RATIO` times as many documents, and in
   :data:`~kavosh.query.layout.MIN_SUPPORT`+ when the typed words have any.  A word typed on the wrong layout is
   no Persian spelling and mostly has none (``زمخدث`` → ``clone``, in one document, still runs).  Words one slip
   away are no reading here: a short key string (``شهیس``, ``aids``) is one slip from a common word (``شهید``).

A Latin word read as the Persian letters its keys type (a Persian layout's reading) is asked two things more
(:func:`persian_reading_evidence`): a common English word's reading (``film`` → ``بهمئ``) must be written as a word of
the word list, and a one-term reading in fewer than :data:`~kavosh.query.layout.MIN_SUPPORT` documents must be held
far more than the typed word's Persian spelling as a name.  ``java`` ran as ``تشرش`` (its keys on ISIRI 9147), one
Hamshahri document's slip for ``تشر``, while another writes ``جاوه`` (Java): a Latin word the index lacks is as
"missing" as one typed on the wrong layout (issue #14 kinds 9 and 11).
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analyzer
from ..index.stats import IndexStats
from .alternatives import sound_alike_spellings
from .finglish import is_common_english
from .known import WORD_LIST_FREQ, is_known
from .layout import _SYNTAX, MIN_SUPPORT, RATIO, Support, support
from .names import other_script
from .vocabulary import Vocabulary

LATIN_MARK_KEYS = frozenset("',;[]")
"""US keys that type a Persian letter on the Persian layouts (``'`` گ, ``,`` و, ``;`` ک, ``[`` ج, ``]`` چ) but
a mark on the US one: a Latin word typed on the Persian layout holds none of these letters."""


def converted_words(query: str, conv: str) -> list[tuple[str, str]]:
    """The ``(typed word, converted word)`` pairs of a conversion (syntax such as ``+``, ``title:``, quotes and
    ``*`` taken off both), for the words the conversion changed.  ``conv`` is ``query`` converted word by word
    (:func:`kavosh.query.layout.candidates`): the same words, split on the same spaces."""
    out = []
    for typed, read in zip(query.split(" "), conv.split(" "), strict=False):
        if typed == read:
            continue
        m, n = _SYNTAX.match(typed), _SYNTAX.match(read)
        out.append((m.group(2) if m else typed, n.group(2) if n else read))
    return out


def latin_reading_evidence(query: str, conv: str, conv_support: Support, analyzer: Analyzer,
                           doc_freq: Callable[[str], int], readings: Callable[[str], int]) -> bool:
    """Whether the Latin-key reading ``conv`` of ``query`` (kind ``"latin"``) may run instead of it: its words read
    as Latin words, the typed words are not the word list's, and the index holds the reading far more than the
    typed words with their readings (the module's three tests).

    Args:
        query: the query as typed (Persian words).
        conv: its reading as the US keys that type it (:func:`kavosh.query.layout.candidates`).
        conv_support: ``conv``'s :class:`~kavosh.query.layout.Support` (document frequencies of its terms).
        analyzer: the index's analyzer (its ``lexicon_freq`` and ``normalize_term``).
        doc_freq: document frequency of a term.
        readings: ``typed word → documents`` of its most held reading (0 for none), asked only when the first
            two tests pass.
    """
    pairs = converted_words(query, conv)
    if not pairs:
        return True
    if any(not LATIN_MARK_KEYS.isdisjoint(read) for _typed, read in pairs):
        return False
    norm, lexicon = analyzer.normalize_term, analyzer.lexicon_freq
    keys = [norm(typed) for typed, _read in pairs]
    if 2 * sum(is_known(k, lexicon, WORD_LIST_FREQ) for k in keys) > len(keys):
        return False
    held = min(max(support(typed, analyzer, doc_freq).weakest, readings(typed) if key else 0)
               for (typed, _read), key in zip(pairs, keys, strict=True))
    if not held:
        return True
    return conv_support.weakest >= max(MIN_SUPPORT, RATIO * held)


def persian_reading_evidence(query: str, conv: str, conv_support: Support, analyzer: Analyzer,
                             names: Callable[[str], int]) -> bool:
    """Whether a Persian layout's reading ``conv`` of the Latin words of ``query`` (``jivhk`` → ``تهران``), whose
    :class:`~kavosh.query.layout.Support` is ``conv_support``, may run instead of it: a common English word's reading
    (:func:`kavosh.query.finglish.is_common_english`) must be written as a word the analyzer's word list holds whole
    :data:`kavosh.query.known.WORD_LIST_FREQ`+ times (its clitic rules aside: ``فیلم film`` is not ``فیلم بهمئ``,
    whose ``به`` any document holds), and a reading of one term in fewer than :data:`~kavosh.query.layout.MIN_SUPPORT`
    documents must be held :data:`~kavosh.query.layout.RATIO` times as often as the typed word's spelling as a name
    (``names``: its documents, 0 for none; :func:`kavosh.query.names.other_script`): ``java`` is not ``تشرش``, one
    document's slip, where a document writes ``جاوه``; ``krhadox`` (``نقاشیخط``, one PQuAD passage) has no such
    spelling and still runs."""
    lexicon, norm = analyzer.lexicon_freq, analyzer.normalize_term
    pairs = converted_words(query, conv)
    if not all(lexicon.get(norm(read), 0) >= WORD_LIST_FREQ for typed, read in pairs if is_common_english(typed)):
        return False
    if len(conv_support.terms) != 1 or conv_support.weakest >= MIN_SUPPORT:
        return True
    return conv_support.weakest >= RATIO * max((names(typed) for typed, _read in pairs), default=0)


def layout_accept(query: str, analyzer: Analyzer, stats: IndexStats,
                    vocabulary: Callable[[], Vocabulary]) -> Callable[[str, str, Support], bool]:
    """:func:`kavosh.query.layout.choose_layout`'s ``accept`` for ``query`` over the index ``stats`` reads
    (:func:`kavosh.query.choose.rewrite_layout`): a Persian layout's reading of Latin words must pass
    :func:`persian_reading_evidence`; a ``"latin"`` reading (Persian words read as the US keys typing them) must pass
    :func:`latin_reading_evidence`, a typed word's
    readings being its sound-alike spellings (:func:`kavosh.query.alternatives.sound_alike_spellings`) and its
    Latin spellings as a name (:func:`kavosh.query.names.other_script`) the index holds, by their documents."""
    doc_freq = stats.doc_freq

    def readings(word: str) -> int:
        held = [doc_freq(t[0]) for v in sound_alike_spellings(analyzer.normalize_term(word))
                if len(t := analyzer.terms(v)) == 1]
        held += [doc_freq(t[0]) for t in other_script(word, vocabulary(), analyzer, doc_freq) if len(t) == 1]
        return max(held, default=0)

    def names(word: str) -> int:
        return max((doc_freq(t[0]) for t in other_script(word, vocabulary(), analyzer, doc_freq) if len(t) == 1),
                   default=0)

    def accept(name: str, conv: str, conv_support: Support) -> bool:
        if name != "latin":  # a Latin word read on a Persian layout: java is not تشرش, held once
            return persian_reading_evidence(query, conv, conv_support, analyzer, names)
        return latin_reading_evidence(query, conv, conv_support, analyzer, doc_freq, readings)

    return accept
