"""Helpers of the HTTP API and web page tests: the test corpus, index building, `kavosh serve` processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TOKEN = "kavosh-test-token-5f3a9c"

XSS_ID = "xss-1"
XSS_TITLE = "<script>alert(1)</script> عنوان خطرناک"
XSS_TEXT = ('متن آزمایشی امنیت <script>alert("xss")</script> و <b>پررنگ</b> '
            'و <img src=x onerror=alert(2)> برای آزمودن امنیت صفحه.')
SLASH_ID = "news/1403/../ketab"

_PLACES = ["بازار", "مترو", "دانشگاه", "پارک", "موزه", "کتابخانه", "بیمارستان", "فرودگاه", "ورزشگاه",
           "خیابان", "میدان", "پل", "برج", "باغ", "سینما", "تئاتر", "مدرسه", "کارخانه", "بندر", "ایستگاه",
           "تالار", "نمایشگاه", "رصدخانه"]


def corpus() -> list[dict]:
    """The test documents: 23 about Tehran (three pages of results), others, one full of HTML."""
    docs = []
    for i, place in enumerate(_PLACES):
        docs.append({"id": f"teh-{i:02d}", "title": f"{place} تهران در گزارش شماره {i + 1}",
                     "text": f"این گزارش دربارهٔ {place} در شهر تهران است. شهروندان تهران هر روز از "
                             f"{place} دیدن می‌کنند و کارشناسان دربارهٔ آیندهٔ {place} سخن می‌گویند. " * (1 + i % 3),
                     "url": f"https://example.org/tehran/{i}" if i % 2 else "", "date": f"2024-01-{i + 1:02d}"})
    docs += [
        {"id": "isf-1", "title": "میدان نقش جهان اصفهان",
         "text": "میدان نقش جهان در اصفهان یکی از بزرگ‌ترین میدان‌های جهان است و گردشگران بسیاری دارد."},
        {"id": "shz-1", "title": "حافظیه شیراز", "text": "آرامگاه حافظ در شیراز میزبان دوستداران شعر فارسی است."},
        {"id": SLASH_ID, "title": "کتاب‌های تازه", "text": "فهرست کتاب‌های تازهٔ نمایشگاه کتاب با شناسه‌ای که / دارد."},
        {"id": XSS_ID, "title": XSS_TITLE, "text": XSS_TEXT},
    ]
    return docs


def build_index(path: Path, docs: list[dict]) -> Path:
    """Build a Kavosh index at ``path`` from ``docs`` (Python API, lock released on return)."""
    import kavosh

    with kavosh.Index(path) as ix:
        ix.add(docs)
        ix.commit()
    return path


@dataclass
class Server:
    """A running `kavosh serve` subprocess."""

    url: str
    index: Path
    proc: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def client(self, **kw) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=30, **kw)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


SERVE = [sys.executable, "-c", "import sys; from kavosh.cli import main; sys.exit(main())", "serve"]


def start_server(index: Path, *extra: str, env: dict | None = None) -> Server:
    """Start `kavosh serve` on a free port of 127.0.0.1 and wait until /healthz answers."""
    proc_env = {k: v for k, v in os.environ.items() if k != "KAVOSH_TOKEN"}
    proc_env.update(env or {})
    proc = subprocess.Popen([*SERVE, "--index", str(index), "--port", "0", *extra], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, env=proc_env)
    log: list[str] = []
    url = None
    deadline = time.monotonic() + 120  # a busy shared 2-core machine took 38 s to answer (load 25)
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        log.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            url = f"http://127.0.0.1:{m.group(1)}"
            break
    if url is None:
        proc.kill()
        raise RuntimeError("kavosh serve did not start:\n" + "".join(log) + (proc.stderr.read() or ""))
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    server = Server(url, index, proc, log)
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError("kavosh serve never answered /healthz:\n" + "".join(log))


@contextmanager
def serving(index: Path, *extra: str, env: dict | None = None) -> Iterator[Server]:
    """:func:`start_server` for a ``with`` block: stopped at its end, then its log must hold no traceback."""
    s = start_server(index, *extra, env=env)
    try:
        yield s
    finally:
        s.stop()
    assert "Traceback" not in "".join(s.log), "".join(s.log)
