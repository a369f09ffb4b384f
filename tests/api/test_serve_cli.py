"""`kavosh serve` on the command line: user mistakes give one line and status 2; options work."""

from __future__ import annotations

import json
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
    # with the bug every answer waits for the ~40 ms delayed ACK, so even the fastest does; a busy machine
    # (load 20-40) slowed the median past 30 ms without it, never the fastest of ten
    assert min(times[2:]) < 0.03 and statistics.median(times[2:]) < 1.0, times


def test_the_listener_and_its_accepted_sockets_have_tcp_nodelay():
    """The cause of the ~40 ms above, checked without a clock: the listening socket is a TCP one (proto
    IPPROTO_TCP, so asyncio sets TCP_NODELAY on what it accepts) with TCP_NODELAY set, inherited by an
    accepted connection."""
    from kavosh.cli.serve import _listen

    listener = _listen("127.0.0.1", 0)
    try:
        assert listener.proto == socket.IPPROTO_TCP
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        with socket.create_connection(listener.getsockname()[:2], timeout=10):
            conn, _ = listener.accept()
            with conn:
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        listener.close()


def _raw_get(url: str, header_bytes: int, head: str | None = None) -> bytes:
    """``GET /healthz`` over a raw socket with one ``X-Pad`` header of ``header_bytes`` bytes (or the request
    ``head`` as given); the answer as read until the server closes or 2 s pass."""
    host, port = url.split("//", 1)[1].strip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        if head is None:
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
                    error = _json_error(refused)  # the API's error shape, naming the limit
                    assert error["message"] == (f"the request's headers are larger than the limit of "
                                                f"{MAX_HEAD_BYTES:,} bytes on the request line and headers together")
                    assert error["limit"]["name"] == "request line and headers"
                    assert error["limit"]["maximum"] == MAX_HEAD_BYTES < error["limit"]["value"] <= size + 100
        with server.client() as c:
            assert c.get("/api/search", params={"q": "تهران"}).json()["total"] == 23
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def _json_error(answer: bytes) -> dict:
    """The ``error`` object of a raw HTTP answer whose body is the API's JSON error shape."""
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), head
    return json.loads(body)["error"]


def test_an_overlong_url_gets_414_with_the_json_error_naming_the_limit(index_dir):
    """A new user's 66,000-character URL got llhttp's plain-text ``400 Invalid HTTP request received.``: it
    gets 414 with the API's error shape, whether the request line ends (66,000 characters) or never does
    (200,000 sent without a line end); a request that cannot be parsed gets a JSON 400; the server goes on."""
    from kavosh.api.protocol import MAX_HEAD_BYTES, LimitedHttpToolsProtocol

    if LimitedHttpToolsProtocol is None:
        pytest.skip("httptools is not installed: h11 answers a head over the limit with its own 400")
    server = start_server(index_dir)
    try:
        line = f"GET /api/search?q={'a' * 66_000} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        answer = _raw_get(server.url, 0, line)
        assert answer.startswith(b"HTTP/1.1 414 URI Too Long\r\n"), answer[:200]
        assert _json_error(answer) == {
            "parameter": None,
            "message": "the request's URL is longer than the limit of 65,536 bytes on the request line and headers "
                       "together (a search's q has at most 1,000 characters)",
            "limit": {"name": "request line and headers", "maximum": MAX_HEAD_BYTES, "value": 66_042}}  # URL + headers
        endless = _raw_get(server.url, 0, f"GET /api/search?q={'a' * 200_000}")
        assert endless.startswith(b"HTTP/1.1 414 "), endless[:200]
        assert _json_error(endless)["limit"]["value"] > MAX_HEAD_BYTES
        bad = _raw_get(server.url, 0, "GARBAGE\x01 / HTTP/1.1\r\n\r\n")
        assert bad.startswith(b"HTTP/1.1 400 Bad Request\r\n"), bad[:200]
        assert _json_error(bad) == {"parameter": None, "message": "the request is not valid HTTP/1.1 (the server "
                                                                  "could not parse its request line or headers)"}
        with server.client() as c:
            assert c.get("/api/search", params={"q": "تهران"}).json()["total"] == 23
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_a_10_mb_url_gets_its_414_not_a_connection_reset(index_dir):
    """A new user's 10 MB ``q`` (GET) got "connection reset by peer": the server answered 414 and closed with the
    rest of the request unread, which resets the connection. It now shuts its write side and drops what still
    comes (a lingering close), so a real client (httpx) reads the 414 and its JSON error; the server goes on."""
    import http.client
    from urllib.parse import quote

    from kavosh.api.protocol import LINGER_BYTES, MAX_HEAD_BYTES, LimitedHttpToolsProtocol

    if LimitedHttpToolsProtocol is None:
        pytest.skip("httptools is not installed: h11 answers a head over the limit with its own 400")
    server = start_server(index_dir)
    host, port = server.url.split("//", 1)[1].strip("/").rsplit(":", 1)
    try:
        for path in ("/api/search", "/"):  # the standard library's client (httpx refuses a URL over 64 KB itself)
            client = http.client.HTTPConnection(host, int(port), timeout=60)
            client.request("GET", f"{path}?q={quote('ب' * 1_000_000)}")  # 6 MB once percent-encoded
            answer = client.getresponse()
            assert answer.status == 414, (path, answer.status)
            error = json.loads(answer.read())["error"]
            client.close()
            assert error["limit"] == {"name": "request line and headers", "maximum": MAX_HEAD_BYTES,
                                      "value": error["limit"]["value"]}
            assert error["limit"]["value"] > MAX_HEAD_BYTES
        raw = _raw_get(server.url, 0, f"GET /api/search?q={'a' * 10_000_000} HTTP/1.1\r\nHost: x\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 414 URI Too Long\r\n"), raw[:200]
        # The dropping is bounded: a client that never stops sending is cut off after LINGER_BYTES.
        sent = 0
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(b"GET /?q=")
            chunk = b"a" * 1_000_000
            with pytest.raises((BrokenPipeError, ConnectionResetError)):
                while sent < 4 * LINGER_BYTES:
                    s.sendall(chunk)
                    sent += len(chunk)
        assert LINGER_BYTES <= sent < 2 * LINGER_BYTES
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
