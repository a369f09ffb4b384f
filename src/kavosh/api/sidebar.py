"""The search page's facet sidebar: selected filters kept in the URL, links that add or remove them.

The page's state is its URL: ``/?q=استقلال&f=category:ورزشی&f=tags:فوتبال&sort=date:desc``.
Each ``f`` is one filter in the query syntax (:mod:`kavosh.query.filters`); values chosen
for the same keyword or bool field are alternatives (``tags:(فوتبال OR والیبال)``), one
range per number or date field.  Every facet value is a plain link to the URL with that
filter added (or, when selected, removed), so a link can be shared and the browser's back
button restores the previous state; no script is involved.  Counts are disjunctive
(:mod:`kavosh.search.facets`): a field's counts ignore its own selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..index.fields import FACETABLE, SORTABLE, FieldConfig, Kind
from .pages import fa_number

MAX_F = 20
"""``f`` parameters one page URL may carry (more is a 400 naming ``f``)."""
MAX_F_CHARS = 200
SIDEBAR_FIELDS = 8
"""Facet fields shown in the sidebar (the first declared facetable fields)."""

_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")


def page_href(base: str, q: str, f: list[str], sort: str | None = None, page: int = 1,
              group: str | None = None) -> str:
    """The page URL for this state (``f`` in order, empty parts left out)."""
    params: list[tuple[str, str | int]] = [("q", q)]
    params += [("f", x) for x in f]
    if sort:
        params.append(("sort", sort))
    if group:
        params.append(("group", group))
    if page > 1:
        params.append(("page", page))
    return f"{base}/?{urlencode(params)}"


def _name(f: str) -> str:
    return f.split(":", 1)[0].lstrip("-")


def query_text(q: str, f: list[str], config: FieldConfig) -> str:
    """The query that runs: ``q`` then the ``f`` filters, keyword/bool values of one field joined
    as alternatives (``tags:(فوتبال OR والیبال)``)."""
    groups: dict[str, list[str]] = {}
    plain: list[str] = []
    for x in f:
        name, _, value = x.partition(":")
        if config.kind(name) in (Kind.KEYWORD, Kind.KEYWORDS, Kind.BOOL) and not value.startswith("("):
            groups.setdefault(name, []).append(value)
        else:
            plain.append(x)
    parts = [q.strip()] + [f"{n}:{v[0]}" if len(v) == 1 else f"{n}:(" + " OR ".join(v) + ")"
                           for n, v in groups.items()] + plain
    return " ".join(p for p in parts if p)


def sort_problem(sort: str | None, config: FieldConfig) -> dict | None:
    """``None`` when the page's ``sort`` is one the index takes, else the particulars of the Persian
    explanation: ``{"sort": the text, "known": the fields results sort by}`` (``views:up``, ``-site``).
    Checked before the search, so that a bad sort is not reported as a bad filter."""
    from ..query.errors import QuerySyntaxError
    from ..query.filters import DATE_FIELD
    from ..query.sort import parse_sort

    try:
        parse_sort(sort, config)
        return None
    except QuerySyntaxError:
        known = [n for n in config.known() if (Kind.DATE if n == DATE_FIELD else config.kind(n)) in SORTABLE]
        return {"sort": sort, "known": known}


def sort_choices(sort: str | None, config: FieldConfig, dated: bool = True) -> list[tuple[str, str, bool]]:
    """The search box's sort menu: ``(value, Persian label, selected)`` for relevance, then each field
    results sort by (the document's date when ``dated``, i.e. some document has one, declared number and date
    fields), descending then ascending.
    ``sort`` (the page's, any spelling :func:`kavosh.query.sort.parse_sort` takes: ``-views``) selects
    its entry; relevance is selected when ``sort`` is empty or not one the index takes."""
    from ..query.errors import QuerySyntaxError
    from ..query.filters import DATE_FIELD
    from ..query.sort import RELEVANCE, parse_sort

    try:
        chosen = str(parse_sort(sort, config)) if sort else RELEVANCE
    except QuerySyntaxError:
        chosen = RELEVANCE
    out = [(RELEVANCE, "مرتبط‌ترین", chosen == RELEVANCE)]
    for name in config.known():
        kind = Kind.DATE if name == DATE_FIELD else config.kind(name)
        if kind not in SORTABLE or (name == DATE_FIELD and not dated and not chosen.startswith(f"{name}:")):
            continue  # no date sort where no document has a date, unless the page asked for it
        if name == DATE_FIELD:
            labels = ("تازه‌ترین", "قدیمی‌ترین")
        else:
            label = FIELD_LABELS.get(name, name)
            labels = (f"{label}: تازه‌ترین", f"{label}: قدیمی‌ترین") if kind == Kind.DATE else \
                (f"{label}: بیشترین", f"{label}: کمترین")
        out += [(f"{name}:{d}", text, chosen == f"{name}:{d}") for d, text in zip(("desc", "asc"), labels)]
    return out


def in_filters(q: str, details: dict) -> bool:
    """True when an error's ``position`` (1-based, in :func:`query_text`) falls in the ``f`` filters
    that follow ``q``, not in what the user typed: its advice is then about the page's URL."""
    position = details.get("position")
    return position is not None and position > len(q.strip())


KIND_LABELS = {Kind.NUMBER: "عدد", Kind.DATE: "تاریخ", Kind.KEYWORD: "برچسب", Kind.KEYWORDS: "برچسب",
               Kind.BOOL: "بله/خیر", Kind.TEXT: "متن"}
"""A field kind's Persian name, for the error page."""


def filter_examples(config: FieldConfig, name: str | None = None, limit: int = 4) -> list[str]:
    """Filters that fit: for the field ``name`` (``views`` → ``views:>1000``, ``views:100..500``),
    else for the index's own declared filterable fields, at most ``limit``; ``[]`` when it has none.
    Keyword examples use the placeholder «مقدار», the others real syntax (:mod:`kavosh.query.filters`)."""
    shapes = {Kind.NUMBER: (">1000", "100..500"), Kind.DATE: ("1403-09", ">=1403/01/01"),
              Kind.KEYWORD: ("مقدار",), Kind.KEYWORDS: ("مقدار",), Kind.BOOL: ("true", "false")}
    names = [name] if name is not None else list(config.fields)
    out = [f"{n}:{v}" for n in names for v in shapes.get(config.kind(n), ())]
    return out[:limit] if name is None else out


def sidebar_facets(config: FieldConfig) -> list[str]:
    """The facets the page asks for: the first :data:`SIDEBAR_FIELDS` facetable declared fields."""
    return [n for n, k in config.fields.items() if k in FACETABLE][:SIDEBAR_FIELDS]


def display_value(kind: str, value: str) -> str:
    """A facet value for the page: ``true`` → «بله», ``1403-09`` → «آذر ۱۴۰۳», ``100..<1000`` (``[100, 1000)``)
    → «۱۰۰ تا کمتر از ۱۰۰۰», ``1000..`` → «۱۰۰۰ و بیشتر», ``..<1`` → «کمتر از ۱»."""
    if kind == Kind.BOOL:
        return "بله" if value == "true" else "خیر"
    if kind == Kind.DATE:
        y, _, m = value.partition("-")
        year = fa_number(int(y)).replace("٬", "")
        return f"{_MONTHS[int(m) - 1]} {year}" if m else year
    if kind == Kind.NUMBER:
        a, _, b = value.partition("..")
        below = b.startswith("<")  # 100..<1000: [100, 1000), as search/facets.py labels a range
        b = b.removeprefix("<")
        a_fa = fa_number(float(a), 0) if a else ""
        b_fa = fa_number(float(b), 0) if b else ""
        if a and b:
            return f"{a_fa} تا کمتر از {b_fa}" if below else f"{a_fa} تا {b_fa}"
        return f"{a_fa} و بیشتر" if a else (f"کمتر از {b_fa}" if below else f"تا {b_fa}")
    return value


NO_VALUE = "بدون مقدار"
"""The sidebar's label of a facet's ``missing`` bucket: the matches with no value in the field."""


FIELD_LABELS = {
    "category": "دسته", "categories": "دسته‌ها", "section": "بخش", "topic": "موضوع", "topics": "موضوع‌ها",
    "subject": "موضوع", "tags": "برچسب‌ها", "tag": "برچسب", "keywords": "کلیدواژه‌ها", "keyword": "کلیدواژه",
    "source": "منبع", "site": "سایت", "publisher": "ناشر", "agency": "خبرگزاری", "author": "نویسنده",
    "authors": "نویسندگان", "language": "زبان", "lang": "زبان", "type": "نوع", "kind": "نوع", "format": "قالب",
    "published": "تاریخ انتشار", "updated": "تاریخ به‌روزرسانی", "created": "تاریخ ایجاد",
    "fetched": "تاریخ دریافت", "year": "سال", "month": "ماه", "views": "بازدید", "visits": "بازدید",
    "likes": "پسند", "comments": "دیدگاه‌ها", "rating": "امتیاز", "score": "امتیاز", "price": "قیمت",
    "city": "شهر", "province": "استان", "country": "کشور", "region": "منطقه", "long_read": "مطلب بلند",
    "status": "وضعیت", "level": "سطح", "grade": "پایه", "department": "بخش",
}
"""Persian headings of the sidebar for field names in common use; any other field is headed by its
declared name (which may be Persian itself: field names are letters, digits and ``_``)."""


def field_label(name: str) -> str:
    """The sidebar heading of field ``name``: ``category`` → «دسته», ``tags`` → «برچسب‌ها»; a name not in
    :data:`FIELD_LABELS` as declared (``ژانر`` → «ژانر», ``isbn`` → ``isbn``)."""
    return FIELD_LABELS.get(name.lower(), name)


@dataclass
class Link:
    """One facet value in the sidebar (``missing``: the link to the matches with no value, «بدون مقدار»)."""

    label: str
    count: int
    href: str
    selected: bool
    missing: bool = False

    @property
    def css_class(self) -> str:
        """The list item's classes: ``selected``, ``missing`` (styled apart: not a value), both or none."""
        return " ".join(c for c, on in (("selected", self.selected), ("missing", self.missing)) if on)


@dataclass
class Block:
    """One field's values in the sidebar."""

    field: str
    links: list[Link] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The heading shown: :func:`field_label` of :attr:`field`."""
        return field_label(self.field)


def build(base: str, q: str, f: list[str], sort: str | None, facets: list[dict]) -> list[Block]:
    """The sidebar blocks of a results page: each value links to the state with its filter toggled.

    A keyword or bool value toggles ``f=name:value``; a number or date range replaces any
    range already chosen for its field (choosing it again removes it).  The matches with no value in the
    field (the facet's ``missing``, when there are some or it is chosen) come last, «بدون مقدار», toggling
    ``f=name:""``: for a keyword or bool field an alternative to the values chosen
    (``category:(ورزشی OR "")``), for a number or date field in place of a range.
    """
    blocks = []
    for facet in facets:
        block = Block(facet["field"])
        ranged = facet["kind"] in (Kind.NUMBER, Kind.DATE)
        missing = facet.get("missing")
        shown = list(facet["buckets"])
        if missing and (missing["count"] or missing["selected"] or missing["filter"] in f):
            shown.append(missing)
        for b in shown:
            flt = b["filter"]
            parts = flt.split(" ")
            selected = all(p in f for p in parts)
            if selected:
                new = [x for x in f if x not in parts]
            elif ranged:
                new = [x for x in f if _name(x) != facet["field"]] + parts
            else:
                new = [*f, flt]
            label = NO_VALUE if b is missing else display_value(facet["kind"], b["value"])
            block.links.append(Link(label, b["count"], page_href(base, q, new, sort), selected or b["selected"],
                                    b is missing))
        if block.links:
            blocks.append(block)
    return blocks

