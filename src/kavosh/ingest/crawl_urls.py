"""URL canonicalization for the crawler (:mod:`kavosh.ingest.crawl`): frontier keys, document ids, hosts.

URLs are canonicalized with ``w3lib.url.canonicalize_url`` (Scrapy's) after dropping credentials and the
default port; :func:`host_key` names the host a URL belongs to for allow-lists and rate limits.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of ``url`` (resolved against ``base``) used as frontier key and document id.

    Credentials, the scheme's default port and the fragment are dropped, then
    ``w3lib.url.canonicalize_url`` normalizes the rest (percent-encoding, dot segments, sorted query, IDNA host).

    Raises:
        ValueError: not an absolute ``http``/``https`` URL with a host.

    >>> canonical_url("HTTP://Example.COM:80/a/../b?z=1&a=2#top")
    'http://example.com/b?a=2&z=1'
    >>> canonical_url("../c d", "https://example.com/x/y")
    'https://example.com/c%20d'
    """
    from w3lib.url import canonicalize_url

    full = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(full)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    port = parts.port  # ValueError for a bad port
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return canonicalize_url(urlunsplit((scheme, netloc, parts.path or "/", parts.query, "")))


def host_key(url: str) -> str:
    """The host a URL belongs to for allow-lists and rate limits: host name, plus ``:port`` when not 80/443.

    ``http://`` and ``https://`` of one host name are one host.

    >>> host_key("https://Example.com:443/a"), host_key("http://127.0.0.1:8001/")
    ('example.com', '127.0.0.1:8001')
    """
    parts = urlsplit(url if "//" in url else f"http://{url}")
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError as e:
        raise ValueError(f"bad port in {url!r}") from e
    if not host:
        raise ValueError(f"no host in {url!r}")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{host}:{port}" if port and port not in (80, 443) else host


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"
