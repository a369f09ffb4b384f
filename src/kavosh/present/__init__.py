"""Presentation: results as users see them — stored fields, highlighted titles and snippets."""

from .format import present
from .results import Hit, SearchResults, Segment

__all__ = ["Hit", "SearchResults", "Segment", "present"]
