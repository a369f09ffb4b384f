"""Read JSON and JSON Lines files (``.json``, ``.jsonl`` and their ``.gz``) into documents.

One object per line (a ``.json`` file may also hold one object or a list).  Fields ``id``/``_id``,
``title``, ``text``/``body``/``contents``, ``url``, ``date``; others are kept as metadata
(:func:`record_to_document`).  With the compiled core, JSON Lines are parsed about 1 MB at a time in
Rust, clean records there and every other line here (:func:`read_json_file`).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..analysis.normalize import compiled_extension
from .dates import date_problem
from .decode import UTF8_BOM, Progress, bom_encoding, doc_too_big, legacy_encoding_hint, looks_binary
from .document import Document, IngestError, id_problem

ID_KEYS = ("id", "_id", "docid", "doc_id")
TEXT_KEYS = ("text", "body", "contents", "content")
KNOWN_KEYS = set(ID_KEYS) | set(TEXT_KEYS) | {"title", "url", "date"}

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
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        return IngestError(str(path), line, "the id must be a string or a whole number")
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


def read_json_file(path: Path, root: str, max_bytes: int, progress: Progress | None = None,
                   batch: bool = False, max_text_chars: int | None = None) -> Iterator[Document | IngestError]:
    """Read JSON Lines, or (for ``.json``) one JSON object or a list of them, gzip-compressed or not.

    A ``.json`` file that is not one JSON value is read as JSON Lines.  A ``.gz`` file that
    is cut short (or damaged part-way) yields the lines before the cut, then one error saying so:
    naming the line it cut (which is not read: its JSON or UTF-8 would be reported broken, the cut's
    doing), or, cut at a line's end, the line after which it stops.

    With the compiled core, JSON Lines are read about 1 MB at a time by
    ``kavosh._core.read_json_lines``: a *clean* record (an id, a title, a text and a url as strings,
    nothing else to check or map: ``rust/kavosh-index/src/records.rs``) is parsed there, every other
    line here, line by line as before, so each message is the same.  With ``batch``, clean records
    are yielded as they come, a run of them as one ``kavosh._core.Records`` (the batch path of
    ``kavosh index``: :mod:`kavosh.index.update`); without it, as the :class:`Document` each is.  A record
    whose text is longer than ``max_text_chars`` characters (``None``: no limit) is read here, as a
    :class:`Document` (the writer stores a long text's token checkpoints: :mod:`kavosh.index.checkpoints`).
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
            if not first.removeprefix(UTF8_BOM).strip():
                empty = "empty file" if not first.strip() else "empty file: a byte order mark alone" \
                    if first == UTF8_BOM else "empty file: a byte order mark and whitespace alone"
                yield IngestError(str(path), None, f"cannot read: {source.cut}" if source.cut else empty)
                return
            if (encoding := bom_encoding(first)) is not None:
                yield IngestError(str(path), None, f"{encoding.upper()} text: JSON Lines are read in UTF-8; convert "
                                                   f"it, e.g. iconv -f {encoding.upper()} -t UTF-8")
                return
            if looks_binary(first[:8192]):
                yield IngestError(str(path), None, "binary file (contains NUL bytes), not JSON")
                return
            read_in_core = None
            if _is_plain_json(path) and first.lstrip()[:1] in (b"[", b"{"):
                data = first + b"".join(chunks)
                whole = _read_json_value(data, path, max_bytes) if source.cut is None else None
                if whole is not None:
                    yield from whole
                    return
                lines: Iterator[bytes | None] = _but_cut(iter(data.split(b"\n")), source)
            else:
                read_in_core = _core_reader(path)
                if read_in_core is not None:
                    tell = (lambda: base + raw_fh.tell()) if progress is not None else None
                    lineno = yield from _lines_in_core(read_in_core, first, chunks, path, max_bytes,
                                                       (batch, max_text_chars), progress, tell, source)
                    lines = iter(())
                else:
                    lines = _but_cut(_chain_lines(first, chunks), source)
            if read_in_core is None:
                lineno = 0
            for lineno, raw in enumerate(lines, 1):
                if progress is not None:
                    progress.bytes_read = base + raw_fh.tell()
                if raw is None:  # the piece the cut left of the last line
                    yield _cut_inside(path, lineno, source.cut)
                    return
                yield from _line_items(raw, lineno, path, max_bytes)
            if source.cut and lineno >= 0:  # -1: the core reader reported it inside a line
                # cut at a line's end: the last piece (after the last newline) is empty, counted as line `lineno`
                yield IngestError(str(path), None, f"{source.cut} after line {lineno - 1:,}; every line up to it was read")
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


def _cut_inside(path: Path, lineno: int, cut: str | None) -> IngestError:
    """The error for line ``lineno`` of ``path`` when the file's data ends inside it (``cut``: why)."""
    before = f"the {lineno - 1:,} line{'' if lineno == 2 else 's'} before it were read" if lineno > 1 else \
        "no line before it"
    return IngestError(str(path), lineno, f"{cut} inside this line, which is not read; {before}")


def _but_cut(lines: Iterator[bytes], source: _Decoded) -> Iterator[bytes | None]:
    """``lines``, the last one replaced by ``None`` when the data was cut (``source.cut``) inside it."""
    prev = next(lines, None)
    for raw in lines:
        yield prev
        prev = raw
    if prev is not None:
        yield None if source.cut and prev.strip() else prev


def _line_items(raw: bytes, lineno: int, path: Path, max_bytes: int) -> Iterator[Document | IngestError]:
    """The document or errors of line ``lineno`` of a JSON Lines file (nothing for a blank line, or a first
    line holding a byte order mark alone)."""
    if not (raw.removeprefix(UTF8_BOM) if lineno == 1 else raw).strip():
        return
    if len(raw) > max_bytes:
        yield doc_too_big(path, lineno, len(raw), max_bytes)
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield IngestError(str(path), lineno, f"invalid UTF-8 at byte {e.start} of the line" + legacy_encoding_hint(raw))
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        msg = e.msg.removesuffix(" at")  # "Unterminated string starting at" + " at column 3"
        yield IngestError(str(path), lineno, f"malformed JSON: {msg} at column {e.colno}")
        return
    yield from _with_date_notice(record_to_document(obj, path, lineno), path, lineno)


CORE_CHUNK_BYTES = 1 << 20
"""Bytes of whole lines given to ``kavosh._core.read_json_lines`` at a time (at least)."""

CORE_RUN_DOCS = 256
"""Records per ``kavosh._core.Records`` at most: the unit of analysis on a thread and of a commit's
granularity within a file (as ``kavosh.index.pipeline.BATCH_DOCS`` for documents)."""


def _core_reader(path: Path):
    """``kavosh._core.read_json_lines``, or ``None``: no compiled core (or ``KAVOSH_PURE_PYTHON``), or a
    path that is not valid Unicode (the core writes it into each record's ``source``)."""
    core = compiled_extension()
    read = getattr(core, "read_json_lines", None) if core is not None else None
    if read is None:
        return None
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return None
    return read


def _lines_in_core(read, first: bytes, chunks: Iterator[bytes], path: Path, max_bytes: int,
                   records: tuple[bool, int | None], progress: Progress | None, tell,
                   source: _Decoded) -> Iterator[Document | IngestError]:
    """The items of a JSON Lines file's lines, whole lines given to ``read`` (``kavosh._core.read_json_lines``)
    about :data:`CORE_CHUNK_BYTES` at a time; the lines it does not take read by :func:`_line_items`.
    ``records``: ``(batch, max_text_chars)`` of :func:`read_json_file`.

    Returns (as a generator's value) the number of the last line, as the line-by-line reading counts it
    (the piece after the last newline is a line, empty or not), or -1 when the data was cut inside that
    line (``source.cut``), reported here (:func:`_cut_inside`)."""
    name = str(path)
    batch, max_text_chars = records
    lineno = 1  # of the next line

    def items(data: bytes) -> Iterator[Document | IngestError]:
        for piece in read(data, lineno, name, max_bytes, CORE_RUN_DOCS, max_text_chars):
            if isinstance(piece, tuple):
                yield from _line_items(piece[1], piece[0], path, max_bytes)
            elif batch:
                yield piece
            else:
                for doc_id, title, text, url, where in piece.documents():
                    yield Document(id=doc_id, title=title, text=text, url=url, source=where)

    buf = first
    for chunk in chunks:
        buf += chunk
        if len(buf) < CORE_CHUNK_BYTES:
            continue
        cut = buf.rfind(b"\n")
        if cut < 0:
            continue
        data, buf = buf[:cut + 1], buf[cut + 1:]
        if progress is not None:
            progress.bytes_read = tell()
        yield from items(data)
        lineno += data.count(b"\n")
    if progress is not None:
        progress.bytes_read = tell()
    cut = buf.rfind(b"\n")
    if cut >= 0:
        data, buf = buf[:cut + 1], buf[cut + 1:]
        yield from items(data)
        lineno += data.count(b"\n")
    if source.cut and buf.strip():
        yield _cut_inside(path, lineno, source.cut)
        return -1
    yield from _line_items(buf, lineno, path, max_bytes)
    return lineno


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
