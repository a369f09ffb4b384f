"""The :class:`Document` model and the :class:`IngestError` record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    """One document to index.

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
