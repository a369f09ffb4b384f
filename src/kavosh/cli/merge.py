"""``kavosh index --merge``: merge the index's segments into one after indexing, and say so."""

from __future__ import annotations

import argparse
import sys
import time

from .errors import UserError


def check_merge(args: argparse.Namespace) -> None:
    """:class:`UserError` when ``--merge`` is asked with ``--shards`` or ``--cluster`` (each shard keeps its
    segments)."""
    if getattr(args, "merge", False) and (getattr(args, "cluster", None) or getattr(args, "shards", None)):
        raise UserError("--merge is for an unsharded index (each shard keeps its segments); leave it out with "
                        "--shards or --cluster")


def merge_after(ix, quiet: bool) -> None:
    """``--merge``: the index's segments merged into one (:func:`kavosh.index.merge.merge_segments`), with a
    line saying how many there were and how long it took (unless ``quiet``); :class:`UserError` for a
    sharded index or a failed merge."""
    if ix.opened.manifest is not None:
        raise UserError(f"{ix.path} is a sharded index: --merge is for an unsharded one")
    from ..index.merge import merge_segments

    t0 = time.perf_counter()
    try:
        segments = merge_segments(ix.path)
    except (RuntimeError, ValueError, OSError) as e:
        raise UserError(f"--merge: {e}") from e
    if not quiet:
        print(f"merged {segments} segments into one in {time.perf_counter() - t0:.1f} s" if segments > 1 else
              "one segment already: nothing to merge", file=sys.stderr)
