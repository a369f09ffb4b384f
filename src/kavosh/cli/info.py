"""``kavosh info``: the index's location, size, versions, fields and synonyms, as JSON."""

from __future__ import annotations

import argparse
import json
import stat
from pathlib import Path

from .common import index_opt, open_for_reading
from .errors import EXIT_OK


def add_parser(sub) -> None:
    """Add the ``info`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    about = "show the index's location, documents, size on disk (bytes), versions, fields and synonyms, as JSON"
    sp = sub.add_parser("info", help=about, description=about[0].upper() + about[1:] + ".")
    index_opt(sp)
    sp.set_defaults(func=run)


def folder_bytes(path: Path) -> int:
    """Bytes of the files in ``path`` and its subfolders (hard links of a sharded index's view counted once)."""
    seen, total = set(), 0
    for f in path.rglob("*"):
        try:
            st = f.lstat()
        except OSError:  # removed by a merge while we looked
            continue
        if stat.S_ISREG(st.st_mode) and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


def synonyms_info(ix) -> dict | None:
    """``{"file": path, "rules": N}`` for the index's synonym file (N: entries that search other entries),
    ``{"file": path, "error": message}`` when it cannot be read, ``None`` when the index has none."""
    from ..query.synonyms import SYNONYMS_FILE, SynonymError, index_synonyms

    path = ix.path / SYNONYMS_FILE
    if not path.exists():
        return None
    try:
        return {"file": str(path), "rules": len(index_synonyms(ix.path, ix.analyzer).rules)}
    except SynonymError as e:
        return {"file": str(path), "error": str(e)}


def run(args: argparse.Namespace) -> int:
    """Print the index's path, document count, size on disk (``bytes``: every file in its folder) and
    metadata as JSON (a sharded index's shards: their count and each one's documents; its passage vectors,
    if any: model, documents, passages, bytes on disk, whether they match the last commit), its declared
    fields (``{name: kind}``) and query weights set with ``--weight``, and its synonym file (path and rule
    count, or the error that keeps it from being read: searches report that error too)."""
    ix = open_for_reading(args.index)
    out = {"path": str(ix.path), "documents": len(ix), "bytes": folder_bytes(ix.path), **ix.opened.meta}
    config = ix.opened.fields.to_json()
    out["fields"] = config["fields"]
    out["weights"] = config.get("weights", {})
    out["synonyms"] = synonyms_info(ix)
    if ix.opened.manifest is not None:  # a sharded index: how many, and each one's documents
        import tantivy

        from ..index.shards import shard_paths

        out["shards"] = {"count": ix.opened.manifest["shards"],
                         "documents": [tantivy.Index.open(str(p)).searcher().num_docs
                                       for p in shard_paths(ix.path, ix.opened.manifest)]}
    if ix.has_vectors:
        from ..index.vectors import VectorStore, outdated_vectors, vector_folders

        stores = [VectorStore(f) for f in vector_folders(ix.path)]  # one per shard for a sharded index
        out["vectors"] = {"model": stores[0].model, "dim": stores[0].dim,
                          "documents": sum(s.documents() for s in stores), "passages": sum(len(s) for s in stores),
                          "bytes": sum(s.disk_bytes() for s in stores), "in_step": not any(s.stale() for s in stores)}
        if (why := outdated_vectors(ix.path)) is not None:  # another model or text form: not searched
            out["vectors"]["outdated"] = why
        for s in stores:
            s.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return EXIT_OK
