"""Near-duplicates end to end: one story on four sites collapses into one result with a count.

``tests/data/dups`` holds one Persian news story as HTML pages of four "sites"
(each with its own menus, header, footer, related-links block and a line of
boilerplate inside the article body that main-text extraction keeps), one of
them lightly edited (another agency's opening, Arabic ي/ك, no half-spaces, a
few words changed), and two unrelated stories on the first site that share its
boilerplate.  Everything is indexed with the real ``kavosh index`` command.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import kavosh
from kavosh.index import dedup
from kavosh.index.store import IndexVersionError
from kavosh.ingest.document import Document
from kavosh.ingest.files import read_paths

DUPS = Path(__file__).parent / "data" / "dups"
COPIES = {"ava/ahvaz-dust.html", "sepehr/society-4471.html", "khabaran/p-88213.html", "parsi/edited-copy.html"}
UNRELATED = {"ava/book-fair.html", "ava/football.html"}
STORY_QUERY = "ریزگرد اهواز"
BOILERPLATE_QUERY = "کانال خبرگزاری آوا"  # a sentence inside the body of every page of the site "ava"


def search_json(run_kavosh, index: Path, query: str, *extra: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", *extra, "--", query)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def index_folder(run_kavosh, folder: Path, index: Path) -> None:
    proc = run_kavosh("index", folder, "--index", index)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def dups_index(run_kavosh, tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("dups") / "index"
    index_folder(run_kavosh, DUPS, index)
    return index


@pytest.fixture(scope="module")
def story(run_kavosh, dups_index: Path) -> dict:
    """``kavosh search --json`` for the story."""
    return search_json(run_kavosh, dups_index, STORY_QUERY)


def test_copies_with_different_boilerplate_collapse_into_one_result_with_a_count(run_kavosh, dups_index: Path,
                                                                                  story: dict):
    res = story
    assert (res["total"], res["matched"], res["collapsed"]) == (1, 4, True)
    [hit] = res["hits"]
    assert hit["id"] in COPIES and hit["similar"] == 3
    assert len(hit["group"]) == 16
    text = run_kavosh("search", "--index", dups_index, STORY_QUERY).stdout
    assert "1 result for «ریزگرد اهواز»" in text and "(3 near-duplicates collapsed)" in text
    result_lines = text.split("\n1. ", 1)[1].splitlines()
    assert f"+ 3 similar (near-duplicates matching the query): --similar {hit['id']}" in result_lines[3]


def test_expanding_shows_every_copy(run_kavosh, dups_index: Path, story: dict):
    first = story["hits"][0]
    similar = search_json(run_kavosh, dups_index, STORY_QUERY, "--similar", first["id"])
    assert {h["id"] for h in similar["hits"]} == COPIES
    assert similar["total"] == 4 and similar["group"] == first["group"] and not similar["collapsed"]
    assert similar["hits"][0]["id"] == first["id"]  # same ranking, nothing hidden
    by_group = search_json(run_kavosh, dups_index, STORY_QUERY, "--group", first["group"])
    assert [h["id"] for h in by_group["hits"]] == [h["id"] for h in similar["hits"]]
    every = search_json(run_kavosh, dups_index, STORY_QUERY, "--no-collapse")
    assert {h["id"] for h in every["hits"]} == COPIES and every["total"] == every["matched"] == 4
    assert {h["group"] for h in every["hits"]} == {first["group"]} and {h["similar"] for h in every["hits"]} == {3}


def test_unrelated_articles_sharing_boilerplate_are_not_grouped(run_kavosh, dups_index: Path):
    res = search_json(run_kavosh, dups_index, BOILERPLATE_QUERY)
    ids = {h["id"] for h in res["hits"]}
    assert ids == UNRELATED | {"ava/ahvaz-dust.html"}
    assert res["total"] == res["matched"] == 3
    assert len({h["group"] for h in res["hits"]}) == 3 and all(h["similar"] == 0 for h in res["hits"])


def test_user_mistakes_in_the_group_options(run_kavosh, dups_index: Path):
    proc = run_kavosh("search", "--index", dups_index, STORY_QUERY, "--similar", "no/such.html")
    assert proc.returncode == 2 and "--similar: no document with id 'no/such.html'" in proc.stderr
    proc = run_kavosh("search", "--index", dups_index, STORY_QUERY, "--group", "xyz")
    assert proc.returncode == 2 and proc.stderr.startswith("kavosh: error: group: a group id is 16 hex digits")


def test_replacing_and_deleting_group_members_keeps_search_correct(run_kavosh, tmp_path: Path):
    folder = tmp_path / "sites"
    shutil.copytree(DUPS, folder)
    index = tmp_path / "index"
    index_folder(run_kavosh, folder, index)
    # Replace the edited copy with a copy of the football story: it leaves the dust story's group
    # and joins the football story's.
    football = (folder / "ava" / "football.html").read_text(encoding="utf-8")
    (folder / "parsi" / "edited-copy.html").write_text(football.replace("خبرگزاری آوا", "پارسی نیوز"),
                                                        encoding="utf-8")
    index_folder(run_kavosh, folder, index)
    with kavosh.Index(index, create=False) as ix:
        story = ix.search(STORY_QUERY)
        assert (story.total, story.matched, story.hits[0].similar) == (1, 3, 2)
        match = ix.search("استقلال سپاهان")
        assert (match.total, match.matched) == (1, 2) and match.hits[0].similar == 1
        members = ix.search("استقلال سپاهان", group=ix.group_of("parsi/edited-copy.html"))
        assert {h.id for h in members.hits} == {"ava/football.html", "parsi/edited-copy.html"}

        # Delete the shown member, then one more: the rest stay one result, with the right count.
        shown = story.hits[0].id
        ix.delete(shown)
        ix.commit()
        after = ix.search(STORY_QUERY)
        assert (after.total, after.matched, after.hits[0].similar) == (1, 2, 1) and after.hits[0].id != shown
        second = "ava/ahvaz-dust.html" if shown != "ava/ahvaz-dust.html" else "khabaran/p-88213.html"
        ix.delete(second)
        ix.commit()
        left = ix.search(STORY_QUERY)
        assert (left.total, left.matched, left.hits[0].similar) == (1, 1, 0)
        assert {left.hits[0].id} == COPIES - {shown, second, "parsi/edited-copy.html"}


def test_groups_form_across_commits_and_survive_reopening(tmp_path: Path):
    pages = {d.id: d for d in read_paths([str(DUPS)]) if isinstance(d, Document)}  # the real HTML reader
    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        for i, doc_id in enumerate(sorted(COPIES)):  # one commit per copy: found in the committed index
            ix.add([pages[doc_id]])
            if i % 2 == 0:
                ix.commit()
        ix.add([pages[d] for d in sorted(UNRELATED)])
        ix.commit()
    with kavosh.Index(path, create=False) as ix:  # a fresh process would see the same
        groups = {d: ix.group_of(d) for d in pages}
        res = ix.search(STORY_QUERY)
    assert len({groups[d] for d in COPIES}) == 1
    assert len({groups[d] for d in UNRELATED} | {groups[next(iter(COPIES))]}) == 3
    assert (res.total, res.hits[0].similar) == (1, 3)


WORDS = ("سیب پرتقال موز انار انگور هلو گیلاس زردآلو خیار گوجه کدو سیر پیاز هویج کاهو کلم چغندر لوبیا نخود عدس برنج "
         "گندم جو ذرت کامیون بار قیمت تقاضا عرضه فصل برداشت باغ مزرعه کشاورز بازار میدان انبار سردخانه صادرات "
         "واردات تعرفه یارانه تولید مصرف خرید فروش").split()


def test_paging_runs_over_collapsed_results(tmp_path: Path):
    import random

    def story(n: int) -> str:
        rng = random.Random(n)
        return " ".join(rng.choice(WORDS) for _ in range(60))

    docs = [{"id": f"r{n:02d}", "title": "بازار میوه", "text": story(n)} for n in range(12)]
    docs += [{"id": f"r{n:02d}-copy", "title": "بازار میوه", "text": story(n)} for n in range(0, 12, 3)]
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add(docs)
        ix.commit()
        full = ix.search("title:بازار title:میوه", limit=100)
        assert (full.total, full.matched) == (12, 16)
        assert sorted(h.similar for h in full.hits) == [0] * 8 + [1] * 4
        paged = [h.id for offset in range(0, 14, 5)
                 for h in ix.search("title:بازار title:میوه", limit=5, offset=offset).hits]
        assert paged == [h.id for h in full.hits] and len(set(paged)) == 12
        assert [h.rank for h in ix.search("title:بازار title:میوه", limit=5, offset=10).hits] == [11, 12]
        every = ix.search("title:بازار title:میوه", limit=100, collapse=False)
        assert every.total == 16 and {h.id for h in every.hits} >= set(paged)


def test_fingerprint_matches_spelling_variants_and_skips_short_texts():
    analyzer = kavosh.Analyzer()
    a = "کتاب‌های تازه‌ای که ناشران در نمایشگاه کتاب امسال عرضه کرده‌اند با استقبال خوانندگان جوان همراه شد " * 2
    fa = dedup.fingerprint(analyzer.index_terms(a))
    assert fa is not None and len(fa.bands) == dedup.BANDS and len(fa.sig_bytes()) == dedup.NUM_PERM
    for joiner in ("", " "):  # half-spaces left out or typed as spaces, Arabic letters
        b = a.replace("\u200c", joiner).replace("ی", "ي").replace("ک", "ك")
        fb = dedup.fingerprint(analyzer.index_terms(b))
        assert fb is not None and fa.bands == fb.bands and np.array_equal(fa.signature, fb.signature)
    other = dedup.fingerprint(analyzer.index_terms(a.replace("نمایشگاه", "بازار")))
    assert 0.3 < dedup.similarity(fa.signature, other.signature) < 0.9
    assert dedup.fingerprint(analyzer.index_terms("خبر کوتاه درباره باران")) is None
    assert dedup.parse_group(dedup.format_group(2**63 - 5)) == 2**63 - 5
    with pytest.raises(ValueError, match="16 hex digits"):
        dedup.parse_group("12345678901234567")


def test_an_index_of_schema_3_asks_to_reindex(tmp_path: Path):
    path = tmp_path / "old"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "text": "اول"}])
        ix.commit()
    meta = json.loads((path / "kavosh.json").read_text(encoding="utf-8"))
    assert meta["schema_version"] == 9
    meta["schema_version"] = 3
    (path / "kavosh.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexVersionError, match="Reindex"):
        kavosh.Index(path)
