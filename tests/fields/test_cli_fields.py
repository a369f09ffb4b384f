"""`kavosh index --field ...` end to end: declared and inferred fields, type conflicts, a changed
configuration refused."""

from __future__ import annotations

import json

import newsfields
from fieldsupport import kavosh, needs_news

from kavosh.index.fields import CONFIG_FILE

pytestmark = needs_news


def test_declared_fields_are_stored_with_the_index(news_index):
    config = json.loads((news_index / CONFIG_FILE).read_text(encoding="utf-8"))
    assert config["fields"] == {"category": "keyword", "site": "keyword", "tags": "keyword[]",
                                "views": "number", "published": "date", "long_read": "bool"}


def test_numbers_written_as_persian_text_beside_json_numbers_are_inferred_number(tmp_path, news_jsonl, news_index):
    # views is a JSON number on odd lines and Persian-digit text on even ones ("۴۵۸"): a number field, as
    # declared (before 2026-12-04d inference refused the run: the new user's F2); conflicts: test_field_config
    ix = tmp_path / "ix"
    proc = kavosh("index", str(news_jsonl), "--index", str(ix), check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((ix / CONFIG_FILE).read_text(encoding="utf-8"))["fields"]["views"] == "number"
    for query in ("views:>3000", "views:<500", "views:1000..2000"):
        got, want = (json.loads(kavosh("search", "--index", str(i), "--json", query, "--limit", "50").stdout)
                     for i in (ix, news_index))
        assert got["total"] == want["total"] > 0, query
        assert sorted(h["id"] for h in got["hits"]) == sorted(h["id"] for h in want["hits"]), query


def test_inferred_fields_and_a_misfit_document(tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "1", "text": "متن یک", "category": "ورزشي", "tags": ["فوتبال"], "views": 10, "hot": True,
         "note": "x" * 200},
        {"id": "2", "text": "متن دو", "category": "سیاسی", "tags": [], "views": 12.5, "hot": False},
    ]) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    proc = kavosh("index", str(src), "--index", str(ix))
    assert "fields: category:keyword tags:keyword[] views:number hot:bool" in proc.stderr
    # a later document whose views is not a number is reported with its file, line and field
    bad = tmp_path / "more.jsonl"
    bad.write_text(json.dumps({"id": "3", "text": "متن سه", "views": "بسیار"}, ensure_ascii=False) + "\n"
                   + json.dumps({"id": "4", "text": "متن چهار", "views": "۷"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    proc = kavosh("index", str(bad), "--index", str(ix), check=False)
    assert proc.returncode == 1
    assert f"{bad}:1: document '3': field views (number): 'بسیار' is not a number" in proc.stderr
    assert "the index now holds 3" in proc.stderr
    # a number written as text is shown as the number it was indexed as (a new user got 4837 and '۴۷۱۷' mixed)
    hits = json.loads(kavosh("search", "--index", str(ix), "--json", "--sort", "views:asc", "--", "متن").stdout)["hits"]
    assert [(h["id"], h["fields"]["views"]) for h in hits] == [("4", 7), ("1", 10), ("2", 12.5)], hits
    assert all(type(h["fields"]["views"]) in (int, float) for h in hits)


def test_changing_a_kind_is_refused_with_the_rebuild_command(tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "متن", "views": 3}) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    kavosh("index", str(src), "--index", str(ix), "--field", "views:number")
    kavosh("index", str(src), "--index", str(ix), "--field", "views:number")  # the same: fine
    proc = kavosh("index", str(src), "--index", str(ix), "--field", "views:keyword", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"kavosh: error: the index at {ix} has the fields views:number, not views:keyword; a field's kind "
        f"decides how it is indexed, so changing it needs a new index: `kavosh index PATH... --index NEW "
        f"--field views:keyword` (or delete {ix} and index again)")
    proc = kavosh("index", str(src), "--index", str(tmp_path / "ix2"), "--field", "views:integer", check=False)
    assert proc.returncode == 2 and "unknown kind 'integer'" in proc.stderr


def test_abstract_is_inferred_as_text_and_nothing_is_passed_over_silently(tmp_path):
    # The news corpus as published: id, title, abstract, text, url, category, tags, source.
    import gzip

    with gzip.open(newsfields.NEWS, "rt", encoding="utf-8") as fh:
        records = [json.loads(next(fh)) for _ in range(30)]
    assert all(len(r["abstract"]) > 100 for r in records[:3])  # abstracts are long strings: text, not keyword
    records.append({"id": "syn", "title": "گزارش", "text": "متن کوتاه", "meta": {"editor": "x"},
                    "abstract": "در این گزارش از باغ‌های نارنجستان قدیمی شهر سخن می‌رود " * 3})
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    ix = tmp_path / "ix"
    proc = kavosh("index", str(src), "--index", str(ix), "--field", "publisher:keyword")
    # every news record has tags: [] — no kind is inferred from empty values (no facet without values), and
    # the run says so (the new user's finding of 2026-12-04b)
    assert "fields: publisher:keyword abstract:text source:keyword category:keyword" in proc.stderr
    assert ("warning: field tags is empty in all 30 documents that have it: no kind is inferred from empty "
            "values, so it is not searched, filtered or counted; if later documents will fill it, declare it "
            "when creating the index (--field tags:KIND, docs/fields.md)") in proc.stderr
    assert "warning: field abstract" not in proc.stderr and "warning: field category" not in proc.stderr
    assert "plain words also search abstract (weight 0.25)" in proc.stderr
    # a declared field no record has, and a field no search can see, are named with their documents
    assert ("warning: --field publisher:keyword: none of the 31 documents indexed has a field publisher "
            "(the fields they have: abstract, category, meta, source)") in proc.stderr
    # a declared field every document has empty is not "none has it" (newuser3 item 13: all 99 had tags: [])
    tagged = kavosh("index", str(src), "--index", str(tmp_path / "ix-tags"), "--field", "tags:keyword[]")
    assert ("warning: --field tags:keyword[]: 30 of the 31 documents indexed have a field tags, but empty ([], \"\" "
            "or null) in every one: nothing to search, filter or count until documents fill it") in tagged.stderr
    assert "none of the 31 documents indexed has a field tags" not in tagged.stderr
    # ... naming the record that left it without a kind (the new user's F3 of 2026-12-04d)
    assert (f"warning: field meta (1 document) is stored and shown, not searched, filtered or counted: {src}:31 "
            'holds {"editor": "x"}, and no kind is inferred for objects') in proc.stderr
    config = json.loads((ix / CONFIG_FILE).read_text(encoding="utf-8"))
    assert config["weights"] == {"abstract": 0.25}
    # the abstract is searched by plain words (the word is in no title or text) and by abstract:word
    for query in ("نارنجستان", "abstract:نارنجستان"):
        got = json.loads(kavosh("search", "--index", str(ix), "--json", query).stdout)
        assert [h["id"] for h in got["hits"]] == ["syn"], query
    word = records[0]["abstract"].split()[3]
    got = json.loads(kavosh("search", "--index", str(ix), "--json", f"abstract:{word}", "--limit", "50").stdout)
    assert records[0]["id"] in [h["id"] for h in got["hits"]]
