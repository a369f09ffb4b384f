"""`kavosh serve` on the command line: user mistakes give one line and status 2; options work."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx
import pytest
from apisupport import start_server

KAVOSH = [sys.executable, "-c", "import sys; from kavosh.cli import main; sys.exit(main())"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([*KAVOSH, *args], capture_output=True, text=True, timeout=60, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_serve_is_a_kavosh_command():
    proc = run("serve", "--help")
    assert proc.returncode == 0
    for option in ("--index", "--host", "--port", "--token", "--workers", "--max-body-mb"):
        assert option in proc.stdout


@pytest.mark.parametrize("args, words", [
    (("--index", "{tmp}/nothing-here"), "no Kavosh index"),
    (("--index", "{index}", "--token", " "), "token is empty"),
    (("--index", "{index}", "--token", "رمز"), "printable ASCII"),
    (("--index", "{index}", "--port", "70000"), "--port"),
    (("--index", "{index}", "--workers", "0"), "--workers"),
    (("--index", "{index}", "--host", "no.such.host.invalid"), "cannot listen"),
])
def test_user_mistakes_are_one_line(tmp_path, index_dir, args, words):
    proc = run("serve", *(a.format(tmp=tmp_path, index=index_dir) for a in args))
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: ") and words in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_port_in_use(index_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = run("serve", "--index", str(index_dir), "--port", str(port))
    assert proc.returncode == 2 and "choose another --port" in proc.stderr


def test_create_serves_an_empty_index(tmp_path):
    server = start_server(tmp_path / "new-index", "--create")
    try:
        assert httpx.get(server.url + "/healthz").json()["documents"] == 0
        page = httpx.get(server.url + "/")
        assert page.status_code == 200 and "۰" in page.text
        body = httpx.get(server.url + "/api/search", params={"q": "تهران"}).json()
        assert body["total"] == 0 and body["hits"] == []
    finally:
        server.stop()


def test_several_workers(index_dir):
    import subprocess

    server = start_server(index_dir, "--workers", "2")
    try:
        with server.client() as c:
            for _ in range(6):
                assert c.get("/api/search", params={"q": "تهران"}).json()["total"] == 23
            assert c.post("/api/documents", json={"documents": []}).status_code == 403
        # one listening socket a worker (SO_REUSEPORT), so the kernel spreads connections over them: with one
        # shared socket the first worker to wake accepted a whole burst and served it alone
        port = server.url.rsplit(":", 1)[1].strip("/")
        ss = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=True)
        assert len(ss.stdout.splitlines()) == 2, ss.stdout
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_keep_alive_answers_are_not_delayed_by_nagle(api):
    """Regression: a listener created with proto 0 left TCP_NODELAY off, adding ~40 ms to every keep-alive answer."""
    import statistics
    import time

    times = []
    for _ in range(12):
        t0 = time.perf_counter()
        assert api.get("/healthz").status_code == 200
        times.append(time.perf_counter() - t0)
    assert statistics.median(times[2:]) < 0.03, times


def _raw_get(url: str, header_bytes: int) -> bytes:
    """``GET /healthz`` over a raw socket with one ``X-Pad`` header of ``header_bytes`` bytes; the answer as
    read until the server closes or 2 s pass."""
    host, port = url.split("//", 1)[1].strip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        head = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nX-Pad: {'a' * header_bytes}\r\nConnection: close\r\n\r\n"
        try:
            s.sendall(head.encode())
        except (BrokenPipeError, ConnectionResetError):  # the server answered and closed before all was sent
            pass
        s.settimeout(2)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return out


@pytest.mark.parametrize("workers", [1, 2])
def test_request_head_is_bounded(index_dir, workers):
    """A request head over MAX_HEAD_BYTES is refused (431 with httptools, 400 with h11) and the connection closed;
    one under it is served; the server keeps serving."""
    from kavosh.api.protocol import MAX_HEAD_BYTES, LimitedHttpToolsProtocol

    server = start_server(index_dir, "--workers", str(workers))
    try:
        for _ in range(2 * workers):  # with two workers, connections land on both
            assert _raw_get(server.url, MAX_HEAD_BYTES - 2_000).startswith(b"HTTP/1.1 200")
            status = b"431" if LimitedHttpToolsProtocol is not None else b"400"
            # 1.5x arrives in two reads that complete the head (a new user's ~100 KB got 200); 2x in more
            for size in (3 * MAX_HEAD_BYTES // 2, 2 * MAX_HEAD_BYTES):
                refused = _raw_get(server.url, size)
                assert refused.startswith(b"HTTP/1.1 " + status), (size, refused[:200])
                if LimitedHttpToolsProtocol is not None:
                    assert f"limit of {MAX_HEAD_BYTES:,} bytes".encode() in refused
        with server.client() as c:
            assert c.get("/api/search", params={"q": "تهران"}).json()["total"] == 23
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_serve_uses_httptools_when_installed_and_asyncios_loop():
    import importlib.util

    from kavosh.api.protocol import uvicorn_options

    options = uvicorn_options()
    assert options["h11_max_incomplete_event_size"] == 64 * 1024
    assert options["loop"] == "asyncio"  # not uvicorn's "auto", which takes uvloop (seconds-long waits under load)
    if importlib.util.find_spec("httptools"):
        assert options["http"] == "kavosh.api.protocol:LimitedHttpToolsProtocol"
