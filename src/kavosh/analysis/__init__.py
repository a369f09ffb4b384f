"""Persian text analysis for search: a library of its own (no tantivy import).

>>> from kavosh.analysis import Analyzer
>>> [t.term for t in Analyzer().analyze("شبکه‌های اجتماعی")]
['شبکه', 'اجتماعی']
"""

from .analyzer import Analyzer, Token, default_analyzer
from .normalize import CHAR_RULES, normalize, normalize_with_offsets

__all__ = ["Analyzer", "Token", "default_analyzer", "CHAR_RULES", "normalize", "normalize_with_offsets"]
