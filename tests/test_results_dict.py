"""SearchResults.to_dict / Hit.to_dict are built by hand (for speed): they must equal
dataclasses.asdict, attribute for attribute, so no field is ever left out of the JSON."""

from __future__ import annotations

from dataclasses import asdict

from kavosh.present.results import Hit, SearchResults, Segment
from kavosh.query.parse import Note


def _hit(rank: int, explain: dict | None) -> Hit:
    return Hit(rank=rank, id=f"d{rank}", score=1.5 / rank, title="کتاب", url="https://a.example/",
               date="2024-11-21", title_segments=[Segment("کتاب", True)],
               snippet=[Segment("… ", False), Segment("کتاب", True), Segment(" خوب", False)],
               fields={"tags": ["الف", "ب"], "views": 12}, date_display="۱ آذر ۱۴۰۳ (2024-11-21)",
               group="00000000000000ab", similar=2, explain=explain)


def test_to_dict_equals_asdict():
    res = SearchResults(query="کتاب", total=2, hits=[_hit(1, None), _hit(2, {"lexical_rank": 1, "window": [0, 4]})],
                        took_ms=3.5, notes=[Note("a note", "code", x=1)], offset=0, limit=10, rewritten="کتاب",
                        suggestion=None, rewrite_kind="spelling", matched=5, collapsed=True, group=None,
                        mode="hybrid", facets=[{"field": "tags", "buckets": [{"value": "الف", "count": 2}]}],
                        filters=["tags:الف"], sort="date:desc", total_exact=False)
    assert res.to_dict() == asdict(res)
    assert res.hits[1].to_dict() == asdict(res.hits[1])
    assert set(res.to_dict()) == {f for f in asdict(res)}
