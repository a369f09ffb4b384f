"""A topic's text as a query of plain words.

BEIR and TREC topics are natural-language text (questions, titles, descriptions), not queries in Kavosh's
operator syntax (:mod:`kavosh.query.parse`): a ParsiNLU question holding ``rephrased:`` had been refused
as an unknown field, and a PQuAD question quoting a sentence in ``«…»`` as a phrase over the 16-term limit,
and each had silently scored 0.  :func:`as_words` is the one place that neutralises the syntax, so that a
topic is searched by its words as BM25 baselines (Anserini, Pyserini) search them; the analyzer reads the
same terms from the result as from the text (the syntax characters are word separators to it), so only
the operators' meaning is lost, never a word.
"""

from __future__ import annotations

import re

from ..query.parse import MAX_QUERY_CHARS

_SYNTAX = re.compile(r'["«»“”„()^*]')
"""Quotation marks (phrases), brackets (groups), ``^`` (boosts) and ``*`` (prefixes): each read as a space."""
_SIGN = re.compile(r"(?<!\S)[+-]+(?=\S)")
"""``+`` and ``-`` at the start of a word (required / excluded)."""
_NAME = re.compile(r"(?<!\S)([^\W\d][\w.]*):(?!//)")
"""``name:`` at the start of a word (a field or a filter: ``title:``, ``date:``, ``rephrased:``), but not
a URL's ``https://``."""
_OPERATOR = re.compile(r"(?<!\S)(and|or|not)(?!\S)", re.IGNORECASE)
"""``AND``/``OR``/``NOT``, and the lowercase forms read as operators between Persian words
(:mod:`kavosh.query.operators`)."""


def as_words(text: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    """``text`` as a query that the parser reads as plain words, every one optional (ranked by BM25).

    Quotation marks, brackets, ``^`` and ``*`` become spaces; a ``+``/``-`` starting a word is dropped; the
    ``:`` after a ``name`` starting a word becomes a space (``10:30`` and ``https://`` stay); ``and``/``or``/
    ``not`` in any case are quoted (a one-word ``"phrase"`` is that word).  Whitespace (newlines too) is
    collapsed.  A text longer than ``max_chars`` (the parser's limit) is cut at the last space before it
    (:func:`topic_words` says whether it was).

    >>> as_words('ویتامین k در کدام قسمت بدن است؟\\n\\nrephrased: «ویتامین» (کا)')
    'ویتامین k در کدام قسمت بدن است؟ rephrased ویتامین کا'
    >>> as_words("+ایران -عراق title:نفت^2 AND گاز* or 10:30 https://x.ir")
    'ایران عراق title نفت 2 "AND" گاز "or" 10:30 https://x.ir'
    """
    return topic_words(text, max_chars)[0]


READ_CHARS_PER_LIMIT = 16
"""A topic's text is read up to this many times ``max_chars`` characters (16,000 for the parser's 1,000) before
its syntax is neutralised, so a topic of megabytes costs no more than a long one: whitespace and syntax
are collapsed within that prefix, and a text of fewer than ``max_chars`` characters of words in its first
16,000 is not a query anyone typed."""


def topic_words(text: str, max_chars: int = MAX_QUERY_CHARS) -> tuple[str, bool]:
    """``(words, cut)``: :func:`as_words` of ``text`` and whether it was cut to ``max_chars`` characters (at
    the last space before the limit).  The parser searches a long text by its first 64 terms anyway
    (:func:`kavosh.query.limits.shorten`), which 1,000 characters hold; ``kavosh eval`` and ``search
    --topics`` say which topics were cut (a new user's 18 MB topic was searched by its first 1,000
    characters without a word).  Cost: linear in ``min(len(text), 16 * max_chars)``."""
    read = READ_CHARS_PER_LIMIT * max_chars
    cut = len(text) > read
    text = text[:read].rsplit(None, 1)[0] if cut and not text[read].isspace() else text[:read]
    text = _SYNTAX.sub(" ", text)
    text = _SIGN.sub("", text)
    text = _NAME.sub(r"\1 ", text)
    text = " ".join(_OPERATOR.sub(r'"\1"', text).split())
    if len(text) > max_chars:
        at = text.rfind(" ", 0, max_chars + 1)
        text, cut = text[:at if at > 0 else max_chars], True
    return text, cut
