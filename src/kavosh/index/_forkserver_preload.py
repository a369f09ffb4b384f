"""Imported once by the ``forkserver`` process of :mod:`kavosh.index.pipeline`, never by users.

It builds and warms the default analyzer (loading the word lists takes about
1.4 s of CPU) before any worker is forked, so every worker starts with it warm
and shares its pages copy-on-write; ``gc.freeze`` keeps the collector from
touching (and so copying) those objects in the workers.
"""

from __future__ import annotations

import gc

from ..analysis import Analyzer

WARM = Analyzer()
"""The warm default analyzer (``stem=True``) that forked workers reuse."""
WARM.warm()
gc.freeze()
