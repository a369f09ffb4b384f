"""What a new user met with the CLI (issue #17, the try of 2026-12-03), end to end: `kavosh analyze ''` and
`kavosh suggest zzzz` printed nothing; `title:`, `category:` and `tags:` with nothing after them gave three
different answers (`tags:` searched the word "tags"); `ایران NOT` dropped its NOT without a word; a crawled
page's percent-encoded URL was shown encoded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kavosh
from kavosh.query.errors import QuerySyntaxError

URL = "https://www.example.ir/news/%D9%BE%D8%B3%D8%AA%D9%87"


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new-user-cli")
    data = folder / "news.jsonl"
    data.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in [
        {"id": "p1", "title": "صادرات پسته", "text": "صادرات پسته رفسنجان رشد کرد", "url": URL,
         "category": "اقتصاد", "tags": ["کشاورزی"]},
        {"id": "p2", "title": "انار ساوه", "text": "انار ساوه در پاییز", "category": "کشاورزی", "tags": ["باغ"]}]),
        encoding="utf-8")
    proc = run_kavosh("index", data, "--index", folder / "ix")  # category and tags: inferred keyword fields
    assert proc.returncode == 0 and "category:keyword" in proc.stderr, proc.stderr
    return folder / "ix"


def test_analyze_and_suggest_say_when_they_have_nothing(run_kavosh, index: Path):
    proc = run_kavosh("analyze", "")
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == "no tokens: the text is empty\n"
    proc = run_kavosh("analyze", "... !!")
    assert proc.stderr == "no tokens: the text has no letters or digits\n"
    proc = run_kavosh("suggest", "--index", index, "zzzz")
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr == ("no completions for «zzzz»: no title, and no word seen twice or more, of the index starts "
                           "so (a word seen once in a text is not completed: it may be a typo)\n")
    proc = run_kavosh("suggest", "--index", index, "")
    assert proc.returncode == 2
    assert proc.stderr == "kavosh: error: the prefix is empty; type the start of a word or title\n"
    assert run_kavosh("suggest", "--index", index, "پست").stdout.splitlines()[0] == "پسته"


@pytest.mark.parametrize("query,field", [("title:", "title"), ("پسته title:", "title"), ("category:", "category"),
                                         ("tags:", "tags"), ("tags: کشاورزی", "tags")])
def test_a_field_with_nothing_after_it_is_one_clear_error(run_kavosh, index: Path, query: str, field: str):
    proc = run_kavosh("search", "--index", index, "--", query)
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.startswith(f"kavosh: error: {field}: needs a value right after the colon, e.g. {field}:")
    api = kavosh.Index(index)
    with pytest.raises(QuerySyntaxError, match=f"{field}: needs a value"):
        api.search(query)
    api.close()


def test_an_unknown_field_with_nothing_after_it_is_named_like_any_unknown_field(run_kavosh, index: Path):
    proc = run_kavosh("search", "--index", index, "--", "پسته foo:")
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: unknown field foo: at position 6; the known fields are title:")


def test_an_operator_at_the_end_is_said_to_be_ignored(run_kavosh, index: Path):
    proc = run_kavosh("search", "--index", index, "--", "پسته NOT")
    assert proc.returncode == 0
    assert proc.stdout.startswith("(ignored NOT at the end of the query: it applies to nothing)\n"), proc.stdout
    res = json.loads(run_kavosh("search", "--index", index, "--json", "--", "پسته AND").stdout)
    assert res["notes"] == ["ignored AND at the end of the query: it applies to nothing"]
    assert [h["id"] for h in res["hits"]] == ["p1"]
    res = json.loads(run_kavosh("search", "--index", index, "--json", "--", "پسته AND انار").stdout)
    assert res["notes"] == [] and res["hits"] == []  # AND between two words: no note


def test_a_percent_encoded_url_is_shown_as_its_letters(run_kavosh, index: Path):
    proc = run_kavosh("search", "--index", index, "--color", "never", "پسته")
    assert "   id: p1   score: " in proc.stdout
    assert "https://www.example.ir/news/پسته" in proc.stdout and "%D9" not in proc.stdout
    res = json.loads(run_kavosh("search", "--index", index, "--json", "پسته").stdout)
    assert res["hits"][0]["url"] == URL  # the data keeps the URL as stored


def test_the_first_kavosh_embed_prints_no_library_advice_and_no_carriage_returns_in_a_log(run_kavosh, tmp_path):
    pytest.importorskip("onnxruntime")
    data = tmp_path / "d.jsonl"
    data.write_text('{"id": "a", "text": "صادرات پسته رفسنجان"}\n{"id": "b", "text": "انار ساوه در پاییز"}\n',
                    encoding="utf-8")
    assert run_kavosh("index", data, "--index", tmp_path / "ix").returncode == 0
    # an empty model folder: the weights are converted (and quantized) now, as on a new user's first run
    proc = run_kavosh("embed", "--index", tmp_path / "ix", env={"KAVOSH_MODEL_DIR": str(tmp_path / "models")},
                      timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr and "quantization" not in proc.stderr, proc.stderr  # onnxruntime's advice
    assert "\r" not in proc.stderr, proc.stderr  # stderr is a pipe here, not a terminal
    assert proc.stderr.splitlines()[-1].startswith("embedded 2 documents (2 passages) in "), proc.stderr
    assert list((tmp_path / "models").glob("e5-small-int8-*.onnx"))


def test_installing_synonyms_says_so_and_needs_no_input(run_kavosh, tmp_path: Path):
    # F16 (2026-12-04): `kavosh index … --synonyms FILE` printed nothing about the file, and installing one
    # needed files to index
    index = tmp_path / "ix"
    (tmp_path / "news.jsonl").write_text('{"id": "p1", "title": "صادرات پسته", "text": "صادرات پسته رشد کرد"}\n',
                                         encoding="utf-8")
    assert run_kavosh("index", tmp_path / "news.jsonl", "--index", index).returncode == 0
    syn = tmp_path / "syn.txt"
    syn.write_text("# groups\nپسته، فستق\nانار => رمان\n", encoding="utf-8")
    proc = run_kavosh("index", "--index", index, "--synonyms", syn)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr
    assert proc.stderr == f"synonyms: {syn} installed in {index}: 2 groups (searches use them at once; no reindex)\n"
    got = json.loads(run_kavosh("search", "--index", index, "--json", "فستق").stdout)
    assert [h["id"] for h in got["hits"]] == ["p1"] and "synonyms: فستق → پسته" in got["notes"], got["notes"]
    assert run_kavosh("index", "--index", index, "--synonyms", syn, "-q").stderr == ""
    (tmp_path / "none.txt").write_text("# none yet\n", encoding="utf-8")
    proc = run_kavosh("index", "--index", index, "--synonyms", tmp_path / "none.txt")
    assert proc.stderr == f"synonyms: {tmp_path / 'none.txt'} has no group: the index at {index} has no synonyms now\n"
    assert json.loads(run_kavosh("search", "--index", index, "--json", "فستق").stdout)["hits"] == []
    # with files to index too, the line comes first; without either, one error
    data = tmp_path / "more.jsonl"
    data.write_text('{"id": "p3", "text": "فستق"}\n', encoding="utf-8")
    proc = run_kavosh("index", data, "--index", index, "--synonyms", syn)
    assert proc.returncode == 0 and proc.stderr.startswith(f"synonyms: {syn} installed in {index}: 2 groups"), proc
    proc = run_kavosh("index", "--index", index)
    assert (proc.returncode, proc.stderr) == (2, "kavosh: error: give the files and folders to index (PATH...), or "
                                                 "--synonyms FILE alone to install a synonym file\n")
    proc = run_kavosh("index", "--index", tmp_path / "nothing", "--synonyms", syn)
    assert proc.returncode == 2 and proc.stderr.startswith(f"kavosh: error: no Kavosh index at {tmp_path / 'nothing'}")


def test_a_damaged_index_is_one_clear_error_not_a_traceback(run_kavosh, index: Path, tmp_path: Path):
    # new user 6: a garbled meta.json or a deleted segment file printed tantivy's ValueError with a traceback
    import shutil

    garbled, missing = tmp_path / "garbled", tmp_path / "missing"
    shutil.copytree(index, garbled)
    (garbled / "meta.json").write_text("garbage\n", encoding="utf-8")
    shutil.copytree(index, missing)
    for f in missing.glob("*.idx"):
        f.unlink()
    for folder, what in ((garbled, "Meta file cannot be deserialized"), (missing, "FileDoesNotExist")):
        proc = run_kavosh("search", "--index", folder, "پسته")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.startswith(f"kavosh: error: the index at {folder} is damaged: ") and what in proc.stderr
        assert proc.stderr.endswith("; delete the folder and run `kavosh index` again\n"), proc.stderr
    from kavosh.index.store import IndexDamagedError

    with pytest.raises(IndexDamagedError, match=f"the index at {garbled} is damaged"):
        kavosh.Index(garbled, create=False)
