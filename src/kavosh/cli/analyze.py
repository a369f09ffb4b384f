"""``kavosh analyze TEXT``: show how text is analysed into terms."""

from __future__ import annotations

import argparse
import json
import sys

from .errors import EXIT_OK


def add_parser(sub) -> None:
    """Add the ``analyze`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("analyze", help="show how text is analysed into terms")
    sp.add_argument("text", nargs="?", help="text (default: standard input)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each token of ``args.text`` (or standard input): position, offsets, original, term."""
    from ..analysis import default_analyzer

    analyzer = default_analyzer()
    text = args.text if args.text is not None else sys.stdin.read()
    tokens = analyzer.analyze(text)
    if args.json:
        print(json.dumps([{"term": t.term, "word": t.word, "start": t.start, "end": t.end,
                           "position": t.position, "original": text[t.start:t.end],
                           "stopword": analyzer.is_stopword(t)} for t in tokens], ensure_ascii=False, indent=1))
        return EXIT_OK
    for t in tokens:
        original = text[t.start:t.end].replace("\u200c", "<ZWNJ>").replace("\n", "\\n")
        flag = "  (stopword)" if analyzer.is_stopword(t) else ""
        print(f"{t.position:>4}  {t.start:>5}-{t.end:<5} {original:<24} → {t.term}{flag}")
    return EXIT_OK
