"""The HTTP/1.1 protocol ``kavosh serve`` runs: uvicorn's httptools (llhttp, C) parser when it is installed,
with the limit on a request's head that uvicorn enforces only for its h11 parser, on asyncio's event loop.

uvicorn's h11 protocol is pure Python; its httptools protocol parses in C (``/healthz`` cost 0.57 ms of server
CPU a request with h11 and asyncio, 0.44 ms with httptools and uvloop; docs/benchmarks.md, "HTTP load").
uvloop is not used: under 50 always-busy connections it left some waiting for seconds (p99 3.8 s, the
longest 6.0 s, against 0.85 s and 1.1 s with asyncio's loop in the same 30 s runs, loaded machine), for
0.07 ms less CPU a request.  But uvicorn bounds a request's head (request line and headers) only
through h11 (``h11_max_incomplete_event_size``); llhttp bounds nothing, so a client could send headers
without end.  :class:`LimitedHttpToolsProtocol` answers 414 (a request line over the limit) or 431 (the
headers) with the API's JSON error and closes the connection past :data:`MAX_HEAD_BYTES`, as h11 answers
400 past the same size: it counts the bytes received while a
request's head is incomplete (a header without end), and the head's parsed bytes (URL, names, values),
so that a head that arrives whole in one or two reads is bounded too (it was not: ~100 KB in two reads
got 200).  Without httptools, :func:`uvicorn_options` gives h11 with h11's limit.
"""

from __future__ import annotations

from typing import Any

MAX_HEAD_BYTES = 64 * 1024
"""The largest request head (request line and headers, bytes) a server reads; more gets 431 (h11: 400)."""

LINGER_SECONDS = 10.0
"""After an error answer to a refused request, how long (seconds, at most) the server goes on reading and
discarding what the client still sends before closing (a "lingering close", as nginx's ``lingering_time``)."""

LINGER_IDLE_SECONDS = 2.0
"""The lingering close ends earlier when nothing arrives for this long (nginx's ``lingering_timeout``)."""

LINGER_BYTES = 32 * 1024 * 1024
"""...or when this many bytes were discarded: past it the connection is closed at once (the client may then see
a reset instead of the answer). With :data:`LINGER_SECONDS` it bounds what a refused request costs."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _HttpTools
except ImportError:  # no httptools: uvicorn's h11 protocol, which bounds the head itself
    _HttpTools = None


if _HttpTools is not None:

    class LimitedHttpToolsProtocol(_HttpTools):
        """uvicorn's httptools protocol with :data:`MAX_HEAD_BYTES` on a request's head.  Two counts: the
        bytes received from a request's first byte while its headers are incomplete (after parsing each
        chunk, so a body in the same chunk as the end of the head is not counted: this bounds a header
        without end), and the parsed head itself (URL, header names and values, 4 bytes a header for the
        separators: this bounds a head that completes within a chunk).  Past the limit the request is
        not run, the connection is closed, and the answer is the API's JSON error
        (:func:`kavosh.api.errors.error_body`, with ``limit``): 414 when the request line alone is over it
        (a URL without end, or a URL longer than the limit), else 431.  A request llhttp cannot parse gets
        that JSON shape too (400), not uvicorn's plain text."""

        max_head_bytes = MAX_HEAD_BYTES

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._in_head = False
            self._line_ended = False  # the request line's end was received
            self._head_bytes = 0  # received while the head is incomplete
            self._parsed_bytes = 0  # the head's URL, names and values
            self._url_bytes = 0
            self._refused = False
            self._lingering = False  # answered and refused: reading only to drop (_linger)

        def on_message_begin(self) -> None:
            self._in_head, self._line_ended = True, False
            self._head_bytes = self._parsed_bytes = self._url_bytes = 0
            super().on_message_begin()

        def on_url(self, url: bytes) -> None:  # (called for each piece of a URL that spans reads)
            self._parsed_bytes += len(url)
            self._url_bytes += len(url)
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._parsed_bytes += len(name) + len(value) + 4
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._in_head = False
            if self._parsed_bytes > self.max_head_bytes:
                self._refused = True  # no request cycle: data_received answers 414 or 431
                self._line_ended = self._url_bytes <= self.max_head_bytes
                return
            super().on_headers_complete()

        def on_body(self, body: bytes) -> None:
            if not self._refused:
                super().on_body(body)

        def on_message_complete(self) -> None:
            if not self._refused:
                super().on_message_complete()

        def send_400_response(self, msg: str) -> None:
            """llhttp could not parse the request: the JSON error shape instead of uvicorn's plain text."""
            self._send_error(400, "Bad Request", "the request is not valid HTTP/1.1 (the server could not parse "
                                                 "its request line or headers)")

        def _send_error(self, status: int, reason: str, message: str, limit: dict | None = None) -> None:
            """Answer ``status`` with ``{"error": {"parameter": null, "message": …, ("limit": …)}}`` and close."""
            import json

            from .errors import error_body

            body = json.dumps(error_body(None, message, limit)).encode("ascii")
            head = [f"HTTP/1.1 {status} {reason}\r\n".encode("ascii")]
            for name, value in self.server_state.default_headers:
                head += [name, b": ", value, b"\r\n"]
            self.transport.write(b"".join([
                *head, b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n\r\n", body]))
            self._linger()

        def _linger(self) -> None:
            """Close after the answer without losing it: a socket closed with unread bytes in its receive
            buffer sends a reset, which can reach the client before the answer is read (a 10 MB ``q`` got
            "connection reset by peer", not its 414). So the write side is shut (the client reads the answer
            and then the end), and what still arrives is read and dropped until the client closes, or
            :data:`LINGER_IDLE_SECONDS` pass without data, :data:`LINGER_SECONDS` in all, or
            :data:`LINGER_BYTES` are dropped (the lingering close of Apache and nginx)."""
            import asyncio

            if self.transport.is_closing() or not self.transport.can_write_eof():
                self.transport.close()
                return
            self.transport.write_eof()
            self._lingering = True
            self._lingered = 0
            loop = asyncio.get_running_loop()
            self._linger_end = loop.time() + LINGER_SECONDS
            self._linger_idle = loop.call_later(LINGER_IDLE_SECONDS, self.transport.close)
            self._linger_all = loop.call_later(LINGER_SECONDS, self.transport.close)

        def _drop(self, data: bytes) -> None:
            """A lingering connection's data: dropped; the idle timer starts again."""
            import asyncio

            self._lingered += len(data)
            self._linger_idle.cancel()
            if self._lingered > LINGER_BYTES:
                self.transport.close()
                return
            loop = asyncio.get_running_loop()
            wait = min(LINGER_IDLE_SECONDS, max(0.0, self._linger_end - loop.time()))
            self._linger_idle = loop.call_later(wait, self.transport.close)

        def connection_lost(self, exc: Exception | None) -> None:
            if self._lingering:
                self._linger_idle.cancel()
                self._linger_all.cancel()
            super().connection_lost(exc)

        def eof_received(self) -> bool | None:
            if self._lingering:  # the client has sent all: close now
                self.transport.close()
                return None
            return super().eof_received()

        def data_received(self, data: bytes) -> None:
            if self._lingering:
                self._drop(data)
                return
            super().data_received(data)
            if self._lingering or self.transport.is_closing():
                return
            if self._in_head:
                self._head_bytes += len(data)
                self._line_ended = self._line_ended or b"\n" in data
            if self._refused or (self._in_head and self._head_bytes > self.max_head_bytes):
                counted = max(self._parsed_bytes, self._head_bytes)
                self._in_head = False
                limit = {"name": "request line and headers", "maximum": self.max_head_bytes, "value": counted}
                if not self._line_ended:
                    status, reason = 414, "URI Too Long"
                    message = (f"the request's URL is longer than the limit of {self.max_head_bytes:,} bytes on the "
                               "request line and headers together (a search's q has at most 1,000 characters)")
                else:
                    status, reason = 431, "Request Header Fields Too Large"
                    message = (f"the request's headers are larger than the limit of {self.max_head_bytes:,} bytes "
                               "on the request line and headers together")
                self.logger.warning("Request head over %d bytes: answered %d", self.max_head_bytes, status)
                self._send_error(status, reason, message, limit)

else:
    LimitedHttpToolsProtocol = None  # type: ignore[assignment,misc]




def uvicorn_options() -> dict[str, Any]:
    """uvicorn ``Config`` options for the HTTP protocol and the event loop: :class:`LimitedHttpToolsProtocol`
    when httptools is installed, else h11; either way a request head is bounded by :data:`MAX_HEAD_BYTES`,
    and the loop is asyncio's (uvicorn's ``auto`` takes uvloop when installed: see the module text)."""
    options: dict[str, Any] = {"h11_max_incomplete_event_size": MAX_HEAD_BYTES}
    options["http"] = "kavosh.api.protocol:LimitedHttpToolsProtocol" if LimitedHttpToolsProtocol is not None else "h11"
    options["loop"] = "asyncio"
    return options


__all__ = ["LINGER_BYTES", "LINGER_IDLE_SECONDS", "LINGER_SECONDS", "MAX_HEAD_BYTES", "LimitedHttpToolsProtocol",
           "uvicorn_options"]
