"""One compiled search per completion table: the cache the query stage's core searches share.

The speller's candidate search (:func:`kavosh.query.speller.core_candidates`), the names' Latin
spellings (:func:`kavosh.query.names.core_latin_names`) and the Finglish readings
(:func:`kavosh.query.readings.core_readings`) each build a ``kavosh._core`` object over the words of
an index's :class:`~kavosh.index.completions.CompletionTable`.  A table is one index generation, so
each object is built once per table and dropped with it: :func:`per_table` holds that rule once.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

from ..analysis.normalize import compiled_extension


def per_table(build: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
    """Decorate ``build(ext, table)`` (``ext`` the compiled extension ``kavosh._core``) into
    ``get(table)``: the object built once per table (held weakly: it goes with the table), or
    ``None`` when the core is not built or ``KAVOSH_PURE_PYTHON=1``
    (:func:`kavosh.analysis.normalize.compiled_extension`).  Thread-safe: concurrent first calls
    build once (the build runs under the cache's lock).
    """
    cores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    lock = threading.Lock()

    def get(table):
        ext = compiled_extension()
        if ext is None:
            return None
        with lock:
            core = cores.get(table)
            if core is None:
                core = cores[table] = build(ext, table)
            return core

    get.__name__, get.__qualname__, get.__doc__ = build.__name__, build.__qualname__, build.__doc__
    get.__module__ = build.__module__
    return get
