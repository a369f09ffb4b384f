"""A collapsed search's facets count every matching document, near-duplicates included; the results count
each group once. New user 8 saw «550 results» beside «farsnews 561» with nothing saying why: the search now
says so in a note (CLI, JSON ``notes``, the page), with how many matches the results collapse."""

from __future__ import annotations

from pathlib import Path

import kavosh

BODY = ("تیم ملی فوتبال ایران امروز در ورزشگاه آزادی با تیم کره جنوبی دیدار می‌کند و مربی تیم از آمادگی "
        "بازیکنان خبر داد. هواداران از صبح در اطراف ورزشگاه جمع شده بودند و بلیت‌ها پیش از ظهر تمام شد.")


def _index(path: Path) -> kavosh.Index:
    ix = kavosh.Index(path, fields={"source": "keyword"})
    docs = [{"id": f"copy-{i}", "title": "دیدار تیم ملی", "text": BODY, "source": "farsnews"} for i in range(3)]
    docs += [{"id": "other", "title": "باران", "text": "باران پاییزی در شمال کشور ادامه دارد و تیم امداد آماده است.",
              "source": "irna"}]
    ix.add(docs)
    ix.commit()
    return ix


def test_collapsed_facets_say_they_count_the_copies(tmp_path: Path):
    with _index(tmp_path / "ix") as ix:
        res = ix.search("تیم", facets="source")
        assert (res.total, res.matched) == (2, 4)
        counts = {b["value"]: b["count"] for b in res.facets[0]["buckets"]}
        assert counts == {"farsnews": 3, "irna": 1}  # every copy counted
        notes = [n for n in res.notes if n.code == "facets_count_copies"]
        assert [str(n) for n in notes] == [
            "the facet counts count every matching document, near-duplicates included: 2 of the 4 matches are "
            "near-duplicates the results collapse (--no-collapse, or collapse=0 over HTTP, lists them all)"]
        assert notes[0].details["hidden"] == 2
        # no note when nothing is collapsed, when collapsing is off, or without facets
        assert not any(n.code == "facets_count_copies" for n in ix.search("باران", facets="source").notes)
        assert not any(n.code == "facets_count_copies" for n in ix.search("تیم", facets="source", collapse=False).notes)
        assert not any(n.code == "facets_count_copies" for n in ix.search("تیم").notes)
