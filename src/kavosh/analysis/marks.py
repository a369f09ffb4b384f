"""The marks an index term may carry (the index path of :class:`.analyzer.Analyzer`): a stopword's
(:data:`STOP_MARK`), a negated verb form's (:data:`NEG_MARK`), and the join of two terms at one position
(:data:`STACK_MARK`), and a word's surface beside its term (:data:`SURFACE_MARK`).  Each is a control picture,
never in a word.  Re-exported by :mod:`.analyzer`."""

from __future__ import annotations


STOP_MARK = "\u2400"
"""Marks a stopword's term in :meth:`.analyzer.Analyzer.index_terms` (SYMBOL FOR NULL, never in a word):
``در`` is indexed as ``␀در``, at its position, apart from every content term.  Alone, the mark is
an empty position the index drops (the writer's gap between title and text)."""


def stop_term(term: str) -> str:
    """The index term of a stopword whose analysed term is ``term``: ``"در"`` → ``"␀در"``
    (:data:`STOP_MARK` + ``term``)."""
    return STOP_MARK + term


def is_stop_term(term: str) -> bool:
    """Whether an index term is a stopword's (:func:`stop_term`), or the bare mark."""
    return term.startswith(STOP_MARK)


STACK_MARK = "\u2401"
"""Joins two terms at one position inside one space-separated piece of :meth:`.analyzer.Analyzer.index_text`
(SYMBOL FOR START OF HEADING, never in a term): ``خانه\u2401␀ای`` is ``خانه`` and ``␀ای``, both at
that piece's position.  Kind 3 of issue #14: where a spacing decision is ambiguous, both readings
are indexed at one position (see :meth:`.analyzer.Analyzer.free_reading`); the writers give every term of a
piece its position (``index/writer.py`` through tantivy's pre-tokenized text,
``rust/kavosh-index/src/terms.rs``).  Only the index path carries it: :meth:`.analyzer.Analyzer.terms` and
:meth:`.analyzer.Analyzer.analyze` give one reading, one term per position."""


NEG_MARK = "\u2415"
"""Marks the second term of a negated verb form (SYMBOL FOR NEGATIVE ACKNOWLEDGE, never in a word; kind 5
of issue #14, negation): ``نمی‌دهد`` is indexed as ``داد`` and, at the same position (:data:`STACK_MARK`),
``␕داد``; a negated auxiliary's term is marked after the stopword's mark (``نشد``: ``␀شد`` and ``␀␕شد``).
Every form of a verb keeps its one term (a plain query for ``نمی‌دهد`` still finds ``می‌دهد``); a quoted
phrase asks for the marked term (``"نمی دهد"`` finds only the negated form), and a plain query's negated
word has it OR'ed into its leaf, so documents with the negated form rank first
(:func:`kavosh.query.rewrite.add_negation`)."""


def negated_term(term: str) -> str:
    """The index term of the negated reading of a word whose index term is ``term``: ``"داد"`` →
    ``"␕داد"``, ``"␀شد"`` → ``"␀␕شد"`` (:data:`NEG_MARK` after a stopword's mark)."""
    return STOP_MARK + NEG_MARK + term[1:] if term.startswith(STOP_MARK) else NEG_MARK + term


def unmarked_negation(term: str) -> str:
    """``term`` without :data:`NEG_MARK` (``␕داد`` → ``داد``, ``␀␕شد`` → ``␀شد``): the term every form of
    the word gives, as highlighting matches tokens."""
    return term.replace(NEG_MARK, "")


SURFACE_MARK = "\u2416"
"""Marks the surface reading of an inflected word (SYMBOL FOR SYNCHRONOUS IDLE, never in a word; the new user's
finding 3 of issue #14): ``می‌رسم`` is indexed as ``رسید`` and, at the same position (:data:`STACK_MARK`),
``␖میرسم`` — the word as :func:`.tokenize.surface_to_word` gives it (the char filters' letters, half-spaces
and the spaces the tokenizer joins dropped: ``می‌رسم``, ``میرسم`` and ``می رسم`` are one surface term), only
when it differs from the word's term and the word is not a stopword (:meth:`.analyzer.Analyzer.surface_reading`).
A plain query's word whose surface differs from its term has it OR'ed into its leaf (weighed
``search/ranking.py`` ``SURFACE_BOOST``), so documents holding the word as typed rank first among otherwise equal
hits matching every form (:func:`kavosh.query.rewrite.add_surface`).  The completion table, speller and snippets
read stored text, never index terms; the highlighter leaves the reading out (``present/format.py``).  Measured:
``docs/benchmarks.md``, "Analysis round 3q"."""


def surface_term(word: str) -> str:
    """The surface reading's index term of a normalized word: ``"میرسم"`` → ``"␖میرسم"``
    (:data:`SURFACE_MARK` + ``word``)."""
    return SURFACE_MARK + word


def is_surface_term(term: str) -> bool:
    """Whether an index term is a surface reading (:func:`surface_term`): ``"␖میرسم"`` → True, ``"رسید"`` → False."""
    return term.startswith(SURFACE_MARK)


def without_surface(entries: list[str]) -> list[str]:
    """Index terms (:meth:`.analyzer.Analyzer.index_terms`' entries) with every surface reading left out:
    ``["رسید\u2401␖میرسم", "␀در"]`` → ``["رسید", "␀در"]`` (:data:`SURFACE_MARK`); for comparing the other
    readings of two texts, which differ in their surfaces by design."""
    return [STACK_MARK.join(t for t in e.split(STACK_MARK) if not is_surface_term(t)) for e in entries]


def piece_terms(piece: str) -> list[str]:
    """The terms of one space-separated piece of :meth:`.analyzer.Analyzer.index_text`, all at one position:
    ``"خانه\u2401␀ای"`` → ``["خانه", "␀ای"]``; ``"کتاب"`` → ``["کتاب"]`` (:data:`STACK_MARK`)."""
    return piece.split(STACK_MARK)
