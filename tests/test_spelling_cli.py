"""Spelling through `kavosh search` (issue #17): a real word the index lacks is run as typed, the correction offered;
a non-word is still corrected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spell")
    docs = [{"id": f"d{i}", "title": f"خبر {i}",
             "text": f"ساختمان کهن برجای ماند و تلگراف شهر کار کرد. خبر شماره {i} درباره زلزله بم."} for i in range(30)]
    (folder / "docs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                                       encoding="utf-8")
    proc = run_kavosh("index", folder / "docs.jsonl", "--index", folder / "ix")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"


@pytest.mark.parametrize("typed, offered", [("برجام", "برجای"), ("تلگرام", "تلگراف")])
def test_a_real_word_the_index_lacks_runs_as_typed(run_kavosh, index: Path, typed: str, offered: str):
    proc = run_kavosh("search", "--index", index, typed)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"did you mean «{offered}»?\nno results for «{typed}»\n"
    res = json.loads(run_kavosh("search", "--index", index, "--json", typed).stdout)
    assert (res["rewritten"], res["suggestion"], res["total"]) == (None, offered, 0)


def test_a_non_word_is_still_corrected(run_kavosh, index: Path):
    res = json.loads(run_kavosh("search", "--index", index, "--json", "ضلزله بم").stdout)
    assert (res["rewritten"], res["suggestion"]) == ("زلزله بم", None)
    assert res["total"] >= 1
