"""The crawl frontier: a SQLite file of every URL seen, its depth and state, and per-host request times.

Part of :mod:`kavosh.ingest.crawl` (whose module docstring tells how the frontier makes a crawl resumable).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from .crawl_config import ALIAS_PREFIX, INDEXED, QUEUED, CrawlConfigError
from .crawl_urls import host_key


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

    def aliases(self) -> int:
        """URLs ``indexed`` under the canonical URL they declared (that URL is an ``indexed`` row too)."""
        return self.db.execute("SELECT COUNT(*) FROM urls WHERE state=? AND substr(detail, 1, ?)=?",
                               (INDEXED, len(ALIAS_PREFIX), ALIAS_PREFIX)).fetchone()[0]

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
