"""The query stage's error: a query that cannot be run, with one line for the user."""

from __future__ import annotations


class QuerySyntaxError(ValueError):
    """The query cannot be run; the message is one line for the user."""
