"""Lowercase ``and``/``or``/``not`` between Persian words read as the operators ``AND``/``OR``/``NOT``.

The query syntax (:mod:`kavosh.query.parse`) takes operators in capitals only, as Elasticsearch's
``query_string`` does; Google reads lowercase ``and``/``or``/``not`` as words.  Neither fits a Latin
English word typed between two Persian words (``ایران not عراق``, ``استقلال and پرسپولیس``): no
Persian document holds it, so as a word it only became an optional term that matches nothing (``not``:
Iraq's stories were added instead of left out; a new user's finding 7), or a word typed on the wrong
keyboard layout (``and`` → ``شدی``).  Between two words with Persian letters and no Latin ones, such a
word is meant as the operator: :func:`read_operators` writes it in capitals and says so in a note
(code ``"operator_read"``), which tells how to search the word itself (in quotes).  In a Latin query
(``to be or not to be``, ``rock and roll``) and inside quotes the words stay words.
"""

from __future__ import annotations

import re

from .parse import Note

WORDS = {"and": "AND", "or": "OR", "not": "NOT"}
"""A lowercase (or capitalized) word → the operator it is read as between Persian words."""

_TOKEN = re.compile(r"\S+")
_FIELD = re.compile(r"^[A-Za-z_][\w.]*:")
_SYNTAX = '"()+-*'
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _persian(token: str) -> bool:
    """A query word holding a letter that is not ASCII and no ASCII letter (a ``field:`` prefix and the
    syntax characters ``"()+-*`` aside): ``عراق``, ``"جنگ``, ``category:ورزشی``; not ``iraq``, ``(``."""
    core = _FIELD.sub("", token.strip(_SYNTAX)).strip(_SYNTAX)
    return (any(c.isalpha() and not c.isascii() for c in core)
            and not _ASCII_LETTER.search(core))


def read_operators(query: str) -> tuple[str, list[Note]]:
    """``query`` with each lowercase or capitalized ``and``/``or``/``not`` (:data:`WORDS`) that stands
    outside quotes between two Persian words (:func:`_persian`; other such words between them are looked
    past: ``ایران and not عراق``) written as its operator, and one note per distinct word read so
    (code ``"operator_read"``, details ``word`` and ``operator``).  ``query``'s quotation marks are
    ``"`` and paired (:func:`kavosh.query.plan.drop_lone_quote` ran first).

    >>> read_operators("ایران not عراق")[0]
    'ایران NOT عراق'
    >>> read_operators("to be or not to be")[0]
    'to be or not to be'
    """
    low = query.lower()  # a word read so is one of WORDS lowercased: none in the query, nothing to read
    if not any(w in low for w in WORDS):  # (most queries: no token is looked at)
        return query, []
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(query)]
    quoted, inside = [], False
    for _start, tok in tokens:
        quoted.append(inside)
        inside ^= tok.count('"') % 2 == 1
    is_word = [not q and (tok in WORDS or (tok.lower() in WORDS and tok[:1].isupper() and tok[1:].islower()))
               for (_s, tok), q in zip(tokens, quoted, strict=True)]

    def neighbour(i: int, step: int) -> bool:
        j = i + step
        while 0 <= j < len(tokens) and is_word[j]:
            j += step
        return 0 <= j < len(tokens) and _persian(tokens[j][1])

    out, notes, last, told = [], [], 0, set()
    for i, (start, tok) in enumerate(tokens):
        if not is_word[i] or not (neighbour(i, -1) and neighbour(i, 1)):
            continue
        op = WORDS[tok.lower()]
        out.append(query[last:start] + op)
        last = start + len(tok)
        if tok not in told:
            told.add(tok)
            notes.append(Note(f"read «{tok}» between Persian words as the operator {op}; to search for the word "
                              f'«{tok}» itself, put it in quotes: "{tok}"', "operator_read", word=tok, operator=op))
    return "".join(out) + query[last:], notes
