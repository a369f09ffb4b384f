"""``kavosh index --synonyms FILE``: a line whose entries analyse to one entry is refused as a one-entry
group is (nothing replaced), and a one-way rule's note names what is searched (new user 4's finding S1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def _indexed(run_kavosh, folder: Path, docs: list[dict], synonyms: str) -> Path:
    """An index of ``docs`` (JSON Lines records) in ``folder / "ix"``, with the synonym file ``synonyms`` installed."""
    source = folder / "docs.jsonl"
    source.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
    path = folder / "ix"
    syn = folder / "synonyms.txt"
    syn.write_text(synonyms, encoding="utf-8")
    proc = run_kavosh("index", source, "--index", path, "--synonyms", syn, "-q")
    assert proc.returncode == 0, proc.stderr
    return path


@pytest.fixture
def index(run_kavosh, tmp_path: Path) -> Path:
    """Three documents (پسته, آیفون, iphone) with two synonym groups installed."""
    return _indexed(run_kavosh, tmp_path, [
        {"id": "p1", "title": "صادرات پسته", "text": "صادرات پسته رشد کرد"},
        {"id": "ip", "title": "گوشی", "text": "قیمت آیفون تازه در بازار تهران"},
        {"id": "en", "title": "phone", "text": "the new iphone review"},
    ], "پسته، فستق\nanar => انار\n")


def _search(run_kavosh, index: Path, query: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", query)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("line, analysed", [
    ("کتاب، کتاب", "کتاب"),
    ("کتاب، کتاب‌ها، کتابها", "کتاب"),  # one word after analysis (plural and half-space folded)
    ("آی فون => آیفون", "ایفون"),
])
def test_a_line_of_one_entry_after_analysis_is_refused_and_nothing_replaced(run_kavosh, index: Path,
                                                                              tmp_path: Path, line: str,
                                                                              analysed: str):
    before = (index / "synonyms.txt").read_text(encoding="utf-8")
    bad = tmp_path / "s.txt"
    bad.write_text(f"# one line\n{line}\n", encoding="utf-8")
    proc = run_kavosh("index", "--index", index, "--synonyms", bad)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"kavosh: error: {bad}:2: the entries of «{line}» are all one entry after analysis "
                           f"({analysed}), so the line would search nothing more; a group needs two or more "
                           "different entries\n"), proc.stderr
    assert (index / "synonyms.txt").read_text(encoding="utf-8") == before
    assert [h["id"] for h in _search(run_kavosh, index, "فستق")["hits"]] == ["p1"]  # still installed


def test_an_installed_file_with_such_a_line_still_searches(run_kavosh, index: Path):
    # an analyzer change may fold two entries of an installed file into one: searches go on
    (index / "synonyms.txt").write_text("کتاب، کتاب‌ها\nپسته، فستق\n", encoding="utf-8")
    got = _search(run_kavosh, index, "فستق")
    assert [h["id"] for h in got["hits"]] == ["p1"] and "synonyms: فستق → پسته" in got["notes"]


def test_a_one_way_rule_names_the_entry_it_searches(run_kavosh, index: Path, tmp_path: Path):
    syn = tmp_path / "phones.txt"
    syn.write_text("iphone, آی فون => آیفون\n", encoding="utf-8")
    proc = run_kavosh("index", "--index", index, "--synonyms", syn)
    assert proc.returncode == 0 and "1 group" in proc.stderr, proc.stderr
    got = _search(run_kavosh, index, "iphone")
    assert {h["id"] for h in got["hits"]} == {"ip", "en"}
    assert "synonyms: iphone → آیفون" in got["notes"], got["notes"]
    shown = json.loads(run_kavosh("analyze", "--index", index, "--json", "iphone").stdout)
    assert shown["synonyms"] == [{"word": "iphone", "alternatives": ["آیفون"]}]


@pytest.fixture
def gold(run_kavosh, tmp_path: Path) -> Path:
    """Two news items, one about gold (طلا), with the synonym line «طلا، زر» installed (new user 5)."""
    return _indexed(run_kavosh, tmp_path, [
        {"id": "n1", "title": "افزایش قیمت طلا", "text": "قیمت طلا و سکه در بازار تهران امروز افزایش یافت."},
        {"id": "n2", "title": "بارش برف در شمال", "text": "بارش برف سنگین جاده‌های شمال کشور را مسدود کرد."},
    ], "طلا، زر\n")


def test_a_word_the_synonym_file_declares_is_not_corrected(run_kavosh, gold: Path):
    # زر is in no document but searches طلا: no «did you mean در» (a stopword one letter away)
    out = _search(run_kavosh, gold, "زر")
    assert [h["id"] for h in out["hits"]] == ["n1"]
    assert (out["suggestion"], out["rewritten"]) == (None, None)


def test_a_slip_is_still_corrected_in_an_index_with_synonyms(run_kavosh, gold: Path):
    # قیمط زر: no document holds زر, but قیمت beside طلا (its synonym) is in one: the documents holding all the
    # words count the synonyms' entries, so the correction runs (it did not: count_all saw no زر)
    for query, fixed in (("قیمط طلا", "قیمت طلا"), ("قیمط زر", "قیمت زر")):  # ط for ت
        out = _search(run_kavosh, gold, query)
        assert [h["id"] for h in out["hits"]] == ["n1"]
        assert out["rewritten"] == fixed
    # one word whose correction one document holds: searched beside the word typed, not instead (round 3r)
    out = _search(run_kavosh, gold, "قیمط")
    assert [h["id"] for h in out["hits"]] == ["n1"] and out["rewritten"] is None
    assert any("«قیمت»" in n for n in out["notes"]), out["notes"]


def test_a_slip_beside_a_declared_word_without_its_fix_in_any_document_is_not_run(run_kavosh, gold: Path):
    # برفط زر: برف (n2) never stands with طلا or زر, so no document holds the correction's words: not run
    out = _search(run_kavosh, gold, "برفط زر")
    assert out["rewritten"] is None


def test_count_all_through_counts_a_leaf_as_its_synonym_entries():
    from kavosh.query.synonyms import Synonyms, count_all_through

    docs = [{"قیمت", "طلا"}, {"برف"}]

    def count_all(leaves):
        return sum(all(leaf[0] in d for leaf in leaves) for d in docs)

    syn = Synonyms(rules={("زر",): [("طلا",)], ("طلا",): [("زر",)]})
    assert count_all_through(count_all, [["قیمت"], ["زر"]], syn) == 1
    assert count_all_through(count_all, [["برف"], ["زر"]], syn) == 0
    assert count_all_through(count_all, [["قیمت"], ["زر"]], Synonyms()) == count_all([["قیمت"], ["زر"]]) == 0
