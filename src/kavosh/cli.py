"""The ``kavosh`` command: index, crawl, search, analyze, eval, demo, info.

A thin adapter over :mod:`kavosh.engine`, :mod:`kavosh.ingest` and
:mod:`kavosh.eval`.  User mistakes (missing files, bad queries, a locked or
outdated index) print one ``kavosh: error: ...`` line and exit with status 2;
inputs that fail during indexing are listed in the summary and give status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import deque
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2

DEMO_QUERIES = ("المپیک تابستانی", "شبکه های اجتماعي", "زبان فارسی")


_NEWLINES = re.compile(r"[ \t]*[\r\n]+[ \t]*")


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def _color(mode: str, stream=sys.stdout) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _render(segments, color: bool) -> str:
    out = []
    for s in segments:
        text = s["text"] if isinstance(s, dict) else s.text
        match = s["match"] if isinstance(s, dict) else s.match
        text = _NEWLINES.sub(" ", text)
        if match:
            out.append(f"\x1b[1;33m{text}\x1b[0m" if color else f"**{text}**")
        else:
            out.append(text)
    return "".join(out)


def _open(path: str | None, create: bool = False):
    from .engine import Index
    from .index.store import IndexError_

    try:
        return Index(path, create=create)
    except IndexError_ as e:
        raise UserError(str(e)) from e
    except OSError as e:
        raise UserError(f"cannot open the index at {path}: {e.strerror or e}") from e


def _open_for_writing(path: str | None):
    """``(index, writer)``: the index (created if missing) with its writer lock taken;
    :class:`UserError` when another process holds the lock."""
    from .index.store import IndexLockedError

    ix = _open(path, create=True)
    try:
        return ix, ix.writer
    except IndexLockedError as e:
        raise UserError(str(e)) from e


def _positive_float(option: str):
    """An argparse type: a number above 0, else a one-line error naming ``option``."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a number, not {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{option} must be above 0, not {text}")
        return value
    return parse


def _stop_on_sigterm_like_ctrl_c() -> None:
    """SIGTERM (``kill``, ``timeout``, ``docker stop``) stops a long run as Ctrl-C does:
    what was read or fetched so far is committed before exiting (status 130)."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


# ---------------------------------------------------------------- index
def cmd_index(args: argparse.Namespace) -> int:
    from .index.pipeline import PipelineError, analysed, choose_jobs

    _stop_on_sigterm_like_ctrl_c()
    from .index.update import Update, doc_bytes
    from .ingest.document import IngestError
    from .ingest.files import Progress, total_bytes

    try:
        jobs = choose_jobs(getattr(args, "jobs", None), total_bytes(args.paths))
    except ValueError as e:
        raise UserError(str(e)) from e
    ix, writer = _open_for_writing(args.index)
    max_bytes = int(args.max_doc_mb * 1_000_000)
    errors: list[IngestError] = []
    n_docs = 0
    n_bytes = 0
    t0 = time.perf_counter()
    progress = Progress()
    total = total_bytes(args.paths)
    bar = None
    if not args.quiet and sys.stderr.isatty() and total > 5_000_000:
        from rich.progress import BarColumn, DownloadColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        bar = RichProgress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                           TimeRemainingColumn(), transient=True)
        task = bar.add_task("indexing", total=total)
        bar.start()
    last_commit_bytes = 0
    interrupted = False
    update = Update(writer, args.paths, prune=args.prune, max_bytes=max_bytes, progress=progress)
    marks: deque = deque()  # Update.mark() of each item read, until its analysis comes back in order
    mark = update.mark()

    def marked():
        for it in update.items():
            marks.append(update.mark())
            yield it

    try:
        for item, prepared in analysed(marked(), ix.analyzer, jobs=jobs):
            mark = marks.popleft()
            if isinstance(item, IngestError):  # a read error, or a document that failed analysis
                errors.append(item)
                continue
            size = doc_bytes(item)
            writer.add_prepared(item.id, prepared)
            n_docs += 1
            n_bytes += size
            if update.commit_due(n_bytes - last_commit_bytes, args.commit_mb * 1_000_000, at=mark):
                update.commit(at=mark)
                last_commit_bytes = n_bytes
            if bar is not None and n_docs % 100 == 0:
                bar.update(task, completed=progress.bytes_read)
        mark = None  # every item read was added: commit with the reading's final state (pruned files too)
    except KeyboardInterrupt:
        interrupted = True
    except PipelineError as e:
        errors.append(IngestError("(analysis)", None, f"{e}; what was read before is committed"))
    finally:
        if bar is not None:
            bar.stop()
    update.commit(at=mark)  # documents read ahead but not yet added are left for the next run
    ix.close()
    dt = time.perf_counter() - t0
    mb = n_bytes / 1e6
    if not args.quiet or errors:
        print(f"indexed {_count(n_docs, 'document')}, {mb:.1f} MB of text, in {dt:.1f} s "
              f"({mb / dt if dt > 0 else 0:.1f} MB/s) into {ix.path}; the index now holds {len(_open(args.index)):,}",
              file=sys.stderr)
        print(update.counts.summary(), file=sys.stderr)
    if progress.passed_over and not args.quiet:
        kinds = sorted(progress.passed_over.items(), key=lambda kv: (-kv[1], kv[0]))
        print(f"passed over {sum(progress.passed_over.values()):,} WARC records that are not HTML pages: "
              + ", ".join(f"{n:,} {kind}" for kind, n in kinds), file=sys.stderr)
    if errors:
        print(f"skipped {len(errors)} input(s):", file=sys.stderr)
        for e in errors[:50]:
            print(f"  {e}", file=sys.stderr)
        if len(errors) > 50:
            print(f"  … and {len(errors) - 50} more", file=sys.stderr)
    if interrupted:
        print("interrupted: what was read so far is committed", file=sys.stderr)
        return 130
    return EXIT_PARTIAL if errors else EXIT_OK


def _count(n: int, noun: str) -> str:
    """``"1 document"``, ``"1,203 documents"``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


# ---------------------------------------------------------------- crawl
def cmd_crawl(args: argparse.Namespace) -> int:
    from .ingest.crawl import DEFAULT_USER_AGENT, FRONTIER_FILE, CrawlConfig, CrawlConfigError, crawl

    _stop_on_sigterm_like_ctrl_c()

    config = CrawlConfig(seeds=args.seeds, max_pages=args.max_pages, max_depth=args.max_depth, delay=args.delay,
                         allow_hosts=args.allow_host, user_agent=args.user_agent or DEFAULT_USER_AGENT,
                         timeout=args.timeout, commit_every=args.commit_every)
    try:
        config.validate()
    except CrawlConfigError as e:
        raise UserError(str(e)) from e
    ix, writer = _open_for_writing(args.index)
    log = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    try:
        result = crawl(config, args.state or ix.path / FRONTIER_FILE, writer.add, writer.commit,
                       lambda doc_id: ix.get(doc_id) is not None, log)
    except CrawlConfigError as e:
        raise UserError(str(e)) from e
    finally:
        ix.close()
    lines = result.summary()
    lines[0] += f"; the index at {ix.path} now holds {_count(len(_open(args.index)), 'document')}"
    for line in lines if not args.quiet or result.errors else []:
        print(line, file=sys.stderr)
    if result.interrupted:
        print("interrupted: what was fetched is committed; run the same command again to continue", file=sys.stderr)
        return 130
    return EXIT_PARTIAL if result.errors else EXIT_OK


# ---------------------------------------------------------------- search
def _print_results(res, color: bool) -> None:
    ran = res.rewritten or res.query
    if res.rewritten:
        print(f"showing results for «{res.rewritten}»; search instead for «{res.query}» with --exact")
    elif res.suggestion:
        print(f"did you mean «{res.suggestion}»?")
    for note in res.notes:
        print(f"({note})")
    if not res.hits:
        print(f"no results for «{ran}»" if res.offset == 0 else "no more results")
        return
    first, last = res.offset + 1, res.offset + len(res.hits)
    hidden = res.matched - res.total
    print(f"{_count(res.total, 'result')} for «{ran}» ({res.took_ms:.1f} ms); showing {first}–{last}"
          + (f" ({_count(hidden, 'near-duplicate')} collapsed)" if hidden > 0 else "")
          + (f"; near-duplicate group {res.group}" if res.group else "") + "\n")
    for h in res.hits:
        title = _render(h.title_segments, color) if h.title_segments else (h.title or "(no title)")
        print(f"{h.rank}. {title}")
        print(f"   id: {h.id}   score: {h.score:.3f}" + (f"   {h.url}" if h.url else "")
              + (f"   {h.date_display}" if h.date_display else ""))
        snip = _render(h.snippet, color)
        if snip:
            print(f"   {snip}")
        if h.similar and res.group is None:
            print(f"   + {h.similar:,} similar ({'near-duplicate' if h.similar == 1 else 'near-duplicates'}"
                  f" matching the query): --similar {h.id}")
        print()


def cmd_search(args: argparse.Namespace) -> int:
    from .query.parse import QuerySyntaxError

    ix = _open(args.index)
    if args.topics:
        return _run_topics(ix, args)
    if args.query is None:
        raise UserError("give a query, or --topics FILE --output RUN")
    group = args.group
    if args.similar is not None:
        group = ix.group_of(args.similar)
        if group is None:
            raise UserError(f"--similar: no document with id {args.similar!r} in {ix.path}")
    try:
        res = ix.search(args.query, limit=args.limit, offset=args.offset, exact=args.exact,
                        collapse=not args.no_collapse, group=group)
    except QuerySyntaxError as e:
        raise UserError(str(e)) from e
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_results(res, _color(args.color))
    return EXIT_OK


def _run_topics(ix, args: argparse.Namespace) -> int:
    from .eval.trec import EvalInputError, read_topics, write_run

    if not args.output:
        raise UserError("--topics needs --output RUN (the TREC run file to write)")
    try:
        topics = read_topics(args.topics)
    except EvalInputError as e:
        raise UserError(str(e)) from e
    run, failed = run_topics(ix, topics, args.depth)
    write_run(args.output, run, tag=args.tag)
    print(f"wrote {sum(len(v) for v in run.values()):,} lines for {len(run)} queries to {args.output}",
          file=sys.stderr)
    for qid, msg in failed:
        print(f"  query {qid}: {msg}", file=sys.stderr)
    return EXIT_OK


def run_topics(ix, topics, depth: int):
    """Run ``[(qid, query)]`` against ``ix``; returns ``(run, failures)``.

    Runs are not collapsed: relevance judgments are per document, so every
    near-duplicate copy keeps its rank (as in TREC runs)."""
    from .query.parse import QuerySyntaxError

    run: dict[str, list[tuple[str, float]]] = {}
    failed = []
    for qid, query in topics:
        try:
            res = ix.search(query, limit=depth, snippets=False, collapse=False)
        except QuerySyntaxError as e:
            failed.append((qid, str(e)))
            run[qid] = []
            continue
        run[qid] = [(h.id, h.score) for h in res.hits]
    return run, failed


# ---------------------------------------------------------------- eval
def cmd_eval(args: argparse.Namespace) -> int:
    from .eval import evaluate
    from .eval.trec import EvalInputError, read_qrels, read_topics, write_run

    try:
        topics = read_topics(args.topics)
        qrels = read_qrels(args.qrels)
    except EvalInputError as e:
        raise UserError(str(e)) from e
    ix = _open(args.index)
    t0 = time.perf_counter()
    run, failed = run_topics(ix, topics, args.depth)
    dt = time.perf_counter() - t0
    if args.run:
        write_run(args.run, run)
    metrics = evaluate(qrels, run)
    if args.json:
        print(json.dumps({"metrics": metrics, "queries": len(topics), "judged": len(qrels),
                          "seconds": round(dt, 2)}, indent=2))
    else:
        print(f"{len(topics)} queries ({len(qrels)} judged) in {dt:.1f} s")
        for name, value in metrics.items():
            print(f"{name:<11} {value:.4f}")
    for qid, msg in failed:
        print(f"  query {qid}: {msg}", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------- analyze
def cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import default_analyzer

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


# ---------------------------------------------------------------- demo / info
def sample_corpus_path() -> Path:
    """Path of the bundled sample corpus (Persian Wikipedia paragraphs, CC BY-SA 4.0)."""
    return Path(str(resources.files("kavosh.data") / "sample" / "pquad_paragraphs.jsonl.gz"))


def cmd_demo(args: argparse.Namespace) -> int:
    from .index.store import IndexError_, default_index_dir

    path = Path(args.index) if args.index else default_index_dir().parent / "demo"
    try:
        ix = _open(str(path)) if (path / "kavosh.json").exists() else None
    except UserError:
        ix = None  # outdated demo index: rebuild it
    if ix is None or len(ix) == 0:
        import shutil

        if path.exists() and (path / "kavosh.json").exists():
            shutil.rmtree(path)
        print(f"indexing the sample corpus (Persian Wikipedia paragraphs, CC BY-SA 4.0) into {path} …",
              file=sys.stderr)
        ns = argparse.Namespace(paths=[str(sample_corpus_path())], index=str(path), max_doc_mb=10.0,
                                commit_mb=64.0, quiet=False, prune=False)
        try:
            cmd_index(ns)
        except IndexError_ as e:
            raise UserError(str(e)) from e
        ix = _open(str(path))
    color = _color(args.color)
    for q in args.queries or DEMO_QUERIES:
        res = ix.search(q, limit=args.limit)
        print("=" * 60)
        _print_results(res, color)
    print(f"search it yourself:  kavosh search --index {path} \"QUERY\"", file=sys.stderr)
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    ix = _open(args.index)
    try:
        completions = ix.suggest(args.prefix, limit=args.limit)
    except ValueError as e:
        raise UserError(str(e)) from e
    if args.json:
        print(json.dumps([c.to_dict() for c in completions], ensure_ascii=False, indent=2))
    else:
        for c in completions:
            print(c.text + ("\t(title)" if c.kind == "title" else ""))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    ix = _open(args.index)
    print(json.dumps({"path": str(ix.path), "documents": len(ix), **ix.opened.meta}, ensure_ascii=False, indent=2))
    return EXIT_OK


# ---------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kavosh`` command."""
    p = argparse.ArgumentParser(prog="kavosh", description="Kavosh (کاوش): Persian search, embedded.")
    p.add_argument("--version", action="version", version=f"kavosh {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def index_opt(sp):
        sp.add_argument("--index", metavar="DIR", default=None,
                        help="index folder (default: $KAVOSH_INDEX or ~/.local/share/kavosh/index)")

    sp = sub.add_parser("index", help="index files and folders (.txt .md .html .json .jsonl .warc, .gz); "
                                      "files unchanged since the last run are skipped")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    index_opt(sp)
    sp.add_argument("--max-doc-mb", type=_positive_float("--max-doc-mb"), default=10.0,
                    help="skip larger documents (default 10)")
    sp.add_argument("--commit-mb", type=_positive_float("--commit-mb"), default=64.0,
                    help="commit after this much text (default 64)")
    sp.add_argument("--prune", action="store_true",
                    help="remove documents of files no longer found under the PATHs given (only under them)")
    sp.add_argument("--jobs", type=int, default=None, metavar="N",
                    help="analysis processes (default: one per CPU, in-process for inputs under 2 MB; "
                         "1: in-process)")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=cmd_index)

    sp = sub.add_parser("crawl", help="crawl web sites politely (robots.txt, rate limit) and index their pages")
    sp.add_argument("seeds", nargs="+", metavar="SEED_URL")
    index_opt(sp)
    sp.add_argument("--max-pages", type=int, default=100, metavar="N",
                    help="URLs to fetch, over all runs of this crawl (default 100)")
    sp.add_argument("--max-depth", type=int, default=2, metavar="D", help="links followed from a seed (default 2)")
    sp.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                    help="minimum seconds between requests to one host; robots.txt Crawl-delay wins if larger "
                         "(default 1.0)")
    sp.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                    help="also follow links to HOST (repeatable; default: only the seeds' hosts)")
    sp.add_argument("--user-agent", default=None, metavar="UA",
                    help="User-Agent header (its first word is matched in robots.txt)")
    sp.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per request (default 10)")
    sp.add_argument("--state", metavar="PATH", default=None,
                    help="the resumable frontier (SQLite; default: crawl-frontier.sqlite in the index folder)")
    sp.add_argument("--commit-every", type=int, default=25, metavar="N", help="commit after N pages (default 25)")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="no line per URL, and no summary unless something failed")
    sp.set_defaults(func=cmd_crawl)

    sp = sub.add_parser("search", help="search the index")
    sp.add_argument("query", nargs="?")
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
    sp.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    sp.add_argument("--topics", metavar="FILE", help="run many queries (TSV qid<TAB>query or BEIR queries.jsonl)")
    sp.add_argument("--output", metavar="RUN", help="with --topics: TREC run file to write")
    sp.add_argument("--depth", type=int, default=1000, help="with --topics: results per query (default 1000)")
    sp.add_argument("--tag", default="kavosh", help="with --topics: run tag")
    sp.set_defaults(func=cmd_search)

    sp = sub.add_parser("eval", help="evaluate: nDCG@10, MRR@10, Recall@100, MAP")
    index_opt(sp)
    sp.add_argument("--topics", required=True, metavar="FILE")
    sp.add_argument("--qrels", required=True, metavar="FILE")
    sp.add_argument("--run", metavar="RUN", help="also write the TREC run file")
    sp.add_argument("--depth", type=int, default=1000)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_eval)

    sp = sub.add_parser("analyze", help="show how text is analysed into terms")
    sp.add_argument("text", nargs="?", help="text (default: standard input)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_analyze)

    sp = sub.add_parser("demo", help="index the bundled sample corpus and run example searches")
    sp.add_argument("queries", nargs="*", metavar="QUERY")
    index_opt(sp)
    sp.add_argument("--limit", type=int, default=3)
    sp.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser("suggest", help="complete a prefix with the index's words and titles")
    sp.add_argument("prefix", metavar="PREFIX")
    index_opt(sp)
    sp.add_argument("--limit", type=int, default=10, help="completions (1 to 50, default 10)")
    sp.add_argument("--json", action="store_true", help="print completions as JSON")
    sp.set_defaults(func=cmd_suggest)

    sp = sub.add_parser("info", help="show the index's location, size and versions")
    index_opt(sp)
    sp.set_defaults(func=cmd_info)

    try:
        from .api.cli import add_serve_command
    except ImportError:
        pass
    else:
        add_serve_command(sub, index_opt)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kavosh`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as e:
        print(f"kavosh: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("kavosh: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
