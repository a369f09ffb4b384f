"""A polite, resumable web crawler that indexes what it fetches (``kavosh crawl``).

One process, one request at a time.  The loop takes the next queued URL
(breadth first: lowest depth, then discovery order) whose host may be asked
again, and:

1. **robots.txt** (RFC 9309, parsed by ``protego``) is fetched once per origin
   per run; a 4xx answer allows everything, a 5xx or network error disallows
   the origin (§2.3.1.3–2.3.1.4); at most 500 KiB of it is read.  URLs it
   disallows are never requested.  Groups are matched on the product token of
   the user agent (``KavoshBot`` of ``KavoshBot/0.1 (...)``).
2. **Rate limit per host**: two requests to one host (robots.txt included)
   start at least ``max(--delay, Crawl-delay, 1/Request-rate)`` seconds apart.
   The time of the last request to each host is kept in the frontier, so a
   crawl started again right after a kill waits too.
3. **Fetch** with httpx, redirects followed by hand (each hop checked against
   the allowed hosts and robots.txt, and rate-limited) up to
   :data:`MAX_REDIRECTS`; a loop or a longer chain is reported for that URL.
   Non-2xx answers, timeouts and connection errors are reported per URL;
   responses that are not ``text/html``/``application/xhtml+xml`` are closed
   unread and counted.
4. **Index** the page through :func:`kavosh.ingest.files.html_to_document`
   (trafilatura main text, title, date, language); document id and url = the
   canonical URL: the page's own, or the one it declares with ``<link rel="canonical">`` when that is on an
   allowed host (as search engines honour it: ``/news/1.html?ref=x`` declaring ``/news/1.html`` is that
   document, and once it is indexed another copy declaring it is counted, not indexed).  ``<meta name="robots" content="noindex">`` (or the
   ``X-Robots-Tag`` header) keeps a page out of the index, ``nofollow`` (there
   or on a link's ``rel``) keeps its links out of the frontier.
5. **Follow** ``<a href>``/``<area href>`` links to allowed hosts (by default the
   seeds' hosts) up to ``--max-depth`` (seeds are depth 0).

URLs are canonicalized with ``w3lib.url.canonicalize_url`` (Scrapy's: fragment
dropped, percent-encoding upper-cased, dot segments removed, query arguments
sorted, host IDNA-encoded) after dropping credentials and the default port.

**Frontier and resumption.**  The frontier is a SQLite file (stdlib
``sqlite3``): one row per URL with its depth and state, committed after every
URL, so nothing is asked twice.  A page handed to the index writer is marked
``fetched``; after each index commit its row becomes ``indexed``.  A crawl
killed at any moment is continued by running the same command again: rows
still ``fetched`` are checked against the index (indexed → done, missing →
queued again), so a page is never indexed twice and a page already indexed is
never fetched again.  ``--max-pages`` counts URLs taken from the frontier over
all runs of the same frontier.
"""

from __future__ import annotations

import codecs
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import __version__
from .document import Document

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
ROBOTS, NON_HTML, ERROR, REDIRECT, OFFSITE, NOT_INDEXED, COPY = (
    "robots", "non-html", "error", "redirect", "offsite-redirect", "not-indexed", "copy")


_DEFAULT_PORTS = {"http": 80, "https": 443}


class CrawlConfigError(ValueError):
    """A seed, host or option the crawler cannot use; the message names it."""


# ---------------------------------------------------------------- URLs
def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of ``url`` (resolved against ``base``) used as frontier key and document id.

    Credentials, the scheme's default port and the fragment are dropped, then
    ``w3lib.url.canonicalize_url`` normalizes the rest (percent-encoding, dot segments, sorted query, IDNA host).

    Raises:
        ValueError: not an absolute ``http``/``https`` URL with a host.

    >>> canonical_url("HTTP://Example.COM:80/a/../b?z=1&a=2#top")
    'http://example.com/b?a=2&z=1'
    >>> canonical_url("../c d", "https://example.com/x/y")
    'https://example.com/c%20d'
    """
    from w3lib.url import canonicalize_url

    full = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(full)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    port = parts.port  # ValueError for a bad port
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return canonicalize_url(urlunsplit((scheme, netloc, parts.path or "/", parts.query, "")))


def host_key(url: str) -> str:
    """The host a URL belongs to for allow-lists and rate limits: host name, plus ``:port`` when not 80/443.

    ``http://`` and ``https://`` of one host name are one host.

    >>> host_key("https://Example.com:443/a"), host_key("http://127.0.0.1:8001/")
    ('example.com', '127.0.0.1:8001')
    """
    parts = urlsplit(url if "//" in url else f"http://{url}")
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError as e:
        raise ValueError(f"bad port in {url!r}") from e
    if not host:
        raise ValueError(f"no host in {url!r}")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{host}:{port}" if port and port not in (80, 443) else host


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


# ---------------------------------------------------------------- configuration and results
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
        done = sum(n for s, n in self.frontier.items() if s != QUEUED)
        line = (f"frontier, over all runs: {_n(done, 'URL')} done ({self.frontier.get(INDEXED, 0):,} indexed), "
                f"{queued:,} queued")
        if queued:
            line += (" (run the same command again to continue; --max-pages counts over all runs, "
                     "so raise it if it was reached)")
        elif not self.visited and not self.interrupted:
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


# ---------------------------------------------------------------- frontier
class Frontier:
    """The crawl frontier in a SQLite file: every URL seen, its depth and state; per-host request times.

    Args:
        path: the SQLite file (created with its tables if missing).
    Raises:
        CrawlConfigError: the file is not a frontier this version can read.
    """

    VERSION = "1"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise CrawlConfigError(f"cannot keep the crawl frontier at {self.path}: the folder {self.path.parent} "
                                   "does not exist")
        try:
            self.db = sqlite3.connect(str(self.path), timeout=5.0, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            with self.db:
                self.db.execute("BEGIN")
                self.db.executescript("""
                    CREATE TABLE IF NOT EXISTS urls (
                        id INTEGER PRIMARY KEY, url TEXT UNIQUE NOT NULL, host TEXT NOT NULL,
                        depth INTEGER NOT NULL, state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
                        updated REAL);
                    CREATE INDEX IF NOT EXISTS urls_queue ON urls(state, depth, id);
                    CREATE TABLE IF NOT EXISTS hosts (host TEXT PRIMARY KEY, last_request REAL NOT NULL);
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?), ('requested', '0')",
                                (self.VERSION,))
            version = self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise CrawlConfigError(f"{self.path} is not a crawl frontier Kavosh can read ({e})") from e
        if version != self.VERSION:
            raise CrawlConfigError(f"{self.path} is a crawl frontier of version {version}; this Kavosh reads "
                                   f"version {self.VERSION}: give another --state")

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def add(self, urls: Iterable[str], depth: int) -> int:
        """Queue URLs not seen before (in this order); returns how many were new. Not committed by itself."""
        n = 0
        for url in urls:
            cur = self.db.execute("INSERT OR IGNORE INTO urls (url, host, depth, state) VALUES (?, ?, ?, ?)",
                                  (url, host_key(url), depth, QUEUED))
            n += cur.rowcount
        return n

    def state(self, url: str) -> str | None:
        """The state of ``url``, or ``None`` when it was never seen."""
        row = self.db.execute("SELECT state FROM urls WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def set(self, url: str, state: str, detail: str = "", depth: int = 0) -> None:
        """Record the state of ``url`` (added if new). Not committed by itself."""
        self.db.execute("INSERT INTO urls (url, host, depth, state, detail, updated) VALUES (?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT(url) DO UPDATE SET state=excluded.state, detail=excluded.detail, "
                        "updated=excluded.updated", (url, host_key(url), depth, state, detail, time.time()))

    def queued(self, hosts: set[str], limit: int = 256) -> list[tuple[str, str, int]]:
        """Up to ``limit`` queued ``(url, host, depth)`` on ``hosts``, breadth first (depth, then discovery)."""
        marks = ",".join("?" * len(hosts))
        return self.db.execute(f"SELECT url, host, depth FROM urls WHERE state=? AND host IN ({marks}) "
                               "ORDER BY depth, id LIMIT ?", (QUEUED, *sorted(hosts), limit)).fetchall()

    def urls_in(self, state: str) -> list[str]:
        """Every URL in ``state``."""
        return [r[0] for r in self.db.execute("SELECT url FROM urls WHERE state=? ORDER BY id", (state,))]

    def counts(self) -> dict[str, int]:
        """``{state: number of URLs}``."""
        return dict(self.db.execute("SELECT state, COUNT(*) FROM urls GROUP BY state").fetchall())

    @property
    def requested(self) -> int:
        """URLs taken from the frontier and requested, over all runs."""
        return int(self.db.execute("SELECT value FROM meta WHERE key='requested'").fetchone()[0])

    def count_request(self) -> None:
        """Add one to :attr:`requested`. Not committed by itself."""
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='requested'")

    def last_requests(self) -> dict[str, float]:
        """``{host: wall-clock time (time.time()) of the last request}``."""
        return dict(self.db.execute("SELECT host, last_request FROM hosts").fetchall())

    def set_last_request(self, host: str, when: float) -> None:
        """Record a request to ``host`` at wall-clock ``when``. Not committed by itself."""
        self.db.execute("INSERT INTO hosts VALUES (?, ?) ON CONFLICT(host) DO UPDATE SET last_request=excluded."
                        "last_request", (host, when))

    def transaction(self):
        """A context manager: one atomic, durable change (``with frontier.transaction(): ...``)."""
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


# ---------------------------------------------------------------- politeness
class HostThrottle:
    """Per-host minimum interval between request starts (``time.monotonic`` seconds).

    Args:
        delay: the interval for hosts with no larger robots.txt delay.
        last_wall: ``{host: time.time() of the last request}`` from an earlier run.
    """

    def __init__(self, delay: float, last_wall: dict[str, float] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self.interval: dict[str, float] = {}
        now_mono, now_wall = time.monotonic(), time.time()
        self.last = {h: now_mono - max(0.0, now_wall - w) for h, w in (last_wall or {}).items()}
        self.sleep = sleep

    def ready_at(self, host: str) -> float:
        """The monotonic time from which ``host`` may be asked again."""
        last = self.last.get(host)
        return -1e18 if last is None else last + self.interval.get(host, self.delay)

    def wait(self, host: str) -> None:
        """Sleep until ``host`` may be asked, then record a request starting now."""
        pause = self.ready_at(host) - time.monotonic()
        if pause > 0:
            self.sleep(pause)
        self.last[host] = time.monotonic()


@dataclass
class _Robots:
    parser: object | None  # protego.Protego, or None: everything allowed
    denied: str = ""  # non-empty: the whole origin is disallowed, with this reason
    unreachable: bool = False  # robots.txt could not be fetched at all (refused, timeout): an error


# ---------------------------------------------------------------- the crawler
@dataclass
class _Fetched:
    url: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""
    error: str = ""
    location: str = ""


class Crawler:
    """Crawl from ``config.seeds`` into an index writer, keeping the frontier in ``frontier``.

    Args:
        config: a validated :class:`CrawlConfig`.
        frontier: the :class:`Frontier`.
        add_document: hands a :class:`~kavosh.ingest.document.Document` to the index writer (uncommitted).
        commit: commits the index writer (tantivy's atomic commit).
        is_indexed: whether a document id is in the committed index (for resuming).
        log: receives one line per URL (``None``: silent).
    """

    def __init__(self, config: CrawlConfig, frontier: Frontier, add_document: Callable[[Document], None],
                 commit: Callable[[], None], is_indexed: Callable[[str], bool],
                 log: Callable[[str], None] | None = None) -> None:
        import httpx

        self.config = config
        self.frontier = frontier
        self.add_document = add_document
        self.commit_index = commit
        self.is_indexed = is_indexed
        self.log = log or (lambda line: None)
        self.hosts = config.hosts
        self.throttle = HostThrottle(config.delay, frontier.last_requests())
        self.robots: dict[str, _Robots] = {}
        self.result = CrawlResult()
        self._offsite_seen: set[str] = set()
        self._pending: list[tuple[str, str]] = []  # (frontier URL, document id) handed to the index
        self._last_commit = time.monotonic()
        self._httpx = httpx
        self.client = httpx.Client(
            follow_redirects=False, timeout=httpx.Timeout(config.timeout),
            headers={"User-Agent": config.user_agent,
                     "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"})

    # -- resumption
    def reconcile(self) -> None:
        """Settle pages fetched by an interrupted run: indexed ones are done, lost ones are queued again."""
        fetched = self.frontier.urls_in(FETCHED)
        if not fetched:
            return
        with self.frontier.transaction():
            for url in fetched:
                self.frontier.set(url, INDEXED if self.is_indexed(url) else QUEUED)
        self.result.reconciled = len(fetched)

    # -- the loop
    def run(self) -> CrawlResult:
        """Crawl until the frontier is empty for the allowed hosts or ``max_pages`` is reached.

        Returns:
            The :class:`CrawlResult`; Ctrl-C stops the loop, commits and returns with ``interrupted``.
        """
        t0 = time.monotonic()
        try:
            self.reconcile()
            with self.frontier.transaction():
                self.frontier.add(self.config.seeds, 0)
            while self.frontier.requested < self.config.max_pages:
                batch = self.frontier.queued(self.hosts)
                if not batch:
                    break
                now = time.monotonic()
                ready = [row for row in batch if self.throttle.ready_at(row[1]) <= now]
                if not ready:
                    self._commit_if_due()
                    soonest = min(self.throttle.ready_at(row[1]) for row in batch)
                    time.sleep(max(0.0, soonest - time.monotonic()))
                    continue
                url, _host, depth = ready[0]
                self._visit(url, depth)
                self._commit_if_due()
        except KeyboardInterrupt:
            self.result.interrupted = True
        finally:
            self._commit()
            self.client.close()
            self.result.frontier = self.frontier.counts()
            self.result.seconds = time.monotonic() - t0
        return self.result

    def _commit_if_due(self) -> None:
        if self._pending and (len(self._pending) >= self.config.commit_every
                              or time.monotonic() - self._last_commit >= self.config.commit_seconds):
            self._commit()

    def _commit(self) -> None:
        """Commit the index, then mark its new documents ``indexed`` in the frontier (order matters: see module)."""
        if self._pending:
            self.commit_index()
            with self.frontier.transaction():
                for url, doc_id in self._pending:
                    self.frontier.set(url, INDEXED)
                    if doc_id != url:  # indexed under the canonical URL it declared: that one is done too
                        self.frontier.set(doc_id, INDEXED)
            self.result.indexed += len(self._pending)
            self._pending = []
        self._last_commit = time.monotonic()

    # -- robots.txt
    def _robots(self, url: str) -> _Robots:
        origin = _origin(url)
        if origin in self.robots:
            return self.robots[origin]
        from protego import Protego

        target = origin + "/robots.txt"
        for _hop in range(MAX_REDIRECTS + 1):
            got = self._get(target, ROBOTS_MAX_BYTES, truncate=True)
            if got.error:
                rules = _Robots(None, f"host unreachable: robots.txt could not be fetched ({got.error})", True)
                break
            if 300 <= got.status < 400 and got.location:
                try:
                    target = canonical_url(got.location, target)
                except ValueError:
                    rules = _Robots(None)
                    break
                continue
            if 200 <= got.status < 300:
                rules = _Robots(Protego.parse(got.body.decode("utf-8", errors="replace")))
            elif 400 <= got.status < 500:
                rules = _Robots(None)  # unavailable: no restriction (RFC 9309 §2.3.1.3)
            else:
                rules = _Robots(None, f"robots.txt answered HTTP {got.status}: RFC 9309 says assume disallowed")
            break
        else:
            rules = _Robots(None)  # more redirects than RFC 9309 asks to follow: unavailable
        if rules.parser is not None:
            token = self.config.robots_token
            delays = [self.config.delay, rules.parser.crawl_delay(token) or 0.0]
            rate = rules.parser.request_rate(token)
            if rate and rate.requests:
                delays.append(rate.seconds / rate.requests)
            self.throttle.interval[host_key(url)] = max(float(d) for d in delays)
        self.robots[origin] = rules
        return rules

    def _allowed_by_robots(self, url: str) -> str:
        """``""`` when robots.txt allows ``url``, else the reason."""
        rules = self._robots(url)
        if rules.denied:
            return rules.denied
        if rules.parser is not None and not rules.parser.can_fetch(url, self.config.robots_token):
            return "disallowed by robots.txt"
        return ""

    # -- HTTP
    def _get(self, url: str, max_bytes: int, truncate: bool = False,
             accept: Callable[[str], bool] | None = None) -> _Fetched:
        """One rate-limited GET, no redirect followed; the body is read only when ``accept(content_type)``."""
        host = host_key(url)
        self.throttle.wait(host)
        with self.frontier.transaction():
            self.frontier.set_last_request(host, time.time())
        httpx = self._httpx
        out = _Fetched(url)
        deadline = time.monotonic() + self.config.timeout
        try:
            with self.client.stream("GET", url) as resp:
                out.status = resp.status_code
                out.headers = {k.lower(): v for k, v in resp.headers.items()}
                out.content_type = out.headers.get("content-type", "").split(";")[0].strip().lower()
                out.location = resp.headers.get("location", "")
                if 300 <= out.status < 400 or (accept is not None and not accept(out.content_type)) \
                        or not 200 <= out.status < 300:
                    return out
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > max_bytes:
                        if truncate:
                            break
                        out.error = f"page larger than {max_bytes / 1e6:g} MB"
                        return out
                    if time.monotonic() > deadline:
                        out.error = f"timed out after {self.config.timeout:g} s (body not complete)"
                        return out
                out.body = b"".join(chunks)[:max_bytes]
                if charset := resp.charset_encoding:
                    out.headers["x-charset"] = charset
        except httpx.TimeoutException:
            out.error = f"timed out after {self.config.timeout:g} s"
        except (httpx.HTTPError, httpx.StreamError) as e:
            out.error = f"cannot fetch: {type(e).__name__}: {e}"[:300]
        except (httpx.InvalidURL, ValueError, UnicodeError) as e:  # URLs httpx refuses
            out.error = f"bad URL: {e}"[:300]
        return out

    # -- one URL
    def _visit(self, url: str, depth: int) -> None:
        """Fetch ``url`` (following redirects), then record the outcome in one frontier transaction."""
        chain = [url]
        current = url
        outcome: tuple[str, str] | None = None
        page: _Fetched | None = None
        counted = False
        for hop in range(MAX_REDIRECTS + 1):
            why = self._allowed_by_robots(current)
            if why and self._robots(current).unreachable:  # a mistyped host or port is an error, not a rule
                outcome = (ERROR, why)
                break
            if why:
                outcome = (ROBOTS, why)
                self.result.robots.append((current, why))
                break
            got = self._get(current, self.config.max_bytes, accept=lambda t: t in HTML_TYPES)
            counted = True
            if got.error:
                outcome = (ERROR, got.error)
            elif 300 <= got.status < 400 and got.location:
                try:
                    target = canonical_url(got.location, current)
                except ValueError:
                    outcome = (ERROR, f"HTTP {got.status} to a URL that cannot be followed: {got.location!r}")
                else:
                    if target in chain:
                        outcome = (ERROR, "redirect loop: " + " → ".join([*chain[chain.index(target):], target]))
                    elif hop == MAX_REDIRECTS:
                        outcome = (ERROR, f"more than {MAX_REDIRECTS} redirects")
                    elif host_key(target) not in self.hosts:
                        outcome = (OFFSITE, target)
                        self.result.offsite.append((current, target))
                    elif (known := self.frontier.state(target)) not in (None, QUEUED):
                        outcome = (REDIRECT, f"{target} (already {known})")
                    else:
                        chain.append(target)
                        current = target
                        continue
            elif not 200 <= got.status < 300:
                outcome = (ERROR, f"HTTP {got.status}")
            elif got.content_type not in HTML_TYPES:
                outcome = (NON_HTML, got.content_type or "no Content-Type")
                self.result.non_html.append((current, outcome[1]))
            else:
                page = got
            break
        if outcome is not None and outcome[0] == ERROR:  # reported under the URL asked for
            hops = "" if len(chain) == 1 or outcome[1].startswith("redirect loop") else \
                f" (at {current}, after {len(chain) - 1} redirect(s))"
            self.result.errors.append((url, outcome[1] + hops))
        self.result.visited += 1
        if counted:
            self.result.requested += 1
        if outcome is not None and outcome[0] in (REDIRECT, OFFSITE):
            self.result.redirected += 1
        links: list[str] = []
        doc: Document | None = None
        if page is not None:
            doc, links, outcome = self._read_page(page, depth)
        with self.frontier.transaction():
            if counted:
                self.frontier.count_request()
            for earlier in chain[:-1]:
                self.frontier.set(earlier, REDIRECT, chain[-1], depth)
            state, detail = outcome if outcome else (FETCHED, "")
            self.frontier.set(current, state, detail, depth)
            if links:
                self.frontier.add(links, depth + 1)
        if doc is not None:
            if doc.id != current:  # its declared canonical URL: not to be fetched again
                with self.frontier.transaction():
                    self.frontier.set(doc.id, FETCHED, f"canonical of {current}", depth)
            self.add_document(doc)
            self._pending.append((current, doc.id))
        shown = {FETCHED: "indexed"}.get(outcome[0] if outcome else FETCHED, outcome[0] if outcome else "")
        self.log(f"{shown:<16} {current}" + (f"  ({outcome[1]})" if outcome and outcome[1] else "")
                 + (f"  [{len(chain) - 1} redirect(s) from {url}]" if len(chain) > 1 else ""))

    def _read_page(self, page: _Fetched, depth: int) -> tuple[Document | None, list[str], tuple[str, str] | None]:
        """The page's document (``None`` if not indexable), its new links, and the outcome (``None``: indexed).

        A page the parsers fail on is reported as an error for that URL; the crawl goes on.
        """
        try:
            return self._extract(page, depth)
        except Exception as e:  # noqa: BLE001 (any parser failure on a hostile page is that page's error)
            why = f"cannot read the page ({type(e).__name__}: {e})"[:300]
            self.result.errors.append((page.url, why))
            return None, [], (ERROR, why)

    def _extract(self, page: _Fetched, depth: int) -> tuple[Document | None, list[str], tuple[str, str] | None]:
        from .html import ExtractorMissing, html_to_document

        html = _decode(page.body, page.headers.get("x-charset", ""))
        tree = _parse(html)
        directives = _robots_directives(tree, page.headers.get("x-robots-tag", ""), self.config.robots_token)
        links = [] if "nofollow" in directives or depth >= self.config.max_depth else self._links(tree, page.url)
        if "noindex" in directives:
            self.result.not_indexed.append((page.url, "noindex"))
            return None, links, (NOT_INDEXED, "noindex")
        canonical = self._declared_canonical(tree, page.url)
        if canonical is not None and self.frontier.state(canonical) in (FETCHED, INDEXED):
            self.result.copies.append((page.url, canonical))
            return None, links, (COPY, canonical)
        try:
            doc = html_to_document(html, doc_id=page.url, url=page.url,
                                   http_content_language=page.headers.get("content-language", ""))
        except ExtractorMissing as e:
            self.result.errors.append((page.url, str(e)))
            return None, links, (ERROR, str(e))
        if doc is None or not (doc.text.strip() or doc.title.strip()):
            self.result.not_indexed.append((page.url, "no text found in the HTML"))
            return None, links, (NOT_INDEXED, "no text found in the HTML")
        fetched = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        doc.id = doc.url = canonical or page.url
        doc.fields["fetched"] = fetched  # kept apart from ``date``, the page's own date ("" when it has none)
        doc.source = page.url
        return doc, links, (FETCHED, f"as {canonical}") if canonical else None

    def _declared_canonical(self, tree, page_url: str) -> str | None:
        """The URL the page declares canonical (``<link rel="canonical" href>``, canonicalized) when it is on
        an allowed host and not the page's own URL; else ``None`` (a canonical URL elsewhere is not ours)."""
        for link in tree.iter("link") if tree is not None else ():
            if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
                try:
                    url = canonical_url(link.get("href").strip(), page_url)
                    return url if url != page_url and host_key(url) in self.hosts else None
                except ValueError:
                    return None
        return None

    def _links(self, tree, page_url: str) -> list[str]:
        """Canonical links of the page to allowed hosts, new to this call, in page order."""
        if tree is None:
            return []
        base = page_url
        for b in tree.iter("base"):
            if b.get("href"):
                try:
                    base = canonical_url(b.get("href"), page_url)
                except ValueError:
                    pass
                break
        out: dict[str, None] = {}
        for a in tree.iter("a", "area"):
            href = (a.get("href") or "").strip()
            if not href or "nofollow" in (a.get("rel") or "").lower().split():
                continue
            try:
                link = canonical_url(href, base)
                host = host_key(link)
            except ValueError:
                continue
            if host in self.hosts:
                out[link] = None
            elif link not in self._offsite_seen:
                self._offsite_seen.add(link)
                self.result.offsite_links += 1
        return list(out)


def _decode(body: bytes, charset: str) -> str:
    """The page as text: the HTTP charset when it names a known codec, else trafilatura's detection."""
    if charset:
        try:
            codecs.lookup(charset)
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file

    return decode_file(body)


def _parse(html: str):
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (ValueError, TypeError):
        return None


def _robots_directives(tree, header: str, token: str) -> set[str]:
    """``noindex``/``nofollow``/``none`` from ``<meta name="robots"|token>`` and the ``X-Robots-Tag`` header.

    A header value may name a user agent (``KavoshBot: noindex``); values for other agents are ignored.
    """
    values: list[str] = []
    if tree is not None:
        for meta in tree.iter("meta"):
            if (meta.get("name") or "").strip().lower() in ("robots", token.lower()):
                values.append(meta.get("content") or "")
    for part in header.split(","):
        if ":" in part:
            agent, _, rest = part.partition(":")
            if agent.strip().lower() not in (token.lower(), "robots"):
                continue
            part = rest
        values.append(part)
    found = {d.strip().lower() for v in values for d in re.split(r"[,\s]+", v) if d.strip()}
    if "none" in found:
        found |= {"noindex", "nofollow"}
    return found


def crawl(config: CrawlConfig, frontier_path: str | Path, add_document: Callable[[Document], None],
          commit: Callable[[], None], is_indexed: Callable[[str], bool],
          log: Callable[[str], None] | None = None) -> CrawlResult:
    """Validate ``config``, open the frontier at ``frontier_path`` and run a :class:`Crawler`.

    Raises:
        CrawlConfigError: a bad seed, host or option, or an unreadable frontier file.
    """
    config.validate()
    frontier = Frontier(frontier_path)
    try:
        return Crawler(config, frontier, add_document, commit, is_indexed, log).run()
    finally:
        frontier.close()
