"""Recognise dates in metadata and text, Jalali (Solar Hijri) or Gregorian.

Persian sources write dates in the Jalali calendar (``۱۴۰۳/۰۹/۰۱``,
``۱ آذر ۱۴۰۳``) or the Gregorian one (``2024-11-21``,
``Thursday, 21 November , 2024``), with Persian, Arabic-Indic or ASCII digits.
Everything here returns a :class:`datetime.date` (Gregorian); calendar
conversion is done by ``jdatetime`` (PyPI).

The calendar is decided by the year: 1300–1499 is Jalali (1921–2121 CE),
1800–2199 is Gregorian; other years are not taken for dates.

Entry points:

* :func:`parse_date` — one metadata value (``"1403-09-01"``, ``"2024-11-21T10:00:00Z"``);
* :func:`find_dates` — every date written in a text, with its place;
* :func:`document_date` — the date of a plain-text article (its dateline);
* :func:`parse_date_range` — a query value (``1403``, ``1403-09``, ``2024-11-21``) as
  the half-open range of days it covers;
* :func:`display_date` — ``"۱ آذر ۱۴۰۳ (2024-11-21)"``;
* :func:`to_days` / :func:`from_days` — days since 1970-01-01 (the index field).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

import jdatetime

from ..analysis.chars import ARABIC_INDIC_DIGITS, PERSIAN_DIGITS

ASCII_DIGITS = "0123456789"
_FOLD = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS + "\u064a\u0643\u200c",
                      ASCII_DIGITS * 2 + "\u06cc\u06a9 ")
"""Persian and Arabic-Indic digits to ASCII, Arabic yeh/kaf to Persian, ZWNJ to a
space: one character for one, so offsets into the folded text are offsets into
the original."""

JALALI_YEARS = range(1300, 1500)
GREGORIAN_YEARS = range(1800, 2200)
EPOCH = dt.date(1970, 1, 1)

JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                 "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_JALALI_MONTH_NUMBER = {name: i for i, name in enumerate(JALALI_MONTHS, 1)} | {"امرداد": 5}
_GREGORIAN_MONTH_NUMBER = {
    name: i for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")], 1)
    for name in names}
_WEEKDAYS_EN = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun"
_WEEKDAYS_FA = r"(?:یک|دو|سه|چهار|پنج) ?شنبه|شنبه|جمعه"

_SEP = r"[/\-.]"
_NUMERIC = re.compile(rf"(?<![\d/\-.])(\d{{4}})({_SEP})(\d{{1,2}})\2(\d{{1,2}})(?![\d])")
_FA_MONTHS = "|".join(sorted(_JALALI_MONTH_NUMBER, key=len, reverse=True))
_PERSIAN_WORDS = re.compile(rf"(?:(?:{_WEEKDAYS_FA})\s*[,،]?\s*)?(?<!\d)(\d{{1,2}})\s*(?:ام|م)?"
                            rf"\s+({_FA_MONTHS})(?:\s+ماه)?\s*[,،]?\s*(?:سال\s+)?(\d{{4}})(?!\d)")
_EN_MONTHS = "|".join(sorted(_GREGORIAN_MONTH_NUMBER, key=len, reverse=True))
_EN_DAY_MONTH = re.compile(
    rf"(?:\b(?:{_WEEKDAYS_EN})\s*,?\s*)?(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({_EN_MONTHS})\b\.?\s*,?\s*(\d{{4}})(?!\d)",
    re.IGNORECASE)
_EN_MONTH_DAY = re.compile(
    rf"(?:\b(?:{_WEEKDAYS_EN})\s*,?\s*)?\b({_EN_MONTHS})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})(?!\d)",
    re.IGNORECASE)
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text.

    Attributes:
        date: the (Gregorian) date.
        start: index of its first character in the original text.
        end: index just past its last character.
        calendar: ``"jalali"`` or ``"gregorian"``, as written.
    """

    date: dt.date
    start: int
    end: int
    calendar: str


def fold(text: str) -> str:
    """Digits to ASCII, Arabic yeh/kaf to Persian, ZWNJ to a space (same length).

    >>> fold("۱۴۰۳/٠٩/01")
    '1403/09/01'
    """
    return text.translate(_FOLD)


def make_date(year: int, month: int, day: int) -> tuple[dt.date, str] | None:
    """The Gregorian date of ``year/month/day``, Jalali if the year is 13xx/14xx.

    Returns:
        ``(date, calendar)``, or ``None`` when the year is in neither range or the
        day does not exist (``1403/12/31``, ``2023-02-29``).

    >>> make_date(1403, 9, 1)
    (datetime.date(2024, 11, 21), 'jalali')
    """
    try:
        if year in JALALI_YEARS:
            return jdatetime.date(year, month, day).togregorian(), "jalali"
        if year in GREGORIAN_YEARS:
            return dt.date(year, month, day), "gregorian"
    except ValueError:
        return None
    return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in ``text``, in order of position.

    Recognised: ``1403/09/01``, ``1403-9-1``, ``1403.09.01`` (any digits, either
    calendar by year); ``۱ آذر ۱۴۰۳`` (Jalali month names); ``21 November 2024``,
    ``Thursday, 21 November , 2024``, ``November 21, 2024`` (English month names,
    Gregorian only).  Impossible days are skipped.

    Args:
        text: any text.
    Returns:
        list of :class:`FoundDate`, sorted by ``start``; overlapping matches keep the first.
    """
    folded = fold(text)
    found: list[FoundDate] = []
    for m in _NUMERIC.finditer(folded):
        made = make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if made:
            found.append(FoundDate(made[0], m.start(), m.end(), made[1]))
    for m in _PERSIAN_WORDS.finditer(folded):
        year = int(m.group(3))
        if year in JALALI_YEARS:
            made = make_date(year, _JALALI_MONTH_NUMBER[m.group(2)], int(m.group(1)))
            if made:
                found.append(FoundDate(made[0], m.start(), m.end(), "jalali"))
    for rx, (d_i, m_i) in ((_EN_DAY_MONTH, (1, 2)), (_EN_MONTH_DAY, (2, 1))):
        for m in rx.finditer(folded):
            year = int(m.group(3))
            if year in GREGORIAN_YEARS:
                made = make_date(year, _GREGORIAN_MONTH_NUMBER[m.group(m_i).lower()], int(m.group(d_i)))
                if made:
                    found.append(FoundDate(made[0], m.start(), m.end(), "gregorian"))
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[FoundDate] = []
    for f in found:
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out


def parse_date(value: str | None) -> dt.date | None:
    """The date in one metadata value, or ``None``.

    Accepts ISO 8601 dates and timestamps (``2024-11-21``, ``2024-11-21T10:00:00Z``;
    the date as written, no time-zone shift), RFC 2822 dates as in e-mail, RSS and HTTP
    headers (``Mon, 04 Nov 2024 10:00:00 GMT``, by :func:`email.utils.parsedate_tz`; also as
    written), and anything :func:`find_dates` recognises when it is the whole value
    (surrounding spaces and punctuation aside).

    >>> parse_date("۱۴۰۳/۰۹/۰۱")
    datetime.date(2024, 11, 21)
    >>> parse_date("not a date") is None
    True
    """
    if not value or not isinstance(value, str):
        return None
    folded = fold(value).strip()
    m = _ISO_PREFIX.fullmatch(folded)
    if m:
        made = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return made[0] if made else None
    found = find_dates(folded)
    if len(found) == 1:
        rest = folded[:found[0].start] + folded[found[0].end:]
        if not re.search(r"\w", rest):
            return found[0].date
    if _RFC2822.match(folded):
        parts = email.utils.parsedate_tz(folded)
        if parts is not None and parts[0] in GREGORIAN_YEARS:
            made = make_date(parts[0], parts[1], parts[2])
            return made[0] if made else None
    return None


_RFC2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
"""The shape of an RFC 2822 date with its time (``Mon, 04 Nov 2024 10:00:00 GMT``), checked before
:func:`email.utils.parsedate_tz`, which guesses at much less."""

DATE_EXAMPLES = "Jalali or Gregorian, e.g. 1403-09-01, ۱ آذر ۱۴۰۳ or 2024-11-21"
"""How a date may be written, for messages."""


def date_problem(value: str | None) -> str | None:
    """Why a document's ``date`` value is not a date (:func:`parse_date`), or ``None`` when it is one or empty.

    >>> date_problem("فردا")
    "date 'فردا' is not a date (Jalali or Gregorian, e.g. 1403-09-01, ۱ آذر ۱۴۰۳ or 2024-11-21)"
    >>> date_problem("1403/09/01") is None and date_problem("") is None
    True
    """
    if value is None or not str(value).strip() or parse_date(str(value)) is not None:
        return None
    return f"date {str(value)[:40]!r} is not a date ({DATE_EXAMPLES})"


def document_date(text: str, head: int = 500, tail: int = 300) -> dt.date | None:
    """The date of an article in plain text: a dateline at its end or its start.

    News text often ends with the publication date (``... انتهای پیام/`` then
    ``Thursday, 21 November , 2024``) or starts with one; dates in the middle are
    about something else.  So: the last date in the last ``tail`` characters,
    else the first date in the first ``head`` characters, else ``None``.
    """
    end = find_dates(text[-tail:]) if tail else []
    if end:
        return end[-1].date
    start = find_dates(text[:head]) if head else []
    return start[0].date if start else None


def to_days(d: dt.date) -> int:
    """Days since 1970-01-01 (the value of the index's date field).

    >>> to_days(dt.date(2024, 11, 21))
    20048
    """
    return d.toordinal() - EPOCH.toordinal()


def from_days(days: int) -> dt.date:
    """Inverse of :func:`to_days`."""
    return dt.date.fromordinal(days + EPOCH.toordinal())


class DateValueError(ValueError):
    """A date in a query cannot be read; the message is one line for the user."""


_RANGE_VALUE = re.compile(rf"(\d{{4}})(?:({_SEP})(\d{{1,2}})(?:\2(\d{{1,2}}))?)?")
_FA_MONTH_YEAR = re.compile(rf"({_FA_MONTHS})(?:\s+ماه)?\s*[,،]?\s*(?:سال\s+)?(\d{{4}})")
_EN_MONTH_YEAR = re.compile(rf"({_EN_MONTHS})\.?\s*,?\s*(\d{{4}})", re.IGNORECASE)


def _named_month(folded: str, value: str) -> str | None:
    """``فروردین ۱۳۸۷`` → ``1387-1``, ``November 2024`` → ``2024-11`` (a month named with its year, the
    year in the month's calendar), ``None`` for another shape.

    Raises:
        DateValueError: a Jalali month with a Gregorian year or the reverse."""
    for pattern, numbers, years, calendar in ((_FA_MONTH_YEAR, _JALALI_MONTH_NUMBER, JALALI_YEARS, "Jalali"),
                                              (_EN_MONTH_YEAR, _GREGORIAN_MONTH_NUMBER, GREGORIAN_YEARS,
                                               "Gregorian")):
        m = pattern.fullmatch(folded)
        if m:
            year = int(m.group(2))
            if year not in years:
                raise DateValueError(f"{value!r}: {m.group(1)} is a {calendar} month; give a {calendar} year "
                                     f"({years.start}–{years.stop - 1})")
            return f"{year}-{numbers[m.group(1).lower()]}"
    return None


def parse_date_range(value: str) -> tuple[dt.date, dt.date]:
    """The days a query date covers, as a half-open range ``[start, end)``.

    ``1403`` is a Jalali year, ``1403-09`` (or ``۱۴۰۳/۹``) a Jalali month,
    ``1403-09-01`` one day; likewise ``2024``, ``2024-11``, ``2024-11-21`` in the
    Gregorian calendar; a month may be named with its year (``آذر ۱۴۰۳``, ``November 2024``).
    Single full dates in other accepted forms (``۱ آذر ۱۴۰۳``) also work.

    Raises:
        DateValueError: not a date, a year outside 1300–1499 and 1800–2199, or a
            month/day that does not exist.

    >>> parse_date_range("1403-09")
    (datetime.date(2024, 11, 21), datetime.date(2024, 12, 21))
    """
    folded = fold(value).strip()
    folded = _named_month(folded, value) or folded
    m = _RANGE_VALUE.fullmatch(folded)
    if not m:
        d = parse_date(value)
        if d is None:
            raise DateValueError(f"{value!r} is not a date; write a year, year-month or year-month-day, "
                                 "e.g. 1403, 1403-09, 1403/09/01, 2024-11-21 or a named month: آذر ۱۴۰۳")
        return d, d + dt.timedelta(days=1)
    year = int(m.group(1))
    month = int(m.group(3)) if m.group(3) else None
    day = int(m.group(4)) if m.group(4) else None
    if year in JALALI_YEARS:
        cal, nxt = jdatetime.date, jdatetime.date
    elif year in GREGORIAN_YEARS:
        cal, nxt = dt.date, dt.date
    else:
        raise DateValueError(f"year {year} is outside the years Kavosh reads as dates "
                             "(1300–1499 Jalali, 1800–2199 Gregorian)")
    try:
        if month is None:
            start, end = cal(year, 1, 1), nxt(year + 1, 1, 1)
        elif day is None:
            start = cal(year, month, 1)
            end = nxt(year + (month == 12), month % 12 + 1, 1)
        else:
            start = cal(year, month, day)
            end = None
    except ValueError:
        calendar = "Jalali" if cal is jdatetime.date else "Gregorian"
        if month is not None and not 1 <= month <= 12:
            raise DateValueError(f"{value!r}: month {month} is not a month of the {calendar} calendar "
                                 "(1 to 12)") from None
        raise DateValueError(f"{value!r} is not a day of the {calendar} calendar") from None
    if isinstance(start, jdatetime.date):
        start = start.togregorian()
        end = end.togregorian() if end is not None else None
    return start, end if end is not None else start + dt.timedelta(days=1)


def display_date(d: dt.date) -> str:
    """The date in Jalali with Persian digits and month name, the Gregorian beside.

    >>> display_date(dt.date(2024, 11, 21))
    '۱ آذر ۱۴۰۳ (2024-11-21)'
    """
    j = jdatetime.date.fromgregorian(date=d)
    digits = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)
    day, year = str(j.day).translate(digits), str(j.year).translate(digits)
    return f"{day} {JALALI_MONTHS[j.month - 1]} {year} ({d.isoformat()})"


def shown_date(value: str | None) -> str:
    """A stored date as every page and the command line show it: :func:`display_date` of
    :func:`parse_date` (``"2024-11-21"`` → ``"۱ آذر ۱۴۰۳ (2024-11-21)"``), or ``""`` when ``value`` is
    no date Kavosh reads (the caller then shows it as written).  The results list, a document's page
    (new user 19 #3: it showed ``2024-11-21`` alone) and a sorted search's line all call this.

    >>> shown_date("۱۴۰۳/۰۹/۰۱"), shown_date("not a date")
    ('۱ آذر ۱۴۰۳ (2024-11-21)', '')
    """
    day = parse_date(value) if value else None
    return display_date(day) if day else ""
