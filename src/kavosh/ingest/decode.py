"""Bytes read from files before they are text: the size limit, byte-order marks, binary files, a hint for
legacy encodings, and the reading's progress counter (shared by :mod:`.files` and :mod:`.jsonl`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import IngestError

DEFAULT_MAX_DOC_BYTES = 10_000_000
"""Documents larger than this (10 MB of UTF-8 text) are skipped and reported."""


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

def looks_binary(head: bytes) -> bool:
    return b"\x00" in head


_UTF16_32_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                  (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
"""Byte order marks of UTF-32 and UTF-16 (checked in this order: UTF-32 LE begins like UTF-16 LE).
A text file that begins with one is read in that encoding (Windows Notepad's "Unicode" is UTF-16 LE)."""


def bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in _UTF16_32_BOMS if data.startswith(bom)), None)


UTF8_BOM = b"\xef\xbb\xbf"


def empty_reason(data: bytes) -> str | None:
    """Why a file's bytes hold no text, or ``None`` when they may: ``"empty file"`` (nothing, or whitespace
    alone), ``"empty file: a byte order mark alone"`` (what an editor saves for an empty "UTF-8 with BOM"
    or "Unicode" file), ``"empty file: a byte order mark and whitespace alone"``.  Decodes only a short
    UTF-16/32 file (at most 4 KiB)."""
    if not data.strip():
        return "empty file"
    encoding = bom_encoding(data)
    if encoding is None:
        bare = data.removeprefix(UTF8_BOM)
        if len(bare) == len(data) or bare.strip():
            return None
    elif len(data) > 4096:
        return None
    else:
        try:
            bare = data.decode(encoding)  # (the codec drops the byte order mark)
        except UnicodeDecodeError:
            return None
        if bare.strip():
            return None
    return "empty file: a byte order mark " + ("and whitespace alone" if bare else "alone")


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


def doc_too_big(path: Path, line: int | None, n: int, limit: int) -> IngestError:
    return IngestError(str(path), line, f"document of {n / 1e6:.3g} MB is larger than the "
                                        f"{limit / 1e6:g} MB limit (--max-doc-mb)")
