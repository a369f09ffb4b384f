"""Facets, sorting by a field and ties on a cluster: the same counts and order as one index (facet counts
summed over the shards, keyword facets cut per shard and completed; sorted lists merged by value then
id; equal scores merged by id, a tie crossing the window's edge too)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import kavosh

FIELDS = {"category": "keyword", "author": "keyword", "tags": "keyword[]", "views": "number",
          "published": "date", "long": "bool"}
WORDS = "ایران تهران کتاب دانشگاه شهر مردم زبان فارسی باغ درخت رود کوه دریا خبر بازار ورزش".split()


def records(n: int = 600, seed: int = 11) -> list[dict]:
    """Synthetic documents with every field kind; ``author`` has a long tail of values (more than a
    shard returns for a small facet), ``views`` repeats values (ties broken by id)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
        rec = {"id": f"d{i}", "title": f"گزارش {rng.choice(WORDS)}", "text": body,
               "category": rng.choice(["ورزشی", "سیاسی", "اقتصادی", "فرهنگی", "علمی"]),
               "author": f"نویسنده {min(rng.randint(0, 79), rng.randint(0, 79))}",
               "tags": rng.sample(WORDS[:6], rng.randint(0, 3)), "views": rng.randint(0, 40) * 25,
               "long": len(body) > 120}
        if rng.random() < 0.7:  # the rest have no date: last in either order
            rec["published"] = f"13{rng.randint(85, 99)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"
        out.append(rec)
    # Nine documents with equal scores for "همسان", added in the reverse of their ids' order: within a
    # shard tantivy orders them by address, one index by id (kavosh.search.proximity.ranked); the merge
    # must cut the tie at the window's edge by id too.
    out += [{"id": f"t{i}", "title": "همسان", "text": "همسان باغ کوه"} for i in range(9, 0, -1)]
    return out


SEARCHES = [
    ["ایران", {"facets": "category,tags,views,published,long"}],
    ["کتاب", {"facets": "author:3,category:2,published:month"}],
    ["شهر", {"facets": "author:5,tags", "filter": {"category": "ورزشی"}, "disjunctive": True}],
    ["ایران", {"sort": "views:desc", "limit": 15}],
    ["دریا", {"sort": "published:asc", "limit": 10, "offset": 30}],
    ["کوه", {"sort": "published:desc", "limit": 10, "offset": 120}],
    ["ایران کتاب", {"sort": "date:desc", "limit": 20, "facets": "author:4"}],
    # rare authors chosen: beyond the top 3, each shown after them with its exact count (F7, 2026-12-04)
    ["شهر", {"facets": "author:3", "filter": {"author": ["نویسنده 66", "نویسنده 79"]}, "disjunctive": True}],
    ["همسان", {"limit": 3, "collapse": False}],  # a tie of nine crossing the window (k = 3) ...
    ["همسان", {"limit": 2, "offset": 4, "collapse": False}],  # ... and the next pages
    ["همسان باغ", {"limit": 5}],
]


def same_facet(got: dict, want: dict, full: dict, size: int = 10) -> None:
    """Equal facets; keyword facets may show equal counts in another order and cut a tie at the end
    elsewhere (one index orders equal counts arbitrarily), but every count shown must be the value's true
    count (``full``: the same facet with every value).  Selected values beyond the top ``size`` follow them
    in both, the same."""
    assert (got["field"], got["other"], got["disjunctive"]) == (want["field"], want["other"], want["disjunctive"])
    assert got["missing"] == want["missing"]  # the matches with no value: the shards' counts summed
    if want["kind"] not in ("keyword", "keyword[]", "bool"):
        assert got["buckets"] == want["buckets"]
        return
    assert got["buckets"][size:] == want["buckets"][size:] and all(b["selected"] for b in got["buckets"][size:])
    got, want = {**got, "buckets": got["buckets"][:size]}, {**want, "buckets": want["buckets"][:size]}
    counts = [b["count"] for b in got["buckets"]]
    assert counts == [b["count"] for b in want["buckets"]] and counts == sorted(counts, reverse=True)
    last = counts[-1] if counts else 0
    assert {b["value"] for b in got["buckets"] if b["count"] > last} == \
        {b["value"] for b in want["buckets"] if b["count"] > last}
    true = {b["value"]: b["count"] for b in full["buckets"]}
    assert all(true[b["value"]] == b["count"] for b in got["buckets"]), (got, true)


@pytest.mark.slow
def test_facets_and_field_sorts_on_a_cluster_equal_one_index(cluster, tmp_path: Path):
    docs = records()
    with kavosh.Index(tmp_path / "one", fields=FIELDS) as one, \
            kavosh.Index(tmp_path / "four", fields=FIELDS, shards=4) as four:
        for ix in (one, four):
            ix.add(docs)
            ix.commit()
    out = cluster.run("fields", {"index": str(tmp_path / "four"), "searches": SEARCHES})["results"]
    one = kavosh.Index(tmp_path / "one", create=False)
    cut = 0
    for (q, kw), got in zip(SEARCHES, out, strict=True):
        want = one.search(q, snippets=False, **kw)
        # the same notes as one index (none about shards; a page sorted by the document date, which these
        # records lack, says so on both: no_sort_values)
        assert got["notes"] == [n.code for n in want.notes] and "missing_shards" not in got["notes"], (q, kw)
        assert (got["total"], got["matched"]) == (want.total, want.matched), (q, kw)
        assert len(got["hits"]) == len(want.hits) > 0, (q, kw)
        # ids and order: by value or score, ties by id (sorted: documents without a value last)
        assert [i for i, _ in got["hits"]] == [h.id for h in want.hits], (q, kw)
        assert all(abs(s - h.score) < 1e-4 for (_, s), h in zip(got["hits"], want.hits, strict=True)), (q, kw)
        if "facets" in kw:
            terms = ("author", "category", "tags", "long")
            wide = ",".join(f"{f.split(':')[0]}:100" if f.split(":")[0] in terms else f
                            for f in kw["facets"].split(","))
            full = one.search(q, snippets=False, **{**kw, "facets": wide}).facets
            sizes = dict((f.split(":") + ["10"])[:2] for f in kw["facets"].split(","))
            for g, w, f in zip(got["facets"], want.facets, full,
                               strict=True):
                same_facet(g, w, f, int(sizes[g["field"]]) if sizes[g["field"]].isdigit() else 10)
                cut += g["other"] > 0 and g["field"] == "author"
    assert cut >= 2  # the long-tailed facet was cut: the shards' lists had to be completed
    tie = one.search("همسان", limit=3, collapse=False, snippets=False)
    assert [h.id for h in tie.hits] == ["t1", "t2", "t3"] and len({h.score for h in tie.hits}) == 1
