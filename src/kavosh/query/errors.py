"""The query stage's error: a query that cannot be run, with one line for the user; and the messages that show
the query in it (:func:`empty_message`, :func:`shown_text`)."""

from __future__ import annotations

import unicodedata


class QuerySyntaxError(ValueError):
    """The query cannot be run; the message is one line for the user (English).

    Attributes:
        code: what is wrong, for a message in another language (the Persian page):
            ``"too_long"``, ``"quote"``, ``"group"``, ``"unknown_field"``,
            ``"negative"``, ``"empty"``, ``"date"``, ``"limit"``, ``"filter"`` or ``"syntax"``.
        details: the particulars (``{"position": 7}``, ``{"field": "foo", "known": [...]}``).
    """

    def __init__(self, message: str, code: str = "syntax", **details) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


def empty_message(query: str) -> str:
    """The error for a query with nothing to search: empty, or (new user 7) only punctuation, operators or marks
    (``!!!،؛؟``, ``AND``, ``*``, ``-``), which are named, the query shown up to 40 characters."""
    shown = " ".join(query.split())
    if not shown:
        return "the query is empty; type words to search for"
    if all(unicodedata.category(ch) in ("Cf", "Cc", "Zs") for ch in shown):  # a lone half-space, direction marks
        return ("the query holds only invisible characters (half-spaces, direction marks or other format "
                "characters); type words to search for")
    return f"the query {shown_text(shown)} has no word to search for, only punctuation, operators or marks; type words to search for"


def shown_text(text: str, limit: int = 40) -> str:
    """``text`` as an error message quotes it: runs of white space made one space, cut to ``limit``
    characters with ``…`` when longer, between «guillemets» (``«کتاب کتاب … کتاب…»``), so a message always
    closes the quote it opens (new user 19 #4: a long phrase was shown ``"کتاب … کتاب`` with no end)."""
    shown = " ".join(text.split())
    return "«" + (shown if len(shown) <= limit else shown[:limit - 1] + "…") + "»"
