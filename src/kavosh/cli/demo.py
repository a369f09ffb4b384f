"""``kavosh demo``: index the bundled sample corpus and run example searches."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from importlib import resources
from pathlib import Path

from . import index as index_command
from .common import color_enabled, demo_index_dir, open_index
from .errors import EXIT_OK, UserError
from .search import print_results

DEMO_QUERIES = ("المپیک تابستانی", "شبکه های اجتماعي", "زبان فارسی")


def add_parser(sub) -> None:
    """Add the ``demo`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser(
        "demo", help="index the bundled sample corpus and run example searches",
        description="Index the sample corpus that comes with Kavosh (1,103 Persian Wikipedia paragraphs, "
                    "CC BY-SA 4.0) into the demo's own index, once, and show the results of example searches "
                    f"({', '.join(f'«{q}»' for q in DEMO_QUERIES)}) or of the QUERY given. Until `kavosh index` "
                    "makes an index of your own, search, suggest, info, eval and serve use the demo's.")
    sp.add_argument("queries", nargs="*", metavar="QUERY",
                    help="queries to run instead of the examples (each one argument: quote a query of several "
                         "words)")
    sp.add_argument("--index", metavar="DIR", default=None,
                    help="where the demo's index is (built there when missing; default: "
                         "~/.local/share/kavosh/demo, beside the default index)")
    sp.add_argument("--limit", type=int, default=3, help="results shown per query (default 3)")
    sp.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                    help="highlight matches in colour (default auto: on a terminal, unless NO_COLOR is set)")
    sp.set_defaults(func=run)


def command_name() -> str:
    """How to run this ``kavosh`` again from the same folder: ``"kavosh"`` when that name on ``PATH`` is this
    program (or it was started as ``python -m kavosh``), else the path it was started by, e.g.
    ``".venv/bin/kavosh"`` after the README's install into a virtual environment that is not activated."""
    started = sys.argv[0]
    if Path(started).name != "kavosh":
        return "kavosh"
    found = shutil.which("kavosh")
    if found and os.path.realpath(found) == os.path.realpath(started):
        return "kavosh"
    relative = os.path.relpath(started)
    return relative if not relative.startswith("..") else os.path.abspath(started)


def sample_corpus_path() -> Path:
    """Path of the bundled sample corpus (Persian Wikipedia paragraphs, CC BY-SA 4.0)."""
    return Path(str(resources.files("kavosh.data") / "sample" / "pquad_paragraphs.jsonl.gz"))


def run(args: argparse.Namespace) -> int:
    """Build the demo index if missing (or outdated), then run ``args.queries`` or the example queries."""
    from ..index.store import META_FILE, IndexError_, default_index_dir

    path = Path(args.index) if args.index else demo_index_dir()
    own = path.resolve() == demo_index_dir().resolve()
    try:
        ix = open_index(str(path)) if (path / "kavosh.json").exists() else None
    except UserError:
        if not own:  # an --index of the user's own: never deleted here (`kavosh index` says how to rebuild)
            raise
        ix = None  # outdated demo index: rebuild it
    if ix is None or len(ix) == 0:
        import shutil

        if own and path.exists() and (path / "kavosh.json").exists():
            shutil.rmtree(path)
        print(f"indexing the sample corpus (Persian Wikipedia paragraphs, CC BY-SA 4.0) into {path} …",
              file=sys.stderr)
        ns = argparse.Namespace(paths=[str(sample_corpus_path())], index=str(path), max_doc_mb=10.0,
                                commit_mb=64.0, quiet=False, prune=False)
        try:
            index_command.run(ns)
        except IndexError_ as e:
            raise UserError(str(e)) from e
        ix = open_index(str(path))
    color = color_enabled(args.color)
    for q in args.queries or DEMO_QUERIES:
        res = ix.search(q, limit=args.limit)
        print("=" * 60)
        print_results(res, color)
    if args.index is None and not (default_index_dir() / META_FILE).exists():
        # search, suggest, info and serve use the demo's index until there is a default one (common.reading_path)
        print(f"search it yourself:  {command_name()} search \"QUERY\"", file=sys.stderr)
    else:
        print(f"search it yourself:  {command_name()} search --index {path} \"QUERY\"", file=sys.stderr)
    return EXIT_OK
