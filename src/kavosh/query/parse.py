"""Parse the Kavosh query syntax into a flat list of clauses (and their groups), analysing every leaf.

Syntax (a subset of Lucene's classic query syntax, which users already know):

* ``word word`` — optional terms, ranked by BM25 (OR);
* ``+word`` required, ``-word`` excluded; ``a AND b``, ``a OR b``, ``NOT a``;
* ``( … )`` — a group: ``ایران AND (زلزله OR سیل)``, ``+(زلزله OR سیل)``, ``-(الف AND ب)`` require or
  exclude the group as a whole (:mod:`kavosh.query.groups`), nested up to
  :attr:`kavosh.query.limits.Limits.depth` deep;
* ``"a phrase"`` — the words in order (with the same analysis);
* ``title:word`` / ``title:"a phrase"`` — only in the title (also ``body:``);
* ``prefix*`` — every term that starts with the normalized prefix;
* ``word^2``, ``title:ایران^2``, ``"a phrase"^1.5`` — weigh a leaf more (or less: ``^0.5``)
  than the others (0 to :data:`MAX_BOOST`);
* ``date:1403-09`` — a filter, not a word: documents dated in that Jalali month
  (``date:1403`` a year, ``date:1403/09/01`` a day, ``date:2024-11`` a Gregorian
  month; ``date:"فروردین ۱۳۸۷"`` a month by name, quoted; ``date:>=1403/01/01``,
  ``date:<2024-12-01``, also ``>`` and ``<=``; ``-date:…`` excludes).
  Values are read by :func:`kavosh.ingest.dates.parse_date_range`;
* ``category:ورزشی``, ``tags:(فوتبال OR والیبال)``, ``views:>1000``, ``views:100..500``,
  ``published:1403-09``, ``breaking:true`` — filters on the index's declared fields
  (:mod:`kavosh.query.filters`; ``-category:…`` excludes); ``author:word`` searches a
  declared text field.  A name before ``:`` that is not a field of the index is an error
  listing the fields it has (a name in Latin letters; ``https://…`` and text such as
  ``ساعت:۱۰`` stay words).

Plain text between operators is analysed as a whole, so a word and a suffix
written apart (``شبکه های``) stay one term, exactly as in documents.

Stopwords are indexed at their positions as marked terms
(:func:`kavosh.analysis.analyzer.stop_term`, issue #14 kind 0).  In a quoted phrase they are
words of the phrase (``"او نیز آمد"`` holds all three, in order); a plain query's optional
stopwords are never clauses (a document need not hold them, and their long posting lists are
not read to score it): they are kept, in typed order, in :attr:`ParsedQuery.stops`, and count in
the ranking of the documents the other words found (the exact-phrase and proximity bonuses:
:attr:`kavosh.query.plan.QueryPlan.sequence`), as Elasticsearch's ``common`` terms query scores
high-frequency terms only within the matches of the low-frequency ones.  A stopword the user
asked for (``+و``, ``-و``, ``title:و``), and every stopword of a query that has no other word
(``اما چرا``), is a required clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis import Analyzer
from ..index.fields import BUILTIN_FIELDS, FieldConfig, Kind
from .clauses import Clause, Note, Occur, ParsedQuery  # noqa: F401 (re-exported: the query stage reads them here)
from .date_filters import DateFilter, DateFilterError, date_filter  # noqa: F401 (re-exported, as above)
from .errors import QuerySyntaxError, empty_message, shown_text  # noqa: F401 (re-exported, as above)
from .filters import DATE_FIELD, MISSING, FilterError, UnknownFieldError, parse_filter
from .groups import Group, check_brackets, closing, simplify_groups

MAX_QUERY_CHARS = 1000
FIELD_NAMES = ("title", "body", "text")
FILTER_NAMES = ("date",)
assert FIELD_NAMES + FILTER_NAMES == BUILTIN_FIELDS  # the index's list of built-in names is the one list


def known_fields(fields: FieldConfig | None = None) -> tuple[str, ...]:
    """Every name a query may put before ``:``: the searched fields, the filters, then the fields the
    index declares (:meth:`kavosh.index.fields.FieldConfig.known`, the one list the parser accepts and
    the unknown-field error shows)."""
    return tuple((fields or FieldConfig()).known())


_BOUNDARY = re.compile(r'"|[()]|(?<![^\s(])[+-](?=\S)|(?<![^\s(])(?:AND|OR|NOT)(?![^\s)])'
                       r'|(?<![^\s(])(?:title|body|text|date):'
                       r"|(?<![^\s(])[A-Za-z_][A-Za-z0-9_.]*:(?=[^/]|$)|(?<![^\s(])[^\W\d]\w*:(?=\S)")
_NON_SPACE = re.compile(r"\S*")
_OPERATOR = re.compile(r"(AND|OR|NOT)(?![^\s)])")
_FIELD = re.compile(r"(title|body|text):")
_EMPTY_FIELD = re.compile(r"([^\W\d][\w.]*):(?=\s|$)")
"""``name:`` with nothing after it (``title:``, ``category: ورزشی``): an error for a field of the index."""
_DATE = re.compile(r"date:(\S*)")
MAX_BOOST = 100.0
_BOOST = re.compile(r"\^(\d+(?:\.\d+)?|\.\d+)(?!\S)")
_WORD_BOOST = re.compile(r"(?<=\S)\^(\d+(?:\.\d+)?|\.\d+)(?!\S)")


def _boost_value(text: str) -> float:
    value = float(text)
    if value > MAX_BOOST:
        raise QuerySyntaxError(f"a boost of {text}; the limit is {MAX_BOOST:g}", "limit", limit="boost",
                               maximum=MAX_BOOST, value=value)
    return value


_NAMED = re.compile(r"([^\W\d][\w.]*):(?=\S)")
"""``name:`` followed by a value: a declared field, or (Latin letters) an unknown one."""
_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")


def _value_end(query: str, j: int, in_group: bool = False) -> int:
    """End of a filter value starting at ``query[j]``: a quoted string, a ``(…)`` group, or up to a space
    (``in_group``: or up to the ``)`` closing the group it is in: ``(tags:یک)`` filters on ``یک``)."""
    if query[j] == '"':
        return query.index('"', j + 1) + 1  # quotes are balanced (checked first)
    if query[j] == "(":
        return closing(query, j) + 1  # parentheses are balanced (checked first)
    end = _NON_SPACE.match(query, j).end()
    if in_group and ")" in query[j:end]:
        end = query.index(")", j)
    return end


def _field_kind(name: str, value_start: str, fields: FieldConfig, position: int) -> Kind | None:
    """What ``name:`` (at 1-based ``position``) is: a declared field's kind, or ``None`` (words;
    built-in names are read before).

    Raises:
        UnknownFieldError: a Latin-letter name that is not a field (``foo:کتاب``), except URLs;
            the message lists :func:`known_fields`.
    """
    if name in BUILTIN_FIELDS:
        return None
    kind = fields.kind(name)
    if kind is not None:
        return kind
    if _ASCII_NAME.match(name) and value_start != "/":
        raise UnknownFieldError(name, list(known_fields(fields)), position=position)
    return None


QUOTE_MARKS = str.maketrans(dict.fromkeys("«»“”„", '"'))
"""Typographic quotation marks read as ``"``: the Persian guillemets ``«…»`` (Persian typography's quotation
marks, on the Persian keyboard, and what Kavosh prints around a query) and curly quotes (phones and word
processors) make a phrase as ``"…"`` does; a new user's ``«جام جهانی»`` had been two plain words."""

_QUOTE_MARK = re.compile("[«»“”„]")
"""A character :data:`QUOTE_MARKS` changes (most queries hold none: ``str.translate`` of a Persian text with a
``dict`` table costs ~25 ns a character)."""


def plain_quotes(text: str) -> str:
    """``text`` with its quotation marks as ``"``: ``text.translate(QUOTE_MARKS)``, or ``text`` when it holds none."""
    return text.translate(QUOTE_MARKS) if _QUOTE_MARK.search(text) else text


def _filter_or(text: str, kind: Kind | None) -> FilterError:
    """The error for ``OR`` beside a filter (``tags:یک OR tags:دو``): filters all hold and add nothing to the
    score, so an OR joining one to anything else would be dropped silently (a new user's query found nothing
    and said nothing); the alternatives of one field are written in one filter (``kind``: the field's,
    ``None`` for the built-in ``date``)."""
    name = text.lstrip("+-").split(":", 1)[0]
    way = {Kind.KEYWORD: f"{name}:(a OR b)", Kind.KEYWORDS: f"{name}:(a OR b)", Kind.NUMBER: f"a range, {name}:10..20",
           Kind.DATE: f"a range, {name}:1402..1403", None: f"a range, {name}:1402..1403"}.get(kind)
    return FilterError(f"OR cannot join the filter {text} to another clause: every filter must hold"
                       + (f"; for either of two values write {way}" if way else ""), field=name)


def parse(query: str, analyzer: Analyzer, fields: FieldConfig | None = None) -> ParsedQuery:
    """Parse ``query`` with ``analyzer`` applied to every leaf.

    Args:
        query: the user's query string.
        analyzer: the analyzer the index was built with.
        fields: the index's declared fields (:mod:`kavosh.index.fields`); none when ``None``.
    Returns:
        :class:`ParsedQuery` with at least one positive clause or one filter that keeps documents.
    Raises:
        QuerySyntaxError: empty query, unbalanced quotes or ``(``, only
            excluded terms, a ``date:`` value that is not a date, a query longer than
            :data:`MAX_QUERY_CHARS`, a filter value that does not fit its field
            (:class:`kavosh.query.filters.FilterError`) or an unknown field
            (:class:`kavosh.query.filters.UnknownFieldError`, listing the known ones).
            A query of filters alone is valid.
    """
    fields = fields or FieldConfig()
    query = plain_quotes(query)
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}",
                               "too_long", length=len(query), limit=MAX_QUERY_CHARS)
    if query.count('"') % 2:
        at = query.rfind(chr(34)) + 1
        raise QuerySyntaxError(f'unbalanced quotes: the " at position {at} is never closed', "quote", position=at)
    check_brackets(query)
    parsed = ParsedQuery(query)
    i, n = 0, len(query)
    occur_next: Occur | None = None
    field_next: str | None = None
    frames: list[_Frame] = []  # the bracketed groups being read, outermost first
    last: Clause | Group | None = None  # the last clause or group at this level (an AND makes it required)
    after_filter: tuple[str, Kind | None] | None = None  # the filter just read (an OR after it is refused: _filter_or)
    last_filter: tuple[str, Kind | None] | None = None  # the last filter read (its text and kind)
    while i < n:
        group = frames[-1].group if frames else None
        group_field = next((f.field for f in reversed(frames) if f.field is not None), None)
        if field_next is None and group_field is not None:
            field_next = group_field
        if query[i].isspace():
            i += 1
            continue
        previous_filter, after_filter = after_filter, None
        at_word_start = i == 0 or query[i - 1].isspace() or query[i - 1] == "("
        m = _OPERATOR.match(query, i) if at_word_start else None
        if m:
            op = m.group(1)
            if op == "OR" and previous_filter is not None:
                raise _filter_or(*previous_filter)
            if not query[m.end():].strip():  # nothing after it: it applies to nothing (said in a note)
                parsed.dropped_operators.append(op)
            if op == "AND":
                if last is not None and last.occur == Occur.SHOULD:
                    last.occur = Occur.MUST
                occur_next = Occur.MUST
            elif op == "NOT":
                occur_next = Occur.MUST_NOT
            else:
                occur_next = Occur.SHOULD
            i = m.end()
            continue
        if query[i] == "(":  # a group: its members match as one (Lucene's brackets)
            parsed.groups.append(Group(occur_next or Occur.SHOULD, group, query[i:closing(query, i) + 1]))
            frames.append(_Frame(len(parsed.groups) - 1, field_next, len(parsed.clauses), len(parsed.stops),
                                 occur_next == Occur.SHOULD, len(parsed.filters) + len(parsed.date_filters)))
            parsed.depth = max(parsed.depth, len(frames))
            occur_next = field_next = last = None
            i += 1
            continue
        if query[i] == ")":  # balanced (checked first)
            frame = frames.pop()
            _close(parsed, frame)
            if len(parsed.filters) + len(parsed.date_filters) > frame.filters:  # (tags:یک) OR …: refused
                after_filter = last_filter
            last, occur_next, field_next = parsed.groups[frame.group], None, None
            i += 1
            continue
        if at_word_start and query[i] in "+-" and i + 1 < n and not query[i + 1].isspace():
            occur_next = Occur.MUST if query[i] == "+" else Occur.MUST_NOT
            i += 1
            continue
        m = _DATE.match(query, i) if at_word_start or query[i - 1] in "+-" else None
        if m:
            if m.group(1).startswith('"') and not m.group(1).startswith(MISSING):  # date:"فروردین ۱۳۸۷"
                end = _value_end(query, m.start(1))
                value, text = query[m.start(1) + 1:end - 1].strip(), query[i:end]
            else:
                end = query.index(")", m.start(1)) if frames and ")" in m.group(1) else m.end()  # (date:1403)
                value, text = query[m.start(1):end], query[i:end]
            if not value:
                raise DateFilterError("date: needs a date after it, e.g. date:1403-09 or date:>=2024-11-01",
                                      value="")
            if occur_next == Occur.SHOULD or any(f.ored for f in frames):
                raise _filter_or(text, None)
            after_filter = last_filter = text, None
            if value == MISSING:  # date:"": the undated documents, as any field's "no value" filter
                parsed.filters.append(parse_filter(DATE_FIELD, value, fields, occur_next == Occur.MUST_NOT, text))
            else:
                parsed.date_filters.append(date_filter(
                    value, text, Occur.MUST_NOT if occur_next == Occur.MUST_NOT else Occur.MUST))
            occur_next = field_next = None
            i = end
            continue
        m = _EMPTY_FIELD.match(query, i) if at_word_start or query[i - 1] in "+-" else None
        if m and m.group(1) not in BUILTIN_FIELDS and fields.kind(m.group(1)) is None \
                and _ASCII_NAME.match(m.group(1)):  # foo: alone, as foo:کتاب, names the fields there are
            raise UnknownFieldError(m.group(1), list(known_fields(fields)), position=i + 1)
        if m and (m.group(1) in FIELD_NAMES or fields.kind(m.group(1)) is not None):
            raise QuerySyntaxError(f"{m.group(1)}: needs a value right after the colon, e.g. {m.group(1)}:"
                                   + ("کتاب" if m.group(1) in FIELD_NAMES or fields.kind(m.group(1)) == Kind.TEXT
                                      else f"VALUE ({m.group(1)}:{MISSING} for documents with no value)"),
                                   "field_value", field=m.group(1), position=i + 1)
        m = _FIELD.match(query, i) if at_word_start or query[i - 1] in "+-" else None
        if m:  # title:word, or title:( … ): the field holds for the whole group
            field_next = "title" if m.group(1) == "title" else "body"
            i = m.end()
            continue
        m = _NAMED.match(query, i) if at_word_start or query[i - 1] in "+-(" else None
        kind = _field_kind(m.group(1), query[m.end()], fields, i + 1) if m else None
        if kind == Kind.TEXT:  # author:word, or author:( … ) for the whole group
            field_next = m.group(1)
            i = m.end()
            continue
        if kind is not None:
            end = _value_end(query, m.end(), bool(frames))
            if occur_next == Occur.SHOULD or any(f.ored for f in frames):
                raise _filter_or(query[i:end], kind)
            after_filter = last_filter = query[i:end], kind
            parsed.filters.append(parse_filter(m.group(1), query[m.end():end], fields,
                                               exclude=occur_next == Occur.MUST_NOT, text=query[i:end]))
            occur_next = field_next = None
            i = end
            continue
        if query[i] == '"':
            j = query.index('"', i + 1)
            text = query[i + 1:j]
            toks = analyzer.analyze(text)
            bm = _BOOST.match(query, j + 1)
            if toks:  # every word, stopwords included (marked terms: the index holds them); a negated verb
                # form asks for its negated reading (نمی‌دهد: ␕داد, never می‌دهد)
                last = Clause("phrase" if len(toks) > 1 else "term", [analyzer.phrase_term(t) for t in toks],
                              [t.word for t in toks], query[i:j + 1], occur_next or Occur.SHOULD, field_next,
                              boost=_boost_value(bm.group(1)) if bm else 1.0, group=group)
                parsed.clauses.append(last)
            occur_next = field_next = None
            i = bm.end() if bm else j + 1
            continue
        b = _BOUNDARY.search(query, i + 1)
        end = b.start() if b else n
        window = query[i:end]
        boosts = {}  # end of a word in the window -> its ^boost; the ^N itself is blanked out
        for bm in _WORD_BOOST.finditer(window):
            boosts[bm.start()] = _boost_value(bm.group(1))
            window = window[:bm.start()] + " " * (bm.end() - bm.start()) + window[bm.end():]
        toks = analyzer.analyze(window)
        prev_kept = False
        for k, t in enumerate(toks):
            occur = (occur_next or Occur.SHOULD) if k == 0 else Occur.SHOULD
            fld = field_next if k == 0 else group_field
            text = window[t.start:t.end]
            if window[t.end:t.end + 1] == "*":
                last = Clause("prefix", [t.word], [t.word], text + "*", occur, fld, group=group)
                prev_kept = False
            elif (stop := analyzer.is_stopword(t)) and occur == Occur.SHOULD and fld is None:  # asked once a token
                parsed.stops.append((len(parsed.clauses), analyzer.index_term(t), t.word, text))
                prev_kept = False
                continue
            elif stop:  # asked for: +و, -و, title:و
                last = Clause("term", [analyzer.index_term(t)], [t.word], text, occur, fld,
                              boost=boosts.get(t.end, 1.0), group=group)
                prev_kept = False
            else:
                last = Clause("term", [t.term], [t.word], text, occur, fld, follows=prev_kept and k > 0,
                              boost=boosts.get(t.end, 1.0), group=group)
                prev_kept = True
            parsed.clauses.append(last)
        if toks:
            occur_next = field_next = None
        i = end
    simplify_groups(parsed.clauses, parsed.groups)
    if not parsed.positive and parsed.stops:  # no other word: the stopwords are what was asked for
        at = 0
        for k, term, word, text in parsed.stops:  # each at its place among the excluded clauses
            parsed.clauses.insert(k + at, Clause("term", [term], [word], text, Occur.MUST))
            at += 1
        parsed.stops.clear()
    if not parsed.positive and not any(f.occur == Occur.MUST for f in parsed.date_filters) and not any(
            not f.exclude for f in parsed.filters):
        if parsed.clauses or parsed.date_filters or parsed.filters:
            raise QuerySyntaxError("the query only excludes terms; add a term to search for", "negative")
        raise QuerySyntaxError(empty_message(query), "empty")
    return parsed


@dataclass
class _Frame:
    """A bracketed group being read: its index in :attr:`ParsedQuery.groups`, the field it gives its
    words (``title:( … )``), and how many clauses and optional stopwords there were when it opened."""

    group: int
    field: str | None
    clauses: int
    stops: int
    ored: bool = False  # an OR stands before it (a filter inside is refused: _filter_or)
    filters: int = 0  # filters read before it opened (one read inside it refuses an OR after it)


def _close(parsed: ParsedQuery, frame: _Frame) -> None:
    """At a group's ``)``: a required or excluded group of stopwords alone (``+(و OR از)``) holds them as its
    words (they were asked for), as a query of stopwords alone does; in an optional group they stay
    optional stopwords."""
    group = parsed.groups[frame.group]
    if len(parsed.clauses) == frame.clauses and len(parsed.stops) > frame.stops and group.occur != Occur.SHOULD:
        for _k, term, word, text in parsed.stops[frame.stops:]:
            parsed.clauses.append(Clause("term", [term], [word], text, Occur.SHOULD, group=frame.group))
        del parsed.stops[frame.stops:]
