"""What was searched is what is shown (a new user's three findings on the news sample, round 21).

Before: ``تلوزیون`` (one document holds the typo; ``تلویزیون``, a dropped letter away, 85 times in the table) was
searched as typed alone with no hint, the held-once path asking 100x; ``تیم ملئ فوتبل`` showed «تیم ملئ فوتبال»
while ``ملئ`` was searched as ``ملی``; ``tim meli`` showed «تیم ملی» alone and marked ``مالی``, the Finglish
reading's alternative, in its results.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kavosh
from kavosh.query.spelling import HELD_SLIP_RATIO, HELD_UNLISTED_SLIP_RATIO, _unlisted_slip

from _index_helpers import cli_index as build_index

DOCS = (
    [(f"tv{i}", "برنامه", f"برنامه تلویزیون امشب شماره {i}") for i in range(30)]
    + [("tvtypo", "خبر", "بازی را از تلوزیون دیدم")]  # the one document that holds the typo
    + [(f"roman{i}", "کتاب", f"رومان تازه شماره {i}") for i in range(30)]
    + [("romen", "نام", "آقای رومن آمد")]  # a name held once the word list holds, one letter short of a word
    + [(f"team{i}", "ورزش", f"تیم ملی فوتبال ایران شماره {i}") for i in range(30)]
    + [(f"mali{i}", "اقتصاد", f"مشکلات مالی باشگاه شماره {i}") for i in range(20)]
    + [(f"masale{i}", "ورزش", f"مسئله تیم فوتبال شماره {i}") for i in range(5)]  # مسئله: written so (key مسیله)
)


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    return build_index(run_kavosh, tmp_path_factory.mktemp("searched"), DOCS)


def ids(prefix: str) -> set[str]:
    return {i for i, _t, _x in DOCS if i.startswith(prefix)}


LEXICON = {"تلویزیون": 34_311_158, "رومن": 0, "رومان": 341_575, "ایران": 536_186_017, "کمیاب": 1_000}


@pytest.mark.parametrize("typed, fix, unlisted", [
    ("تلوزیون", "تلویزیون", True),  # the list lacks the typo and holds its slip 34 million times
    ("رومن", "رومان", False),  # the list holds the word typed (a name): it is a word of its own
    ("رومانن", "کمیاب", False),  # a fix the list holds rarely (under KNOWN_LEXICON_FREQ) witnesses nothing
    ("ایرانن", "ایران", True),
])
def test_unlisted_slip_table(typed, fix, unlisted):
    assert _unlisted_slip(lambda w: w, LEXICON, typed, fix) is unlisted
    assert HELD_UNLISTED_SLIP_RATIO < HELD_SLIP_RATIO


@pytest.mark.parametrize("query, included, found", [
    # finding 1: the typo held once, its dropped-letter slip held 30x (not 100x) and listed: OR'ed in
    ("تلوزیون", "تلویزیون", ids("tv")),
    # and not: a name the word list holds, held once beside a word held 30x (HELD_SLIP_RATIO still applies)
    ("رومن", None, {"romen"}),
    ("تلویزیون", None, ids("tv") - {"tvtypo"}),
])
def test_a_typo_held_once_gets_its_listed_slip(index, query, included, found):
    with kavosh.Index(index, create=False) as ix:
        res = ix.search(query, collapse=False, limit=200)
    got = [n.details["included"] for n in res.notes if getattr(n, "code", "") == "spelling_included"]
    assert (got[0] if got else None, res.rewritten, res.suggestion) == (included, None, None)
    assert {h.id for h in res.hits} == found


@pytest.mark.parametrize("query, rewritten", [
    ("تیم ملئ فوتبل", "تیم ملی فوتبال"),  # finding 2: ملئ is searched as ملی, so shown so
    ("تیم ملی فوتبل", "تیم ملی فوتبال"),
    ("تیم مسئله فوتبل", "تیم مسئله فوتبال"),  # a word the table does not write otherwise stays as typed
])
def test_the_shown_correction_is_what_was_searched(index, query, rewritten):
    with kavosh.Index(index, create=False) as ix:
        res = ix.search(query, collapse=False, limit=200)
    assert res.rewritten == rewritten
    if "مسئله" not in query:
        assert {h.id for h in res.hits[:30]} == ids("team")  # every word found first (2 of 3 after)


def test_cli_tells_every_reading_searched(index, run_kavosh):
    # finding 3: tim meli reads «تیم ملی» and also searches مالی (the letters cannot tell them apart): told so
    out = run_kavosh("search", "--index", index, "tim meli", "--limit", "50").stdout
    assert "showing results for «تیم ملی»" in out
    assert "including results for «تیم مالی»" in out
    marked = run_kavosh("search", "--index", index, "tim meli", "--limit", "50", "--json").stdout
    assert "مالی" in marked  # searched and marked, and the note says so
    # and not: a reading with no other reading gets no such note
    out = run_kavosh("search", "--index", index, "barnameh", "--limit", "5").stdout
    assert "showing results for «برنامه»" in out and "including results for" not in out
    # finding 2 through the CLI
    out = run_kavosh("search", "--index", index, "تیم ملئ فوتبل", "--limit", "5").stdout
    assert "showing results for «تیم ملی فوتبال»" in out and "«تیم ملئ فوتبال»" not in out
