"""``kavosh analyze TEXT``: show how text is analysed into terms (with ``--index``, also what the
index's synonym file adds to it as a query)."""

from __future__ import annotations

import argparse
import json
import sys

from .common import accept_dash_queries, open_index
from .errors import EXIT_OK, UserError


def add_parser(sub) -> None:
    """Add the ``analyze`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("analyze", help="show how text is analysed into terms")
    sp.add_argument("text", nargs="?", help="text (default: standard input)")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--index", metavar="DIR", default=None,
                    help="also show the synonyms this index's synonym file adds to the text as a query "
                         "(docs/fields.md)")
    sp.add_argument("--explain", action="store_true",
                    help="show the chain: the text after each char filter, the tokens, each token filter's change "
                         "(as Elasticsearch's _analyze with explain: true)")
    accept_dash_queries(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each token of ``args.text`` (or standard input): position, offsets, original, term."""
    from ..analysis import default_analyzer
    from ..analysis.analyzer import negated_term

    text = args.text if args.text is not None else sys.stdin.read()
    if args.index is not None:
        ix = open_index(args.index)
        analyzer, synonyms = ix.analyzer, _synonyms(text, ix)
    else:
        analyzer, synonyms = default_analyzer(), None
    if args.explain:
        return _explain(text, analyzer, args.json, synonyms)
    tokens = analyzer.analyze(text)
    if args.json:
        out = [{"term": t.term, "word": t.word, "start": t.start, "end": t.end,
                "position": t.position, "original": text[t.start:t.end],
                "stopword": analyzer.is_stopword(t), "negated": analyzer.is_negated(t.word, t.term)} for t in tokens]
        print(json.dumps(out if synonyms is None else {"tokens": out, "synonyms": synonyms},
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    if not tokens:
        print("no tokens: " + ("the text is empty" if not text.strip() else "the text has no letters or digits"),
              file=sys.stderr)
    for t in tokens:
        original = text[t.start:t.end].replace("\u200c", "<ZWNJ>").replace("\n", "\\n")
        flag = "  (stopword)" if analyzer.is_stopword(t) else ""
        if analyzer.is_negated(t.word, t.term):  # نمی‌دهد: also indexed as ␕داد (kind 5 of issue #14)
            flag += f"  (negated: also {negated_term(analyzer.index_term(t))})"
        print(f"{t.position:>4}  {t.start:>5}-{t.end:<5} {original:<24} → {t.term}{flag}")
    _print_synonyms(synonyms)
    return EXIT_OK


def _synonyms(text: str, ix) -> list[dict]:
    """What the index's synonym file adds to ``text`` read as a query: ``[{"word", "alternatives"}]``
    (:func:`kavosh.query.synonyms.expand`, as a search does); :class:`UserError` for a broken file
    or a text that is not a query."""
    from ..query.errors import QuerySyntaxError
    from ..query.parse import parse
    from ..query.synonyms import SynonymError, expand, index_synonyms

    try:
        parsed = parse(text, ix.analyzer, ix.opened.fields)
        notes = expand(parsed, index_synonyms(ix.path, ix.analyzer))
    except (QuerySyntaxError, SynonymError) as e:
        raise UserError(str(e)) from e
    return [{"word": n.details["word"], "alternatives": n.details["alternatives"].split("، ")} for n in notes]


def _print_synonyms(synonyms: list[dict] | None) -> None:
    if synonyms is None:
        return
    if not synonyms:
        print("synonyms: none (the index's synonym file has no rule for these words)")
    for s in synonyms:
        print(f"synonyms: {s['word']} → {'، '.join(s['alternatives'])}")


def _shown(text: str) -> str:
    """Invisible characters made visible for a terminal."""
    return text.replace("\u200c", "<ZWNJ>").replace("\n", "\\n").replace("\t", "\\t")


def _explain(text: str, analyzer, as_json: bool, synonyms: list[dict] | None = None) -> int:
    from ..analysis.analyzer import STOP_MARK
    from ..analysis.explain import explain

    ex = explain(text, analyzer)
    if as_json:
        out = ex.to_dict()
        if synonyms is not None:
            out["synonyms"] = synonyms
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"text: {_shown(text)}")
    print("char filters:" + ("" if ex.char_filters else " (none changed the text)"))
    for name, after in ex.char_filters:
        print(f"  {name:<34} {_shown(after)}")
    print(f"tokenizer: {len(ex.tokens)} token{'s' if len(ex.tokens) != 1 else ''}")
    print("token filters:")
    for t in ex.tokens:
        chain = "".join(f"  {name} → {_shown(out)}" for name, out in t.steps)
        flag = f"  (stopword: indexed as {STOP_MARK}{t.term})" if t.stopword else ""
        print(f"{t.position:>4}  {t.start:>5}-{t.end:<5} {_shown(t.surface):<20}{chain or '  (unchanged)'}{flag}")
    print("terms: " + " ".join(STOP_MARK + t.term if t.stopword else t.term for t in ex.tokens))
    _print_synonyms(synonyms)
    return EXIT_OK
