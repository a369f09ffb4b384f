"""What a new user met indexing real files (issue #17, the try of 2026-12-03), end to end through `kavosh index`
and `kavosh search`: a `date` that is not a date, and (below) the other inputs that were silent or garbled."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import kavosh


def search_json(run_kavosh, index: Path, query: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", "--", query)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ---------------------------------------------------------------- dates that are not dates


def test_a_date_that_is_not_a_date_is_named_and_the_document_indexed_undated(run_kavosh, tmp_path: Path):
    data = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "ok", "text": "انجیر استهبان", "date": "1403/09/01"},
        {"id": "rfc", "text": "انجیر استهبان", "date": "Mon, 04 Nov 2024 10:00:00 GMT"},
        {"id": "tomorrow", "text": "انجیر استهبان", "date": "فردا"},
        {"id": "month13", "text": "انجیر استهبان", "date": "1403/13/40"},
    ])
    index = tmp_path / "ix"
    proc = run_kavosh("index", data, "--index", index)
    assert proc.returncode == 1, proc.stderr  # a problem in the input: status 1, like a broken line
    lines = proc.stderr.splitlines()
    assert "2 problems in 1 input (what a line names was not indexed, unless it says otherwise):" in lines
    kept = "indexed without a date (date: filters and sorting do not see it; the value is kept as written)"
    assert (f"  {data}:3: date 'فردا' is not a date (Jalali or Gregorian, e.g. 1403-09-01, ۱ آذر ۱۴۰۳ or "
            f"2024-11-21); {kept}") in lines
    assert any(line.startswith(f"  {data}:4: date '1403/13/40' is not a date") for line in lines)
    assert "indexed 4 documents" in proc.stderr
    hits = {h["id"]: h["date"] for h in search_json(run_kavosh, index, "انجیر")["hits"]}
    assert hits == {"ok": "2024-11-21", "rfc": "2024-11-04", "tomorrow": "فردا", "month13": "1403/13/40"}
    assert {h["id"] for h in search_json(run_kavosh, index, "انجیر date:1403")["hits"]} == {"ok", "rfc"}
    again = run_kavosh("index", data, "--index", index)  # unchanged: not read again, still said
    assert again.returncode == 1 and "news.jsonl:3: date 'فردا' is not a date" in again.stderr


def test_the_python_api_warns_of_a_date_that_is_not_a_date(tmp_path: Path):
    with kavosh.Index(tmp_path / "ix") as ix:
        with pytest.warns(UserWarning, match=r"document 2 \('b'\): date 'فردا' is not a date"):
            ix.add([{"id": "a", "text": "متن", "date": "2024-11-21"}, {"id": "b", "text": "متن", "date": "فردا"}])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ix.add([{"id": "c", "text": "متن", "date": "۱ آذر ۱۴۰۳"}, {"id": "d", "text": "متن"}])
        ix.commit()
        assert ix.get("b").date == "فردا" and ix.get("c").date == "2024-11-21"
