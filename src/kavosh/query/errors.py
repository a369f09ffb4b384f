"""The query stage's error: a query that cannot be run, with one line for the user."""

from __future__ import annotations


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
