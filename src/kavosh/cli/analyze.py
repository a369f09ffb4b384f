"""``kavosh analyze TEXT``: show how text is analysed into terms."""

from __future__ import annotations

import argparse
import json
import sys

from .common import accept_dash_queries
from .errors import EXIT_OK


def add_parser(sub) -> None:
    """Add the ``analyze`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("analyze", help="show how text is analysed into terms")
    sp.add_argument("text", nargs="?", help="text (default: standard input)")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--explain", action="store_true",
                    help="show the chain: the text after each char filter, the tokens, each token filter's change "
                         "(as Elasticsearch's _analyze with explain: true)")
    accept_dash_queries(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each token of ``args.text`` (or standard input): position, offsets, original, term."""
    from ..analysis import default_analyzer

    analyzer = default_analyzer()
    text = args.text if args.text is not None else sys.stdin.read()
    if args.explain:
        return _explain(text, analyzer, args.json)
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


def _shown(text: str) -> str:
    """Invisible characters made visible for a terminal."""
    return text.replace("\u200c", "<ZWNJ>").replace("\n", "\\n").replace("\t", "\\t")


def _explain(text: str, analyzer, as_json: bool) -> int:
    from ..analysis.explain import explain

    ex = explain(text, analyzer)
    if as_json:
        print(json.dumps(ex.to_dict(), ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"text: {_shown(text)}")
    print("char filters:" + ("" if ex.char_filters else " (none changed the text)"))
    for name, after in ex.char_filters:
        print(f"  {name:<34} {_shown(after)}")
    print(f"tokenizer: {len(ex.tokens)} token{'s' if len(ex.tokens) != 1 else ''}")
    print("token filters:")
    for t in ex.tokens:
        chain = "".join(f"  {name} → {_shown(out)}" for name, out in t.steps)
        flag = "  (stopword: not indexed)" if t.stopword else ""
        print(f"{t.position:>4}  {t.start:>5}-{t.end:<5} {_shown(t.surface):<20}{chain or '  (unchanged)'}{flag}")
    print("terms: " + " ".join(t.term for t in ex.tokens if not t.stopword))
    return EXIT_OK
