"""Rendering of the Persian web page: the Jinja2 environment, its filters and page arithmetic.

Templates are autoescaped: every piece of document text, including the
highlighted segments, reaches the browser HTML-escaped, so a document that
contains ``<script>`` shows as text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup, escape

from ..ingest.dates import shown_date
from ..present.highlight import display_text
from ..present.urls import readable_url
from ..query.parse import MAX_QUERY_CHARS

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫

PAGE_SIZE = 10
"""Results per page of the web page."""


def fa_number(value: int | float, decimals: int = 0) -> str:
    """Format a number with Persian digits and separators.

    >>> fa_number(12345), fa_number(3.14159, 1)
    ('۱۲٬۳۴۵', '۳٫۱')
    """
    text = f"{value:,.{decimals}f}"
    text = text.replace(",", ARABIC_THOUSANDS_SEPARATOR).replace(".", ARABIC_DECIMAL_SEPARATOR)
    return text.translate(PERSIAN_DIGITS)


PERSIAN_NOTES = {
    "synonyms": "«{word}» با هم‌معنی‌هایش هم جست‌وجو شد: {alternatives}.",
    "no_dates": "هیچ سندی در این نمایه تاریخ ندارد؛ از این رو فیلتر <code>date:</code> هیچ سندی را نمی‌یابد.",
    "no_sort_values": "مرتب‌شده به ترتیب <code dir=\"ltr\">{sort}</code>: هیچ نتیجه‌ای در این صفحه مقداری برای "
                      "<code dir=\"ltr\">{field}</code> ندارد؛ نتیجه‌های بی‌مقدار در پایان و به ترتیب شناسهٔ سند می‌آیند.",
    "few_dates": "تنها {dated} سند از {documents} سند این نمایه تاریخ دارند؛ فیلتر <code>date:</code> فقط همین‌ها را می‌بیند.",
    "operator_dropped": "<code dir=\"ltr\">{operator}</code> در پایان پرس‌وجو به چیزی نمی‌خورد و نادیده گرفته شد.",
    "spelling_included": "نتیجه‌های «<bdi>{included}</bdi>» هم آمده است؛ جست‌وجوی تنها {as_typed} "
                         "همان‌گونه که نوشته شده.",
    "script_included": "نتیجه‌های «<bdi>{included}</bdi>» (همین واژه به خطی دیگر) هم آمده است؛ "
                       "جست‌وجوی تنها {as_typed} همان‌گونه که نوشته شده.",
    "latin_unheld": "هیچ سندی «<bdi>{word}</bdi>» را ندارد.",
    "vectors_outdated": "جست‌وجو تنها با واژه‌ها انجام شد: بردارهای معنایی این نمایه با مدل یا متنی دیگر "
                        "ساخته شده‌اند؛ "
                        "برای جست‌وجوی معنایی، <code dir=\"ltr\">kavosh embed</code> را دوباره اجرا کنید.",
    "missing_shards": "بخش(های) {shards} نمایه در {timeout} ثانیه پاسخ ندادند؛ نتیجه‌ها تنها از بخش‌هایی است که "
                      "پاسخ دادند.",
    "dense_ranks_all": "در جست‌وجوی معنایی (dense) نزدیک‌ترین سندها به پرس‌وجو از نظر معنا آمده‌اند (دست‌بالا "
                       "{candidates} سند از سندهای دارای بردار)؛ شمارِ نتیجه‌ها شمارِ همین سندهاست، نه سندهایی که با "
                       "پرس‌وجو جورند.",
    "meaning_only": "هیچ‌یک از این نتیجه‌ها واژه‌های پرس‌وجو را ندارد؛ این‌ها نزدیک‌ترین سندها به آن از نظر معنا هستند "
                    "(جست‌وجوی ترکیبی).",
    "sort_lexical_only": "مرتب‌شده به ترتیب <code dir=\"ltr\">{sort}</code>: این‌ها تنها {total} سندِ دارای واژه‌های "
                         "پرس‌وجو هستند؛ جست‌وجوی ترکیبی به ترتیب ربط، سندهای نزدیک به آن از نظر معنا را هم نشان می‌دهد.",
    "facets_count_copies": "شمارش‌های پالایه‌ها همهٔ سندهای جور را می‌شمارند، رونوشت‌های نزدیک به هم را هم؛ نتیجه‌ها "
                           "هر گروه از رونوشت‌ها را یک بار نشان می‌دهند.",
    "facets_lexical_only": "شمارش‌ها تنها سندهای دارای واژه‌های پرس‌وجو را می‌شمارند، نه همهٔ نتیجه‌های جست‌وجوی ترکیبی را.",
    "operator_read": "«<code dir=\"ltr\">{word}</code>» میان دو واژهٔ فارسی عملگر <code dir=\"ltr\">{operator}</code> "
                     "خوانده شد؛ برای جست‌وجوی خودِ این واژه، آن را میان دو گیومه بگذارید.",
    "quote_ignored": "گیومهٔ <code>{mark}</code> در جایگاه {position} بسته نشده بود و نادیده گرفته شد؛ برای جست‌وجوی عبارت، "
                     "آن را میان دو گیومه بگذارید.",
    "facet_by_year": "شمارش ماهانهٔ <code>{field}</code> {months} ماه می‌شد، بیش از {limit} دسته‌ای که یک شمارش می‌تواند "
                     "داشته باشد؛ از این رو سال‌به‌سال شمرده شد. برای دیدن ماه‌ها <code>{field}</code> را به بازه‌ای کوتاه‌تر "
                     "(مثلاً یک سال) محدود کنید.",
    "shortened": "پرس‌وجو پس از تحلیل {terms} واژه داشت؛ تنها {limit} واژهٔ نخست آن جست‌وجو شد: «{searched}».",
}
"""The page's sentence for each :class:`kavosh.query.parse.Note` code (``{words}`` etc. are its details;
``{as_typed}`` is the query as a link to its search as typed, ``exact=1``).  Every code a ``Note`` is made with
in ``src/kavosh`` has one (tests/api/test_note_codes.py reads them from the source)."""

PERSIAN_NOTE_VARIANTS = {
    ("latin_unheld", "persian"): "هیچ سندی «<bdi>{word}</bdi>» را ندارد، و نه «{persian}»، نوشتهٔ آن به حروف فارسی.",
}
"""A code's sentence when the note has that detail too (``latin_unheld`` names the Persian spelling when known)."""

FACET_NOTES = frozenset({"facets_count_copies"})
"""Notes about the facet counts: shown under the sidebar's filters, as a help the reader opens (a line above
every collapsed result list was noise to a new user, page21), and only where facet counts are shown."""


def split_notes(notes) -> tuple[list, list]:
    """``notes`` as the page shows them: ``(above the results, under the facets)`` (:data:`FACET_NOTES`)."""
    facet = [n for n in notes if getattr(n, "code", "") in FACET_NOTES]
    return [n for n in notes if n not in facet], facet


def fa_note(note, as_typed: str | None = None) -> Markup:
    """A search note in Persian for the page (HTML-escaped details; numbers in Persian digits); ``as_typed``:
    the URL searching the query as typed (``exact=1``), linked from the note's ``{as_typed}``.  A note whose
    code has no Persian sentence (never one of ours: the test above) gets a general one, never its English text."""
    code = getattr(note, "code", "")
    details = {k: fa_number(v) if isinstance(v, int) else fa_number(v, 1) if isinstance(v, float)
               else escape("، ".join(fa_number(x) if isinstance(x, int) else str(x) for x in v)
                           if isinstance(v, list) else v)
               for k, v in getattr(note, "details", {}).items()}
    template = next((t for (c, extra), t in PERSIAN_NOTE_VARIANTS.items() if c == code and extra in details),
                    PERSIAN_NOTES.get(code, "یادداشتی دربارهٔ این جست‌وجو هست."))
    if "{as_typed}" in template:
        query = Markup("«<bdi>%s</bdi>»") % details.get("query", "")
        details["as_typed"] = Markup('<a class="as-typed" href="%s">%s</a>') % (as_typed, query) if as_typed else query
    return Markup(template.format(**details))


def url_html(url: str) -> Markup:
    """A URL for an RTL page, each path segment isolated (``<bdi>``) so that Persian slugs keep their
    order: without it the bidi algorithm shows ``/اخبار/خودروسازی`` as ``خودروسازی/اخبار/``.  Put it in
    an element with ``dir="ltr"``.  Bidi controls from the document are dropped."""
    url = readable_url(display_text(url))  # percent-encoded Persian shown as letters, as browsers do
    scheme_host = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*", url)
    head = scheme_host.group(0) if scheme_host else ""
    parts = re.split(r"([/?#&=])", url[len(head):])
    return escape(head) + Markup("").join(escape(p) if i % 2 or not p else Markup("<bdi>%s</bdi>") % p
                                          for i, p in enumerate(parts))


def web_href(url: str) -> str | None:
    """``url`` (as stored) when a page may link to it: an ``http``/``https`` URL with a host; ``None`` for any
    other (``javascript:``, ``data:``, ``file:``, a relative path or a bare id), which is shown, not linked,
    so that a document cannot put a script in a link of the page."""
    from urllib.parse import urlsplit

    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(
        c.isspace() or ord(c) < 32 for c in url) else None


_LATIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_html(text: str) -> Markup:
    """A date for an RTL page (``۱۱ دی ۱۳۸۱ (2003-01-01)``), each ISO date in it isolated left to right
    (``<bdi dir="ltr">``): after Persian letters the bidi algorithm takes its digits for Arabic numbers,
    which a hyphen does not join, and shows ``2003-01-01`` as ``01-01-2003``."""
    out, pos = [], 0
    for m in _LATIN_DATE.finditer(text):
        out.append(escape(text[pos:m.start()]) + Markup('<bdi dir="ltr">%s</bdi>') % m.group())
        pos = m.end()
    return Markup("").join(out) + escape(text[pos:])


def page_url(base: str, q: str, page: int, group: str | None = None) -> str:
    """The URL of results page ``page`` (1-based) for query ``q`` (limited to the
    near-duplicate ``group`` when given)."""
    params: dict[str, str | int] = {"q": q}
    if group:
        params["group"] = group
    if page > 1:
        params["page"] = page
    return f"{base}/?{urlencode(params)}"


def doc_url(base: str, doc_id: str, q: str | None = None) -> str:
    """The URL of a document's page (the id goes in the query string: ids may hold ``/`` or ``..``)."""
    params = {"id": doc_id}
    if q:
        params["q"] = q
    return f"{base}/doc?{urlencode(params)}"


@dataclass
class Pager:
    """Page arithmetic for a result list.

    Attributes:
        page: the current page (1-based).
        pages: the number of pages that can be shown.
        numbers: the page numbers to link around the current one.
    """

    page: int
    pages: int
    numbers: list[int]

    @classmethod
    def make(cls, page: int, total: int, max_pages: int, width: int = 2) -> Pager:
        """Pages for ``total`` hits, at most ``max_pages``, ``width`` numbers either side of ``page``."""
        pages = min(max_pages, max(1, math.ceil(total / PAGE_SIZE)))
        lo, hi = max(1, page - width), min(pages, page + width)
        return cls(page, pages, list(range(lo, hi + 1)))

    @property
    def has_prev(self) -> bool:
        """There is a previous page."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """There is a next page."""
        return self.page < self.pages


_CODE = re.compile(r"`([^`]+)`")


def mini_markdown(text: str) -> Markup:
    r"""Escape ``text`` and render its paragraphs, ``* `` bullet lists and `code` spans (for API docs).

    >>> str(mini_markdown("Use `q`.\n\n* one <b>\n* two"))
    '<p>Use <code>q</code>.</p>\n<ul><li>one &lt;b&gt;</li><li>two</li></ul>'
    """
    blocks = []
    for para in (p.strip() for p in text.strip().split("\n\n")):
        if not para:
            continue
        html = _CODE.sub(r"<code>\1</code>", str(escape(para)))
        if para.startswith("* "):
            items = [i.strip().replace("\n", " ") for i in re.split(r"(?m)^\* ", html) if i.strip()]
            blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        else:
            blocks.append(f"<p>{html}</p>")
    return Markup("\n".join(blocks))


def _environment() -> jinja2.Environment:
    folder = resources.files("kavosh.api") / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["fa"] = fa_number
    env.filters["md"] = mini_markdown
    env.filters["fa_note"] = fa_note
    env.filters["url"] = url_html
    env.filters["date"] = date_html
    env.filters["shown_date"] = shown_date
    env.filters["display"] = display_text
    env.globals.update(page_url=page_url, doc_url=doc_url, web_href=web_href, max_query_chars=MAX_QUERY_CHARS,
                       split_notes=split_notes)
    return env


ENV = _environment()


def render(template: str, **context) -> str:
    """Render a template of ``kavosh/api/templates`` with ``context``."""
    return ENV.get_template(template).render(**context)
