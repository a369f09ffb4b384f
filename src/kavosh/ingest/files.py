"""Read documents from files and folders: text, Markdown, HTML, JSON, JSON Lines and WARC.

:func:`read_paths` walks the given paths and yields :class:`Document` or
:class:`IngestError` items; a bad file or line never stops the walk.  Supported:

* ``.txt``, ``.md`` — one document per file; id = path relative to the folder
  given (or the file name); title = the first Markdown heading or first line;
  date = a dateline at the end or start of the text (:func:`.dates.document_date`).
* ``.html``, ``.htm`` — main text, title, date and URL extracted by trafilatura
  (a maintained boilerplate-removal library; :mod:`kavosh.ingest.html`); language in ``fields["language"]``
  (declared by the page, else detected: :mod:`kavosh.ingest.language`).
* ``.docx`` — one document per file (:mod:`kavosh.ingest.office`, python-docx).
* ``.jsonl``, ``.json`` and their ``.gz`` — one object per line (``.json`` may
  also hold one object or a list).  Fields ``id``/``_id``, ``title``,
  ``text``/``body``/``contents``, ``url``, ``date``; others are kept as metadata.
* ``.warc``, ``.warc.gz`` — web archives: every HTML response is a document
  (:mod:`kavosh.ingest.warc`); other records are counted in ``Progress.passed_over``.

Which files are read, and what is passed over and why, is :mod:`kavosh.ingest.walk`.
"""


from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .dates import document_date
from .decode import (DEFAULT_MAX_DOC_BYTES, Progress, bom_encoding, doc_too_big, empty_reason, legacy_encoding_hint,
                     looks_binary)
from .document import Document, IngestError
from .html import ExtractorMissing, html_to_document
from .jsonl import DATE_KEPT, ID_KEYS, KNOWN_KEYS, TEXT_KEYS, read_json_file, record_to_document
from .markdown import MARKDOWN_SUFFIXES, markdown_text
from .office import read_docx_file
from .walk import discover, kind_of
from .warc import read_warc_file

__all__ = ["DATE_KEPT", "DEFAULT_MAX_DOC_BYTES", "ID_KEYS", "KNOWN_KEYS", "TEXT_KEYS", "Progress", "discover",
           "is_json_file", "legacy_encoding_hint", "read_file", "read_json_file", "read_paths", "record_to_document",
           "total_bytes"]


def is_json_file(path: Path) -> bool:
    """True for the JSON and JSON Lines files :func:`read_file` reads (``.json``, ``.jsonl``, their ``.gz``)."""
    return kind_of(path) == "json"


def _decode(data: bytes, path: Path) -> str | IngestError:
    encoding = bom_encoding(data)
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1 if encoding is None else None
        return IngestError(str(path), line, f"invalid {(encoding or 'utf-8').upper()} at byte {e.start}"
                                            + ("" if encoding else legacy_encoding_hint(data)))


def _title_from_text(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            if line.startswith("#"):
                return line.lstrip("#").strip()
            if len(line) <= 120:
                return line
            cut = line[:100].rsplit(" ", 1)[0]
            return cut + "…"
    return ""


def _read_checked(path: Path, max_bytes: int, kind: str) -> bytes | IngestError:
    """The bytes of ``path``, or the error naming it: larger than ``max_bytes``, empty (whitespace only), or
    binary (NUL bytes in its first 8 KiB and no byte-order mark) where ``kind`` (``"text"``, ``"HTML"``)
    was expected."""
    size = path.stat().st_size
    if size > max_bytes:
        return doc_too_big(path, None, size, max_bytes)
    data = path.read_bytes()
    if (empty := empty_reason(data)) is not None:
        return IngestError(str(path), None, empty)
    if looks_binary(data[:8192]) and bom_encoding(data) is None:
        return IngestError(str(path), None, f"binary file (contains NUL bytes), not {kind}")
    return data


def read_text_file(path: Path, root: str, max_bytes: int) -> Iterator[Document | IngestError]:
    """Read one ``.txt``/``.md`` file as one document; its ``url`` is the file's absolute path (as typed, a
    relative path depended on the folder the command ran in: ``../my-notes/x.txt`` from the CLI)."""
    data = _read_checked(path, max_bytes, "text")
    if isinstance(data, IngestError):
        yield data
        return
    text = _decode(data, path)
    if isinstance(text, IngestError):
        yield text
        return
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        text = markdown_text(text)
    if not text.strip():  # (a Markdown file of markup alone; whitespace in UTF-16 beyond empty_reason's look)
        yield IngestError(str(path), None, "no text")
        return
    rel = os.path.relpath(path, root)
    day = document_date(text)
    yield Document(id=rel, title=_title_from_text(text), text=text, url=os.path.abspath(path),
                   date=day.isoformat() if day else "", source=str(path))


def read_html_file(path: Path, root: str, max_bytes: int) -> Iterator[Document | IngestError]:
    """Read one HTML file: main text, title, date and URL via trafilatura (the page's own URL, else the
    file's absolute path)."""
    data = _read_checked(path, max_bytes, "HTML")
    if isinstance(data, IngestError):
        yield data
        return
    try:
        doc = html_to_document(data, doc_id=os.path.relpath(path, root), url=os.path.abspath(path))
    except ExtractorMissing as e:
        yield IngestError(str(path), None, str(e))
        return
    if doc is None or not (doc.text.strip() or doc.title.strip()):
        yield IngestError(str(path), None, "no text found in the HTML")
        return
    doc.source = str(path)
    yield doc


def read_file(path: Path, root: str, max_bytes: int = DEFAULT_MAX_DOC_BYTES, progress: Progress | None = None,
              batch: bool = False, max_text_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Read one supported file; yields documents and errors (never raises for bad input).  ``batch`` and
    ``max_text_chars``: as :func:`read_json_file`'s (runs of clean JSON Lines records as ``kavosh._core.Records``)."""
    kind = kind_of(path)
    start = progress.bytes_read if progress else 0
    try:
        if kind == "json":
            yield from read_json_file(path, root, max_bytes, progress, batch, max_text_chars)
        elif kind == "html":
            yield from read_html_file(path, root, max_bytes)
        elif kind == "text":
            yield from read_text_file(path, root, max_bytes)
        elif kind == "docx":
            yield from read_docx_file(path, root, max_bytes)
        elif kind == "warc":
            yield from read_warc_file(path, max_bytes, progress.passed_over if progress is not None else None)
    except OSError as e:
        yield IngestError(str(path), None, f"cannot read: {e.strerror or e}")
    if progress is not None:
        try:
            progress.bytes_read = start + path.stat().st_size
        except OSError:
            pass


def read_paths(paths: list[str], max_bytes: int = DEFAULT_MAX_DOC_BYTES,
               progress: Progress | None = None) -> Iterator[Document | IngestError]:
    """Yield every document (or error) found under ``paths`` (files and folders)."""
    files, errors = discover(paths)
    yield from errors
    for f, root in files:
        yield from read_file(f, root, max_bytes, progress)


def total_bytes(paths: list[str]) -> int:
    """Total size in bytes of the supported files under ``paths`` (for progress bars)."""
    files, _ = discover(paths)
    total = 0
    for f, _root in files:
        try:
            total += f.stat().st_size
        except OSError:
            pass
    return total
