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

import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import date_problem, document_date
from .document import Document, IngestError, id_problem
from .html import ExtractorMissing, html_to_document
from .markdown import MARKDOWN_SUFFIXES, markdown_text
from .office import read_docx_file
from .walk import discover, kind_of
from .warc import read_warc_file

DEFAULT_MAX_DOC_BYTES = 10_000_000
"""Documents larger than this (10 MB of UTF-8 text) are skipped and reported."""

ID_KEYS = ("id", "_id", "docid", "doc_id")
TEXT_KEYS = ("text", "body", "contents", "content")
KNOWN_KEYS = set(ID_KEYS) | set(TEXT_KEYS) | {"title", "url", "date"}


@dataclass
class Progress:
    """Counters updated while reading.

    Attributes:
        bytes_read: bytes of input consumed so far.
        passed_over: WARC records that are not documents, by kind
            (``{"request records": 3, "non-HTML responses (image/png)": 1}``).
    """

    bytes_read: int = 0
    passed_over: dict[str, int] = field(default_factory=dict)


def is_json_file(path: Path) -> bool:
    """True for the JSON and JSON Lines files :func:`read_file` reads (``.json``, ``.jsonl``, their ``.gz``)."""
    return kind_of(path) == "json"


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head


_UTF16_32_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                  (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
"""Byte order marks of UTF-32 and UTF-16 (checked in this order: UTF-32 LE begins like UTF-16 LE).
A text file that begins with one is read in that encoding (Windows Notepad's "Unicode" is UTF-16 LE)."""


def _bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in _UTF16_32_BOMS if data.startswith(bom)), None)


def legacy_encoding_hint(data: bytes) -> str:
    """A hint for bytes that are not UTF-8: ``"; it looks like Windows-1256 …"`` when they read as mostly
    Arabic-script letters in Windows-1256 (the legacy encoding of Persian text on Windows), else ``""``.
    Only a hint: the file is not decoded by guess."""
    as_utf8 = data[:65536].decode("utf-8", errors="replace")
    if as_utf8.count("\ufffd") * 4 < sum(c > "\x7f" for c in as_utf8):
        return ""  # mostly UTF-8, with a few broken bytes
    sample = data[:65536].decode("cp1256", errors="replace")
    letters = [c for c in sample if c.isalpha()]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    if len(letters) >= 8 and arabic >= 0.6 * len(letters):
        return ("; it looks like Windows-1256 (older Persian text): convert it to UTF-8, e.g. "
                "iconv -f WINDOWS-1256 -t UTF-8")
    return ""


def _decode(data: bytes, path: Path) -> str | IngestError:
    encoding = _bom_encoding(data)
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1 if encoding is None else None
        return IngestError(str(path), line, f"invalid {(encoding or 'utf-8').upper()} at byte {e.start}"
                                            + ("" if encoding else legacy_encoding_hint(data)))


def _doc_too_big(path: Path, line: int | None, n: int, limit: int) -> IngestError:
    return IngestError(str(path), line, f"document of {n / 1e6:.3g} MB is larger than the "
                                        f"{limit / 1e6:g} MB limit (--max-doc-mb)")


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
        return _doc_too_big(path, None, size, max_bytes)
    data = path.read_bytes()
    if not data.strip():
        return IngestError(str(path), None, "empty file")
    if _looks_binary(data[:8192]) and _bom_encoding(data) is None:
        return IngestError(str(path), None, f"binary file (contains NUL bytes), not {kind}")
    return data


def read_text_file(path: Path, root: str, max_bytes: int) -> Iterator[Document | IngestError]:
    """Read one ``.txt``/``.md`` file as one document."""
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
    rel = os.path.relpath(path, root)
    day = document_date(text)
    yield Document(id=rel, title=_title_from_text(text), text=text, url=str(path),
                   date=day.isoformat() if day else "", source=str(path))


def read_html_file(path: Path, root: str, max_bytes: int) -> Iterator[Document | IngestError]:
    """Read one HTML file: main text, title, date and URL via trafilatura."""
    data = _read_checked(path, max_bytes, "HTML")
    if isinstance(data, IngestError):
        yield data
        return
    try:
        doc = html_to_document(data, doc_id=os.path.relpath(path, root), url=str(path))
    except ExtractorMissing as e:
        yield IngestError(str(path), None, str(e))
        return
    if doc is None or not (doc.text.strip() or doc.title.strip()):
        yield IngestError(str(path), None, "no text found in the HTML")
        return
    doc.source = str(path)
    yield doc


def _as_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(_as_str(v) for v in value)
    return str(value)


def _holds_object(value: Any) -> bool:
    """``value`` is a JSON object, or a list holding one (at any depth): not text to index as such."""
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(_holds_object(v) for v in value)


def record_to_document(obj: Any, path: Path, line: int | None) -> Document | IngestError:
    """Turn one JSON object into a :class:`Document`, or say why it cannot be one.

    ``title``, the text (the first of :data:`TEXT_KEYS` present), ``url`` and ``date`` take a string, a
    number (written as text) or a list of them (joined by new lines); a JSON object in one of them is
    refused with the field named (it has no one text to index: a new user's ``"title": {"a": 1}`` had
    become the title ``{'a': 1}``)."""
    if not isinstance(obj, dict):
        return IngestError(str(path), line, f"expected a JSON object, found {type(obj).__name__}")
    doc_id = next((obj[k] for k in ID_KEYS if obj.get(k) not in (None, "")), None)
    if doc_id is None:
        return IngestError(str(path), line, "no id (expected a field id or _id)")
    if not isinstance(doc_id, (str, int)):
        return IngestError(str(path), line, "the id must be a string or a number")
    if (problem := id_problem(str(doc_id))) is not None:
        return IngestError(str(path), line, problem)
    for key in ("title", "url", "date", *TEXT_KEYS):
        if _holds_object(obj.get(key)):
            return IngestError(str(path), line, f"field {key}: expected text (a string, a number or a list of "
                                                f"them), found a JSON object")
    text = next((_as_str(obj[k]) for k in TEXT_KEYS if obj.get(k) not in (None, "")), "")
    title = _as_str(obj.get("title"))
    if not text.strip() and not title.strip():
        return IngestError(str(path), line, "no text (expected a field text, body, contents or content, or a title)")
    fields = {k: v for k, v in obj.items() if k not in KNOWN_KEYS}
    where = f"{path}:{line}" if line else str(path)
    return Document(id=str(doc_id), title=title, text=text, url=_as_str(obj.get("url")),
                    date=_as_str(obj.get("date")), fields=fields, source=where)


def _is_plain_json(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".json") or name.endswith(".json.gz")


def read_json_file(path: Path, root: str, max_bytes: int,
                   progress: Progress | None = None) -> Iterator[Document | IngestError]:
    """Read JSON Lines, or (for ``.json``) one JSON object or a list of them, gzip-compressed or not.

    A ``.json`` file that is not one JSON value is read as JSON Lines.  A ``.gz`` file that
    is cut short (or damaged part-way) yields the lines before the cut, then an error
    saying so (the last, incomplete line is reported as malformed JSON).
    """
    try:
        with open(path, "rb") as raw_fh:
            source = _Decoded(raw_fh, gz=path.name.lower().endswith(".gz"))
            chunks = source.chunks()
            base = progress.bytes_read if progress is not None else 0
            first = b""
            for chunk in chunks:
                first += chunk
                if len(first) >= 8192:
                    break
            if not first.strip():
                yield IngestError(str(path), None, f"cannot read: {source.cut}" if source.cut else "empty file")
                return
            if (encoding := _bom_encoding(first)) is not None:
                yield IngestError(str(path), None, f"{encoding.upper()} text: JSON Lines are read in UTF-8; convert "
                                                   f"it, e.g. iconv -f {encoding.upper()} -t UTF-8")
                return
            if _looks_binary(first[:8192]):
                yield IngestError(str(path), None, "binary file (contains NUL bytes), not JSON")
                return
            if _is_plain_json(path) and first.lstrip()[:1] in (b"[", b"{"):
                data = first + b"".join(chunks)
                whole = _read_json_value(data, path, max_bytes) if source.cut is None else None
                if whole is not None:
                    yield from whole
                    return
                lines: Iterator[bytes] = iter(data.split(b"\n"))
            else:
                lines = _chain_lines(first, chunks)
            lineno = 0
            for lineno, raw in enumerate(lines, 1):
                if progress is not None:
                    progress.bytes_read = base + raw_fh.tell()
                if not raw.strip():
                    continue
                if len(raw) > max_bytes:
                    yield _doc_too_big(path, lineno, len(raw), max_bytes)
                    continue
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError as e:
                    yield IngestError(str(path), lineno, f"invalid UTF-8 at byte {e.start} of the line"
                                                         + legacy_encoding_hint(raw))
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as e:
                    msg = e.msg.removesuffix(" at")  # "Unterminated string starting at" + " at column 3"
                    yield IngestError(str(path), lineno, f"malformed JSON: {msg} at column {e.colno}")
                    continue
                yield from _with_date_notice(record_to_document(obj, path, lineno), path, lineno)
            if source.cut:
                yield IngestError(str(path), None, f"{source.cut} after line {lineno:,}; the lines before it were read")
    except OSError as e:
        yield IngestError(str(path), None, f"cannot read: {e.strerror or e}")


class _Decoded:
    """The bytes of a plain or gzip file, in chunks of up to about 1 MiB.

    Gzip is decompressed with :mod:`zlib` member by member (concatenated members, as
    ``cat a.gz b.gz`` makes, are read on), so that a cut or damaged stream gives every
    byte before the damage: the chunks then stop and :attr:`cut` says why
    (:class:`gzip.GzipFile` raises instead and loses its buffered data).
    """

    def __init__(self, fh: Any, gz: bool) -> None:
        self.fh = fh
        self.gz = gz
        self.cut: str | None = None

    def chunks(self) -> Iterator[bytes]:
        """The file's (decompressed) bytes in order."""
        if not self.gz:
            yield from iter(lambda: self.fh.read(1 << 20), b"")
            return
        d = zlib.decompressobj(wbits=31)
        fed = False  # the current member has received input
        while raw := self.fh.read(1 << 20):
            while raw:
                fed = True
                try:
                    out = d.decompress(raw, 1 << 20)  # bounded: a small member may expand a thousandfold
                except zlib.error as e:
                    self.cut = f"damaged gzip data ({e})"
                    return
                if out:
                    yield out
                if d.unconsumed_tail:
                    raw = d.unconsumed_tail
                    continue
                if not d.eof:
                    break
                raw, d, fed = d.unused_data, zlib.decompressobj(wbits=31), False
                if not raw.strip(b"\x00"):  # nothing, or zero padding after the last member
                    break
        if fed and not d.eof:
            if tail := d.flush():
                yield tail
            self.cut = "the gzip data ends before its end marker: the file is truncated"


def _chain_lines(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    buf = first
    for chunk in rest:
        buf += chunk
        *lines, buf = buf.split(b"\n")
        yield from lines
    yield from buf.split(b"\n")


def _read_json_value(data: bytes, path: Path, max_bytes: int) -> list[Document | IngestError] | None:
    """Parse a whole ``.json`` file as one object or a list; ``None`` if it is not one JSON value."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        return [IngestError(str(path), data.count(b"\n", 0, e.start) + 1, f"invalid UTF-8 at byte {e.start}")]
    except json.JSONDecodeError:
        return None
    out: list[Document | IngestError] = []
    for i, obj in enumerate(value if isinstance(value, list) else [value], 1):
        doc = record_to_document(obj, path, None)
        if isinstance(doc, IngestError):
            doc = IngestError(str(path), None, f"item {i}: {doc.reason}")
        elif len(doc.text.encode()) > max_bytes:
            doc = IngestError(str(path), None, f"item {i}: document larger than the "
                                               f"{max_bytes / 1e6:g} MB limit (--max-doc-mb)")
        elif (problem := date_problem(doc.date)) is not None:
            out.append(IngestError(str(path), None, f"item {i}: {problem}; {DATE_KEPT}"))
        out.append(doc)
    return out


DATE_KEPT = "indexed without a date (date: filters and sorting do not see it; the value is kept as written)"
"""What happens to a record whose ``date`` is not a date: the rest of it is indexed, and this is said."""


def _with_date_notice(item: Document | IngestError, path: Path, line: int) -> Iterator[Document | IngestError]:
    """``item``, preceded by an :class:`IngestError` when it is a document whose ``date`` is not a date
    (:func:`kavosh.ingest.dates.date_problem`): the document is still indexed, undated, and the line is named."""
    if isinstance(item, Document) and (problem := date_problem(item.date)) is not None:
        yield IngestError(str(path), line, f"{problem}; {DATE_KEPT}")
    yield item


def read_file(path: Path, root: str, max_bytes: int = DEFAULT_MAX_DOC_BYTES,
              progress: Progress | None = None) -> Iterator[Document | IngestError]:
    """Read one supported file; yields documents and errors (never raises for bad input)."""
    kind = kind_of(path)
    start = progress.bytes_read if progress else 0
    try:
        if kind == "json":
            yield from read_json_file(path, root, max_bytes, progress)
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
