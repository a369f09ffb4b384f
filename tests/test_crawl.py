"""`kavosh crawl` against a test site served by a real HTTP server on 127.0.0.1 (never an outside address).

The site has Persian pages (one declares its language, others do not), an English page, robots.txt rules for
the crawler's product token (and a catch-all group that would block everything if matched by mistake) with a
Crawl-delay, a slow page, a page slower than the timeout, a redirect loop, a redirect to a page already seen,
a PDF, an image, a 404, a page deeper than --max-depth and links to another host (a second server).  The
server records the time and path of every request, so the tests check the rate limit and robots.txt from the
server's side.  Language detection of HTML files and WARC records is tested at the end.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import tantivy

from kavosh.index import schema as S
from kavosh.index.store import open_index
from kavosh.ingest.crawl import canonical_url, host_key
from kavosh.ingest.files import read_paths
from kavosh.ingest.html import html_to_document
from kavosh.ingest.language import declared_language, detect_language, primary_subtag

ZWNJ = "\u200c"
CRAWL_DELAY = 0.25
"""robots.txt Crawl-delay of the test site: larger than --delay, so it is the interval to respect."""
TOLERANCE = 0.05
"""Seconds a server-side gap may fall short of the interval (request arrival jitter on a loaded machine)."""


def page(title: str, paragraphs: list[str], links: list[str] = (), lang: str | None = None, head: str = "") -> bytes:
    lang_attr = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    nav = "".join(f'<li><a href="{href}">پیوند {i}</a></li>' for i, href in enumerate(links))
    return (f'<!DOCTYPE html><html{lang_attr}><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f"<nav><ul>{nav}</ul></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>کلیه حقوق محفوظ است</footer></body></html>").encode()


class Site:
    """A test web site on 127.0.0.1 in a thread: ``routes[path] = (status, headers, body, sleep_seconds)``.

    ``requests`` lists ``(time.monotonic(), path)`` of every request, recorded when it arrives.
    """

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], bytes, float]], port: int = 0) -> None:
        self.routes = routes
        self.requests: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with site.lock:
                    site.requests.append((time.monotonic(), self.path))
                status, headers, body, sleep = site.routes.get(self.path, (404, {"Content-Type": "text/html"},
                                                                           b"<html><body>not found</body></html>", 0))
                if sleep:
                    time.sleep(sleep)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the crawler gave up (timeout) first
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        with self.lock:
            return [p for _, p in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


HTML = {"Content-Type": "text/html; charset=utf-8"}
ROBOTS = (f"User-agent: KavoshBot\nDisallow: /private/\nDisallow: /drafts\nCrawl-delay: {CRAWL_DELAY}\n\n"
          "User-agent: *\nDisallow: /\n").encode()


def site_routes(other_base: str) -> dict[str, tuple[int, dict[str, str], bytes, float]]:
    """The main test site; ``other_base`` is the other host its pages link to."""
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS, 0),
        "/": (200, HTML, page("خبرگزاری آزمایشی کاوش", [
            "این صفحهٔ اصلی یک خبرگزاری آزمایشی است که خبرهای فرهنگی و ورزشی ایران را منتشر می‌کند."],
            ["/news/1.html", "/news/2.html#comments", "/private/salary.html", "/drafts/next.html", "/slow.html",
             "/too-slow.html", "/loop/a", "/report.pdf", "/photo.png", "/missing.html", "/old-news-1",
             "/en.html", f"{other_base}/", f"{other_base}/news.html", "mailto:editor@example.org",
             "/nofollow-target.html\" rel=\"nofollow", "/noindex.html", "/links-not-followed.html"],
            lang="fa-IR"), 0),
        "/noindex.html": (200, HTML, page("صفحهٔ بی‌نمایه", ["این صفحه خواسته است که نمایه نشود."],
                                          head='<meta name="robots" content="noindex">'), 0),
        "/links-not-followed.html": (200, {**HTML, "X-Robots-Tag": "KavoshBot: nofollow"}, page(
            "پیوندهای دنبال‌نشده", ["پیوندهای این صفحه نباید دنبال شوند ولی خود صفحه نمایه می‌شود."],
            ["/hidden.html"]), 0),
        "/hidden.html": (200, HTML, page("پنهان", ["این صفحه فقط از صفحه‌ای با nofollow پیوند دارد."]), 0),
        "/news/1.html": (200, HTML, page("نمایشگاه کتاب تهران آغاز شد", [
            f"نمایشگاه بین‌المللی کتاب تهران امروز با حضور ناشران ایرانی و خارجی آغاز به کار کرد{ZWNJ}.",
            "بازدیدکنندگان می‌توانند تا پایان هفته از غرفه‌های ناشران دیدن کنند."],
            ["/news/3.html", "/private/archive.html", "/"], lang="fa"), 0),
        "/news/2.html": (200, HTML, page("باران پاییزی در شمال کشور", [
            "بارش باران پاییزی در استان‌های شمالی کشور از دیروز آغاز شده و تا پایان هفته ادامه دارد.",
            "کارشناسان هواشناسی از مردم خواستند در سفرهای جاده‌ای احتیاط کنند."],
            ["/news/1.html", "/archive/1385.html"]), 0),
        # an old page in windows-1256 (Arabic yeh, as such sites wrote it), charset given only by the HTTP header
        "/archive/1385.html": (200, {"Content-Type": "text/html; charset=windows-1256"}, page("بایگاني", [
            "اين نشريه قديمي با کدگذاري ويندوز منتشر شده و متن آن بايد درست خوانده شود."]).replace(
            b'<meta charset="utf-8">', b"").decode().replace("\u06cc", "\u064a").encode("cp1256"), 0),
        "/news/3.html": (200, HTML, page("جشنواره فیلم فجر", [
            "جشنواره فیلم فجر امسال با نمایش فیلم‌های تازهٔ سینمای ایران در تهران برگزار می‌شود."],
            ["/deep.html"]), 0),
        "/deep.html": (200, HTML, page("صفحهٔ عمیق", ["این صفحه از حد عمق خزش دورتر است و نباید خوانده شود."]), 0),
        "/slow.html": (200, HTML, page("گزارش کند", [
            "این گزارش دربارهٔ ترافیک سنگین تهران در روزهای پایانی هفته است و دیر بارگذاری می‌شود."]), 0.3),
        "/too-slow.html": (200, HTML, page("خیلی کند", ["این صفحه دیرتر از مهلت پاسخ می‌دهد."]), 2.5),
        "/loop/a": (302, {"Location": "/loop/b"}, b"", 0),
        "/loop/b": (301, {"Location": "/loop/a"}, b"", 0),
        "/old-news-1": (301, {"Location": "/news/1.html"}, b"", 0),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 fake", 0),
        "/photo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n", 0),
        "/en.html": (200, HTML, page("Tehran book fair opens", [
            "The Tehran International Book Fair opened today with publishers from Iran and abroad.",
            "Visitors can see the stands until the end of the week and buy new books."]), 0),
        "/private/salary.html": (200, HTML, page("محرمانه", ["این صفحه نباید خزیده شود."]), 0),
        "/private/archive.html": (200, HTML, page("محرمانه", ["این صفحه نباید خزیده شود."]), 0),
        "/drafts/next.html": (200, HTML, page("پیش‌نویس", ["این صفحه نباید خزیده شود."]), 0),
        "/nofollow-target.html": (200, HTML, page("نه", ["پیوند این صفحه nofollow است."]), 0),
    }


ALLOWED = ["/", "/news/1.html", "/news/2.html", "/news/3.html", "/slow.html", "/en.html", "/archive/1385.html",
           "/links-not-followed.html"]
"""The pages the crawl must index (at --max-depth 2)."""


@pytest.fixture
def sites():
    other = Site({"/": (200, HTML, page("سایت دیگر", ["این سایت میزبان دیگری است."]), 0)})
    main = Site(site_routes(other.base))
    yield main, other
    main.close()
    other.close()


def indexed_ids(index: Path) -> list[str]:
    """Every document id in the index (with repeats, if any)."""
    opened = open_index(index)
    searcher = opened.index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=10_000).hits
    return [searcher.doc(addr).to_dict()[S.ID][0] for _, addr in hits]


def gaps(requests: list[tuple[float, str]]) -> list[float]:
    times = sorted(t for t, _ in requests)
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def mean_gap(requests: list[tuple[float, str]]) -> float:
    """Mean interval between request arrivals, seen from the server.  The crawler spaces request *starts*;
    an arrival that a loaded machine delays makes its gap to the next one short by that delay (a 0.12 s gap
    against a 0.25 s Crawl-delay was seen at load 20), but the span of all requests, and so the mean, is
    short by at most the first arrival's delay."""
    g = gaps(requests)
    assert len(g) >= 4, g
    return sum(g) / len(g)


def test_crawl_indexes_exactly_the_allowed_pages_politely(run_kavosh, sites, tmp_path: Path):
    main, other = sites
    index = tmp_path / "index"
    proc = run_kavosh("crawl", main.base + "/", "--index", index, "--max-pages", "100", "--max-depth", "2",
                      "--delay", "0.1", "--timeout", "1.0", timeout=180)
    assert proc.returncode == 1, proc.stderr  # some URLs failed (404, timeout, loop): listed, status 1
    ids = indexed_ids(index)
    assert sorted(ids) == sorted(main.base + p for p in ALLOWED)  # each once, nothing else

    requested = main.paths()
    assert requested[0] == "/robots.txt" and requested.count("/robots.txt") == 1
    assert not [p for p in requested if p.startswith(("/private/", "/drafts"))]  # robots.txt: never asked
    assert "/deep.html" not in requested  # depth 3 > --max-depth 2
    assert "/nofollow-target.html" not in requested  # rel="nofollow"
    assert "/hidden.html" not in requested and "/noindex.html" in requested  # X-Robots-Tag nofollow; noindex
    assert other.paths() == []  # another host: never followed
    pages = [p for p in requested if p != "/robots.txt"]
    assert len(pages) == len(set(pages)), pages  # nothing asked twice
    # redirects: the loop is tried once per hop; /old-news-1 points to a page already fetched, not asked again
    assert requested.count("/loop/a") == 1 and requested.count("/loop/b") == 1
    assert requested.count("/news/1.html") == 1 and "/old-news-1" in requested
    # the rate limit, seen from the server: Crawl-delay (0.25 s) wins over --delay 0.1
    assert mean_gap(main.requests) >= CRAWL_DELAY - TOLERANCE, gaps(main.requests)

    err = proc.stderr
    assert "indexed 8 pages" in err and "skipped 3 by robots.txt" in err and "2 non-HTML" in err, err
    assert "1 without text or noindex" in err and f"{main.base}/noindex.html: noindex" in err
    assert f"{main.base}/missing.html: HTTP 404" in err
    assert f"{main.base}/too-slow.html: timed out after 1 s" in err
    assert f"{main.base}/loop/a: redirect loop: {main.base}/loop/a → {main.base}/loop/b → {main.base}/loop/a" in err
    assert f"{main.base}/report.pdf: application/pdf" in err and f"{main.base}/photo.png: image/png" in err
    assert f"{main.base}/private/salary.html: disallowed by robots.txt" in err
    assert "not followed: 2 links to other hosts" in err
    # the first line's parts add up to the URLs it says were crawled (a new user saw 13 vs 11+1+1+1)
    m = re.search(r"crawled (\d+) URLs in [\d.]+ s: indexed (\d+) pages, skipped (\d+) by robots.txt, (\d+) non-HTML, "
                  r"(\d+) without text or noindex, (\d+) errors?(?:, (\d+) redirected to a page already seen)?", err)
    assert m and int(m[1]) == sum(int(n or 0) for n in m.groups()[1:]), err
    assert m[7] is not None  # /old-news-1 redirects to a page already fetched

    # the language, as `kavosh search --json` shows it: declared (lang="fa-IR") or detected (no lang attribute)
    res = run_kavosh("search", "--index", index, "--json", "--exact", "--limit", "10",
                     "باران OR Tehran OR خبرگزاری OR نشریه")  # as typed: Tehran alone would also find تهران (#14 kind 9)
    assert res.returncode == 0, res.stderr
    hits = {h["id"].removeprefix(main.base): h for h in json.loads(res.stdout)["hits"]}
    fields = {p: h["fields"] for p, h in hits.items()}
    assert {p: f["language"] for p, f in fields.items()} == {"/": "fa", "/news/2.html": "fa", "/en.html": "en",
                                                             "/archive/1385.html": "fa"}
    assert "".join(s["text"] for s in hits["/archive/1385.html"]["snippet"]).count("نشريه قديمي") == 1
    assert all(f["fetched"].endswith("Z") for f in fields.values())

    # a second run asks again only for the page that timed out (a failure that may pass), and it times out again
    before = len(main.requests)
    again = run_kavosh("crawl", main.base + "/", "--index", index, "--delay", "0.1", "--timeout", "1.0")
    assert again.returncode == 1, again.stderr
    assert [p for _, p in main.requests[before:]] == ["/robots.txt", "/too-slow.html"]  # robots.txt: once a run
    assert "crawled 1 URL" in again.stderr
    assert "frontier, over all runs: 18 URLs done (8 indexed as documents), 0 queued, 1 to retry" in again.stderr, again.stderr
    assert "nothing left to crawl" not in again.stderr
    # once it answers in time, a third run fetches it; then there is nothing left and no request is sent
    main.routes["/too-slow.html"] = (200, HTML, page("دیر ولی رسید", ["این صفحه این بار به موقع پاسخ داد."]), 0)
    third = run_kavosh("crawl", main.base + "/", "--index", index, "--delay", "0.1", "--timeout", "1.0")
    assert third.returncode == 0, third.stderr
    assert sorted(indexed_ids(index)) == sorted([*ids, main.base + "/too-slow.html"])
    before = len(main.requests)
    fourth = run_kavosh("crawl", main.base + "/", "--index", index, "--delay", "0.1", "--timeout", "1.0")
    assert fourth.returncode == 0 and main.requests[before:] == [], fourth.stderr
    assert "crawled 0 URLs" in fourth.stderr
    assert ("frontier, over all runs: 19 URLs done (9 indexed as documents), 0 queued; nothing left to crawl: every URL this "
            "frontier reached is done and is not fetched again (to refresh the pages, crawl into a new --state FILE)"
            ) in fourth.stderr, fourth.stderr


def test_killed_crawl_resumes_without_refetching_or_duplicates(run_kavosh, tmp_path: Path):
    n = 24
    routes = {"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n", 0),
              "/": (200, HTML, page("فهرست خبرها", ["فهرست همهٔ خبرهای امروز در این صفحه آمده است."],
                                    [f"/n/{i}.html" for i in range(n)] + ["/private/x.html"]), 0)}
    for i in range(n):
        routes[f"/n/{i}.html"] = (200, HTML, page(f"خبر شماره {i}", [
            f"متن خبر شماره {i} دربارهٔ رویدادهای فرهنگی شهر تهران و شهرهای دیگر ایران است."]), 0)
    site = Site(routes)
    index = tmp_path / "index"
    args = [*map(str, run_kavosh.command), "crawl", site.base + "/", "--index", str(index), "--max-depth", "1",
            "--delay", "0.15", "--commit-every", "2", "-q"]
    try:
        proc = subprocess.Popen(args, env=run_kavosh.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while len(site.requests) < 12 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        first_run = site.paths()
        after_kill = indexed_ids(index)
        assert 2 <= len(after_kill) < n + 1, after_kill  # killed mid-way, with commits behind it
        assert len(after_kill) == len(set(after_kill))

        again = run_kavosh("crawl", site.base + "/", "--index", index, "--max-depth", "1", "--delay", "0.15",
                           "--commit-every", "2", timeout=180)
        assert again.returncode == 0, again.stderr
        second_run = site.paths()[len(first_run):]
        final = indexed_ids(index)
        expected = {site.base + "/"} | {f"{site.base}/n/{i}.html" for i in range(n)}
        assert len(final) == len(set(final)) and set(final) == expected  # every allowed page, each once
        refetched = {site.base + p for p in second_run} & set(after_kill)
        assert refetched == set(), refetched  # pages indexed before the kill are not fetched again
        assert all(not p.startswith("/private/") for p in first_run + second_run)
        assert set(first_run + second_run) >= {f"/n/{i}.html" for i in range(n)}
        assert mean_gap(site.requests[len(first_run):]) >= 0.15 - TOLERANCE
    finally:
        site.close()


def test_max_pages_stops_and_a_larger_budget_continues(run_kavosh, sites, tmp_path: Path):
    main, _ = sites
    index = tmp_path / "index"
    state = tmp_path / "frontier.sqlite"
    proc = run_kavosh("crawl", main.base + "/", "--index", index, "--state", state, "--max-pages", "3",
                      "--delay", "0.05", "--timeout", "1.0")
    assert proc.returncode == 0, proc.stderr
    assert [p for p in main.paths() if p != "/robots.txt"] == ["/", "/news/1.html", "/news/2.html"]
    assert "queued (run the same command again" in proc.stderr and state.is_file()
    assert sorted(indexed_ids(index)) == [main.base + "/", main.base + "/news/1.html", main.base + "/news/2.html"]
    proc = run_kavosh("crawl", main.base + "/", "--index", index, "--state", state, "--max-pages", "5",
                      "--delay", "0.05", "--timeout", "1.0")
    pages = [p for p in main.paths() if p != "/robots.txt"]
    assert pages == ["/", "/news/1.html", "/news/2.html", "/slow.html", "/too-slow.html"]
    assert "too-slow.html: timed out" in proc.stderr and proc.returncode == 1


@pytest.mark.parametrize("argv, message", [
    (["ftp://example.org/"], "seed 'ftp://example.org/' is not an http:// or https:// URL"),
    (["not a url"], "seed 'not a url' is not an http:// or https:// URL"),
    (["http://127.0.0.1:9/", "--max-pages", "0"], "--max-pages must be at least 1 (got 0)"),
    (["http://127.0.0.1:9/", "--delay", "-1"], "--delay must be at least 0 (got -1.0)"),
    (["http://127.0.0.1:9/", "--timeout", "0"], "--timeout must be more than 0 seconds"),
    (["http://127.0.0.1:9/", "--allow-host", "http://x:99999/"], "--allow-host 'http://x:99999/'"),
])
def test_bad_crawl_arguments_are_one_line_errors(run_kavosh, tmp_path: Path, argv, message):
    proc = run_kavosh("crawl", *argv, "--index", tmp_path / "index")
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: ") and message in proc.stderr, proc.stderr
    assert not (tmp_path / "index").exists()


def test_frontier_file_that_is_not_sqlite_is_a_clear_error(run_kavosh, tmp_path: Path):
    state = tmp_path / "frontier.sqlite"
    state.write_text("not a database, just text\n" * 100)
    proc = run_kavosh("crawl", "http://127.0.0.1:9/", "--index", tmp_path / "index", "--state", state)
    assert proc.returncode == 2 and "is not a crawl frontier Kavosh can read" in proc.stderr, proc.stderr
    proc = run_kavosh("crawl", "http://127.0.0.1:9/", "--index", tmp_path / "index", "--state", tmp_path / "no" / "f")
    assert proc.returncode == 2 and f"the folder {tmp_path / 'no'} does not exist" in proc.stderr, proc.stderr


def test_unreachable_robots_txt_disallows_the_host(run_kavosh, tmp_path: Path):
    site = Site({"/robots.txt": (503, {"Content-Type": "text/plain"}, b"busy", 0),
                 "/": (200, HTML, page("خانه", ["متن صفحهٔ اصلی"]), 0)})
    try:
        proc = run_kavosh("crawl", site.base + "/", "--index", tmp_path / "index", "--delay", "0.05")
        assert site.paths() == ["/robots.txt"]  # RFC 9309: a 5xx robots.txt means "assume disallowed"
        assert "robots.txt answered HTTP 503" in proc.stderr and proc.returncode == 1  # for now: a failure
        assert "1 to retry" in proc.stderr
        assert indexed_ids(tmp_path / "index") == []
        site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n", 0)
        again = run_kavosh("crawl", site.base + "/", "--index", tmp_path / "index", "--delay", "0.05")
        assert again.returncode == 0, again.stderr
        assert indexed_ids(tmp_path / "index") == [site.base + "/"]
    finally:
        site.close()


def test_a_page_declaring_a_canonical_url_is_that_document(run_kavosh, tmp_path: Path):
    # a tracking-parameter copy declares the article canonical (the new user's F11 of 2026-12-04d: each copy
    # had become a document of its own): the first one read is indexed under the canonical URL, a later copy
    # is counted, not indexed; a canonical URL on another host is not ours and is ignored
    canon = '<link rel="canonical" href="/news/a.html">'
    site = Site({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n", 0),
                 "/": (200, HTML, page("خانه", ["صفحهٔ اصلی این پایگاه خبری آزمایشی است."],
                                      ["/news/a.html?ref=home", "/news/a.html?utm_source=x", "/news/a.html",
                                       "/b.html"]), 0),
                 "/news/a.html?ref=home": (200, HTML, page("خبر الف", ["متن خبر الف درباره نمایشگاه کتاب."],
                                                           head=canon), 0),
                 "/news/a.html?utm_source=x": (200, HTML, page("خبر الف", ["متن خبر الف درباره نمایشگاه کتاب."],
                                                               head=canon), 0),
                 "/news/a.html": (200, HTML, page("خبر الف", ["متن خبر الف درباره نمایشگاه کتاب."], head=canon), 0),
                 "/b.html": (200, HTML, page("خبر ب", ["متن خبر ب درباره باران پاییزی."],
                                             head='<link rel="canonical" href="http://example.org/b">'), 0)})
    try:
        proc = run_kavosh("crawl", site.base + "/", "--index", tmp_path / "index", "--delay", "0.01")
        assert proc.returncode == 0, proc.stderr
        assert sorted(indexed_ids(tmp_path / "index")) == [site.base + "/", site.base + "/b.html",
                                                           site.base + "/news/a.html"]
        fetched = [p for p in site.paths() if p != "/robots.txt"]
        assert fetched == ["/", "/news/a.html?ref=home", "/news/a.html?utm_source=x", "/b.html"]  # not a.html
        assert "indexed 3 pages" in proc.stderr and "1 copy of a page already indexed (rel=canonical)" in proc.stderr
        assert f"(as {site.base}/news/a.html)" in proc.stderr
        # the frontier's count is of documents, and says why more URLs are done (newuser3 item 13: "indexed 4
        # pages" beside "8 URLs done (5 indexed)")
        assert ("frontier, over all runs: 5 URLs done (3 indexed as documents, and 1 URL indexed as the canonical "
                "URL it declared)") in proc.stderr, proc.stderr
    finally:
        site.close()


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize("url, base, expected", [
    ("HTTP://Example.COM:80/a/./b/../c?z=1&a=2#frag", None, "http://example.com/a/c?a=2&z=1"),
    ("https://example.com:443", None, "https://example.com/"),
    ("/خبر/۱?q=کتاب", "https://news.example.ir/x",
     "https://news.example.ir/%D8%AE%D8%A8%D8%B1/%DB%B1?q=%DA%A9%D8%AA%D8%A7%D8%A8"),
    ("http://example.com/%d8%ae", None, "http://example.com/%D8%AE"),
    ("http://user:pw@example.com:8080/p", None, "http://example.com:8080/p"),
])
def test_canonical_url(url, base, expected):
    assert canonical_url(url, base) == expected


@pytest.mark.parametrize("url", ["mailto:a@b.c", "javascript:void(0)", "ftp://example.com/", "//", ""])
def test_canonical_url_refuses_what_cannot_be_crawled(url):
    with pytest.raises(ValueError):
        canonical_url(url)


def test_host_key_joins_schemes_and_keeps_other_ports():
    assert host_key("http://Example.com/") == host_key("https://example.com:443/x") == "example.com"
    assert host_key("http://127.0.0.1:8001/") == "127.0.0.1:8001" != host_key("http://127.0.0.1:8002/")
    assert host_key("http://نمونه.ایران/") == "xn--hhbbbed.xn--mgba3a4f16a"


# ---------------------------------------------------------------- language of HTML documents

FA_TEXT = "کاربران شبکه‌های اجتماعی در ایران هر روز بیشتر می‌شوند و پژوهشگران این موضوع را بررسی می‌کنند."
EN_TEXT = "The number of social network users in Iran grows every day, and researchers study it closely."
AR_TEXT = "يتزايد عدد مستخدمي الشبكات الاجتماعية في العالم العربي كل يوم ويدرس الباحثون هذا الموضوع."
FA_ARABIC_LETTERS = ("به گزارش خبرگزاري فارس و به نقل از سايت ورزش آلمان، فيفا به اسماعيل بحمي، عضو كميته ويژه خود "
                     "كه اهل بوتسوانا است، براي ترك محل جام جهاني ضرب الاجل داد.")
"""Persian written with Arabic yeh and kaf, as older Persian sites do (py3langid alone says ``ar``)."""


def html(text: str, head: str = "", html_attrs: str = "") -> str:
    return (f"<html{html_attrs}><head><title>عنوان</title>{head}</head><body><article><p>{text}</p>"
            f"<p>{text}</p></article></body></html>")


@pytest.mark.parametrize("doc, http_header, expected", [
    (html(FA_TEXT), "", "fa"),  # nothing declared: detected
    (html(EN_TEXT), "", "en"),
    (html(AR_TEXT), "", "ar"),
    (html(FA_ARABIC_LETTERS), "", "fa"),
    (html(FA_TEXT, html_attrs=' lang="fa-IR"'), "", "fa"),
    (html(EN_TEXT, html_attrs=' lang="FA"'), "", "fa"),  # a declaration wins over the text
    (html(FA_TEXT, '<meta http-equiv="Content-Language" content="ar">'), "", "ar"),
    (html(FA_TEXT), "ps", "ps"),  # the HTTP header, when the page declares nothing
    (html(FA_TEXT, html_attrs=' lang="en"'), "ps", "en"),  # the page's own lang wins over the header
    (html(FA_TEXT, '<meta property="og:locale" content="en_US">'), "", "en"),
    (html(EN_TEXT, html_attrs=' lang="und"'), "", "en"),  # "undetermined": detected
])
def test_html_language_declared_or_detected(doc, http_header, expected):
    got = html_to_document(doc, doc_id="x", http_content_language=http_header)
    assert got is not None and got.fields["language"] == expected


def test_language_helpers():
    from lxml import html as lxml_html

    assert primary_subtag("fa-IR") == "fa" and primary_subtag("zh-Hant-TW") == "zh"
    assert primary_subtag("und") == primary_subtag("") == primary_subtag("12") == primary_subtag("x-pig") == ""
    assert declared_language(lxml_html.fromstring('<html xml:lang="fa"><body>x</body></html>')) == "fa"
    assert declared_language(lxml_html.fromstring("<html><body>x</body></html>"), "en-GB") == "en"
    assert detect_language(FA_TEXT) == "fa" and detect_language(EN_TEXT) == "en"
    assert detect_language("۱۴۰۳/۰۹/۰۱ - 2024") == ""
    assert detect_language(FA_ARABIC_LETTERS) == "fa" and detect_language(AR_TEXT) == "ar"
    presentation_forms = "ﻣﻌﺎﺩﻟﻪ‌ﺍﻱ ﺳﻪ ﻣﺠﻬﻮﻟﻲ: ﺭﺍﺑﻄﻪ ﻣﺠﺮﻡ، ﺟﺮﻡ، ﺟﺎﻣﻌﻪ؟ ﻃﻲ ﻗﺮﻥ‌ﻫﺎﻱ ﮔﺬﺷﺘﻪ، ﺩﺭ ﻛﺸﻮﺭﻫﺎﻱ ﻣﺨﺘﻠﻒ ﺩﻧﻴﺎ"
    assert detect_language(presentation_forms) == "fa"


NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "articles.jsonl.gz"


@pytest.mark.slow
def test_persian_news_articles_are_detected_as_persian():
    """The first 1,000 articles of ../shared/data/news (many written with Arabic yeh and kaf)."""
    import gzip

    if not NEWS.is_file():
        pytest.skip(f"{NEWS} not found")
    with gzip.open(NEWS, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line).get("text", "") for _, line in zip(range(1000), fh, strict=False)]
    langs = [detect_language(t) for t in texts]
    with_letters = [lang for t, lang in zip(texts, langs, strict=True) if sum(c.isalpha() for c in t) >= 3]
    assert len(with_letters) > 900 and set(with_letters) == {"fa"}


def test_html_file_without_lang_gets_a_detected_language(tmp_path: Path):
    (tmp_path / "fa.html").write_text(html(FA_TEXT), encoding="utf-8")
    (tmp_path / "en.html").write_text(html(EN_TEXT), encoding="utf-8")
    docs = {d.id: d for d in read_paths([str(tmp_path)])}
    assert docs["fa.html"].fields["language"] == "fa" and docs["en.html"].fields["language"] == "en"


def test_warc_record_language_from_the_content_language_header(tmp_path: Path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "site.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body, extra in (("https://example.ir/fa", html(FA_TEXT), []),
                                 ("https://example.ir/en", html(EN_TEXT), []),
                                 ("https://example.ir/ps", html(FA_TEXT), [("Content-Language", "ps-AF")])):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers))
    langs = {d.id: d.fields["language"] for d in read_paths([str(path)])}
    assert langs == {"https://example.ir/fa": "fa", "https://example.ir/en": "en", "https://example.ir/ps": "ps"}


# ---------------------------------------------------------------- frontier and throttle, in process


def test_reconcile_settles_pages_fetched_by_a_killed_run(tmp_path: Path):
    from kavosh.ingest.crawl import FETCHED, INDEXED, QUEUED, CrawlConfig, Crawler, Frontier

    frontier = Frontier(tmp_path / "f.sqlite")
    kept, lost = "http://127.0.0.1:9/kept", "http://127.0.0.1:9/lost"
    with frontier.transaction():
        frontier.set(kept, FETCHED)
        frontier.set(lost, FETCHED)
    config = CrawlConfig(seeds=["http://127.0.0.1:9/"])
    config.validate()
    crawler = Crawler(config, frontier, add_document=lambda d: None, commit=lambda: None,
                      is_indexed=lambda doc_id: doc_id == kept)
    crawler.reconcile()
    assert (frontier.state(kept), frontier.state(lost)) == (INDEXED, QUEUED)
    assert crawler.result.reconciled == 2
    crawler.client.close()
    frontier.close()


def test_throttle_remembers_the_last_request_of_an_earlier_run(tmp_path: Path):
    from kavosh.ingest.crawl import Frontier, HostThrottle

    frontier = Frontier(tmp_path / "f.sqlite")
    with frontier.transaction():
        frontier.set_last_request("example.ir", time.time() - 0.2)
    slept: list[float] = []
    throttle = HostThrottle(1.0, frontier.last_requests(), sleep=slept.append)
    throttle.wait("example.ir")
    throttle.wait("other.ir")  # never asked: no wait
    assert len(slept) == 1 and 0.7 < slept[0] <= 0.8
    frontier.close()


def test_an_unreachable_host_is_an_error_not_a_robots_rule(run_kavosh, tmp_path: Path):
    import socket

    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run_kavosh("crawl", f"http://127.0.0.1:{port}/", "--index", tmp_path / "index", "--max-pages", "2",
                      "--timeout", "2")
    assert proc.returncode == 1, proc.stderr
    assert "without text or noindex, 1 error;" in proc.stderr and "host unreachable" in proc.stderr, proc.stderr
    assert "skipped 0 by robots.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "1 to retry" in proc.stderr and "nothing left to crawl" not in proc.stderr, proc.stderr
    # The site comes up: the same command fetches the URL that failed (it had been marked done for good).
    site = Site({"/robots.txt": (404, {"Content-Type": "text/plain"}, b"", 0),
                 "/": (200, HTML, page("خانه", ["متن صفحهٔ اصلی درباره باغ"]), 0)}, port=port)
    try:
        again = run_kavosh("crawl", f"http://127.0.0.1:{port}/", "--index", tmp_path / "index", "--max-pages", "2",
                           "--timeout", "2", "--delay", "0.05")
        assert again.returncode == 0, again.stderr
        assert indexed_ids(tmp_path / "index") == [f"http://127.0.0.1:{port}/"]
        assert "nothing left to crawl" not in again.stderr
    finally:
        site.close()
