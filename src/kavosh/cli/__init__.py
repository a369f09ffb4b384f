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


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """``parser.parse_args(argv)``, except that an argument the subcommand does not know is
    reported by the subcommand's parser, with its usage (``kavosh search --bogus``), not the
    top-level one (argparse leaves unknown arguments to the top-level parser), and a mistyped option
    or command is answered with the nearest one: ``unrecognized arguments: --limt (did you mean
    --limit?)``, ``invalid choice: 'serach' (did you mean search? choose from …)``."""
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    words = list(sys.argv[1:] if argv is None else argv)
    first = next((w for w in words if not w.startswith("-")), None)
    if first is not None and first not in commands and not {"-h", "--help", "--version"} & set(words):
        near = nearest(first, list(commands))
        parser.error(f"argument COMMAND: invalid choice: {first!r} ("
                     + (f"did you mean {near}? " if near else "") + f"choose from {', '.join(commands)})")
    args, unknown = parser.parse_known_args(words)
    if unknown:
        sub = commands[args.command]
        options = [o for a in sub._actions for o in a.option_strings]
        said = []
        for word in unknown:
            near = nearest(word.split("=", 1)[0], options) if word.startswith("-") else None
            said.append(f"{word} (did you mean {near}?)" if near else word)
        sub.error("unrecognized arguments: " + " ".join(said))
    return args


def nearest(word: str, known: list[str]) -> str | None:
    """The one of ``known`` closest to ``word`` (difflib's ratio at least 0.6, as Python's own did-you-mean
    for names), or ``None``: ``nearest("--limt", ["--limit", "--json"]) == "--limit"``."""
    import difflib

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kavosh`` command; returns the exit status."""
    parser = build_parser()
    args = parse(parser, argv)
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
