"""Searching: ranking, highlighting and typed results."""

from .results import Hit, SearchResults, Segment
from .searcher import search

__all__ = ["Hit", "SearchResults", "Segment", "search"]
