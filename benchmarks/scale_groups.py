#!/usr/bin/env python3
"""Near-duplicate grouping alone as the index grows: work per document of the band table.

    python benchmarks/scale_groups.py 200000 [--block 20000] [--commit-every 17000] [--workdir /tmp]
    python benchmarks/scale_groups.py 200000 --corpus DIR     # a corpus written by scale_corpus.py
    python benchmarks/scale_groups.py 200000 --impl core      # the compiled core's band table

The first N documents of ``benchmarks/scale_corpus.py``'s sequence (seed 1403, the one
``benchmarks/scale.py`` indexes), or with ``--corpus`` the first N of the JSON Lines files of
``DIR`` read one file after another in name order (as ``kavosh index DIR`` reads them; all are
fingerprinted before the timing starts), are fingerprinted from their whitespace-split text (no
analysis: the band table's work is what is measured) and given in order to a fresh
:class:`kavosh.index.groups.Grouper`, committing every ``--commit-every`` documents (about
``kavosh index``'s 64 MB commits).  Printed for each block of ``--block`` documents: the
CPU microseconds per document spent in the grouper (``assign`` + commits, as the writer calls it
for a new id since ``89a3fd1``: no ``forget``; fingerprinting not counted) and the candidates
whose signatures were compared and the band lookups (B-tree descents the band filter let through)
per document;
flat is linear.  At the end: the groups, the copies grouped with their original (the
generator's truth), and the originals that fell into another original's group (unrelated
generated documents sharing most of their reused paragraphs).

To compare two versions of ``groups.py``, run it with each on ``PYTHONPATH`` (e.g. a
``git worktree`` of the older commit with its compiled core copied in); the machine's load
changes the CPU figures, so run the two back to back.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import scale_corpus  # noqa: E402

from kavosh.index import dedup, groups  # noqa: E402


def from_corpus(folder: Path, n: int):
    """The first ``n`` documents of the ``*.jsonl`` files of ``folder`` in name order, fingerprinted
    (all of them first, so that the timing is the grouper's alone), as ``(doc, None)``: no truth."""
    docs = []
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if len(docs) >= n:
                    return docs
                d = json.loads(line)
                docs.append(({"id": d["id"], "fp": dedup.fingerprint(d["text"].split())}, None))
    return docs


def run(n: int, folder: Path, block: int, every: int, data: Path, corpus: Path | None = None,
        impl: str = "python") -> dict:
    """Group the first ``n`` generated documents with a fresh table in ``folder``; returns
    ``{"blocks": [{"docs", "us_per_doc", "candidates_per_doc", "lookups_per_doc"}], "groups", "copies",
    "copies_grouped", "originals_merged"}``."""
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"opstamp": 0}), encoding="utf-8")
    if impl == "core":  # the compiled core's band table (the Rust writer's), called once a document from here
        from kavosh.analysis.normalize import compiled_extension  # noqa: PLC0415

        g = compiled_extension().Grouper(str(folder), 0)
    else:
        g = groups.Grouper(folder)
    grp: dict[str, int] = {}
    truth: list[tuple[str, str | None]] = []
    blocks = []
    cpu, cands, looks = 0.0, g.candidates, g.lookups
    try:
        source = from_corpus(corpus, n) if corpus else scale_corpus.generate(n, data=data)
        for i, (doc, orig) in enumerate(source):
            fp = doc["fp"] if corpus else dedup.fingerprint(doc["text"].split())
            c0 = time.process_time()
            grp[doc["id"]] = g.assign(doc["id"], fp, "corpus")[0]
            if i % every == every - 1:
                g.prepare_commit()
                g.committed(i + 1)
            cpu += time.process_time() - c0
            truth.append((doc["id"], orig))
            if i % block == block - 1:
                blocks.append({"docs": i + 1, "us_per_doc": cpu / block * 1e6,
                               "candidates_per_doc": (g.candidates - cands) / block,
                               "lookups_per_doc": (g.lookups - looks) / block})
                print(f"{i + 1:>9,} documents: {blocks[-1]['us_per_doc']:6.0f} us/doc CPU, "
                      f"{blocks[-1]['candidates_per_doc']:5.2f} candidates/doc, "
                      f"{blocks[-1]['lookups_per_doc']:5.2f} band lookups/doc", file=sys.stderr, flush=True)
                cpu, cands, looks = 0.0, g.candidates, g.lookups
    finally:
        g.close()
    copies = [(d, o) for d, o in truth if o]
    first: dict[int, str] = {}
    merged = 0
    for d, o in truth:
        if not o:
            merged += first.setdefault(grp[d], d) != d
    if corpus:  # no truth: only the groups
        return {"blocks": blocks, "groups": len(set(grp.values())), "copies": None, "copies_grouped": None,
                "originals_merged": None, "max_candidates": getattr(groups, "MAX_CANDIDATES", None)}
    return {"blocks": blocks, "groups": len(set(grp.values())), "copies": len(copies),
            "copies_grouped": sum(grp[d] == grp[o] for d, o in copies), "originals_merged": merged,
            "max_candidates": getattr(groups, "MAX_CANDIDATES", None)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints the per-block figures as they come and a JSON summary."""
    p = argparse.ArgumentParser(description="near-duplicate grouping cost per document as the index grows")
    p.add_argument("n", type=int, help="documents")
    p.add_argument("--block", type=int, default=20_000, help="documents per printed block (default 20000)")
    p.add_argument("--commit-every", type=int, default=17_000, help="documents per commit (default 17000)")
    p.add_argument("--data", type=Path, default=scale_corpus.DATA, help="the shared data folder")
    p.add_argument("--corpus", type=Path, default=None,
                   help="read the documents from this folder's JSON Lines files instead of generating them")
    p.add_argument("--workdir", type=Path, default=None, help="where the band table is written (default: temp)")
    p.add_argument("--impl", choices=("python", "core"), default="python",
                   help="groups.Grouper (the specification) or the compiled core's Grouper (default python)")
    args = p.parse_args(argv)
    if args.n < 1 or args.block < 1 or args.commit_every < 1:
        p.error("n, --block and --commit-every must be positive")
    work = Path(tempfile.mkdtemp(prefix="kavosh-scale-groups-", dir=args.workdir))
    try:
        res = run(args.n, work / "table", args.block, args.commit_every, args.data, args.corpus, args.impl)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if res["copies"] is None:
        print(f"groups {res['groups']:,} (no truth with --corpus)", file=sys.stderr)
    else:
        print(f"groups {res['groups']:,}; copies grouped with their original {res['copies_grouped']:,} of "
              f"{res['copies']:,}; originals in another original's group {res['originals_merged']:,}",
              file=sys.stderr)
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
