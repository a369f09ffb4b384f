"""The :class:`Document` model and the :class:`IngestError` record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""C0 controls other than tab, newline, form feed and carriage return (NUL above all), and DEL:
never text, they garble terminals and pages.  C1 controls are left (some are in mis-decoded text
that the analyzer still reads)."""


def strip_controls(text: str) -> str:
    """``text`` without NUL and the other control characters of :data:`_CONTROLS`."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def id_problem(doc_id: str) -> str | None:
    """Why ``doc_id`` cannot be a document id, or ``None``: an id holding a control character of
    :data:`_CONTROLS` (NUL above all) is refused rather than cleaned, since removing it could make it
    another document's id; it would also garble the pages and terminals that show it."""
    m = _CONTROLS.search(doc_id)
    return None if m is None else (f"the id holds a control character (U+{ord(m.group()):04X} at character "
                                   f"{m.start() + 1}); ids are text without control characters")


@dataclass
class Document:
    """One document to index.  NUL and other control characters (:func:`strip_controls`) are
    removed from ``title``, ``text`` and ``url`` when it is made.

    Attributes:
        id: the document's own id (unique in an index; re-adding an id replaces it).
        title: title text (may be empty).
        text: body text.
        url: source URL or file path ("" if none).
        date: date as given by the source (ISO 8601 preferred; "" if none).
        fields: any other metadata (stored and returned, not searched).
        source: where it came from, e.g. ``"corpus.jsonl:12"`` (for messages).
        source_key: the identity of the file it was read from (its resolved absolute path;
            :func:`kavosh.ingest.sources.source_key`), "" when not read from a file.  Re-indexing
            the file replaces every document with this key.
        source_hash: the hex BLAKE2b hash of that file's bytes when it was read ("" if none).
        typed: the indexed values of the index's declared fields, ``{name: (kind, [values])}``
            (:func:`kavosh.index.fields.coerce`), or ``None`` before they are checked.
    """

    id: str
    title: str = ""
    text: str = ""
    url: str = ""
    date: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    source_key: str = ""
    source_hash: str = ""
    typed: dict[str, tuple[str, list]] | None = None

    def __post_init__(self) -> None:
        # Every reader (files, JSON, WARC, crawl, the Python API) builds its documents here, so control
        # characters such as NUL (seen in real WARC pages) are removed from title and text in one place.
        self.title = strip_controls(self.title) if isinstance(self.title, str) else self.title
        self.text = strip_controls(self.text) if isinstance(self.text, str) else self.text
        self.url = strip_controls(self.url) if isinstance(self.url, str) else self.url


@dataclass(frozen=True)
class IngestError:
    """An input that could not be indexed: which file, which line, and why.

    Attributes:
        path: the file.
        line: 1-based line number, or ``None`` when the whole file failed.
        reason: a one-line human explanation.
    """

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"
