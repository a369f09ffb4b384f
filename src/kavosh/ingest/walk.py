"""Which files ``kavosh index`` reads under the paths given, and what it passes over and why.

:func:`discover` walks files and folders.  Nothing is passed over silently: files of a
kind Kavosh does not read, hidden entries and symbolic links to folders are collected by
label in ``skipped`` (:func:`skip_reason` says why, for the summary; named pipes, sockets and
devices too, which a read could wait on forever), and paths that
cannot be read (missing, a symbolic link loop or a broken link, an unreadable folder)
are :class:`IngestError` items with a message naming the problem (:func:`path_problem`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .document import IngestError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
DOCX_SUFFIXES = (".docx",)
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + WARC_SUFFIXES + DOCX_SUFFIXES
SUPPORTED_TEXT = ".txt, .md, .html, .docx, .json, .jsonl (and their .gz), .warc or .warc.gz"

HIDDEN = "hidden"
"""``skipped`` label of entries whose name starts with a dot (``.git``, ``.DS_Store``)."""
FOLDER_LINK = "folder link"
"""``skipped`` label of symbolic links to folders (not followed: they can loop)."""
NO_SUFFIX = "(no extension)"
SPECIAL = "not a regular file"
"""``skipped`` label of named pipes, sockets and devices: reading one could wait forever."""

_IMAGE = "an image: no text to index (Kavosh does no OCR)"
_REASONS = {
    ".pdf": "PDF is not read: Persian text extracted from PDFs (pypdf, pdfminer.six, pypdfium2, PyMuPDF, pdftotext) "
            "comes out in visual order or with broken ligatures; convert to .docx, .html or .txt",
    ".doc": "the old Word format is not read; save as .docx",
    ".odt": "OpenDocument text is not read; save as .docx",
    ".rtf": "RTF is not read; save as .docx or .txt",
    ".epub": "EPUB is not read; convert to .html or .txt",
    **{s: _IMAGE for s in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".heic")},
    HIDDEN: "hidden (the name starts with '.'): not read",
    FOLDER_LINK: "symbolic links to folders are not followed (they can loop); give the folder itself",
    SPECIAL: "named pipes, sockets and devices are not read (reading one could wait forever)",
}


def kind_of(path: Path) -> str | None:
    """``"text"``, ``"html"``, ``"docx"``, ``"json"``, ``"warc"``, or ``None`` for a file Kavosh does not read."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSON_SUFFIXES):
        return "json"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(DOCX_SUFFIXES):
        return "docx"
    return None


def suffix_label(path: Path) -> str:
    """The ``skipped`` label of an unsupported file: its lower-case extension (``.pdf``, ``.tar.gz``)."""
    suffixes = [s.lower() for s in path.suffixes if 1 < len(s) <= 8 and " " not in s]
    if not suffixes:
        return NO_SUFFIX
    return "".join(suffixes[-2:]) if suffixes[-1] in (".gz", ".bz2", ".xz", ".zst") else suffixes[-1]


def skip_reason(label: str) -> str:
    """Why files under ``label`` (a key of ``skipped``) were not read, in one phrase."""
    return _REASONS.get(label, f"unsupported file type (Kavosh reads {SUPPORTED_TEXT})")


def path_problem(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be read, in words, or ``None`` when it exists.

    ``"no such file or folder"``; ``"symbolic link loop (x.txt -> x.txt)"``;
    ``"broken symbolic link (to gone.txt, which does not exist)"``; ``"permission denied"``.
    """
    p = Path(path)
    try:
        p.stat()
        return None
    except OSError as e:
        if e.errno == errno.ELOOP:
            return f"symbolic link loop ({p.name} -> {_readlink(p)} leads back to itself)"
        if e.errno == errno.EACCES:
            return "permission denied"
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            if p.is_symlink():
                return f"broken symbolic link (to {_readlink(p)}, which does not exist)"
            return "no such file or folder"
        return e.strerror or str(e)


def not_regular(path: str | os.PathLike) -> str | None:
    """Why ``path``, which exists, is not read because it is a named pipe, a socket or a device (a read
    could wait forever), or ``None`` for a regular file or a folder."""
    p = Path(path)
    return None if p.is_file() or p.is_dir() else f"{SPECIAL}: {_REASONS[SPECIAL]}"


def _readlink(p: Path) -> str:
    try:
        return os.readlink(p)
    except OSError:
        return "?"


def discover(paths: list[str], skipped: dict[str, list[str]] | None = None
             ) -> tuple[list[tuple[Path, str]], list[IngestError]]:
    """Expand files and folders into ``[(file, id_root)]`` of the files Kavosh reads.

    Args:
        paths: files and folders as typed by the user.
        skipped: if given, filled in place with what folders held that is not read, by label
            (an extension such as ``".pdf"``, :data:`HIDDEN`, :data:`FOLDER_LINK` or :data:`SPECIAL`) → paths;
            :func:`skip_reason` gives the reason of each label.
    Returns:
        ``(files, errors)``: each file with the folder its id is relative to (sorted walk,
        hidden entries left out); errors for paths that cannot be read (:func:`path_problem`),
        files of an unsupported kind or not regular files (:data:`SPECIAL`) named directly, and unreadable
        folders.
    """
    files: list[tuple[Path, str]] = []
    errors: list[IngestError] = []
    out = skipped if skipped is not None else {}

    def skip(label: str, path: Path) -> None:
        out.setdefault(label, []).append(str(path))

    def unreadable(e: OSError) -> None:
        errors.append(IngestError(e.filename or "?", None, f"cannot read the folder: {e.strerror or e}"))

    for raw in paths:
        p = Path(raw)
        problem = path_problem(p)
        if problem is not None:
            errors.append(IngestError(raw, None, problem))
        elif p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p, onerror=unreadable):
                keep = []
                for d in sorted(dirnames):
                    full = Path(dirpath) / d
                    if d.startswith("."):
                        skip(HIDDEN, full)
                    elif full.is_symlink():
                        skip(FOLDER_LINK, full)
                    else:
                        keep.append(d)
                dirnames[:] = keep
                for name in sorted(filenames):
                    f = Path(dirpath) / name
                    if name.startswith("."):
                        skip(HIDDEN, f)
                    elif (problem := path_problem(f)) is not None:
                        errors.append(IngestError(str(f), None, problem))
                    elif not f.is_file():
                        skip(SPECIAL, f)
                    elif kind_of(f):
                        files.append((f, str(p)))
                    else:
                        skip(suffix_label(f), f)
        elif (problem := not_regular(p)) is not None:
            errors.append(IngestError(raw, None, problem))
        elif kind_of(p):
            files.append((p, str(p.parent)))
        else:
            label = suffix_label(p)
            reason = _REASONS.get(label) or f"unsupported file type (expected {SUPPORTED_TEXT})"
            errors.append(IngestError(raw, None, reason))
    return files, errors
