"""Bracketed groups of a query: which ones change matching, and how they nest.

The parser (:func:`kavosh.query.parse.parse`) keeps a query's leaves flat — every rewrite (layout,
Finglish, spelling, names, compounds, synonyms) and every later stage reads them as a list — and
records each bracketed group as a :class:`Group`; a leaf names its innermost group.  Search
(:func:`kavosh.search.ranking.build_query`) nests each group's members in one boolean query that takes
the group's part in its parent: ``ایران AND (زلزله OR سیل)`` requires ایران and either of the other
two, as in Lucene's classic query parser.

:func:`simplify_groups` leaves out the groups that are the same as their members standing in the
parent (``(الف OR ب) ج``, ``+(الف AND ب)``, ``-(الف OR ب)``, a group of one), so a query
without such brackets is planned exactly as before groups existed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import QuerySyntaxError

SHOULD, MUST, MUST_NOT = "should", "must", "must_not"  # kavosh.query.parse.Occur's values (a StrEnum)


@dataclass
class Group:
    """A bracketed group that changes which documents match (``+(زلزله OR سیل)``, ``-(الف AND ب)``,
    ``(الف AND ب) OR ج``).  Its members are the clauses and groups naming it as their ``group``
    (by index in :attr:`kavosh.query.parse.ParsedQuery.groups`); it matches as one boolean of them.

    Attributes:
        occur: its part in its parent (:class:`kavosh.query.parse.Occur`: optional, required, excluded).
        parent: the index of the group it is in, or ``None`` for the query itself.
        text: the user's text of the group, brackets included.
    """

    occur: str
    parent: int | None
    text: str


def excluded_group(groups, at: int | None) -> bool:
    """Whether the group ``at`` (an index into ``groups``, each with ``occur`` and ``parent``) or one
    around it is excluded (``-(…)``, ``NOT (…)``); ``None`` (the query itself) is not."""
    while at is not None:
        if groups[at].occur == MUST_NOT:
            return True
        at = groups[at].parent
    return False


def simplify_groups(clauses: list, groups: list[Group]) -> None:
    """Dissolve, in place, each group that matches exactly as its members would in its parent, giving
    them its part (``occur``), then renumber the groups left (a parent before its children).

    A group dissolves when it is optional with optional members (``(الف OR ب)``), required with
    required members (``+(الف AND ب)``), excluded with optional members (``-(الف OR ب)``: none of
    them), has one member that is not excluded, or has no member at all.  Inner groups are looked at
    first (a group's index is larger than its parent's), so ``+(الف OR (ب OR ج))`` keeps one group of
    three.

    Args:
        clauses: the query's clauses (each with ``occur`` and ``group``), changed in place.
        groups: the query's groups, changed in place.
    """
    if not groups:
        return
    alive = [True] * len(groups)
    for g in reversed(range(len(groups))):
        group = groups[g]
        own = [c for c in clauses if c.group == g]
        inner = [h for h in range(g + 1, len(groups)) if alive[h] and groups[h].parent == g]
        occurs = {c.occur for c in own} | {groups[h].occur for h in inner}
        size = len(own) + len(inner)
        if size == 0 or (occurs == {SHOULD} and group.occur in (SHOULD, MUST_NOT)) or (
                occurs == {MUST} and group.occur == MUST) or (size == 1 and occurs <= {SHOULD, MUST}):
            for member in own + [groups[h] for h in inner]:
                member.occur = group.occur
            for c in own:
                c.group = group.parent
            for h in inner:
                groups[h].parent = group.parent
            alive[g] = False
    index = {}
    for g, keep in enumerate(alive):
        if keep:
            index[g] = len(index)
    for c in clauses:
        c.group = index[c.group] if c.group is not None else None
    kept = [groups[g] for g in index]
    for group in kept:
        group.parent = index[group.parent] if group.parent is not None else None
    groups[:] = kept


def closing(query: str, at: int) -> int:
    """The index of the ``)`` closing the ``(`` at ``at`` (quotes skipped; balance already checked)."""
    depth, quoted = 0, False
    for k in range(at, len(query)):
        ch = query[k]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
            if depth == 0:
                return k
    return len(query)


def check_brackets(query: str) -> None:
    """Raise :class:`QuerySyntaxError` naming the position (1-based) of a ``(`` never closed or a
    ``)`` never opened; parentheses inside quotes do not count."""
    if "(" not in query and ")" not in query:  # most queries: nothing to balance
        return
    opened: list[int] = []
    quoted = False
    for k, ch in enumerate(query):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            opened.append(k)
        elif ch == ")":
            if not opened:
                raise QuerySyntaxError(f"unbalanced parentheses: the ) at position {k + 1} closes no (",
                                       "group", position=k + 1, char=")")
            opened.pop()
    if opened:
        at = opened[-1] + 1
        raise QuerySyntaxError(f"unbalanced parentheses: the ( at position {at} is never closed",
                               "group", position=at, char="(")
