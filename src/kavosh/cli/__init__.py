"""The ``kavosh`` command: one module per subcommand (index, embed, crawl, search, eval, analyze,
demo, suggest, info, serve), each with ``add_parser(sub)`` and ``run(args)``.

A thin adapter over :mod:`kavosh.engine`, :mod:`kavosh.ingest`, :mod:`kavosh.eval` and
:mod:`kavosh.api`.  User mistakes (missing files, bad queries, a locked or outdated index)
raise :class:`~kavosh.cli.errors.UserError`, which :func:`main` prints as one
``kavosh: error: ...`` line (:func:`~kavosh.cli.errors.report`) with exit status 2; inputs
that fail during indexing are listed in the summary and give status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from . import analyze, crawl, demo, embed, index, info, search, serve, suggest
from . import eval as eval_command  # (not to shadow the builtin)
from .demo import sample_corpus_path
from .errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, UserError, report
from .search import run_topics

__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "UserError", "build_parser", "main", "run_topics",
           "sample_corpus_path"]

COMMANDS = (index, embed, crawl, search, eval_command, analyze, demo, suggest, info, serve)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kavosh`` command."""
    p = argparse.ArgumentParser(prog="kavosh", description="Kavosh (کاوش): Persian search, embedded.")
    p.add_argument("--version", action="version", version=f"kavosh {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kavosh`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as e:
        return report(str(e))
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("kavosh: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
