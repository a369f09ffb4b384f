"""A running server sees what a separate `kavosh index` run commits, and never errors meanwhile."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx
from apisupport import start_server

KAVOSH = [sys.executable, "-c", "import sys; from kavosh.cli import main; sys.exit(main())"]
N_NEW = 400


def test_server_sees_commits_of_a_concurrent_kavosh_index(tmp_path, index_dir):
    index = tmp_path / "index"
    shutil.copytree(index_dir, index)
    source = tmp_path / "more.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for i in range(N_NEW):
            fh.write(json.dumps({"id": f"live-{i}", "title": f"گزارش زنده {i}",
                                 "text": f"خبر شماره {i} دربارهٔ رود کارون و شهر اهواز. " * 8},
                                ensure_ascii=False) + "\n")
    server = start_server(index)
    statuses: Counter = Counter()
    totals: list[int] = []
    stop = threading.Event()

    def hammer(requests):
        with httpx.Client(base_url=server.url, timeout=30) as c:
            while not stop.is_set():
                for path, params in requests:
                    r = c.get(path, params=params)
                    statuses[r.status_code] += 1
                    if path == "/api/search" and params["q"] == "کارون" and r.status_code == 200:
                        totals.append(r.json()["total"])

    mixes = [[("/api/search", {"q": "کارون"}), ("/healthz", {})],
             [("/", {"q": "کارون اهواز"}), ("/api/search", {"q": "تهران", "offset": 10})],
             [("/api/documents/live-3", {}), ("/api/search", {"q": "گزارش زنده", "limit": 50})]]
    threads = [threading.Thread(target=hammer, args=(m,)) for m in mixes]
    try:
        for t in threads:
            t.start()
        proc = subprocess.run([*KAVOSH, "index", str(source), "--index", str(index), "--commit-mb", "0.02", "-q"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        deadline = time.monotonic() + 10
        with server.client() as c:
            while time.monotonic() < deadline:
                if c.get("/api/search", params={"q": "کارون"}).json()["total"] == N_NEW:
                    break
                time.sleep(0.1)
            assert c.get("/api/search", params={"q": "کارون"}).json()["total"] == N_NEW
            assert c.get("/healthz").json()["documents"] == 27 + N_NEW
            assert c.get("/api/documents/live-399").json()["title"] == "گزارش زنده 399"
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        server.stop()
    # 404s are the document fetched before its commit; everything else must be 200.
    assert set(statuses) <= {200, 404} and statuses[200] > 20, statuses
    assert totals == sorted(totals), "a search saw fewer documents than an earlier one"
    assert "Traceback" not in "".join(server.log), "".join(server.log)
