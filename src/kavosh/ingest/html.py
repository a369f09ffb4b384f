"""HTML page → :class:`Document`: the one step shared by HTML files, WARC records and the crawler.

Main text, title, date and URL are extracted by trafilatura (a maintained
boilerplate-removal library); half-spaces (ZWNJ) survive it; the page's language
goes in ``fields["language"]`` (:mod:`kavosh.ingest.language`).  A date trafilatura
does not take (htmldate reads Gregorian dates only, so a Persian site's
``<meta name="date" content="1403-01-15">`` gave none) is read from the page's date
meta tags by :func:`kavosh.ingest.dates.parse_date` (Jalali or Gregorian).
"""

from __future__ import annotations

from ..analysis.chars import ZWNJ
from .dates import parse_date
from .document import Document
from .language import page_language

_ZWNJ_STAND_INS = ("\u2e3b", "\u2e3a", "\u2bd1", "\u2b7e")
"""Printable characters that stand in for ZWNJ while trafilatura runs: it drops
every character that ``str.isprintable()`` rejects, ZWNJ included, which would
turn ``باغ‌های`` into ``باغهای`` in the stored original."""


class ExtractorMissing(RuntimeError):
    """The HTML extractor (trafilatura) cannot be imported."""


DATE_META = ("article:published_time", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
             "pubdate", "publishdate", "publish_date", "og:published_time", "datepublished")
"""``<meta>`` names or properties (lower-cased) that give a page's publication date, in the order they are
trusted: the ones htmldate reads, for the dates it does not take (Jalali)."""

EXTRACTED_FIELDS = ("author", "sitename", "description")
"""Metadata trafilatura extracts from a page, kept in ``fields`` (stored and shown; searched only if declared)."""


def html_to_document(html: bytes | str, doc_id: str, url: str = "",
                     http_content_language: str = "") -> Document | None:
    """Extract a :class:`Document` from an HTML page with trafilatura.

    Half-spaces (ZWNJ) are kept: they are swapped for a printable stand-in
    during extraction and restored after.  ``fields["language"]`` is the page's
    declared language, else the one detected in its text
    (:func:`kavosh.ingest.language.page_language`); absent when neither gives one.

    Args:
        html: the page (bytes are decoded by trafilatura's charset detection).
        doc_id: the id to give the document.
        url: the page URL (used when the page declares none).
        http_content_language: the HTTP ``Content-Language`` header the page came with, if any.
    Returns:
        The document, or ``None`` when nothing could be extracted.
    Raises:
        ExtractorMissing: trafilatura (or a library it needs) cannot be imported.
    """
    try:
        import trafilatura
        from trafilatura.utils import decode_file, load_html
    except ImportError as e:
        raise ExtractorMissing(f"HTML extraction needs trafilatura, which cannot be imported ({e})") from e

    text_in = decode_file(html) if isinstance(html, bytes) else html
    stand_in = next((c for c in _ZWNJ_STAND_INS if c not in text_in), None)
    if stand_in is not None:
        text_in = text_in.replace(ZWNJ, stand_in)
    tree = load_html(text_in)
    if tree is None:
        return None
    # The date from the page's markup only (meta tags, <time>, the URL), never guessed from a year in its
    # text: htmldate's extensive search gave a page saying "در سال 2003" the date 2003-01-01.
    extracted = trafilatura.bare_extraction(tree, url=url or None, include_comments=False,
                                            with_metadata=True, favor_recall=True,
                                            date_extraction_params={"extensive_search": False, "original_date": True})
    if extracted is None:
        return None
    get = extracted.get if isinstance(extracted, dict) else lambda k, d=None: getattr(extracted, k, d)

    def restore(value: object) -> str:
        value = value or ""
        return value.replace(stand_in, ZWNJ) if stand_in and isinstance(value, str) else str(value)

    fields = {k: restore(v) for k in EXTRACTED_FIELDS if (v := get(k))}
    title, text = restore(get("title")), restore(get("text"))
    if language := page_language(tree, f"{title}\n{text}", http_content_language):
        fields["language"] = language
    return Document(id=doc_id, title=title, text=text, url=get("url") or url, date=get("date") or meta_date(tree),
                    fields=fields)


def meta_date(tree) -> str:
    """The publication date in a page's date meta tags (:data:`DATE_META`, ``name``, ``property`` or
    ``itemprop``), as ISO ``YYYY-MM-DD``; ``""`` when none holds a date :func:`parse_date` reads."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if key in DATE_META and key not in found:
            found[key] = meta.get("content") or ""
    for key in DATE_META:
        if key in found and (d := parse_date(found[key])) is not None:
            return d.isoformat()
    return ""
