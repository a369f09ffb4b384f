"""``kavosh suggest PREFIX``: complete a prefix with the index's words and titles."""

from __future__ import annotations

import argparse
import json
import sys

from .common import accept_dash_queries, index_opt, open_for_reading
from .errors import EXIT_OK, UserError


def add_parser(sub) -> None:
    """Add the ``suggest`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("suggest", help="complete a prefix with the index's words and titles")
    sp.add_argument("prefix", metavar="PREFIX")
    index_opt(sp)
    sp.add_argument("--limit", type=int, default=10, help="completions (1 to 50, default 10)")
    sp.add_argument("--json", action="store_true", help="print completions as JSON")
    accept_dash_queries(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the completions of ``args.prefix``, one a line (``(title)`` marks a title)."""
    if not args.prefix.strip():
        raise UserError("the prefix is empty; type the start of a word or title")
    ix = open_for_reading(args.index)
    try:
        completions = ix.suggest(args.prefix, limit=args.limit)
    except ValueError as e:
        raise UserError(str(e)) from e
    if args.json:
        print(json.dumps([c.to_dict() for c in completions], ensure_ascii=False, indent=2))
    else:
        for c in completions:
            print(c.text + ("\t(title)" if c.kind == "title" else ""))
        if not completions:
            why = (" (a prefix that ends in a space completes nothing)" if args.prefix[-1].isspace() else
                   ": no title, and no word seen twice or more, of the index starts so (a word seen once in a "
                   "text is not completed: it may be a typo)")
            print(f"no completions for «{args.prefix}»{why}", file=sys.stderr)
    return EXIT_OK
