"""A long document's token checkpoints: where every :data:`EVERY`-th token of its text starts.

With them a snippet is placed without reading the whole text (issue #15 item 4, #12 item 2): the
index's positions of the query's terms in a hit (:meth:`kavosh._core.TopSnapshot.positions`) say
which tokens to show, the checkpoints where those tokens stand in the stored text, and only that
stretch is analysed (:mod:`kavosh.present.placed`).  Written by the writer for a text of more than
:data:`MIN_CHARS` characters (:func:`kavosh.index.writer.prepared_from`), as the key :data:`KEY` of
the stored JSON (:data:`kavosh.index.schema.STORED`), base64; :func:`kavosh.index.store.load_stored`
drops it.  An index written before has none: its snippets are placed by scanning, as before.

The format (:func:`table`; read by :func:`decode` and by the compiled core's ``Snippets.placed``):
six little-endian u32 — the version (1), :data:`EVERY`, the body-field position of the text's first
token (the title's tokens and :data:`kavosh.index.writer.TITLE_GAP` come first), the number of
tokens, of code points and of UTF-8 bytes of the text — then for token ``k * EVERY`` (``k`` = 0, 1,
…) two little-endian u16: its start in code points and in bytes, less the previous checkpoint's.
About 4 bytes per 32 tokens: 1.1 KB for 50,000 characters of Persian (2% of the text).
"""

from __future__ import annotations

import base64
import struct
from typing import NamedTuple

from ..analysis import Analyzer
from ..analysis.normalize import compiled_extension

KEY = "tokens"
"""The stored JSON's key of the checkpoints (base64 of :func:`table`)."""
EVERY = 32
"""One checkpoint per this many tokens."""
MIN_CHARS = 10_000
"""Only a text longer than this gets checkpoints: a shorter one is scanned in ~30 µs (news: 0.55% of
documents, 7.6% of the text)."""
VERSION = 1
_HEADER = struct.Struct("<6I")


def table(text: str, analyzer: Analyzer, base: int) -> bytes | None:
    """The checkpoints of ``text`` (the format: the module's text), its first token at body position
    ``base``; ``None`` when two checkpoints are 65,536 or more code points or bytes apart.  By the
    compiled core when the analyzer has it (one analysis pass, GIL released), else in Python (the
    specification: :func:`table_spec`)."""
    core = getattr(analyzer, "_core", None)
    ext = compiled_extension() if core is not None else None
    if ext is not None and hasattr(ext, "checkpoint_table"):
        try:
            return ext.checkpoint_table(core, text, EVERY, base)
        except UnicodeEncodeError:  # lone surrogates: the specification takes them
            pass
    return table_spec(text, analyzer, base)


def table_spec(text: str, analyzer: Analyzer, base: int) -> bytes | None:
    """:func:`table` in Python."""
    starts = [t.start for t in analyzer.analyze(text)]
    out = bytearray(_HEADER.pack(VERSION, EVERY, base, len(starts), len(text), len(text.encode("utf-8", "surrogatepass"))))
    prev_c = prev_b = 0
    for c in starts[::EVERY]:
        b = prev_b + len(text[prev_c:c].encode("utf-8", "surrogatepass"))
        if c - prev_c > 0xFFFF or b - prev_b > 0xFFFF:
            return None
        out += struct.pack("<2H", c - prev_c, b - prev_b)
        prev_c, prev_b = c, b
    return bytes(out)


def encode(raw: bytes) -> str:
    """The stored JSON's value of a table (base64)."""
    return base64.b64encode(raw).decode("ascii")


class Table(NamedTuple):
    """A decoded table (:func:`decode`): ``points[k]`` the ``(code point, byte)`` start of token
    ``k * every`` of the text."""

    every: int
    base: int
    n_tokens: int
    n_chars: int
    n_bytes: int
    points: list[tuple[int, int]]


def decode(raw: bytes) -> Table | None:
    """A table's fields, or ``None`` when ``raw`` is not a table of this version."""
    if len(raw) < _HEADER.size:
        return None
    version, every, base, n_tokens, n_chars, n_bytes = _HEADER.unpack_from(raw)
    count = -(-n_tokens // every) if every else -1
    if version != VERSION or every == 0 or len(raw) != _HEADER.size + 4 * count:
        return None
    points, c, b = [], 0, 0
    for dc, db in struct.iter_unpack("<2H", raw[_HEADER.size:]):
        c, b = c + dc, b + db
        points.append((c, b))
    return Table(every, base, n_tokens, n_chars, n_bytes, points)
