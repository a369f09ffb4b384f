"""What the parser makes of a query (:mod:`kavosh.query.parse`): its leaves (:class:`Clause`, each with its
:class:`Occur`), the whole parse (:class:`ParsedQuery`), and the notes on how a query ran (:class:`Note`)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum
from typing import TYPE_CHECKING

from .groups import Group, excluded_group

if TYPE_CHECKING:
    from .date_filters import DateFilter
    from .filters import Filter


class Note(str):
    """A note on how a query ran: its English text, with a ``code`` and ``details`` so that
    other languages can say it too (it is a ``str``, so JSON and the CLI show the English)."""

    code: str
    details: dict

    def __new__(cls, text: str, code: str, **details) -> Note:
        note = super().__new__(cls, text)
        note.code, note.details = code, details
        return note

    def __reduce__(self):
        return (_note, (str(self), self.code, self.details))


def _note(text: str, code: str, details: dict) -> Note:
    return Note(text, code, **details)


class Occur(StrEnum):
    """How a clause takes part: optional (``should``), required, or excluded."""

    SHOULD = "should"
    MUST = "must"
    MUST_NOT = "must_not"


@dataclass
class Clause:
    """One leaf of the query.

    Attributes:
        kind: ``"term"``, ``"phrase"`` or ``"prefix"``.
        terms: analysed terms (one for term/prefix; the prefix is normalized, not stemmed).
        words: the normalized words before stemming (parallel to ``terms``).
        text: the user's original text of the leaf.
        occur: :class:`Occur`.
        field: ``None`` for title and body, ``"title"``/``"body"``, or a declared text field's name.
        follows: true when this clause is the next word after the previous
            clause in plain text (no operator or dropped word between them).
        alternatives: other spellings of the same leaf, each a list of terms
            (one term, or several for a phrase); added by query rewrites.
        derived: added by a rewrite, not typed by the user as such.
        offsets: for a phrase, each term's position in it (``None``: consecutive).
        boost: the weight typed after it (``title:ایران^2``, ``"زبان فارسی"^1.5``), 1 by default.
        group: the index in :attr:`ParsedQuery.groups` of the innermost bracketed group it is a member
            of (its ``occur`` is then its part in that group), or ``None`` for the query itself.
    """

    kind: str
    terms: list[str]
    words: list[str]
    text: str
    occur: Occur = Occur.SHOULD
    field: str | None = None
    follows: bool = False
    alternatives: list[list[str]] = dc_field(default_factory=list)
    derived: bool = False
    offsets: list[int] | None = None
    boost: float = 1.0
    group: int | None = None


@dataclass
class ParsedQuery:
    """The parse of one query string.

    Attributes:
        original: the query as typed.
        clauses: the clauses that will run.
        stops: the plain query's optional stopwords, which are not clauses:
            ``(number of clauses before it, its marked term, its normalized word, its text)`` in
            typed order.
        date_filters: ``date:`` filters (all must hold; they do not score).
        filters: filters on declared fields (:mod:`kavosh.query.filters`; they do not score).
        dropped_operators: ``AND``/``OR``/``NOT`` at the end of the query, which apply to nothing.
        groups: the bracketed groups that change matching (:class:`Group`; a group of optional words
            alone, ``(الف OR ب) ج``, or of required words alone, ``+(الف AND ب)``, is the same as its
            members standing in the query and is not kept: :func:`simplify_groups`).
        depth: the deepest nesting of brackets as typed (checked against a limit:
            :attr:`kavosh.query.limits.Limits.depth`).
    """

    original: str
    clauses: list[Clause] = dc_field(default_factory=list)
    stops: list[tuple[int, str, str, str]] = dc_field(default_factory=list)
    dropped_operators: list[str] = dc_field(default_factory=list)
    date_filters: list[DateFilter] = dc_field(default_factory=list)
    filters: list[Filter] = dc_field(default_factory=list)
    groups: list[Group] = dc_field(default_factory=list)
    depth: int = 0

    @property
    def positive(self) -> list[Clause]:
        """Clauses that can match (optional or required): neither excluded nor in an excluded group."""
        return [c for c in self.clauses if c.occur != Occur.MUST_NOT and not excluded_group(self.groups, c.group)]
