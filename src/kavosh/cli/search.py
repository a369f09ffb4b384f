"""``kavosh search QUERY``: search the index, print results (or run many queries into a TREC run)."""

from __future__ import annotations

import argparse
import json
import sys

from .common import (accept_dash_queries, check_depth, check_writable, color_enabled, count, index_opt,
                     open_for_reading, render, written_whole)
from .errors import EXIT_OK, EXIT_PARTIAL, UserError, warn


def add_parser(sub) -> None:
    """Add the ``search`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("search", help="search the index")
    sp.add_argument("query", nargs="*", metavar="QUERY",
                    help="the query; several words are joined by spaces (kavosh search ایران -عراق)")
    index_opt(sp)
    sp.add_argument("--limit", type=int, default=10)
    sp.add_argument("--offset", type=int, default=0)
    sp.add_argument("--json", action="store_true", help="print results as JSON")
    sp.add_argument("--exact", action="store_true",
                    help="search the query as typed (no keyboard-layout, Finglish or spelling rewrite)")
    sp.add_argument("--no-collapse", action="store_true",
                    help="show every near-duplicate copy (default: one result per group, with a count)")
    sp.add_argument("--similar", metavar="ID",
                    help="show the near-duplicates of document ID that match the query")
    sp.add_argument("--group", metavar="GROUP", help="show the members of this near-duplicate group")
    sp.add_argument("--mode", choices=("lexical", "dense", "hybrid"), default=None,
                    help="lexical (BM25), dense (passage vectors) or hybrid (both, fused); "
                         "default hybrid when the index has vectors ('kavosh embed'), else lexical")
    sp.add_argument("--explain", action="store_true",
                    help="show the lexical and dense rank and score behind each hit (dense and hybrid modes)")
    sp.add_argument("--facets", metavar="FIELDS",
                    help="count matches per value of these fields: category,tags:20,published:month,"
                         "views:0;100;1000 (docs/fields.md); each also counts the matches with no value "
                         "(category:\"\" selects them)")
    sp.add_argument("--disjunctive", action="store_true",
                    help="count a facet with a selected value as if its own filter were not applied")
    sp.add_argument("--sort", metavar="FIELD[:asc|desc]",
                    help="relevance (default), date:desc, views:asc… (a number or date field; without :asc or :desc, "
                         "ascending: oldest or smallest first; ties by id)")
    sp.add_argument("--filter", metavar="JSON",
                    help='filters as JSON, besides those in the query: {"category": "ورزشی", '
                         '"views": {"gte": 100}, "not": {"site": "فارس"}}; null is no value: {"category": null}')
    sp.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    sp.add_argument("--topics", metavar="FILE", help="run many queries, each as plain words (TSV qid<TAB>query, "
                                                     "BEIR queries.jsonl or TREC <top> topics)")
    sp.add_argument("--output", metavar="RUN", help="with --topics: TREC run file to write (replaced only "
                                                     "when the run is complete)")
    sp.add_argument("--depth", type=int, default=1000, help="with --topics: results per query, 1 to 1000 "
                                                            "(default 1000)")
    sp.add_argument("--tag", default="kavosh", help="with --topics: run tag")
    progress_opt(sp)
    accept_dash_queries(sp)
    sp.set_defaults(func=run)


def explain_line(h) -> str:
    """``lexical #3 (12.41) · dense #1 (0.873)`` for a hit's :attr:`~kavosh.present.Hit.explain`."""
    e = h.explain or {}
    parts = []
    for name in ("lexical", "dense"):
        rank, score = e.get(f"{name}_rank"), e.get(f"{name}_score")
        parts.append(f"{name} #{rank} ({score:.3f})" if rank is not None else f"{name}: not a candidate")
    return "   explain: " + " · ".join(parts) + f" → {h.score:.3f}"


def sort_value(h, sort: str, dates=frozenset()) -> str:
    """``views: 12400``: what a hit of a sorted search is placed by, instead of its score (0 when sorting by
    a field); ``views: none`` for a hit without the value (they come last).  The date and the date fields
    named in ``dates`` are shown in one form whatever their source wrote (``۱۴۰۳/۰۹/۰۱``, ``2024-11-21``,
    ``1 Azar 1403``…): ``published: ۱ آذر ۱۴۰۳ (2024-11-21)``, as the date of every hit is."""
    from ..ingest.dates import shown_date

    name = sort.split(":", 1)[0]
    value = h.date if name == "date" else h.fields.get(name)
    if value in (None, ""):
        return f"{name}: none"
    if name == "date" or name in dates:
        value = shown_date(str(value)) or value
    return f"{name}: {value}"


SHOWN_QUERY_CHARS = 80
"""A query longer than this (characters) is shown cut in the results line (:func:`shown_query`)."""


def shown_query(query: str) -> str:
    """``query`` for the results line, its first :data:`SHOWN_QUERY_CHARS` characters and its length when
    longer: a pasted paragraph was printed whole twice, in the note on its first terms and again in
    ``2,969 results for «…»`` (new user 7)."""
    if len(query) <= SHOWN_QUERY_CHARS:
        return query
    return query[:SHOWN_QUERY_CHARS].rstrip() + f"… ({len(query):,} characters)"


def print_results(res, color: bool, explain: bool = False, dates=frozenset()) -> None:
    """Print a :class:`~kavosh.present.results.SearchResults` for a terminal (or a pipe); ``dates``: the
    index's date fields (:func:`sort_value`)."""
    from ..present.urls import readable_url  # noqa: PLC0415 - `kavosh index` never imports the presentation

    ran = shown_query(res.rewritten or res.query)
    if res.rewritten:
        print(f"showing results for «{res.rewritten}»; search instead for «{res.query}» with --exact")
    elif res.suggestion:
        print(f"did you mean «{res.suggestion}»?")
    for note in res.notes:
        print(f"({note})")
    if not res.hits:
        print(f"no results for «{ran}»" if res.offset == 0 else "no more results")
        print_facets(res)
        return
    first, last = res.offset + 1, res.offset + len(res.hits)
    bound = getattr(res, "total_lower_bound", False)
    hidden = res.matched - res.total if not bound else 0  # both may be lower bounds: the difference is unknown
    about = "at least " if bound else "about " if not res.total_exact else ""
    print(about + f"{count(res.total, 'result')} for «{ran}» ({res.took_ms:.1f} ms); showing {first}–{last}"
          + (f" ({count(hidden, 'near-duplicate')} collapsed)" if hidden > 0 else "")
          + (f"; near-duplicate group {res.group}" if res.group else "") + "\n")
    if res.filters or res.sort:
        print("filters: " + (" ".join(res.filters) or "none") + (f"; sorted by {res.sort}" if res.sort else ""))
    for h in res.hits:
        title = render(h.title_segments, color) if h.title_segments else (h.title or "(no title)")
        print(f"{h.rank}. {title}")
        by_date = res.sort is not None and res.sort.split(":", 1)[0] == "date"  # the date is the sort value
        print(f"   id: {h.id}   {sort_value(h, res.sort, dates) if res.sort else f'score: {h.score:.3f}'}"
              + (f"   {readable_url(h.url)}" if h.url else "")
              + (f"   {h.date_display}" if h.date_display and not by_date else ""))
        snip = render(h.snippet, color)
        if snip:
            print(f"   {snip}")
        if explain:
            print(explain_line(h) if h.explain else f"   explain: lexical (BM25) score {h.score:.3f}")
        if h.similar and res.group is None:
            print(f"   + {h.similar:,} similar ({'near-duplicate' if h.similar == 1 else 'near-duplicates'}"
                  f" matching the query): --similar {h.id}")
        print()
    print_facets(res)


def print_facets(res) -> None:
    """Print the facet counts of ``res``: one block per field, ``value  count`` lines; ``*`` marks
    a selected value; the filter text that selects a value follows it; then the matches with a value not
    shown (``(other values: N)``) and with no value (``(no value)  N   [category:""]``)."""
    for f in res.facets:
        how = " (disjunctive)" if f["disjunctive"] else ""
        print(f"{f['field']}{how}:")
        missing = f.get("missing")
        if not f["buckets"]:
            print("   (no values)" if not missing or not missing["count"] else "   (no document has a value)")
        for b in f["buckets"]:
            print(f" {'*' if b['selected'] else ' '} {b['value']}  {b['count']:,}   [{b['filter']}]")
        if f["other"]:
            print(f"   (other values: {f['other']:,})")
        if missing and (missing["count"] or missing["selected"]):
            print(f" {'*' if missing['selected'] else ' '} (no value)  {missing['count']:,}   [{missing['filter']}]")
        print()


def run(args: argparse.Namespace) -> int:
    """Search ``args.query`` (or ``--topics``) in ``args.index``."""
    from ..query.parse import QuerySyntaxError

    if isinstance(args.query, list):
        args.query = " ".join(args.query) if args.query else None
    check_usage(args)
    ix = open_for_reading(args.index)
    if args.topics:
        return _run_topics(ix, args)
    group = args.group
    if args.similar is not None:
        group = ix.group_of(args.similar)
        if group is None:
            raise UserError(f"--similar: no document with id {args.similar!r} in {ix.path}")
    flt = None
    if args.filter:
        try:
            flt = json.loads(args.filter)
        except json.JSONDecodeError as e:
            raise UserError(f"--filter is not JSON: {e.msg} at column {e.colno}") from e
    load_encoder_apart(ix, args.mode)
    try:
        res = ix.search(args.query, limit=args.limit, offset=args.offset, exact=args.exact,
                        collapse=not args.no_collapse, group=group, mode=args.mode, filter=flt,
                        facets=args.facets, sort=args.sort, disjunctive=args.disjunctive)
    except QuerySyntaxError as e:
        raise UserError(str(e)) from e
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    else:
        from ..index.fields import Kind

        print_results(res, color_enabled(args.color), explain=args.explain,
                      dates=frozenset(ix.opened.fields.names(Kind.DATE)))
    return EXIT_OK


def check_usage(args: argparse.Namespace) -> None:
    """Refuse, before the index is opened, options that would be ignored or fail on every query:
    :class:`UserError` for no query and no ``--topics``, both a query and ``--topics`` (the query would be
    ignored), ``--output`` without ``--topics`` (nothing would be written), and with ``--topics``: no
    ``--output``, a ``--depth`` out of 1–1000 (:func:`~kavosh.cli.common.check_depth`) or an ``--output``
    that cannot be written (:func:`~kavosh.cli.common.check_writable`)."""
    if not args.topics:
        if args.output:
            raise UserError("--output writes the run of --topics FILE: give --topics FILE too "
                            "(a query alone prints its results)")
        if args.query is None:
            raise UserError("give a query, or --topics FILE --output RUN")
        return
    if args.query is not None:
        raise UserError(f"give a query or --topics FILE, not both (the query «{args.query}» would not run)")
    if not args.output:
        raise UserError("--topics needs --output RUN (the TREC run file to write)")
    check_depth(args.depth)
    check_writable(args.output)


def load_encoder_apart(ix, mode: str | None) -> None:
    """When the search will use the query encoder (dense or hybrid mode), load it first and say on stderr how
    long that took: a one-off cost of each command (seconds: onnxruntime and the model), which would
    otherwise be counted in the search time printed with the results."""
    import time

    from ..engine import check_mode
    from ..query.parse import QuerySyntaxError

    try:
        if check_mode(ix.opened, mode) not in ("dense", "hybrid"):
            return
    except QuerySyntaxError:
        return  # the search reports it
    from ..dense.encoder import EncoderError, shared_encoder

    t0 = time.perf_counter()
    try:
        shared_encoder().query("")  # the model and onnxruntime's first run
    except EncoderError:
        return  # the search reports it
    print(f"(loaded the query encoder in {time.perf_counter() - t0:.1f} s, once per command: "
          "not counted in the search time)", file=sys.stderr)


def _run_topics(ix, args: argparse.Namespace) -> int:
    from ..eval.trec import EvalInputError, read_topics, write_run

    try:
        topics = read_topics(args.topics)
    except EvalInputError as e:
        raise UserError(str(e)) from e
    run, failed, cut = run_topics(ix, topics, args.depth, mode=args.mode, progress_every=args.progress or None)
    with written_whole(args.output) as tmp:
        write_run(tmp, run, tag=args.tag)
    print(f"wrote {sum(len(v) for v in run.values()):,} lines for {len(run)} queries to {args.output}",
          file=sys.stderr)
    warn_cut(cut, args.topics)
    for qid, msg in failed:
        print(f"  query {qid}: {msg}", file=sys.stderr)
    if failed:
        warn(f"{len(failed)} of the {len(topics)} topics of {args.topics} could not be searched (listed above): "
             "the run has no line for them")
        return EXIT_PARTIAL
    return EXIT_OK


PROGRESS_SECONDS = 10.0
"""How often a long topics run (``kavosh eval``, ``search --topics``) prints a progress line on stderr."""


def progress_opt(sp: argparse.ArgumentParser) -> None:
    """Add ``--progress SECONDS`` (how often a topics run reports on stderr) to ``sp``."""
    sp.add_argument("--progress", type=float, default=PROGRESS_SECONDS, metavar="SECONDS",
                    help=f"with topics: a progress line on stderr every SECONDS (default {PROGRESS_SECONDS:g}; "
                         "0: none)")


def topics_progress(done: int, total: int, seconds: float) -> str:
    """The progress line of a topics run.

    >>> topics_progress(1200, 5995, 30.0)
    '  1,200 of 5,995 queries in 30 s, about 2 min left'
    """
    left = seconds / done * (total - done) if done else 0.0
    eta = f"{left / 60:.0f} min" if left >= 90 else f"{left:.0f} s"
    return f"  {done:,} of {total:,} queries in {seconds:.0f} s, about {eta} left"


def warn_cut(cut: list[tuple[str, int]], topics_file) -> None:
    """Warn, on stderr, of the topics :func:`run_topics` searched by their first characters only
    (``cut``: ``[(qid, characters)]``), naming the first few."""
    from ..query.parse import MAX_QUERY_CHARS

    if cut:
        named = ", ".join(f"{qid} ({n:,} characters)" for qid, n in cut[:3]) + (", …" if len(cut) > 3 else "")
        warn(f"{len(cut)} topic(s) of {topics_file} longer than {MAX_QUERY_CHARS:,} characters were searched by "
             f"their first {MAX_QUERY_CHARS:,} (as a typed query is limited): {named}")


def run_topics(ix, topics, depth: int, mode: str | None = None, progress_every: float | None = None):
    """Run ``[(qid, query)]`` against ``ix`` (``mode``: see :meth:`kavosh.engine.Index.search`);
    returns ``(run, failures, cut)``, ``cut`` the ``[(qid, characters)]`` of the topics longer than the
    query limit, searched by their first :data:`~kavosh.query.parse.MAX_QUERY_CHARS` characters
    (:func:`kavosh.eval.topics.topic_words`; the caller says so: :func:`warn_cut`).
    Every ``progress_every`` seconds (``None``: never) a
    :func:`topics_progress` line goes to stderr, so a long run on a log or a pipe is seen to move.

    Runs are not collapsed: relevance judgments are per document, so every
    near-duplicate copy keeps its rank (as in TREC runs).  Each topic is searched as plain words
    (:func:`kavosh.eval.topics.as_words`): topics are natural-language text, not operator syntax."""
    import time

    from ..eval.topics import topic_words
    from ..query.parse import QuerySyntaxError

    run: dict[str, list[tuple[str, float]]] = {}
    failed, cut = [], []
    t0 = last = time.perf_counter()
    for i, (qid, query) in enumerate(topics):
        if i and progress_every is not None and (now := time.perf_counter()) - last >= progress_every:
            print(topics_progress(i, len(topics), now - t0), file=sys.stderr, flush=True)
            last = now
        words, was_cut = topic_words(query)
        if was_cut:
            cut.append((qid, len(query)))
        try:
            res = ix.search(words, limit=depth, snippets=False, collapse=False, mode=mode)
        except QuerySyntaxError as e:
            failed.append((qid, str(e)))
            run[qid] = []
            continue
        run[qid] = [(h.id, h.score) for h in res.hits]
    return run, failed, cut
