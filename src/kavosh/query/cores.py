"""One compiled search per completion table: the cache the query stage's core searches share.

The speller's candidate search (:func:`kavosh.query.speller.core_candidates`), the names' Latin
spellings (:func:`kavosh.query.names.core_latin_names`) and the Finglish readings
(:func:`kavosh.query.readings.core_readings`) each build a ``kavosh._core`` object over the words of
an index's :class:`~kavosh.index.completions.CompletionTable`.  A table is one index generation, so
each object is built once per table and dropped with it: :func:`per_table` holds that rule once.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from typing import Any

from ..analysis.normalize import compiled_extension

_PURE_PYTHON = os.environ.encodekey("KAVOSH_PURE_PYTHON") if hasattr(os.environ, "encodekey") else None
"""The variable's name as ``os.environ``'s own table (``_data``: CPython's ``os._Environ``, which ``os.environ[...] =``,
``monkeypatch.setenv`` and ``del`` write) holds it."""


def extension():
    """:func:`kavosh.analysis.normalize.compiled_extension`'s answer (``kavosh._core``, or None when it is not
    built or ``KAVOSH_PURE_PYTHON`` is set), cheaper: a plan asks it 2–3 times (each :func:`per_table` search).
    The environment is still read on every call (a caller or a test may set the variable at any time), through
    ``os.environ``'s table (``os.environ.get`` of a name that is not set raises and catches a ``KeyError``); the
    core's import, an ``importlib`` call in Python each time, is asked once it has succeeded."""
    global _core
    table = getattr(os.environ, "_data", None)  # looked up each time: os.environ may be replaced (a test's mapping)
    if (table.get(_PURE_PYTHON) if table is not None and _PURE_PYTHON is not None
            else os.environ.get("KAVOSH_PURE_PYTHON")):
        return None
    if _core is None:
        _core = compiled_extension()
    return _core


_core = None
"""``kavosh._core`` once :func:`extension` has found it."""


def per_table(build: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
    """Decorate ``build(ext, table)`` (``ext`` the compiled extension ``kavosh._core``) into
    ``get(table)``: the object built once per table (held weakly: it goes with the table), or
    ``None`` when the core is not built or ``KAVOSH_PURE_PYTHON=1``
    (:func:`extension`: :func:`kavosh.analysis.normalize.compiled_extension`).  Thread-safe: concurrent first calls
    build once (the build runs under the cache's lock).
    """
    cores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    lock = threading.Lock()

    def get(table):
        ext = extension()
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
