"""Query understanding: parsing, analysis of leaves, rewrites."""

from .parse import Clause, Occur, ParsedQuery, QuerySyntaxError, parse

__all__ = ["Clause", "Occur", "ParsedQuery", "QuerySyntaxError", "parse"]
