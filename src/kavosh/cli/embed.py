"""``kavosh embed``: compute passage vectors for an existing index (resumable), for hybrid search.

Once an index has vectors, every later commit (``kavosh index``, the HTTP API, the Python
API) keeps them in step, and searches are hybrid by default (``--mode``).
"""

from __future__ import annotations

import argparse
import sys
import time

from .common import count, index_opt, open_index, stop_on_sigterm_like_ctrl_c
from .errors import EXIT_INTERRUPTED, EXIT_OK, UserError


def add_parser(sub) -> None:
    """Add the ``embed`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("embed", help="compute passage vectors for the index (hybrid search); "
                                      "resumable: a stopped run continues where it was")
    index_opt(sp)
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=run)


def embed_index(ix, quiet: bool = False) -> int:
    """Sync the vectors of the open :class:`kavosh.engine.Index` ``ix`` (writer lock held), printing
    progress with an ETA on stderr; returns the exit status."""
    from ..dense.encoder import EncoderError
    from ..dense.text import ENCODER_NAME
    from ..index.embedding import sync_vectors
    from ..index.vectors import VectorStoreError, other_model

    stop_on_sigterm_like_ctrl_c()
    last = [0.0]

    def progress(done: int, todo: int, elapsed: float) -> None:
        now = time.monotonic()
        if quiet or (now - last[0] < 2.0 and done < todo):
            return
        last[0] = now
        if todo == 0:
            return
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (todo - done) / rate if rate > 0 else float("nan")
        eta_s = f", about {eta:.0f} s left" if rate > 0 and done < todo else ""
        line = f"embedding: {done:,}/{todo:,} documents ({rate:.1f}/s{eta_s})"
        if sys.stderr.isatty():  # one line, rewritten in place
            print(f"\r{line}   ", end="", file=sys.stderr, flush=True)
        else:  # a log: one line each time (carriage returns would run them together)
            print(line, file=sys.stderr, flush=True)

    if not quiet and (made_by := other_model(ix.path)) is not None:
        print(f"re-embedding every document: the passage vectors were made by {made_by!r}, this Kavosh embeds "
              f"with {ENCODER_NAME!r} (the encoder or the text it reads changed)", file=sys.stderr)
    t0 = time.perf_counter()
    try:
        counts = sync_vectors(ix.opened, create=True, progress=progress)
    except (EncoderError, VectorStoreError) as e:
        raise UserError(str(e)) from e
    except KeyboardInterrupt:
        print("\ninterrupted: the vectors computed so far are saved; run 'kavosh embed' again to continue",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    if not quiet:
        print(("\r" if sys.stderr.isatty() else "") + f"embedded {count(counts['embedded'], 'document')} ({count(counts['windows'], 'passage')}) "
              f"in {time.perf_counter() - t0:.1f} s; removed {count(counts['removed'], 'stale passage')}; "
              f"{count(counts['documents'], 'document')} have vectors", file=sys.stderr)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Embed the documents of ``args.index`` that have no vectors yet."""
    from ..index.store import IndexLockedError

    ix = open_index(args.index)  # an existing index only
    try:
        ix.writer  # the lock: no commit may happen while the vectors are synced
    except IndexLockedError as e:
        raise UserError(str(e)) from e
    try:
        return embed_index(ix, args.quiet)
    finally:
        ix.close()
