"""Merge an index's segments into one (``kavosh index --merge``): fewer, larger segments are searched faster.

While indexing, tantivy's merge policy leaves segments of at most about eight times
:func:`kavosh.index.budget.merge_max_docs` documents (so that a merge's mapped files stay near the memory
budget): some 10 to 20 segments at a million documents, each searched on its own (a top-k pays a fixed
cost per segment, and the near-duplicate and phrase checks too).  Merged into one after a bulk build, the
scale benchmark's 200 queries cost about 25% less CPU at p50 and p99 on a million documents
(``docs/benchmarks.md``).  The merge reads every segment once and writes the index once (tantivy's
``IndexWriter::merge``, in the Rust writer): its cost, and the resident pages of the files it maps (as
large as the index: the kernel's page cache, dropped under memory pressure), are measured there.

What a search sees does not change: the same documents in the same order, the same scores (BM25's
statistics are the index's, whatever its segments), the same near-duplicate groups; except that documents
deleted (or replaced) since their segment was written are dropped, and with them their share of BM25's
statistics (document count, average length), which tantivy, as Lucene, counts until a merge removes them.  The
completion table, saved for the commit it was derived at, is carried to the merged commit (the same
documents), so the next run does not count the whole index again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

META_FILE = "meta.json"


def _meta_hash(path: Path) -> str | None:
    try:
        return hashlib.sha1((path / META_FILE).read_bytes()).hexdigest()
    except OSError:
        return None


def merge_segments(path: Path | str, heap_bytes: int = 64 * 1024 * 1024) -> int:
    """Merge every segment of the (unsharded) index at ``path`` into one, with a writer opened for this (it
    takes the index's lock: no other writer may be open); returns how many segments there were (0 or 1:
    nothing was merged).

    Args:
        path: the index folder.
        heap_bytes: the writer's indexing heap (no document is added: tantivy's smallest is enough).
    Raises:
        ValueError: another process is writing to the index (``LockBusy``), or no index at ``path``.
        RuntimeError: the compiled core is not available (``KAVOSH_PURE_PYTHON=1``): tantivy-py has no merge.
        OSError: the merge failed (the index is left as it was: tantivy switches to the merged segment only
            once it is written).
    """
    from ..analysis.normalize import compiled_extension
    from .completions import TABLE_FILE

    core = compiled_extension()
    writer_cls = getattr(core, "IndexWriter", None) if core is not None else None
    if writer_cls is None:
        raise RuntimeError("merging segments needs the compiled core (KAVOSH_PURE_PYTHON is set or it is not built)")
    path = Path(path)
    before = _meta_hash(path)
    segments = writer_cls(str(path), heap_bytes, 1, 0).merge_all()
    after = _meta_hash(path)
    if segments > 1 and before is not None and after is not None and before != after:
        carry_table(path / TABLE_FILE, before, after)
    return segments


def carry_table(file: Path, before: str, after: str) -> bool:
    """Re-label the completion table ``file`` saved for the commit whose ``meta.json`` hashes to ``before`` as
    the table of commit ``after`` (a merge of it: the same documents, so the same counts); returns whether it
    did (a table of another commit, or none, is left alone: the next run derives one as it does now)."""
    try:
        with gzip.open(file, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("generation") != before:
        return False
    data["generation"] = after
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
            f.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)
    return True
