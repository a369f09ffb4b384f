"""Read web archives (WARC, ``.warc`` and ``.warc.gz``) into documents.

Every ``response`` record whose HTTP payload is HTML (``text/html``,
``application/xhtml+xml``) with status 2xx becomes a :class:`Document`: the
target URL is its id and url; title and main text come from
:func:`kavosh.ingest.html.html_to_document` (trafilatura, half-spaces kept).
Its ``date`` is the page's own publication date when trafilatura finds one,
else empty: the capture date (``WARC-Date``) is kept apart in ``fields["fetched"]``,
never passed off as the publication date.  The page's language in ``fields["language"]``
(:mod:`kavosh.ingest.language`; the HTTP ``Content-Language`` header counts).

Other records (requests, ``warcinfo``, metadata, revisits, images, PDFs,
redirects...) are passed over and counted in ``Progress.passed_over``.  A record
that cannot be read is reported as an :class:`IngestError` naming the file and
the byte offset of the record, and reading goes on from the next record found
after it.  Parsing is done by ``warcio`` (PyPI, the Webrecorder project).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .document import Document, IngestError
from .html import ExtractorMissing, html_to_document

HTML_TYPES = ("text/html", "application/xhtml+xml")
_RESYNC = {False: b"WARC/1.", True: b"\x1f\x8b\x08"}
"""What the next record starts with, to read on after a broken one (plain / gzip)."""


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _head(path: Path, gz: bool) -> bytes | None:
    """The first 160 bytes of the WARC file at ``path``, decompressed when ``gz``; ``None`` when they cannot be
    read (a damaged gzip member: :func:`read_warc_file`'s reading reports it)."""
    try:
        with (gzip.open(path, "rb") if gz else open(path, "rb")) as fh:
            return fh.read(160)
    except (OSError, EOFError, zlib.error):
        return None


def _next_start(path: Path, after: int, gz: bool) -> int | None:
    """Byte offset of the next record start strictly after ``after``, or ``None``."""
    marker = _RESYNC[gz]
    with open(path, "rb") as fh:
        fh.seek(after + 1)
        pos = after + 1
        tail = b""
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            i = buf.find(marker)
            while i != -1:
                at = pos - len(tail) + i
                if gz or i == 0 or buf[i - 1:i] == b"\n":
                    return at
                i = buf.find(marker, i + 1)
            tail = buf[-(len(marker) - 1):]
            pos += len(chunk)
    return None


def _one_member(path: Path) -> bool:
    """Whether the gzip file's first member runs to the end of the file (``gzip file.warc``), as opposed
    to one member per record (what WARC writers make, and what warcio reads)."""
    d = zlib.decompressobj(wbits=31)
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                d.decompress(chunk)
                if d.eof:
                    return not (d.unused_data.strip(b"\0") or fh.read(1))
    except zlib.error:
        return False
    return True


def _gzip_ends_cleanly(path: Path, member: int) -> bool:
    """Whether the gzip data from byte ``member`` (where the last record's member starts; 0 for a file
    compressed whole) to the end of the file reaches its members' end markers.  A file cut inside a
    member's trailer still gives every byte of its record, but whatever followed is lost unnoticed."""
    for start in dict.fromkeys((member, 0)):
        try:
            with open(path, "rb") as fh:
                fh.seek(start)
                d = zlib.decompressobj(wbits=31)
                while chunk := fh.read(1 << 20):
                    while chunk:
                        d.decompress(chunk)
                        chunk = d.unused_data
                        if d.eof:
                            if not chunk.strip(b"\0"):
                                break
                            d = zlib.decompressobj(wbits=31)
                return d.eof
        except zlib.error:
            continue
    return True  # not gzip from there: warcio's own errors say what is wrong


def _record_document(record: Any, path: Path, offset: int, max_bytes: int,
                     passed_over: dict[str, int]) -> Document | IngestError | None:
    """One WARC record → a document, an error, or ``None`` (passed over, counted)."""
    rtype = record.rec_type or "unknown"
    if rtype != "response":
        passed_over[f"{rtype} records"] = passed_over.get(f"{rtype} records", 0) + 1
        return None
    headers = record.http_headers
    if headers is None:
        passed_over["responses without HTTP headers"] = passed_over.get("responses without HTTP headers", 0) + 1
        return None
    status = headers.get_statuscode() or ""
    ctype = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if not status.startswith("2"):
        key = f"HTTP {status or '?'} responses"
        passed_over[key] = passed_over.get(key, 0) + 1
        return None
    if ctype not in HTML_TYPES:
        key = f"non-HTML responses ({ctype or 'no type'})"
        passed_over[key] = passed_over.get(key, 0) + 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"WARC record at byte {offset}" + (f" ({url})" if url else "")
    if not url:
        return IngestError(str(path), None, f"{where}: no WARC-Target-URI")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return IngestError(str(path), None, f"{where}: page larger than the {max_bytes / 1e6:g} MB limit "
                                            "(--max-doc-mb)")
    doc = html_to_document(body, doc_id=url, url=url,
                           http_content_language=headers.get_header("Content-Language") or "")
    if doc is None or not (doc.text.strip() or doc.title.strip()):
        passed_over["HTML pages without text"] = passed_over.get("HTML pages without text", 0) + 1
        return None
    fetched = record.rec_headers.get_header("WARC-Date") or ""
    doc.id = doc.url = url
    if fetched:
        doc.fields["fetched"] = fetched  # when it was captured: not the page's date (``date`` stays "" without one)
    doc.source = f"{path}@{offset}"
    return doc


def _missing_bytes(record: Any) -> int:
    """Bytes of the record's declared ``Content-Length`` that the file does not hold (0: complete).

    Reads the rest of the record (the caller has read what it needs); warcio itself gives a
    short record without a word when the file ends inside it."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return max(getattr(stream, "limit", 0), 0)


def read_warc_file(path: Path, max_bytes: int, passed_over: dict[str, int] | None = None
                   ) -> Iterator[Document | IngestError]:
    """Yield a :class:`Document` per HTML response of the WARC file at ``path``.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file (per-record gzip, as WARC writers make it, or the whole
            file gzip-compressed at once, read through :mod:`gzip`).
        max_bytes: pages with a larger HTTP payload are reported and skipped.
        passed_over: counts of records that are not documents, by kind
            (``"request records": 3``, ``"non-HTML responses (image/png)": 1``),
            updated in place.
    Yields:
        documents, and :class:`IngestError` for records that cannot be read
        (``"WARC record at byte 1234: ..."``); never raises for bad input.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as e:
        yield IngestError(str(path), None, f"reading WARC needs warcio, which cannot be imported ({e})")
        return
    counts = passed_over if passed_over is not None else {}
    gz = _is_gzip(path)
    head = _head(path, gz)
    if head is not None and not head.lstrip(b"\r\n").startswith(b"WARC/"):  # unreadable: the reading below says
        shown = head.decode("utf-8", "replace").split("\n")[0].strip()
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        what = f"it begins with «{shown}»" if shown else "it is empty"
        yield IngestError(str(path), None, f"not a WARC file: {what}, where a WARC file begins with its version "
                                           "line (WARC/1.0 or WARC/1.1); skipped")
        return
    size = path.stat().st_size
    start: int | None = 0
    last = 0  # where the last record read starts
    whole = gz and _one_member(path)  # compressed at once: read through gzip (warcio reads per-record gzip only)
    while start is not None:
        with (gzip.open(path, "rb") if whole else open(path, "rb")) as fh:
            fh.seek(start)
            it = ArchiveIterator(fh, check_digests=False)
            records = iter(it)
            start = None
            while True:
                offset = it.offset  # absolute: where the next record starts (warcio tracks fh.tell())
                last = max(last, offset)
                warnings = io.StringIO()  # warcio prints record-length warnings to stderr
                try:
                    with contextlib.redirect_stderr(warnings):
                        record = next(records)
                        # every WARC record declares its length: without it the file was cut inside the record's
                        # headers (warcio then gives what it read, a record with no payload, without a word)
                        cut = not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit()
                        item = None if cut else _record_document(record, path, it.offset, max_bytes, counts)
                except StopIteration:
                    if not whole and it.offset < size:
                        yield IngestError(str(path), None, f"WARC record at byte {it.offset} is incomplete "
                                                           "(the file ends inside it); skipped")
                    elif gz and not _gzip_ends_cleanly(path, 0 if whole else last):
                        where = "" if whole else f" after the record at byte {last}"
                        yield IngestError(str(path), None, "the gzip data ends before its end marker: the file is "
                                                           f"cut short{where}; the records before the cut were read")
                    break
                except ExtractorMissing as e:
                    yield IngestError(str(path), None, str(e))
                    return
                except (ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error, LookupError, TypeError,
                        AttributeError) as e:  # warcio 1.8 meets a record cut before its WARC-Target-URI so
                    bad = max(it.offset, offset)  # warcio moves its offset to the failing record's start
                    reason = " ".join(str(e).split())[:200] or type(e).__name__
                    if isinstance(e, AttributeError):  # warcio's way of meeting a response with no URI
                        reason = "its headers end before its WARC-Target-URI: the file is cut or damaged there"
                    if whole:
                        yield IngestError(str(path), None, f"the gzip-compressed WARC cannot be read on from "
                                                           f"uncompressed byte {bad} ({reason}); the records "
                                                           "before it were read")
                        break
                    yield IngestError(str(path), None, f"WARC record at byte {bad} cannot be read "
                                                       f"({reason}); skipped")
                    start = _next_start(path, bad, gz)
                    break
                missing = _missing_bytes(record)
                if cut:
                    yield IngestError(str(path), None, f"WARC record at byte {it.offset} is incomplete (the file "
                                                       "ends inside its headers: no Content-Length); skipped")
                    item = None
                elif missing:
                    yield IngestError(str(path), None, f"WARC record at byte {it.offset} is incomplete (the file ends "
                                                       f"{missing:,} bytes before the record's end); skipped")
                    item = None
                if warnings.getvalue().strip():
                    first = warnings.getvalue().strip().splitlines()[0].strip()
                    yield IngestError(str(path), None, f"WARC record at byte {offset}: {first} (warcio)")
                if item is not None:
                    yield item
