"""Kavosh (کاوش): an embedded search engine built first for Persian.

>>> import kavosh
>>> kavosh.__version__ >= "0.1"
True
"""

__version__ = "0.1.0"

from .analysis import Analyzer  # noqa: E402
from .engine import Index  # noqa: E402
from .ingest.document import Document  # noqa: E402
from .present.results import Hit, SearchResults, Segment  # noqa: E402

__all__ = ["Analyzer", "Index", "Document", "Hit", "SearchResults", "Segment", "__version__"]
