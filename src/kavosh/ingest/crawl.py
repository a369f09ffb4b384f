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
   Non-2xx answers, timeouts and connection errors are reported per URL
   (and the run's exit status is 1); a failure that may pass (connection
   refused or reset, timeout, HTTP 5xx or 429, robots.txt unreachable or
   answering 5xx) leaves the URL in state ``retry``, queued again when the
   next run starts;
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

Where it lives: :mod:`~kavosh.ingest.crawl_urls` (canonical URLs, hosts),
:mod:`~kavosh.ingest.crawl_config` (constants, states, :class:`CrawlConfig`, :class:`CrawlResult`),
:mod:`~kavosh.ingest.crawl_frontier` (:class:`Frontier`), :mod:`~kavosh.ingest.crawl_robots` (robots.txt,
:class:`HostThrottle`), :mod:`~kavosh.ingest.crawl_page` (a page's document and links) and
:mod:`~kavosh.ingest.crawler` (:class:`Crawler`, the loop); every public name is importable from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .crawl_config import (COPY, DEFAULT_MAX_BYTES, DEFAULT_USER_AGENT, ERROR, FETCHED, FRONTIER_FILE, HTML_TYPES,
                           INDEXED, MAX_REDIRECTS, NON_HTML, NOT_INDEXED, OFFSITE, QUEUED, REDIRECT, RETRY, ROBOTS,
                           ROBOTS_MAX_BYTES, CrawlConfig, CrawlConfigError, CrawlResult)
from .crawl_frontier import Frontier
from .crawl_robots import HostThrottle
from .crawl_urls import canonical_url, host_key
from .crawler import Crawler
from .document import Document

__all__ = [
    "COPY", "DEFAULT_MAX_BYTES", "DEFAULT_USER_AGENT", "ERROR", "FETCHED", "FRONTIER_FILE", "HTML_TYPES", "INDEXED",
    "MAX_REDIRECTS", "NON_HTML", "NOT_INDEXED", "OFFSITE", "QUEUED", "REDIRECT", "RETRY", "ROBOTS", "ROBOTS_MAX_BYTES",
    "CrawlConfig", "CrawlConfigError", "CrawlResult", "Crawler", "Frontier", "HostThrottle", "canonical_url",
    "crawl", "host_key",
]


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
