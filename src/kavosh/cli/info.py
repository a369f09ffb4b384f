"""``kavosh info``: the index's location, size and versions, as JSON."""

from __future__ import annotations

import argparse
import json

from .common import index_opt, open_index
from .errors import EXIT_OK


def add_parser(sub) -> None:
    """Add the ``info`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("info", help="show the index's location, size and versions")
    index_opt(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the index's path, document count and metadata as JSON (and its passage vectors, if any:
    model, documents, passages, bytes on disk, whether they match the last commit)."""
    ix = open_index(args.index)
    out = {"path": str(ix.path), "documents": len(ix), **ix.opened.meta}
    if ix.has_vectors:
        from ..index.vectors import VectorStore

        store = VectorStore(ix.path)
        out["vectors"] = {"model": store.model, "dim": store.dim, "documents": store.documents(),
                          "passages": len(store), "bytes": store.disk_bytes(), "in_step": not store.stale()}
        store.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return EXIT_OK
