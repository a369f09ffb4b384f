"""The crawler's constants, frontier states, configuration (:class:`CrawlConfig`) and results (:class:`CrawlResult`).

Part of :mod:`kavosh.ingest.crawl` (which re-exports every name here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import __version__
from .crawl_urls import canonical_url, host_key

DEFAULT_USER_AGENT = f"KavoshBot/{__version__} (Kavosh Persian search engine crawler)"
MAX_REDIRECTS = 5
"""Redirects followed for one URL (RFC 9309 asks at least five for robots.txt)."""
ROBOTS_MAX_BYTES = 500 * 1024
"""Bytes of robots.txt read (RFC 9309 §2.5: at least 500 KiB must be parsed)."""
HTML_TYPES = ("text/html", "application/xhtml+xml")
DEFAULT_MAX_BYTES = 10_000_000
"""Pages with a larger body (10 MB) are reported and skipped."""
FRONTIER_FILE = "crawl-frontier.sqlite"
"""The frontier's file name inside the index folder (when ``--state`` is not given)."""

# frontier states
QUEUED, FETCHED, INDEXED = "queued", "fetched", "indexed"
RETRY = "retry"
ALIAS_PREFIX = "indexed as "
"""The detail of an ``indexed`` URL whose document is the canonical URL it declared (``indexed as URL``)."""
"""Failed for a reason that may pass (connection refused, timeout, HTTP 5xx or 429, robots.txt unreachable):
queued again when the next run starts (reported as an error by the run that failed)."""
ROBOTS, NON_HTML, ERROR, REDIRECT, OFFSITE, NOT_INDEXED, COPY = (
    "robots", "non-html", "error", "redirect", "offsite-redirect", "not-indexed", "copy")


class CrawlConfigError(ValueError):
    """A seed, host or option the crawler cannot use; the message names it."""



@dataclass
class CrawlConfig:
    """What to crawl and how politely.

    Attributes:
        seeds: start URLs (canonicalized by :meth:`validate`).
        max_pages: URLs taken from the frontier, over all runs of this frontier (≥ 1).
        max_depth: links followed from a seed (0: the seeds only).
        delay: minimum seconds between two requests to one host (robots.txt's Crawl-delay wins if larger).
        allow_hosts: hosts whose links are followed besides the seeds' (``example.com``, ``127.0.0.1:8001``).
        user_agent: the User-Agent header; its product token is matched in robots.txt.
        timeout: seconds allowed for one request (connect, each read, and the whole body).
        commit_every: index commit after this many new documents (and at least every ``commit_seconds``).
        commit_seconds: seconds between index commits while documents are pending.
        max_bytes: larger page bodies are skipped and reported.
    """

    seeds: list[str]
    max_pages: int = 100
    max_depth: int = 2
    delay: float = 1.0
    allow_hosts: list[str] = field(default_factory=list)
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 10.0
    commit_every: int = 25
    commit_seconds: float = 15.0
    max_bytes: int = DEFAULT_MAX_BYTES

    def validate(self) -> None:
        """Canonicalize seeds and hosts and check the numbers.

        Raises:
            CrawlConfigError: naming the seed, host or option at fault.
        """
        if not self.seeds:
            raise CrawlConfigError("give at least one SEED_URL")
        seeds = []
        for s in self.seeds:
            try:
                seeds.append(canonical_url(s))
            except ValueError as e:
                raise CrawlConfigError(f"seed {s!r} is not an http:// or https:// URL") from e
        self.seeds = seeds
        hosts = []
        for h in self.allow_hosts:
            try:
                hosts.append(host_key(h.strip()))
            except ValueError as e:
                raise CrawlConfigError(f"--allow-host {h!r}: {e}") from e
        self.allow_hosts = hosts
        for name, value, low in (("--max-pages", self.max_pages, 1), ("--max-depth", self.max_depth, 0),
                                 ("--delay", self.delay, 0), ("--commit-every", self.commit_every, 1)):
            if value < low:
                raise CrawlConfigError(f"{name} must be at least {low} (got {value})")
        if not self.timeout > 0:
            raise CrawlConfigError(f"--timeout must be more than 0 seconds (got {self.timeout})")
        if not self.user_agent.strip():
            raise CrawlConfigError("--user-agent must not be empty")

    @property
    def hosts(self) -> set[str]:
        """The allowed hosts: the seeds' and ``allow_hosts``."""
        return {host_key(s) for s in self.seeds} | set(self.allow_hosts)

    @property
    def robots_token(self) -> str:
        """The product token of the user agent (``KavoshBot``), matched against robots.txt groups."""
        return re.split(r"[/\s]", self.user_agent.strip(), maxsplit=1)[0]


@dataclass
class CrawlResult:
    """What one run did (counts are for this run; ``frontier`` for all runs of the frontier).

    Attributes:
        visited: URLs taken from the frontier (each is indexed, skipped by robots.txt, non-HTML, without
            text, an error or redirected: the parts of the summary's first line add up to it).
        requested: URLs taken from the frontier and asked for (not those robots.txt ruled out).
        redirected: URLs that redirected to a page already in the frontier or to a host not allowed.
        indexed: pages handed to the index and committed.
        robots: ``[(url, reason)]`` not requested because of robots.txt.
        non_html: ``[(url, content_type)]`` answered with something other than HTML.
        errors: ``[(url, reason)]``: HTTP errors, timeouts, redirect loops, unreadable pages.
        not_indexed: ``[(url, reason)]`` HTML pages without text, or marked ``noindex``.
        copies: ``[(url, canonical)]`` pages declaring (``rel="canonical"``) a page already indexed.
        offsite: ``[(url, target)]`` redirects to a host that is not allowed.
        offsite_links: distinct links to other hosts seen (not followed).
        reconciled: pages found already indexed (or requeued) after an interrupted run.
        frontier: ``{state: count}`` of the whole frontier after the run.
        aliases: of the frontier's ``indexed`` URLs, those indexed under the canonical URL they declared (one
            document, two URLs done).
        seconds: wall time of the run.
        interrupted: the run was stopped by Ctrl-C (what was fetched is committed).
    """

    visited: int = 0
    requested: int = 0
    redirected: int = 0
    indexed: int = 0
    robots: list[tuple[str, str]] = field(default_factory=list)
    non_html: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    not_indexed: list[tuple[str, str]] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    offsite: list[tuple[str, str]] = field(default_factory=list)
    offsite_links: int = 0
    reconciled: int = 0
    frontier: dict[str, int] = field(default_factory=dict)
    aliases: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def summary(self, limit: int = 50) -> list[str]:
        """Human-readable summary lines (the first one gives the counts, then one line per problem URL)."""
        queued = self.frontier.get(QUEUED, 0)
        lines = [f"crawled {_n(self.visited, 'URL')} in {self.seconds:.1f} s: indexed {_n(self.indexed, 'page')}, "
                 f"skipped {len(self.robots):,} by robots.txt, {len(self.non_html):,} non-HTML, "
                 f"{len(self.not_indexed):,} without text or noindex, {_n(len(self.errors), 'error')}"
                 + (f", {_n(len(self.copies), 'copy')} of a page already indexed (rel=canonical)"
                    if self.copies else "")
                 + (f", {self.redirected:,} redirected to a page already seen or another host"
                    if self.redirected else "")
                 + (f"; not followed: {_n(self.offsite_links, 'link')} to other hosts" if self.offsite_links else "")]
        retry = self.frontier.get(RETRY, 0)
        done = sum(n for s, n in self.frontier.items() if s not in (QUEUED, RETRY))
        documents = self.frontier.get(INDEXED, 0) - self.aliases
        alias = (f", and {_n(self.aliases, 'URL')} indexed as the canonical URL {'it' if self.aliases == 1 else 'they'}"
                 " declared" if self.aliases else "")
        line = (f"frontier, over all runs: {_n(done, 'URL')} done ({documents:,} indexed as documents{alias}), "
                f"{queued:,} queued")
        if retry:
            line += (f", {retry:,} to retry (connection refused, timeout, HTTP 5xx or 429: run the same command "
                     "again, later, and they are fetched again)")
        if queued:
            line += (" (run the same command again to continue; --max-pages counts over all runs, "
                     "so raise it if it was reached)")
        elif not self.visited and not self.interrupted and not retry:
            line += ("; nothing left to crawl: every URL this frontier reached is done and is not fetched "
                     "again (to refresh the pages, crawl into a new --state FILE)")
        lines.append(line)
        for title, items in (("errors", self.errors), ("skipped by robots.txt", self.robots),
                             ("non-HTML", self.non_html), ("not indexed", self.not_indexed),
                             ("redirected to a host not allowed", self.offsite)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {url}: {why}" for url, why in items[:limit])
                if len(items) > limit:
                    lines.append(f"  … and {len(items) - limit:,} more")
        return lines


def _n(n: int, noun: str) -> str:
    """``"1 page"``, ``"2 pages"``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
