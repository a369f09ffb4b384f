"""``kavosh index --synonyms FILE``: install a synonym file into the index and say so."""

from __future__ import annotations

import argparse
import sys

from .common import count, open_index
from .errors import EXIT_OK, UserError


def install_synonyms(ix, path: str) -> str:
    """Install the synonym file at ``path`` into the index; returns the line saying so (``synonyms: FILE
    installed in DIR: 2 groups …``); :class:`UserError` naming the file and line."""
    from ..query.synonyms import SynonymError, install

    try:
        text = open(path, encoding="utf-8").read()
        syn = install(ix.path, text, ix.analyzer)
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"cannot read the synonym file {path}: {e}") from e
    except SynonymError as e:
        raise UserError(str(e).replace("synonyms.txt", path, 1)) from e
    if not syn:
        return f"synonyms: {path} has no group: the index at {ix.path} has no synonyms now"
    groups = sum(1 for line in text.splitlines() if line.split("#", 1)[0].strip())
    return f"synonyms: {path} installed in {ix.path}: {count(groups, 'group')} (searches use them at once; no reindex)"


def synonyms_alone(args: argparse.Namespace) -> int:
    """``kavosh index --index DIR --synonyms FILE`` without PATH: install the file into the existing index
    (:class:`UserError` when there is none, or when ``--synonyms`` is missing too)."""
    if not getattr(args, "synonyms", None):
        raise UserError("give the files and folders to index (PATH...), or --synonyms FILE alone to install "
                        "a synonym file")
    installed = install_synonyms(open_index(args.index), args.synonyms)
    if not args.quiet:
        print(installed, file=sys.stderr)
    return EXIT_OK
