"""Politeness for the crawler: robots.txt (RFC 9309, parsed by ``protego``) and the per-host throttle.

Part of :mod:`kavosh.ingest.crawl`.  :class:`HostThrottle` spaces request starts per host;
:class:`_RobotsRules` is the part of :class:`~kavosh.ingest.crawler.Crawler` that fetches and applies
robots.txt (one fetch per origin per run).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .crawl_config import MAX_REDIRECTS, ROBOTS_MAX_BYTES
from .crawl_urls import _origin, canonical_url, host_key


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
    retry: bool = False  # a failure that may pass (unreachable, or a 5xx answer): its URLs are tried again next run


class _RobotsRules:
    """robots.txt of the :class:`~kavosh.ingest.crawler.Crawler` (a base class of it).

    Uses the crawler's ``config``, ``throttle`` (its per-host interval is raised to robots.txt's
    Crawl-delay / Request-rate), ``robots`` (``{origin: _Robots}``, filled here) and ``_get``.
    """

    def _robots(self, url: str) -> _Robots:
        origin = _origin(url)
        if origin in self.robots:
            return self.robots[origin]
        from protego import Protego

        target = origin + "/robots.txt"
        for _hop in range(MAX_REDIRECTS + 1):
            got = self._get(target, ROBOTS_MAX_BYTES, truncate=True)
            if got.error:
                rules = _Robots(None, f"host unreachable: robots.txt could not be fetched ({got.error})", True, True)
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
                rules = _Robots(None, f"robots.txt answered HTTP {got.status}: RFC 9309 says assume disallowed",
                                retry=True)
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
