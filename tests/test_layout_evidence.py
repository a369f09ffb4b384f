"""A Persian word is read as Latin keys typed on the wrong layout only on evidence (issue #14 kinds 11 and 13).

Before: ``مانگو`` (mango) on Hamshahri + news ran as ``lhk',`` — the US keys that type it — because one document
holds the OCR slip ``lhk`` and none ``مانگو``.  Now a Latin-key reading (:mod:`kavosh.query.layout_evidence`) must
read as Latin words (no ``'`` ``,`` ``;`` ``[`` ``]``, which are Persian letters on the Persian layout), the words
typed must be no words of the analyzer's word list, and the index must hold the reading far more than the typed
words and their readings (sound-alike spellings, Latin spellings as a name).  Both ways, through a real small
index: read as Latin keys and left as typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kavosh
from kavosh.analysis import Analyzer
from kavosh.query.layout_evidence import LATIN_MARK_KEYS, converted_words

from _index_helpers import cli_index


def docs(prefix: str, text: str, n: int) -> list[tuple[str, str, str]]:
    return [(f"{prefix}{i}", "خبر", f"{text} شماره {i}") for i in range(n)]


DOCS = (docs("lhk", "جشنواره‌های رم lhk توکیو", 1)  # an OCR slip, as in one Hamshahri document
        + docs("clone", "گوسفند clone شد", 1)  # زمخدث → clone: one document, and زمخدث has no reading
        + docs("python", "زبان python", 3)
        + docs("sms", "پیام sms", 3)
        + docs("hiv", "ویروس hiv", 30) + docs("ahar", "شهر اهر", 2)
        + docs("icu", "بخش icu بیمارستان", 40) + docs("haza", "عبارت هذا", 3)
        + docs("wto", "سازمان wto", 3) + docs("hasa", "کتاب هذا", 1))
EXTRA = docs("icu", "بخش icu بیمارستان", 40)[:5] + docs("haza", "عبارت هذا", 3)  # icu 5, هذا 3: not far more
# (where, query) -> (searched instead, rewrite kind, also searched, documents found)
CASES = {
    # left alone: «lhk',» ends in two marks (و, گ on the Persian layout); 1 document of lhk ran before
    ("all", "مانگو"): (None, None, None, set()),
    # read as Latin keys: no mark, no word of the list, no reading of زمخدث held: one document suffices
    ("all", "زمخدث"): ("clone", "latin", None, {"clone0"}),
    ("all", "حغفاخد"): ("python", "latin", None, {"python0", "python1", "python2"}),
    # left alone: سپس ("then") and the city اهر are words of the word list (were sms, hiv)
    ("all", "اهر"): (None, None, None, {"ahar0", "ahar1"}),
    ("all", "سپس"): (None, None, None, set()),
    # read as Latin keys: icu (40 documents) is 10 times its sound-alike هذا (4); with 5 it is not
    ("all", "هزع"): ("icu", "latin", None, {f"icu{i}" for i in range(40)}),
    ("few", "هزع"): (None, None, "هذا", {"haza0", "haza1", "haza2"}),  # as typed, and its sound-alike
    # read as Latin keys: صفخ has no reading, wto is in 3 documents
    ("all", "صفخ"): ("wto", "latin", None, {"wto0", "wto1", "wto2"}),
}


@pytest.fixture(scope="module")
def indexes(run_kavosh, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name, rows in (("all", DOCS), ("few", EXTRA)):
        out[name] = cli_index(run_kavosh, tmp_path_factory.mktemp(name), rows)
    return out


@pytest.mark.parametrize("where, query", list(CASES))
def test_what_is_searched_and_shown(indexes, where, query):
    rewritten, kind, included, found = CASES[(where, query)]
    with kavosh.Index(indexes[where], create=False) as ix:
        res = ix.search(query, limit=100, collapse=False)
    notes = [n.details["included"] for n in res.notes if getattr(n, "code", "") in ("spelling_included",
                                                                                    "script_included")]
    assert (res.rewritten, res.rewrite_kind, notes) == (rewritten, kind, [included] if included else []), \
        [str(n) for n in res.notes]
    assert {h.id for h in res.hits} == found


def test_converted_words_take_syntax_off():
    assert converted_words('+"مانگو" سلام', "+\"lhk',\" سلام") == [("مانگو", "lhk',")]
    assert converted_words("title:حغفاخد*", "title:python*") == [("حغفاخد", "python")]


def test_the_mark_keys_type_persian_letters():
    from kavosh.query.layout import ISIRI_9147

    assert {ISIRI_9147[k] for k in LATIN_MARK_KEYS} == set("گوکجچ")
    a = Analyzer()
    assert a.lexicon_freq.get(a.normalize_term("مانگو"), 0) == 0  # not the word list's: the marks decide
