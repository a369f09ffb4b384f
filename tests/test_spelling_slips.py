"""Slips the speller mends and words it leaves alone (issue #14 kinds 11 and 13, 2026-12-05h), both ways.

Before: PQuAD's correct «رادر چیست؟» (a rudder) ran as «برادر چیست؟» (a letter put before the first is no slip);
«پرنده دوبال» (two wings, written joined) was OR'ed in «دنبال»; ParsiNLU's typo «هاترگام» and PQuAD's «رحینی»,
«نقایخط» met nothing, their words (هاتگرام, رحیمی, نقاشیخط) held by one document each, below the completion
table's minimum.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kavosh
from kavosh.query.edits import GLUED_LIST_FREQ, likely_slip
from kavosh.query.speller import Speller
from kavosh.query.spelling import HELD_ONCE_MIN_LETTERS, held_once


@pytest.mark.parametrize("typed, fixed, slip", [
    ("رادر", "برادر", False),  # a letter put before the first makes another word (PQuAD's rudder)
    ("ادر", "مادر", False),
    ("سکیزوفرنی", "اسکیزوفرنی", True),  # an alef unwritten at a loanword's start is a slip
    ("ستفاده", "استفاده", True),
    ("استفده", "استفاده", True),  # a letter left out inside the word still is one
])
def test_a_letter_put_before_the_first_is_an_alef_or_no_slip(typed, fixed, slip):
    assert likely_slip(typed, fixed) is slip


TABLE = {"دو": 300, "در": 6000, "بال": 15, "دنبال": 32, "امن": 200, "درمان": 3000, "سال": 800}


def _speller(lexicon):
    return Speller(lambda k: (k, TABLE[k]) if k in TABLE else None, lambda w: w, lexicon=lexicon)


@pytest.mark.parametrize("typed, lexicon, fixed", [
    ("دوبال", {"دوبال": GLUED_LIST_FREQ}, "دو بال"),  # two words people write joined: split
    ("دوبال", {}, "دنبال"),  # the word list does not know the joined form: no split
    ("درامن", {"درامن": GLUED_LIST_FREQ - 1}, "درمان"),  # Hamshahri's typo of درمان is not «در امن»
    ("دوسال", {"دوسال": GLUED_LIST_FREQ}, "دو سال"),
])
def test_a_two_letter_word_glued_to_the_next_is_split(typed, lexicon, fixed):
    assert _speller(lexicon).correct_words([typed]) == [fixed]


@pytest.mark.parametrize("typed, held, fixed", [
    ("هاترگام", {"هاتگرام": 1}, "هاتگرام"),  # two letters swapped back
    ("نقایخط", {"نقاشیخط": 1}, "نقاشیخط"),  # a letter left out put back
    ("رحینی", {"رحیمی": 1}, "رحیمی"),  # ن for the key next to it, م
    ("گچسارانن", {"گچساران": 1}, "گچساران"),  # a letter typed twice
    ("رحینی", {"رحیمی": 1, "رحیتی": 3}, "رحیتی"),  # the one in most documents (ت, م: both keys beside ن)
    # and not: the first letter is kept, a letter far from the key typed is no slip, short words are left alone
    ("احیمی", {"رحیمی": 1}, None), ("رحیبی", {"رحیمی": 1}, None), ("کتبا", {"کتاب": 9}, None),
    ("هاتگرام", {"هاتگرام": 0}, None),
])
def test_a_slip_of_a_word_one_document_holds(typed, held, fixed):
    assert held_once(typed, lambda t: held.get(t, 0)) == fixed
    assert len("کتبا") < HELD_ONCE_MIN_LETTERS


DOCS = (
    [("hotgram", "پیام‌رسان", "برنامه هاتگرام حذف شد")]  # held by one document: not in the completion table
    + [(f"bird{i}", "پرنده", f"پرنده دو بال دارد شماره {i}") for i in range(8)]
    + [(f"follow{i}", "پیگیری", f"به دنبال دو خبر هستیم شماره {i}") for i in range(40)]
    + [(f"brother{i}", "خانواده", f"برادر و خواهر شماره {i}") for i in range(30)]
    + [(f"move{i}", "حرکت", f"حرکت دو قطار شماره {i}") for i in range(10)]
)


def _build(run_kavosh, folder: Path) -> Path:
    (folder / "docs.jsonl").write_text("".join(json.dumps({"id": i, "title": t, "text": x}, ensure_ascii=False)
                                               + "\n" for i, t, x in DOCS), encoding="utf-8")
    proc = run_kavosh("index", folder / "docs.jsonl", "--index", folder / "ix")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    return _build(run_kavosh, tmp_path_factory.mktemp("slips"))


@pytest.mark.parametrize("query, rewritten, included, found", [
    # a slip of a word one document holds is OR'ed in (ParsiNLU's «چرا هاترگام حذف شده؟»)
    ("هاترگام", None, "هاتگرام", {"hotgram"}),
    ("هاتگرام", None, None, {"hotgram"}),  # and not: the word as the document writes it is searched as typed
    # a two-letter word written joined that the word list knows joined is split, not read as another word
    ("پرنده دوبال", None, "پرنده دو بال", {f"bird{i}" for i in range(8)}),
    # a word no document holds is not the word a letter put before it makes (PQuAD's rudder, «حرکت رادر»)
    ("حرکت رادر", None, None, {f"move{i}" for i in range(10)}),
])
def test_slips_mended_and_words_left_alone(index, query, rewritten, included, found):
    with kavosh.Index(index, create=False) as ix:
        res = ix.search(query, collapse=False, limit=100)
    got = [n.details["included"] for n in res.notes if getattr(n, "code", "") == "spelling_included"]
    assert (res.rewritten, got[0] if got else None, res.suggestion) == (rewritten, included, None)
    assert {h.id for h in res.hits} == found


def test_a_word_alone_is_not_run_as_the_word_a_letter_before_it_makes(index):
    """«رادر چیست؟» ran as «برادر چیست؟»; it finds nothing as typed, so the other word is only offered."""
    with kavosh.Index(index, create=False) as ix:
        res = ix.search("رادر", collapse=False)
    assert (res.rewritten, [h.id for h in res.hits]) == (None, [])


def test_a_stopword_candidate_does_not_keep_the_context_out():
    """ParsiNLU «چه سالی کشف حجای شد؟» ran as «کشف جای»: a stopword among the candidates (های, no terms to meet its
    neighbours) turned the context off for all of them, so frequency chose جای over حجاب, which documents hold
    beside کشف.  Now the context ranks the other candidates unless the stopword is the most likely one."""
    table = {"حجاب": 37, "جای": 60, "های": 1000, "کشف": 100}
    speller = Speller(lambda k: (k, table[k]) if k in table else None, lambda w: w,
                      near=lambda a, b: 20 if (a, b) == ("کشف", "حجاب") else 0, is_stopword=lambda k: k == "های")
    assert speller.correct_words(["کشف", "حجای"], only={"حجای"}) == [None, "حجاب"]
    assert speller.correct_words(["حجای"]) == ["جای"]  # and not: with no neighbour, frequency decides
