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

    text = args.text if args.text is not None else sys.stdin.read()
    if args.index is not None:
        ix = open_index(args.index)
        analyzer, synonyms = ix.analyzer, _synonyms(text, ix)
    else:
        analyzer, synonyms = default_analyzer(), None
    if args.explain:
        return _explain(text, analyzer, args.json, synonyms)
    tokens = analyzer.analyze(text)
    indexed = indexed_terms(text, tokens, analyzer, [analyzer.index_term(t) for t in tokens])
    if args.json:
        out = [{"term": t.term, "word": t.word, "start": t.start, "end": t.end,
                "position": t.position, "original": text[t.start:t.end],
                "stopword": analyzer.is_stopword(t), "negated": analyzer.is_negated(t.word, t.term),
                "indexed": indexed[i]} for i, t in enumerate(tokens)]
        print(json.dumps(out if synonyms is None else {"tokens": out, "synonyms": synonyms},
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    if not tokens:
        print("no tokens: " + ("the text is empty" if not text.strip() else "the text has no letters or digits"),
              file=sys.stderr)
    for i, t in enumerate(tokens):
        original = text[t.start:t.end].replace("\u200c", "<ZWNJ>").replace("\n", "\\n")
        flag = "  (stopword)" if analyzer.is_stopword(t) else ""
        flag += "".join(f"  ({reading_kind(term)}: also {term})" for term in indexed[i][1:])
        print(f"{t.position:>4}  {t.start:>5}-{t.end:<5} {original:<24} → {t.term}{flag}")
    _print_synonyms(synonyms)
    return EXIT_OK


def indexed_terms(text: str, tokens: list, analyzer, own: list[str]) -> list[list[str]]:
    """The index terms of each token of ``tokens`` (``analyzer.analyze(text)``'s, or :func:`explain`'s, each with a
    ``position``), all at its position: its term (a stopword's marked, ``␀به``), then the readings stacked beside
    it (:meth:`Analyzer.index_terms`: ``میرسم`` → ``["رسید", "␖میرسم"]``, its surface reading; ``نمی‌دهد`` →
    ``["داد", "␕داد", "␖نمیدهد"]``).  A user reading the analysis sees every term the index holds for the text
    (new user's finding of issue #14, kind 12 round).  Should the index path give other positions than the
    tokens (never seen), each token's own index term alone (``own``, parallel to ``tokens``)."""
    from ..analysis.marks import piece_terms

    entries = analyzer.index_terms(text)
    if len(entries) != len(tokens) or any(t.position != i for i, t in enumerate(tokens)):
        return [[term] for term in own]
    return [piece_terms(e) for e in entries]


def reading_kind(term: str) -> str:
    """What a stacked index term is, for ``kavosh analyze``: ``"as written"`` (the surface reading, ``␖میرسم``),
    ``"negated"`` (``␕داد``, ``␀␕شد``) or ``"another reading"`` (a spacing or article reading: ``عالم``)."""
    from ..analysis.marks import NEG_MARK, is_surface_term

    if is_surface_term(term):
        return "as written"
    return "negated" if NEG_MARK in term else "another reading"


def reading_step(term: str) -> str:
    """The ``--explain`` step of a reading stacked beside a token's term: ``surface_reading`` (``␖میرسم``),
    ``negated_reading`` (``␕داد``, ``␀␕شد``) or ``other_reading`` (``عالم`` beside ``العالمین``)."""
    return {"as written": "surface_reading", "negated": "negated_reading"}.get(reading_kind(term), "other_reading")


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
    from ..analysis.explain import explain
    from ..analysis.marks import NEG_MARK, STOP_MARK, SURFACE_MARK

    ex = explain(text, analyzer)
    # kept here, not in analysis/explain.py, whose source is part of the analyzer's version
    own = [STOP_MARK + t.term if t.stopword else t.term for t in ex.tokens]
    indexed = indexed_terms(text, ex.tokens, analyzer, own)
    if as_json:
        out = ex.to_dict()
        out["index_terms"] = indexed
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
    for t, terms in zip(ex.tokens, indexed):
        steps = t.steps + [(reading_step(term), term) for term in terms[1:]]
        chain = "".join(f"  {name} → {_shown(out)}" for name, out in steps)
        flag = f"  (stopword: indexed as {STOP_MARK}{t.term})" if t.stopword else ""
        print(f"{t.position:>4}  {t.start:>5}-{t.end:<5} {_shown(t.surface):<20}{chain or '  (unchanged)'}{flag}")
    print("terms: " + " ".join("/".join(terms) for terms in indexed))
    if any(len(terms) > 1 for terms in indexed):
        print(f"  (a/b: terms indexed at one position; {SURFACE_MARK}: the word as written, {NEG_MARK}: a negated "
              f"verb's reading, {STOP_MARK}: a stopword)")
    _print_synonyms(synonyms)
    return EXIT_OK
