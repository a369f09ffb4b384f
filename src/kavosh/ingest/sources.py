"""Sources: the files ``kavosh index`` reads, each with a stable identity and a content hash.

A *source* is one input file.  It yields one document (``.txt``, ``.md``, ``.html``)
or many (JSON Lines, a JSON array, a WARC).  Identity and change are settled here:

* **Identity** — the *source key* is the file's resolved absolute path
  (:meth:`pathlib.Path.resolve`: ``..`` removed, symlinks followed).  The same file
  reached as ``docs/a.txt``, ``./docs/../docs/a.txt`` or through a symlink is one
  source, read once per run; two different files that share a name are two sources.
* **Change** — a source has changed when the BLAKE2b hash (RFC 7693, :mod:`hashlib`,
  16-byte digest) of its bytes differs from the hash stored with its documents.
  Modification times are never consulted, so ``touch`` re-indexes nothing and an
  edit that keeps the size and the time is still seen.

What the index does with keys and hashes (skip, replace, prune) is in
:mod:`kavosh.index.update`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .document import IngestError
from .walk import discover, kind_of

HASH_DIGEST_BYTES = 16
"""BLAKE2b digest size: 128 bits, hex-encoded to 32 characters."""

ONE_DOCUMENT_KINDS = ("text", "html", "docx")
"""File kinds that yield exactly one document, whose id Kavosh chooses (other kinds carry their own ids)."""


def content_hash(path: str | os.PathLike) -> str:
    """The hex BLAKE2b-128 hash of a file's bytes, read in chunks (any size, constant memory).

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, lambda: hashlib.blake2b(digest_size=HASH_DIGEST_BYTES)).hexdigest()


def source_key(path: str | os.PathLike) -> str:
    """The identity of a file or folder: its resolved absolute path as a string.

    The path need not exist (a deleted folder still has a key, for ``--prune``).  A
    symlink loop, which cannot be resolved, falls back to the absolute path.
    """
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # RuntimeError: symlink loop (Python < 3.13)
        return os.path.abspath(path)


@dataclass(frozen=True)
class SourceFile:
    """One input file to read.

    Attributes:
        path: the file as found under the path given (for reading and messages).
        root: the folder its readable id is relative to (the folder given, or the file's own folder).
        key: its identity, :func:`source_key`.
        kind: ``"text"``, ``"html"``, ``"json"`` or ``"warc"``.
    """

    path: Path
    root: str
    key: str
    kind: str

    @property
    def one_document(self) -> bool:
        """True when the file yields one document whose id Kavosh chooses (``.txt``, ``.md``, ``.html``)."""
        return self.kind in ONE_DOCUMENT_KINDS


def find_sources(paths: list[str], skipped: dict[str, list[str]] | None = None
                 ) -> tuple[list[SourceFile], list[IngestError]]:
    """Expand files and folders into the supported files under them, each once.

    Args:
        paths: files and folders as typed by the user.
        skipped: filled with what folders held that is not read (:func:`kavosh.ingest.walk.discover`).
    Returns:
        ``(sources, errors)``: sources in walk order (folders sorted, hidden entries skipped),
        a file reached twice (overlapping folders, symlinks) listed at its first occurrence;
        errors for paths that do not exist or files of an unsupported kind named directly.
    """
    files, errors = discover(paths, skipped)
    seen: set[str] = set()
    sources: list[SourceFile] = []
    for f, root in files:
        key = source_key(f)
        if key not in seen:
            seen.add(key)
            sources.append(SourceFile(f, root, key, kind_of(f) or ""))
    return sources, errors
