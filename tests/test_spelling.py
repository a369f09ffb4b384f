"""Did you mean (kavosh.query.spelling): weighted edits with cheap Persian homophones, from the index's words."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.query.spelling import HOMOPHONE_COST, candidates, correct

WORDS = {"زلزله": 2600, "اطلاعات": 1500, "تهران": 11000, "ترکان": 7, "هاشمی": 350, "مجلس": 3300,
         "صنعت": 1400, "قیمت": 2500, "سازمان": 6800, "فوتبال": 2500, "غذا": 400, "عالی": 300,
         "حال": 900, "هال": 3, "کتاب": 3000, "کتب": 40, "عصر": 500}


def lookup(key):
    return (key, WORDS[key]) if key in WORDS else None


@pytest.mark.parametrize("typed,meant,cost", [
    ("ضلزله", "زلزله", HOMOPHONE_COST), ("ظلزله", "زلزله", HOMOPHONE_COST), ("زلذله", "زلزله", HOMOPHONE_COST),
    ("اتلاعات", "اطلاعات", HOMOPHONE_COST), ("مجلص", "مجلس", HOMOPHONE_COST), ("مجلث", "مجلس", HOMOPHONE_COST),
    ("صنعط", "صنعت", HOMOPHONE_COST), ("حاشمی", "هاشمی", HOMOPHONE_COST), ("قذا", "غذا", HOMOPHONE_COST),
    ("غیمت", "قیمت", HOMOPHONE_COST), ("آلی", None, None),  # آلی: the ا/ع swap needs ا, not آ
    ("اصر", "عصر", HOMOPHONE_COST),  # ا/ع
    ("اطلاغات", "اطلاعات", 1.0),  # غ/ع look alike but do not sound alike: an ordinary edit
    ("ضلذله", "زلزله", 2 * HOMOPHONE_COST),  # two swaps
    ("تهرام", "تهران", 1.0), ("سازمن", "سازمان", 1.0), ("فوتبل", "فوتبال", 1.0),
    ("ترحان", "تهران", 1.0 + HOMOPHONE_COST),  # transposition + ح/ه beats the rarer ترکان at cost 1
])
def test_corrections(typed, meant, cost):
    fix = correct(typed, lookup)
    if meant is None:
        assert fix is None
    else:
        assert (fix.correction, round(fix.cost, 2)) == (meant, round(cost, 2))


@pytest.mark.parametrize("word", ["کتب", "هال", "تهران", "ترکان"])
def test_words_in_the_index_are_never_corrected(word):
    # کتب (40) is one edit from کتاب (3000), هال (3) a swap from حال: both are real words of the index
    assert correct(word, lookup) is None


def test_short_words_only_get_homophone_swaps():
    assert set(candidates("حل")) == {"هل"}
    assert correct("کتا", lookup) is None  # one insertion from کتاب, but three letters: no ordinary edits
    assert correct("ab", lookup) is None


def test_search_offers_a_suggestion(tmp_path):
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add([{"id": str(i), "title": "زلزله بم", "text": "زلزله در بم و اطلاعات آن، زلزله"} for i in range(6)])
        ix.commit()
        res = ix.search("ضلزله بم")
        assert (res.suggestion, res.rewritten, res.total) == ("زلزله بم", None, 6)
        res = ix.search("+اتلاعات")
        assert (res.suggestion, res.total) == ("+اطلاعات", 0)
        assert ix.search("زلزله بم").suggestion is None
        assert ix.search("ضلزله", exact=True).suggestion is None
