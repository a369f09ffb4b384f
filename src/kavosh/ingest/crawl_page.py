"""Reading one fetched page for the crawler: its document, its links, its robots directives.

Part of :mod:`kavosh.ingest.crawl`.  :class:`_PageReader` is the part of
:class:`~kavosh.ingest.crawler.Crawler` that turns a fetched HTML page into a
:class:`~kavosh.ingest.document.Document` (through :func:`kavosh.ingest.html.html_to_document`) and the
links to follow (``<a href>``/``<area href>``, ``<base href>``, ``rel="canonical"``, ``nofollow``, ``noindex``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .crawl_config import COPY, ERROR, FETCHED, INDEXED, NOT_INDEXED
from .crawl_urls import canonical_url, host_key
from .document import Document


@dataclass
class _Fetched:
    """One GET as :meth:`~kavosh.ingest.crawler.Crawler._get` saw it (``error`` non-empty: it failed)."""

    url: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""
    error: str = ""
    location: str = ""
    transient: bool = False  # the error may pass (connection refused or reset, timeout): retried next run


class _PageReader:
    """Page extraction of the :class:`~kavosh.ingest.crawler.Crawler` (a base class of it).

    Uses the crawler's ``config``, ``frontier``, ``hosts``, ``result`` (problems are reported there) and
    ``_offsite_seen`` (links to other hosts counted once).
    """

    def _read_page(self, page: _Fetched, depth: int) -> tuple[Document | None, list[str], tuple[str, str] | None]:
        """The page's document (``None`` if not indexable), its new links, and the outcome (``None``: indexed).

        A page the parsers fail on is reported as an error for that URL; the crawl goes on.
        """
        try:
            return self._extract(page, depth)
        except Exception as e:  # noqa: BLE001 (any parser failure on a hostile page is that page's error)
            why = f"cannot read the page ({type(e).__name__}: {e})"[:300]
            self.result.errors.append((page.url, why))
            return None, [], (ERROR, why)

    def _extract(self, page: _Fetched, depth: int) -> tuple[Document | None, list[str], tuple[str, str] | None]:
        from .html import ExtractorMissing, html_to_document

        html = _decode(page.body, page.headers.get("x-charset", ""))
        tree = _parse(html)
        directives = _robots_directives(tree, page.headers.get("x-robots-tag", ""), self.config.robots_token)
        links = [] if "nofollow" in directives or depth >= self.config.max_depth else self._links(tree, page.url)
        if "noindex" in directives:
            self.result.not_indexed.append((page.url, "noindex"))
            return None, links, (NOT_INDEXED, "noindex")
        canonical = self._declared_canonical(tree, page.url)
        if canonical is not None and self.frontier.state(canonical) in (FETCHED, INDEXED):
            self.result.copies.append((page.url, canonical))
            return None, links, (COPY, canonical)
        try:
            doc = html_to_document(html, doc_id=page.url, url=page.url,
                                   http_content_language=page.headers.get("content-language", ""))
        except ExtractorMissing as e:
            self.result.errors.append((page.url, str(e)))
            return None, links, (ERROR, str(e))
        if doc is None or not (doc.text.strip() or doc.title.strip()):
            self.result.not_indexed.append((page.url, "no text found in the HTML"))
            return None, links, (NOT_INDEXED, "no text found in the HTML")
        fetched = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        doc.id = doc.url = canonical or page.url
        doc.fields["fetched"] = fetched  # kept apart from ``date``, the page's own date ("" when it has none)
        doc.source = page.url
        return doc, links, (FETCHED, f"as {canonical}") if canonical else None

    def _declared_canonical(self, tree, page_url: str) -> str | None:
        """The URL the page declares canonical (``<link rel="canonical" href>``, canonicalized) when it is on
        an allowed host and not the page's own URL; else ``None`` (a canonical URL elsewhere is not ours)."""
        for link in tree.iter("link") if tree is not None else ():
            if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
                try:
                    url = canonical_url(link.get("href").strip(), page_url)
                    return url if url != page_url and host_key(url) in self.hosts else None
                except ValueError:
                    return None
        return None

    def _links(self, tree, page_url: str) -> list[str]:
        """Canonical links of the page to allowed hosts, new to this call, in page order."""
        if tree is None:
            return []
        base = page_url
        for b in tree.iter("base"):
            if b.get("href"):
                try:
                    base = canonical_url(b.get("href"), page_url)
                except ValueError:
                    pass
                break
        out: dict[str, None] = {}
        for a in tree.iter("a", "area"):
            href = (a.get("href") or "").strip()
            if not href or "nofollow" in (a.get("rel") or "").lower().split():
                continue
            try:
                link = canonical_url(href, base)
                host = host_key(link)
            except ValueError:
                continue
            if host in self.hosts:
                out[link] = None
            elif link not in self._offsite_seen:
                self._offsite_seen.add(link)
                self.result.offsite_links += 1
        return list(out)


def _decode(body: bytes, charset: str) -> str:
    """The page as text: the HTTP charset when it names a known codec, else trafilatura's detection."""
    if charset:
        try:
            codecs.lookup(charset)
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file

    return decode_file(body)


def _parse(html: str):
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (ValueError, TypeError):
        return None


def _robots_directives(tree, header: str, token: str) -> set[str]:
    """``noindex``/``nofollow``/``none`` from ``<meta name="robots"|token>`` and the ``X-Robots-Tag`` header.

    A header value may name a user agent (``KavoshBot: noindex``); values for other agents are ignored.
    """
    values: list[str] = []
    if tree is not None:
        for meta in tree.iter("meta"):
            if (meta.get("name") or "").strip().lower() in ("robots", token.lower()):
                values.append(meta.get("content") or "")
    for part in header.split(","):
        if ":" in part:
            agent, _, rest = part.partition(":")
            if agent.strip().lower() not in (token.lower(), "robots"):
                continue
            part = rest
        values.append(part)
    found = {d.strip().lower() for v in values for d in re.split(r"[,\s]+", v) if d.strip()}
    if "none" in found:
        found |= {"noindex", "nofollow"}
    return found
