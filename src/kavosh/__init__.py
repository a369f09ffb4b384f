"""Kavosh (کاوش): an embedded search engine built first for Persian.

>>> import kavosh
>>> kavosh.__version__ >= "0.1"
True

The public names (``kavosh.Index``, ``kavosh.Analyzer``…) are imported on first use, so that a
command that needs few modules (``kavosh index``) does not start by importing the search and
presentation stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

_PUBLIC = {"Analyzer": ".analysis", "Index": ".engine", "Document": ".ingest.document",
           "Hit": ".present.results", "SearchResults": ".present.results", "Segment": ".present.results"}
"""Public name → the module it is imported from (on first use: :func:`__getattr__`)."""

__all__ = ["Analyzer", "Index", "Document", "Hit", "SearchResults", "Segment", "__version__"]

if TYPE_CHECKING:
    from .analysis import Analyzer
    from .engine import Index
    from .ingest.document import Document
    from .present.results import Hit, SearchResults, Segment


def __getattr__(name: str):
    """``kavosh.Index`` and the other public names, imported on first use (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'kavosh' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    value = getattr(import_module(_PUBLIC[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
