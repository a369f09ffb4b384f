"""Helpers shared by the snippet tests (``test_highlight_core.py``, ``test_snippet_as_written.py``):
comparing segments and setting :mod:`kavosh.present.highlight`'s limits for one test.

Importable from any test module: ``pyproject.toml`` puts ``tests/`` on ``sys.path`` (pytest's
``pythonpath``); the leading underscore keeps pytest from collecting it as tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from kavosh.present import highlight as H


def same(segs_a: Iterable, segs_b: Iterable) -> bool:
    """Whether two lists of :class:`~kavosh.present.results.Segment` have the same texts and marks."""
    return [(s.text, s.match) for s in segs_a] == [(s.text, s.match) for s in segs_b]


@contextlib.contextmanager
def limits(**values: int) -> Iterator[None]:
    """Set :mod:`kavosh.present.highlight`'s module constants (``DIRECT_CHARS=40``...) for the ``with``
    block, restored after it, also on an error.  (A context manager rather than a fixture: hypothesis
    tests call it once per example.)"""
    saved = {k: getattr(H, k) for k in values}
    try:
        for k, v in values.items():
            setattr(H, k, v)
        yield
    finally:
        for k, v in saved.items():
            setattr(H, k, v)
