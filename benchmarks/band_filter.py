#!/usr/bin/env python3
"""The near-duplicate grouper's CPU per document on an existing band table, with and without its band filter.

    python benchmarks/band_filter.py INDEX_DIR off|on [--docs 4000]

Copies ``INDEX_DIR``'s band table (``kavosh-groups.sqlite`` and ``meta.json``) to a temporary folder,
opens a :class:`kavosh.index.groups.Grouper` on it and adds ``--docs`` documents unrelated to the index
(the signatures of its most recent documents with fresh random band keys, seed 5), timing
``forget`` + ``assign`` (process CPU) and counting band lookups (B-tree descents).  ``off``: every band key
is looked up (as before ``c9716b7``); ``on``: the filter built from the table first, as a run has it once
it has added an eighth of the table.  Prints one line.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from kavosh.index import dedup, groups


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("index", type=Path)
    p.add_argument("mode", choices=("off", "on"))
    p.add_argument("--docs", type=int, default=4000)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        shutil.copy(args.index / groups.TABLE_FILE, d)
        shutil.copy(args.index / "meta.json", d)
        g = groups.Grouper(d)
        if args.mode == "off":
            groups.Grouper._band_filter = lambda self: None
        else:
            g._build_filter(g._rows_at_open)
        rng = np.random.default_rng(5)
        rows = g._db.execute("SELECT sig FROM docs ORDER BY seq DESC LIMIT ?", (args.docs,)).fetchall()
        fps = [dedup.Fingerprint(rng.integers(0, 1 << 62, dedup.BANDS, dtype=np.int64).tolist(),
                                 np.frombuffer(r[0], dtype=np.uint8)) for r in rows]
        c0, l0 = time.process_time(), g.lookups
        for i, fp in enumerate(fps):
            g.forget(f"new-{i}")
            g.assign(f"new-{i}", fp, "x")
        dt = time.process_time() - c0
        table_docs = g._db.execute("SELECT count(*) FROM docs").fetchone()[0] - len(fps)
        g.close()
    print(f"{args.mode}: band table of {table_docs:,} documents, {1e6 * dt / len(fps):.0f} us CPU a document, "
          f"{(g.lookups - l0) / len(fps):.3f} band lookups a document")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
