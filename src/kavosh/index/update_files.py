"""The files an incremental run keeps beside the index (:mod:`kavosh.index.update`), each replaced atomically
and durably (write, fsync, rename; removed when empty): the *pending list* of sources possibly half-replaced
in the last commit (:data:`PENDING_FILE`), and the errors found in each source when it was last read
(:data:`ERRORS_FILE`)."""

from __future__ import annotations

import json
import os

PENDING_FILE = "kavosh-pending.json"
"""Sources possibly half-replaced in the last commit: re-read on the next run whatever their hash."""
ERRORS_FILE = "kavosh-source-errors.json"
"""The errors found in each source when it was last read (with its hash and ``--max-doc-mb``), so that
an unchanged file is skipped without hiding them: they are reported again on every run."""
MAX_KEPT_ERRORS = 200
"""Errors kept per source for later runs (the CLI lists 50 in all)."""


def read_json_dict(path: os.PathLike) -> dict:
    """The JSON object in ``path``; ``{}`` when the file is missing, not JSON, or not an object."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path, data: dict) -> None:
    """Replace a JSON file atomically (write, fsync, rename); remove it when ``data`` is empty."""
    if not data:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        return
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_pending(path: os.PathLike) -> set[str]:
    """The source keys of the pending list in ``path``; none when the file is missing or torn.

    Raises:
        OSError: the file exists but cannot be read."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return set()
    except json.JSONDecodeError:  # only a torn write could do this; it is written atomically
        return set()
    return set(data.get("sources", [])) if isinstance(data, dict) else set()


def write_pending(path, keys: set[str]) -> None:
    """Replace the pending list atomically and durably (write, fsync, rename); remove it when empty."""
    write_json(path, {"sources": sorted(keys)} if keys else {})
