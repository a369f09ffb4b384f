"""The crawler loop (:class:`Crawler`): take the next URL, fetch it, record the outcome, commit.

Part of :mod:`kavosh.ingest.crawl`, whose module docstring describes the whole crawl (robots.txt, rate
limits, redirects, indexing, links, resumption).  robots.txt handling is in
:mod:`~kavosh.ingest.crawl_robots`, page extraction in :mod:`~kavosh.ingest.crawl_page`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .crawl_config import (ALIAS_PREFIX, ERROR, FETCHED, HTML_TYPES, INDEXED, MAX_REDIRECTS, NON_HTML, OFFSITE, QUEUED, REDIRECT,
                           RETRY, ROBOTS, CrawlConfig, CrawlResult)
from .crawl_frontier import Frontier
from .crawl_page import _Fetched, _PageReader
from .crawl_robots import HostThrottle, _Robots, _RobotsRules
from .crawl_urls import canonical_url, host_key
from .document import Document


class Crawler(_RobotsRules, _PageReader):
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
        """Settle pages fetched by an interrupted run: indexed ones are done, lost ones are queued again;
        and queue again the URLs an earlier run failed to fetch for a reason that may pass (state ``retry``)."""
        fetched = self.frontier.urls_in(FETCHED)
        retry = self.frontier.urls_in(RETRY)
        if not fetched and not retry:
            return
        with self.frontier.transaction():
            for url in fetched:
                self.frontier.set(url, INDEXED if self.is_indexed(url) else QUEUED)
            for url in retry:
                self.frontier.set(url, QUEUED)
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
            self.result.aliases = self.frontier.aliases()
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
                    self.frontier.set(url, INDEXED, ALIAS_PREFIX + doc_id if doc_id != url else "")
                    if doc_id != url:  # indexed under the canonical URL it declared: that one is done too
                        self.frontier.set(doc_id, INDEXED)
            self.result.indexed += len(self._pending)
            self._pending = []
        self._last_commit = time.monotonic()

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
                        out.transient = True
                        return out
                out.body = b"".join(chunks)[:max_bytes]
                if charset := resp.charset_encoding:
                    out.headers["x-charset"] = charset
        except httpx.TimeoutException:
            out.error = f"timed out after {self.config.timeout:g} s"
            out.transient = True
        except (httpx.HTTPError, httpx.StreamError) as e:
            out.error = f"cannot fetch: {type(e).__name__}: {e}"[:300]
            out.transient = isinstance(e, httpx.TransportError)  # refused, reset, DNS; not an unsupported scheme
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
            rules = self._robots(current)
            if why and rules.retry:  # robots.txt unreachable (a mistyped host or port, a site down) or answering
                outcome = (RETRY, why)  # 5xx: an error, not a rule; tried again by the next run
                break
            if why:
                outcome = (ROBOTS, why)
                self.result.robots.append((current, why))
                break
            got = self._get(current, self.config.max_bytes, accept=lambda t: t in HTML_TYPES)
            counted = True
            if got.error:
                outcome = (RETRY if got.transient else ERROR, got.error)
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
                outcome = (RETRY if got.status >= 500 or got.status == 429 else ERROR, f"HTTP {got.status}")
            elif got.content_type not in HTML_TYPES:
                outcome = (NON_HTML, got.content_type or "no Content-Type")
                self.result.non_html.append((current, outcome[1]))
            else:
                page = got
            break
        if outcome is not None and outcome[0] in (ERROR, RETRY):  # reported under the URL asked for
            hops = "" if len(chain) == 1 or outcome[1].startswith("redirect loop") else \
                f" (at {current}, after {len(chain) - 1} redirect(s))"
            again = " (tried again by the next run)" if outcome[0] == RETRY else ""
            self.result.errors.append((url, outcome[1] + hops + again))
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
