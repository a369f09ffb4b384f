"""``kavosh crawl SEED_URL...``: crawl web sites politely and index their pages."""

from __future__ import annotations

import argparse
import sys

from .common import count, index_opt, open_for_writing, open_index, stop_on_sigterm_like_ctrl_c
from .errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UserError


def add_parser(sub) -> None:
    """Add the ``crawl`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
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
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Crawl ``args.seeds`` into ``args.index``; status 1 if some URL failed, 130 when interrupted."""
    from ..ingest.crawl import DEFAULT_USER_AGENT, FRONTIER_FILE, CrawlConfig, CrawlConfigError, crawl

    stop_on_sigterm_like_ctrl_c()

    config = CrawlConfig(seeds=args.seeds, max_pages=args.max_pages, max_depth=args.max_depth, delay=args.delay,
                         allow_hosts=args.allow_host, user_agent=args.user_agent or DEFAULT_USER_AGENT,
                         timeout=args.timeout, commit_every=args.commit_every)
    try:
        config.validate()
    except CrawlConfigError as e:
        raise UserError(str(e)) from e
    ix, writer = open_for_writing(args.index)
    log = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    try:
        result = crawl(config, args.state or ix.path / FRONTIER_FILE, writer.add, writer.commit,
                       lambda doc_id: ix.get(doc_id) is not None, log)
    except CrawlConfigError as e:
        raise UserError(str(e)) from e
    finally:
        ix.close()
    lines = result.summary()
    lines[0] += f"; the index at {ix.path} now holds {count(len(open_index(args.index)), 'document')}"
    for line in lines if not args.quiet or result.errors else []:
        print(line, file=sys.stderr)
    if result.interrupted:
        print("interrupted: what was fetched is committed; run the same command again to continue", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_PARTIAL if result.errors else EXIT_OK
