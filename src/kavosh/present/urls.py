"""URLs as a reader sees them: percent-encoded Persian shown as its letters (display only).

A crawled page or a WARC record keeps its URL as fetched, often percent-encoded
(``/news/%D9%BE%D8%B3%D8%AA%D9%87``); browsers show such a URL decoded (``/news/پسته``) and
so do the page and the CLI.  Only escapes that decode to non-ASCII UTF-8 characters are
decoded: ``%2F``, ``%20``, ``%3F`` and other escaped ASCII stay escaped, as do bytes that are
not UTF-8, so the URL's structure reads as it is.  Links keep the URL as stored.
"""

from __future__ import annotations

import re

_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decoded(m: re.Match) -> str:
    raw = bytes.fromhex(m.group().replace("%", ""))
    out, i = [], 0
    while i < len(raw):
        if raw[i] < 0x80:  # escaped ASCII (a slash, a space, a percent sign): kept as written
            out.append(f"%{raw[i]:02X}")
            i += 1
            continue
        for size in (2, 3, 4):
            try:
                ch = raw[i:i + size].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if ch.isprintable():
                out.append(ch)
                i += size
                break
        else:
            out.append(f"%{raw[i]:02X}")
            i += 1
    return "".join(out)


def readable_url(url: str) -> str:
    """``url`` with percent-encoded non-ASCII UTF-8 characters decoded, for display.

    >>> readable_url("https://example.ir/news/%D9%BE%D8%B3%D8%AA%D9%87?q=a%20b")
    'https://example.ir/news/پسته?q=a%20b'
    >>> readable_url("https://example.ir/a%2Fb/%FF")
    'https://example.ir/a%2Fb/%FF'
    """
    return _ESCAPES.sub(_decoded, url) if "%" in url else url
