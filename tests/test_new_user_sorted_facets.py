"""What a new user met with sorted results and disjunctive facets (finding F7 of 2026-12-04), end to end
through `kavosh search`: `--sort published:desc` showed each date as its source wrote it (`۱۴۰۳/۰۹/۰۱`,
`2024-12-10`, `1403/08/14`: three forms in one list), and `--disjunctive` facets dropped a selected value
that was not among the top values (a rare category chosen vanished from its own facet; the web page's
sidebar, disjunctive too, could not show or unselect it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CATEGORIES = ["ورزشی"] * 12 + ["اقتصادی"] * 6 + ["فرهنگی"] * 3 + ["علمی"] * 2 + ["هنری"]
PUBLISHED = ["۱۴۰۳/۰۹/۰۱", "2024-12-10", "1403/08/14", "۱۴۰۲-۰۱-۰۵", "2023-06-01T08:00:00Z"]
SHOWN = {"۱۴۰۳/۰۹/۰۱": "۱ آذر ۱۴۰۳ (2024-11-21)", "2024-12-10": "۲۰ آذر ۱۴۰۳ (2024-12-10)",
         "1403/08/14": "۱۴ آبان ۱۴۰۳ (2024-11-04)", "۱۴۰۲-۰۱-۰۵": "۵ فروردین ۱۴۰۲ (2023-03-25)",
         "2023-06-01T08:00:00Z": "۱۱ خرداد ۱۴۰۲ (2023-06-01)"}


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sorted-facets")
    data = folder / "news.jsonl"
    data.write_text("".join(json.dumps({"id": f"n{i}", "title": "خبر", "text": f"خبر شماره {i}",
                                        "category": c, "published": PUBLISHED[i % len(PUBLISHED)],
                                        **({"date": PUBLISHED[i]} if i < len(PUBLISHED) else {})},
                                       ensure_ascii=False) + "\n" for i, c in enumerate(CATEGORIES)),
                    encoding="utf-8")
    proc = run_kavosh("index", data, "--index", folder / "ix", "--field", "category:keyword",
                      "--field", "published:date")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"


def _id_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("   id: ")]


def test_sorted_dates_are_shown_in_one_form(run_kavosh, index: Path):
    iso = {v: re.search(r"\((.*)\)", shown).group(1) for v, shown in SHOWN.items()}
    every = [PUBLISHED[i % len(PUBLISHED)] for i in range(len(CATEGORIES))]
    for sort, newest_first in [("published:desc", True), ("published", False)]:
        proc = run_kavosh("search", "--index", index, "--sort", sort, "--limit", "100", "--", "خبر")
        assert proc.returncode == 0, proc.stderr
        shown = [line.split("published: ", 1)[1].split("   ")[0] for line in _id_lines(proc.stdout)]
        want = [SHOWN[v] for v in sorted(every, key=lambda v: iso[v], reverse=newest_first)]
        assert shown == want, proc.stdout  # not ۱۴۰۳/۰۹/۰۱ beside 2024-12-10 beside 1403/08/14
    # sorted by the document's date: that date is the sort value, shown once in the same form
    dated = run_kavosh("search", "--index", index, "--sort", "date", "--limit", "7", "--", "خبر")
    lines = _id_lines(dated.stdout)
    assert [line.split("date: ", 1)[1] for line in lines] \
        == [SHOWN[v] for v in sorted(PUBLISHED, key=lambda v: iso[v])] + ["none", "none"], dated.stdout
    assert all(line.count("(20") <= 1 for line in lines), dated.stdout  # the date once, not twice


@pytest.mark.parametrize("selected, counts", [
    (["هنری"], {"هنری": 1}),
    (["هنری", "علمی"], {"علمی": 2, "هنری": 1}),
    (["ناموجود"], {"ناموجود": 0}),  # a value no document has: shown as chosen, with 0, so it can be unchosen
])
def test_a_selected_value_stays_in_its_disjunctive_facet(run_kavosh, index: Path, selected, counts):
    flt = f"category:({' OR '.join(selected)})" if len(selected) > 1 else f"category:{selected[0]}"
    proc = run_kavosh("search", "--index", index, "--facets", "category:2", "--disjunctive", "--json", "--",
                      f"خبر {flt}")
    assert proc.returncode == 0, proc.stderr
    facet = json.loads(proc.stdout)["facets"][0]
    assert facet["disjunctive"]
    buckets = [(b["value"], b["count"], b["selected"]) for b in facet["buckets"]]
    # the top two by count over the other filters, then each chosen value with its own exact count
    assert buckets == [("ورزشی", 12, False), ("اقتصادی", 6, False)] \
        + sorted(((v, n, True) for v, n in counts.items()), key=lambda b: (-b[1], b[0])), buckets
    assert facet["other"] == len(CATEGORIES) - 18 - sum(counts.values())
    text = run_kavosh("search", "--index", index, "--facets", "category:2", "--disjunctive", "--", f"خبر {flt}")
    for value, n in counts.items():
        assert f" * {value}  {n}   [category:{value}]" in text.stdout, text.stdout
