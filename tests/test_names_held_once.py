"""A name in either script, held once; a name no document holds is not run as another word (issue #14 kinds 9, 11).

Before (main at 3000012, the same indexes): ``nokia`` found only the document writing ``Nokia`` and ``نوکیا`` only
the one writing ``نوکیا`` (a word seen once is below the completion table's minimum, where the names step looked);
``netflix`` and ``python`` found nothing, though ``نتفلیکس`` and ``پایتون`` are each in a document; with no Latin
``nokia`` held, ``nokia`` ran as Finglish «نکا» (Neka, three documents); ``java`` ran as «تشرش» (its keys on
ISIRI 9147, one document's slip); ``اسنپ`` ran as «آسیب» (its ``ن`` and ``پ`` read by their dots) and, beside
``تهران``, was OR'ed «آسیب»; ``film`` and ``bank`` found nothing (or the one English document) and said
nothing of ``فیلم``, ``بانک``.  Both ways, through indexes built
by the CLI: what runs, what is shown, what is found — and what stays as it was (a Finglish word still converts, a
real typo is still corrected).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kavosh
from kavosh.analysis import Analyzer
from kavosh.query.alternatives import _changed_letters, _weak_fixes_offered
from kavosh.query.parse import parse
from kavosh.query.spelling import Correction

from _index_helpers import cli_index


def docs(prefix: str, text: str, n: int) -> list[tuple[str, str, str]]:
    return [(f"{prefix}{i}", "خبر", f"{text} شماره {i}") for i in range(n)]


def ids(prefix: str, n: int) -> set[str]:
    return {f"{prefix}{i}" for i in range(n)}


COMMON = (docs("nokia-fa", "شرکت نوکیا گوشی تازه‌ای ساخت", 1)
          + docs("netflix", "سریال تازه نتفلیکس پربیننده شد", 1) + docs("python", "آموزش زبان برنامه‌نویسی پایتون", 1)
          + docs("samsung-fa", "گوشی سامسونگ گلکسی", 2) + docs("samsung-en", "Samsung Galaxy phone", 1)
          + docs("neka", "شهرستان نکا در مازندران", 3)
          + docs("film", "فیلم تازه در سینما", 12) + docs("bank", "بانک مرکزی نرخ سود را اعلام کرد", 8)
          + docs("asib", "آسیب دیدگی بازیکن تیم", 8) + docs("zelzele", "زلزله در بم خسارت زد", 8)
          + docs("tehran", "شهر تهران و هوای آلوده", 8) + docs("tashr", "با تشرش ساکت شد", 1)
          + docs("kori", "مشروب تقلبی باعث کوری شد", 2) + docs("curry", "a curry for dinner", 1)
          + docs("naproxen", "داروی مسکن ناپروکسن (naproxen) را بشناسید", 1)
          + docs("java", "جزیره جاوه در اندونزی", 1) + docs("khat", "هنر نقاشیخط ایرانی", 1))
BOTH = COMMON + docs("nokia-en", "Nokia phones sold", 1) + docs("film-en", "a film festival", 1)  # once each
PERSIAN = COMMON  # nokia in Persian letters only

# (index, query) -> (searched instead, rewrite kind, also searched, did you mean, documents found)
CASES = {
    # a name held once in each script finds both, as an alternative beside the word typed (and back)
    ("both", "nokia"): (None, None, "نوکیا", None, ids("nokia-fa", 1) | ids("nokia-en", 1)),
    ("both", "نوکیا"): (None, None, "nokia", None, ids("nokia-fa", 1) | ids("nokia-en", 1)),
    ("both", "samsung"): (None, None, "سامسونگ", None, ids("samsung-fa", 2) | ids("samsung-en", 1)),
    ("both", "سامسونگ"): (None, None, "samsung", None, ids("samsung-fa", 2) | ids("samsung-en", 1)),
    # a Latin name no document writes finds its Persian spelling held once; the Persian word stays as typed
    ("both", "netflix"): (None, None, "نتفلیکس", None, ids("netflix", 1)),
    ("both", "نتفلیکس"): (None, None, None, None, ids("netflix", 1)),
    ("both", "python"): (None, None, "پایتون", None, ids("python", 1)),
    ("both", "پایتون"): (None, None, None, None, ids("python", 1)),
    # a Latin word held once is a common Persian word's spelling only letter for letter, or beside it in a document
    ("both", "کوری"): (None, None, None, None, ids("kori", 2)),  # not curry (0.08 a letter, apart)
    ("both", "ناپروکسن"): (None, None, "naproxen", None, ids("naproxen", 1)),  # 0.088 a letter, written together
    # no Latin nokia: its Persian spelling held once, not the Finglish «نکا» (Neka) the table reads
    ("fa", "nokia"): (None, None, "نوکیا", None, ids("nokia-fa", 1)),
    # a Finglish word still converts
    ("fa", "tehran"): ("تهران", "finglish", None, None, ids("tehran", 8)),
    ("fa", "zelzele"): ("زلزله", "finglish", None, None, ids("zelzele", 8)),
    # a Latin word is not run as its keys on a Persian layout held once (تشرش) where its name is held (جاوه), nor a
    # common English word as keys no word of the list is written as; a string of keys with no such name still runs
    ("both", "java"): ("جاوه", "finglish", None, None, ids("java", 1)),  # the word list reads it so
    ("both", "krhadox"): ("نقاشیخط", "isiri-9147", None, None, ids("khat", 1)),
    ("fa", "فیلم film"): (None, None, None, None, ids("film", 12)),
    # a name in neither the index nor the word list: a two-letter change of a 4-letter word is only offered
    ("both", "اسنپ"): (None, None, None, "آسیب", set()),
    ("both", "اسنپ تهران"): (None, None, None, None, ids("tehran", 8)),
    # a real typo is still corrected
    ("both", "ضلزله"): ("زلزله", "spelling", None, None, ids("zelzele", 8)),
    # a common English word is searched as typed and offered its Persian spelling the index holds ten times as often
    ("both", "film"): (None, None, None, "فیلم", ids("film-en", 1)),
    ("fa", "film"): (None, None, None, "فیلم", set()),
    ("both", "bank"): (None, None, None, "بانک", set()),
    ("both", "music"): (None, None, None, None, set()),  # no Persian spelling held: nothing offered
}


@pytest.fixture(scope="module")
def indexes(run_kavosh, tmp_path_factory) -> dict[str, Path]:
    return {name: cli_index(run_kavosh, tmp_path_factory.mktemp(name), rows)
            for name, rows in (("both", BOTH), ("fa", PERSIAN))}


@pytest.mark.parametrize("where, query", list(CASES))
def test_what_is_searched_and_shown(indexes, where, query):
    rewritten, kind, included, offered, found = CASES[(where, query)]
    with kavosh.Index(indexes[where], create=False) as ix:
        res = ix.search(query, limit=100, collapse=False)
    notes = [n.details["included"] for n in res.notes if getattr(n, "code", "") in ("spelling_included",
                                                                                    "script_included")]
    assert (res.rewritten, res.rewrite_kind, notes, res.suggestion) == (
        rewritten, kind, [included] if included else [], offered), [str(n) for n in res.notes]
    assert {h.id for h in res.hits} == found


def test_through_the_cli(indexes, run_kavosh):
    """``kavosh search`` on the small index: ``nokia`` lists both documents and names the other spelling."""
    proc = run_kavosh("search", "--index", indexes["both"], "--json", "nokia")
    assert proc.returncode == 0, proc.stderr
    import json

    out = json.loads(proc.stdout)
    assert {h["id"] for h in out["hits"]} == {"nokia-fa0", "nokia-en0"}
    assert any("«نوکیا»" in (n if isinstance(n, str) else n.get("text", "")) for n in out["notes"]), out["notes"]
    proc = run_kavosh("search", "--index", indexes["both"], "اسنپ")
    assert proc.returncode == 0, proc.stderr
    assert "آسیب" in proc.stdout and "asib0" not in proc.stdout  # offered, not run


# (typed, fix, the query) -> "offer" (only offered), "beside" (searched beside the word typed, never run) or None
WEAK = {
    ("اسنپ", "اسیب", "اسنپ"): "offer",  # a 4-letter word, two letters changed by their dots
    ("اسنپ", "اسیب", "اسنپ تهران"): "offer",  # whatever its neighbours
    ("قمیت", "قیمت", "قمیت"): None,  # two adjacent letters swapped: one slip
    ("وضرش", "ورزش", "وضرش"): None,  # the same, ض sounding as ز (ParsiNLU's homophone form of «ازکی ورزش ...»)
    ("ضلزله", "زلزله", "ضلزله"): None,  # one letter, a fix many documents hold
    ("فدورا", "فورا", "فدورا"): None,  # no typing slip, but so are many typos (اخلاخ → اخلاق): as it was
    ("مانگو", "مانگ", "مانگو"): "beside",  # the one word, into a word one document holds
    ("مانگو", "مانگ", "مانگو تهران"): None,
}
HELD = {"اسیب": 400, "ورزش": 500, "قیمت": 900, "زلزله": 90, "فورا": 20, "دار": 300, "مانگ": 1, "تهران": 1700}


@pytest.mark.parametrize("typed, fix, query", list(WEAK))
def test_weak_fixes_are_held_back(typed, fix, query):
    a = Analyzer()
    parsed = parse(query, a)
    corr = Correction(query.replace(typed, fix), ((typed, fix, False),))
    out = _weak_fixes_offered(corr, parsed, a, lambda t: HELD.get(t, 0))
    got = "offer" if typed in out.offer_only else "beside" if out.changes[0][2] else None
    assert got == WEAK[(typed, fix, query)]


def test_changed_letters():
    assert _changed_letters("اسنپ", "اسیب") == 2
    assert _changed_letters("داکر", "داکور") == 1
    assert _changed_letters("فدورا", "فورا") == 1
    assert _changed_letters("قمیت", "قیمت") == 2
