"""The ``kavosh`` command end to end (run as a subprocess): search, analyze, demo, info, and user mistakes.

Indexing bad input and interrupted indexing are in ``test_ingest.py``; ``eval`` is in ``test_eval.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED_ID = "000_9deb6ac52c792e38.txt"
ARABIC_KAF, ARABIC_YEH = "\u0643", "\u064a"
PERSIAN_KEHEH, PERSIAN_YEH = "\u06a9", "\u06cc"
ZWNJ = "\u200c"


def search_json(run_kavosh, index: Path, query: str, *extra: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", *extra, "--", query)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def matched(hit: dict, where: str = "snippet") -> list[str]:
    return [s["text"] for s in hit[where] if s["match"]]


def ids(res: dict) -> list[str]:
    return [h["id"] for h in res["hits"]]


@pytest.fixture(scope="module")
def mini_index(run_kavosh, tmp_path_factory) -> Path:
    """tests/data/mini (two .txt, one .md in a subfolder) indexed with `kavosh index`."""
    path = tmp_path_factory.mktemp("mini") / "index"
    proc = run_kavosh("index", DATA / "mini", "--index", path)
    assert proc.returncode == 0, proc.stderr
    assert "indexed 3 documents" in proc.stderr and proc.stdout == ""  # a report, not data: stderr (README)
    return path


# ---------------------------------------------------------------- the seed article and Hamshahri


def test_hamshahri_index_holds_every_document(run_kavosh, hamshahri_index: Path, shared_data: Path):
    with gzip.open(shared_data / "hamshahri" / "corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        n_corpus = sum(1 for line in fh if line.strip())
    info = json.loads(run_kavosh("info", "--index", hamshahri_index).stdout)
    assert info["documents"] == n_corpus + 1  # + the seed article
    assert info["analyzer_version"].startswith("fa-")


@pytest.mark.parametrize("query", [f"شبکه{ZWNJ}های اجتماعی", "شبکههای اجتماعی", "شبکه های اجتماعی"],
                         ids=["zwnj", "joined", "space"])
def test_social_networks_finds_the_seed_first_and_highlights_it(run_kavosh, hamshahri_index: Path, query: str):
    res = search_json(run_kavosh, hamshahri_index, query)
    assert ids(res)[0] == SEED_ID
    marks = matched(res["hits"][0])
    # The snippet shows the seed's own spelling (no half-space) and marks both words.
    assert "شبکههای" in marks and "اجتماعی" in marks, res["hits"][0]["snippet"]


def test_verb_with_and_without_half_space_gives_the_same_results(run_kavosh, hamshahri_index: Path):
    results = [search_json(run_kavosh, hamshahri_index, q, "--limit", "20")
               for q in (f"می{ZWNJ}شوند", "میشوند", "می شوند")]
    assert results[0]["total"] > 100
    assert len(results[0]["hits"]) == 20
    assert ids(results[0]) == ids(results[1]) == ids(results[2])
    assert results[0]["total"] == results[1]["total"] == results[2]["total"]


def test_internet_of_things_finds_the_seed_spelling_with_hamza(run_kavosh, hamshahri_index: Path):
    res = search_json(run_kavosh, hamshahri_index, "اینترنت اشیا")
    assert ids(res)[0] == SEED_ID
    marks = matched(res["hits"][0])
    assert "اینترنت" in marks and "اشیاء" in marks  # the original «اشیاء», hamza and all


def test_persian_digits_find_ascii_digits(run_kavosh, hamshahri_index: Path):
    res = search_json(run_kavosh, hamshahri_index, "۲۰۰ هزار نفر", "--limit", "50")
    assert SEED_ID in ids(res)
    seed = res["hits"][ids(res).index(SEED_ID)]
    assert {"200", "هزار", "نفر"} <= set(matched(seed))
    phrase = search_json(run_kavosh, hamshahri_index, '"۲۰۰ هزار نفر"', "--limit", "50")
    assert SEED_ID in ids(phrase)
    assert phrase["total"] < res["total"]  # the phrase is stricter than the words


def test_yandex_query_ranks_the_seed_first(run_kavosh, hamshahri_index: Path):
    res = search_json(run_kavosh, hamshahri_index, "موتور جستجوی یاندکس")
    assert ids(res)[0] == SEED_ID
    assert "یاندکس" in matched(res["hits"][0])


@pytest.mark.parametrize("query, arabic_form", [
    ("کتاب", "كتاب"),
    ("ایران", "ايران"),
])
def test_persian_letters_find_and_highlight_arabic_letters(run_kavosh, hamshahri_index: Path, query: str,
                                                           arabic_form: str):
    assert query != arabic_form
    res = search_json(run_kavosh, hamshahri_index, query)
    assert res["total"] > 50
    for hit in res["hits"]:
        marks = matched(hit, "title_segments") + matched(hit, "snippet")
        assert marks, hit["id"]
        assert hit["id"].startswith("HAM2-")
    top = res["hits"][0]
    marks = matched(top, "title_segments") + matched(top, "snippet")
    # The highlight is the original Arabic-letter text, not a folded copy.
    assert any(m.startswith(arabic_form) for m in marks), marks
    assert not any(PERSIAN_KEHEH in m or PERSIAN_YEH in m for m in marks), marks
    if query == "کتاب":
        # Typed with Arabic letters, it is the same query.
        arabic = search_json(run_kavosh, hamshahri_index, arabic_form)
        assert arabic["total"] == res["total"]
        assert ids(arabic) == ids(res)


def test_bam_earthquake_is_found_and_highlighted(run_kavosh, hamshahri_index: Path, shared_data: Path):
    res = search_json(run_kavosh, hamshahri_index, "زلزله بم")
    top = res["hits"][0]
    marks = matched(top, "title_segments") + matched(top, "snippet")
    assert "زلزله" in marks and "بم" in marks
    # Hamshahri topic 1 (بازسازي شهر زلزله زده بم) judges Bam reconstruction articles: most of ours are among them.
    judged = {line.split("\t")[1] for line in (shared_data / "hamshahri" / "qrels.tsv").read_text().splitlines()[1:]
              if line.startswith("1\t")}
    assert sum(1 for i in ids(res) if i in judged) >= 7, ids(res)  # 10 of 10 when written


# ---------------------------------------------------------------- search on a small index


def test_index_folder_gives_ids_relative_to_it_and_titles(run_kavosh, mini_index: Path):
    res = search_json(run_kavosh, mini_index, "چای")
    assert ids(res) == ["notes/tea.md"]
    hit = res["hits"][0]
    assert hit["title"] == "چای لاهیجان"  # the Markdown heading, without '#'
    assert matched(hit, "title_segments") == ["چای"]
    assert "".join(s["text"] for s in hit["title_segments"]) == hit["title"]
    assert hit["url"].endswith("tea.md")
    # Plain output: rank, title, id, and the snippet with matches marked **so** (not a terminal, NO_COLOR).
    proc = run_kavosh("search", "--index", mini_index, "پرنده مهاجر")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^1 result for «پرنده مهاجر» \([\d.]+ ms\); showing 1–1$", proc.stdout, re.M), proc.stdout
    assert "1. **پرندگان** **مهاجر** در تالاب‌های شمال\n   id: birds.txt   score: " in proc.stdout  # first line = title
    assert "**پرنده** **مهاجر**" in proc.stdout
    assert "\x1b[" not in proc.stdout


def test_search_offset_and_limit(run_kavosh, mini_index: Path):
    everything = search_json(run_kavosh, mini_index, "تالاب چای کتابخانه")
    assert everything["total"] == 3 and len(everything["hits"]) == 3
    page2 = search_json(run_kavosh, mini_index, "تالاب چای کتابخانه", "--limit", "1", "--offset", "1")
    assert page2["total"] == 3
    assert [h["rank"] for h in page2["hits"]] == [2]
    assert ids(page2) == ids(everything)[1:2]
    proc = run_kavosh("search", "--index", mini_index, "--offset", "3", "تالاب چای کتابخانه")
    assert proc.returncode == 0 and "no more results" in proc.stdout


def test_no_results_is_not_an_error(run_kavosh, mini_index: Path):
    proc = run_kavosh("search", "--index", mini_index, "ژیمناستیک")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "no results for «ژیمناستیک»"


def test_a_lone_quote_is_ignored_with_a_note(run_kavosh, mini_index: Path):
    # a pasted sentence with one quote mark is searched as words (it had been refused: new user 2026-12-04d)
    got = run_kavosh("search", "--index", mini_index, "--json", "--", 'تالاب "چای')
    plain = run_kavosh("search", "--index", mini_index, "--json", "--", "تالاب چای")
    assert got.returncode == 0, got.stderr
    got, plain = json.loads(got.stdout), json.loads(plain.stdout)
    assert got["notes"] == ['the " at position 7 is never closed: it was ignored'] and plain["notes"] == []
    assert [h["id"] for h in got["hits"]] == [h["id"] for h in plain["hits"]] and got["total"] == plain["total"] > 0


@pytest.mark.parametrize("query, says", [
    ("", "the query is empty"),
    ("   ", "the query is empty"),
    ("!!!،؛؟", "the query «!!!،؛؟» has no word to search for, only punctuation, operators or marks"),
    # shown as typed, not as the quotes they were read as (a new user saw «""» for both)
    ("«»", "the query ««»» has no word to search for"), ('"""', 'the query «"""» has no word to search for'),
])
def test_bad_query_is_a_one_line_error(run_kavosh, mini_index: Path, query: str, says: str):
    proc = run_kavosh("search", "--index", mini_index, "--", query)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert says in proc.stderr


@pytest.mark.parametrize("args, says", [
    (("--limit", "0", "تالاب"), "limit"),
    (("--offset", "-1", "تالاب"), "offset"),
    ((), "give a query"),
    (("--topics", str(DATA / "mini" / "birds.txt")), "--output"),
])
def test_bad_search_options_are_one_line_errors(run_kavosh, mini_index: Path, args, says: str):
    proc = run_kavosh("search", "--index", mini_index, *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert says in proc.stderr


def test_searching_a_missing_index_says_how_to_create_one(run_kavosh, tmp_path: Path):
    missing = tmp_path / "nowhere"
    proc = run_kavosh("search", "--index", missing, "کتاب")
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert f"no Kavosh index at {missing}" in proc.stderr and "kavosh index" in proc.stderr
    assert not missing.exists()  # searching never creates an index
    assert "kavosh demo" in proc.stderr
    afile = tmp_path / "notes.txt"  # a file given as the index (the new user's /etc/passwd)
    afile.write_text("x", encoding="utf-8")
    for args in (("search", "--index", afile, "کتاب"), ("index", afile, "--index", afile)):
        proc = run_kavosh(*args)
        assert proc.returncode == 2 and proc.stderr == (f"kavosh: error: {afile} is a file, not an index folder; "
                                                        "give --index the folder of an index\n"), proc.stderr


def test_a_folder_that_is_not_an_index(run_kavosh, tmp_path: Path):
    (tmp_path / "stuff.txt").write_text("x", encoding="utf-8")
    for cmd in (("search", "--index", tmp_path, "کتاب"), ("index", DATA / "mini", "--index", tmp_path)):
        proc = run_kavosh(*cmd)
        assert proc.returncode == 2, cmd
        assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stuff.txt"]  # nothing written into it


def test_index_of_another_analyzer_version_asks_to_reindex(run_kavosh, mini_index: Path, tmp_path: Path):
    old = tmp_path / "old-index"
    shutil.copytree(mini_index, old)
    meta = json.loads((old / "kavosh.json").read_text(encoding="utf-8"))
    current = meta["analyzer_version"]
    meta["analyzer_version"] = "fa-000000000000"
    (old / "kavosh.json").write_text(json.dumps(meta), encoding="utf-8")
    for cmd in (("search", "--index", old, "چای"), ("info", "--index", old),
                ("index", DATA / "mini" / "birds.txt", "--index", old)):
        proc = run_kavosh(*cmd)
        assert proc.returncode == 2, cmd
        assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
        assert "fa-000000000000" in proc.stderr and current in proc.stderr
        assert "Reindex" in proc.stderr


def test_info(run_kavosh, mini_index: Path):
    proc = run_kavosh("info", "--index", mini_index)
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["documents"] == 3
    assert info["path"] == str(mini_index)
    assert re.fullmatch(r"fa-[0-9a-f]{12}", info["analyzer_version"])
    # the size `kavosh info --help` promises: every file of the folder, in bytes
    assert info["bytes"] == sum(f.stat().st_size for f in mini_index.rglob("*") if f.is_file()) > 1000
    assert "size on disk" in run_kavosh("info", "--help").stdout
    assert (info["fields"], info["weights"], info["synonyms"]) == ({}, {}, None)


def test_info_lists_declared_fields_weights_and_synonyms(run_kavosh, tmp_path: Path):
    index = tmp_path / "index"
    proc = run_kavosh("index", DATA / "mini", "--index", index, "--field", "lang:keyword",
                      "--field", "views:number", "--weight", "title:0.5", "-q")
    assert proc.returncode == 0, proc.stderr
    syn = tmp_path / "syn.txt"
    syn.write_text("چای، نوشیدنی\nکتابخانه => کتاب\n", encoding="utf-8")
    assert run_kavosh("index", "--index", index, "--synonyms", syn).returncode == 0
    info = json.loads(run_kavosh("info", "--index", index).stdout)
    assert info["fields"] == {"lang": "keyword", "views": "number"}
    assert info["weights"] == {"title": 0.5}
    assert info["synonyms"]["file"] == str(index / "synonyms.txt")
    assert info["synonyms"]["rules"] == 3  # چای ↔ نوشیدنی, کتابخانه → کتاب
    (index / "synonyms.txt").write_text("چای\n", encoding="utf-8")  # broken by hand: said, not a traceback
    proc = run_kavosh("info", "--index", index)
    assert proc.returncode == 0, proc.stderr
    assert "a group needs two or more entries" in json.loads(proc.stdout)["synonyms"]["error"]


def test_version(run_kavosh):
    import kavosh as pkg

    proc = run_kavosh("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kavosh {pkg.__version__}"


# ---------------------------------------------------------------- analyze


def test_analyze_prints_each_token_with_its_original_slice(run_kavosh):
    text = f"كتاب{ZWNJ}های ايران و شبکههای اجتماعی ۲۰۰"
    proc = run_kavosh("analyze", text)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split() for line in proc.stdout.splitlines()]
    assert [r[0] for r in rows] == ["0", "1", "2", "3", "4", "5"]
    assert rows[0][1:] == ["0-8", "كتاب<ZWNJ>های", "→", "کتاب",  # Arabic kaf shown as typed; the term is folded
                           "(as", "written:", "also", "␖کتابهای)"]  # and the word as written beside it
    assert rows[1][1:] == ["9-14", "ايران", "→", "ایران"]
    assert rows[2][1:] == ["15-16", "و", "→", "و", "(stopword)"]
    assert rows[3][2] == "شبکههای" and rows[3][4] == "شبکه"
    assert rows[5][2:] == ["۲۰۰", "→", "200"]
    for r in rows:
        start, end = map(int, r[1].split("-"))
        assert text[start:end].replace(ZWNJ, "<ZWNJ>") == r[2]


def test_analyze_json_offsets_slice_the_original(run_kavosh):
    text = f"مِی{ZWNJ}شوند  بچه‌ها ــ كتابـــهاي «ايران» 12 و"
    proc = run_kavosh("analyze", "--json", text)
    assert proc.returncode == 0, proc.stderr
    tokens = json.loads(proc.stdout)
    assert len(tokens) >= 6
    assert [t["position"] for t in tokens] == list(range(len(tokens)))
    for t in tokens:
        assert text[t["start"]:t["end"]] == t["original"], t
        assert t["original"].strip() == t["original"] and t["original"]
    by_original = {t["original"]: t for t in tokens}
    assert by_original["كتابـــهاي"]["term"] == "کتاب"
    assert by_original["ايران"]["term"] == "ایران"
    assert by_original["و"]["stopword"] is True
    assert by_original["12"]["term"] == "12"
    starts = [t["start"] for t in tokens]
    assert starts == sorted(starts)


def test_analyze_reads_standard_input(run_kavosh):
    proc = run_kavosh("analyze", input="کتابها\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "0-6", "کتابها", "→", "کتاب", "(as", "written:", "also", "␖کتابها)"]


# ---------------------------------------------------------------- demo


def test_demo_help_says_what_it_does_and_where(run_kavosh, tmp_path: Path):
    # F9 (2026-12-04): `kavosh demo -h` had no description, three options without help, and --index's
    # help gave the default index's folder, not the demo's
    proc = run_kavosh("demo", "-h", env={"XDG_DATA_HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    text = " ".join(proc.stdout.split())  # argparse wraps the lines
    for said in ["Index the sample corpus that comes with Kavosh (1,103 Persian Wikipedia paragraphs, CC BY-SA 4.0)",
                 "«المپیک تابستانی», «شبکه های اجتماعي», «زبان فارسی»",
                 "QUERY queries to run instead of the examples",
                 "--index DIR where the demo's index is (built there when missing; default: "
                 "~/.local/share/kavosh/demo, beside the default index)",
                 "--limit LIMIT results shown per query (default 3)",
                 "--color {auto,always,never} highlight matches in colour"]:
        assert said in text, (said, proc.stdout)
    assert "kavosh/index)" not in text
    sample = Path(__file__).parents[1] / "src/kavosh/data/sample/pquad_paragraphs.jsonl.gz"
    assert sum(1 for line in gzip.open(sample) if line.strip()) == 1103  # the count said is the sample's


def test_demo_never_deletes_an_index_it_did_not_make(run_kavosh, tmp_path: Path):
    # `kavosh demo --index ./my-index` on an index of another analyzer version deleted the folder to rebuild it
    import kavosh

    mine = tmp_path / "my-index"
    with kavosh.Index(mine, create=True) as ix:
        ix.add([{"id": "1", "text": "یادداشت من"}])
        ix.commit()
    meta = json.loads((mine / "kavosh.json").read_text(encoding="utf-8"))
    (mine / "kavosh.json").write_text(json.dumps({**meta, "analyzer_version": "fa-old"}), encoding="utf-8")
    before = sorted(p.name for p in mine.iterdir())
    proc = run_kavosh("demo", "--index", mine, env={"XDG_DATA_HOME": str(tmp_path)})
    assert proc.returncode == 2 and proc.stdout == "", proc
    assert proc.stderr.startswith(f"kavosh: error: the index at {mine} was built with analyzer fa-old"), proc.stderr
    assert sorted(p.name for p in mine.iterdir()) == before


def test_demo_indexes_the_sample_and_prints_highlighted_results(run_kavosh, tmp_path: Path):
    env = {"XDG_DATA_HOME": str(tmp_path)}  # a fresh user: no default index, no demo index
    index = tmp_path / "kavosh" / "demo"
    proc = run_kavosh("demo", env=env)
    assert proc.returncode == 0, proc.stderr
    assert index.is_dir() and not (tmp_path / "kavosh" / "index").exists()
    # The command to run next is runnable as printed: `kavosh` when PATH finds this one, else its path.
    script = Path(sys.executable).parent / "kavosh"
    on_path = shutil.which("kavosh") and os.path.realpath(shutil.which("kavosh")) == os.path.realpath(script)
    as_path = os.path.relpath(script) if not os.path.relpath(script).startswith("..") else str(script)
    shown = "kavosh" if on_path or not script.exists() else as_path
    assert f'search it yourself:  {shown} search "QUERY"' in proc.stderr
    elsewhere = run_kavosh("demo", "--limit", "1", env={**env, "PATH": "/usr/bin:/bin"})
    if script.exists():  # the venv's bin is not on this PATH: its path is printed (relative below this folder)
        assert f'search it yourself:  {as_path} search "QUERY"' in elsewhere.stderr
    assert "indexing the sample corpus" in proc.stderr
    m = re.search(r"the index now holds ([\d,]+)", proc.stderr)
    assert m and int(m.group(1).replace(",", "")) > 1000
    blocks = [b for b in proc.stdout.split("=" * 60) if b.strip()]
    assert len(blocks) == 3  # three example queries
    for block in blocks:
        assert re.search(r"^\d[\d,]* results? for «.+» \([\d.]+ ms\); showing 1–3$", block, re.M), block
        ranks = re.findall(r"^(\d+)\. ", block, re.M)
        assert ranks == ["1", "2", "3"], block
        assert re.search(r"\*\*[^*\s]+\*\*", block), block  # non-tty: matches marked as **word**
        scores = [float(s) for s in re.findall(r"score: ([\d.]+)", block)]
        assert scores == sorted(scores, reverse=True)
    assert "**المپیک** **تابستانی**" in blocks[0]

    # A second run reuses the index and can take the user's own query.
    proc = run_kavosh("demo", "--index", index, "--limit", "1", "زبان فارسی")
    assert proc.returncode == 0, proc.stderr
    assert "indexing the sample corpus" not in proc.stderr
    assert re.findall(r"^(\d+)\. ", proc.stdout, re.M) == ["1"]
    assert "**فارسی**" in proc.stdout

    # `kavosh demo && kavosh search 'تهران'`: the commands that read use the demo's index until the
    # default one exists, and say so on stderr.
    proc = run_kavosh("search", "--json", "تهران", env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"using the demo's index at {index}" in proc.stderr
    res = json.loads(proc.stdout)
    assert res["total"] > 10 and "تهران" in "".join(s["text"] for s in res["hits"][0]["snippet"] if s["match"])
    proc = run_kavosh("suggest", "تهرا", env=env)
    assert proc.returncode == 0 and proc.stdout.split("\n")[0].startswith("تهران"), proc.stdout
    assert json.loads(run_kavosh("info", env=env).stdout)["path"] == str(index)
    # Once `kavosh index` has made the default index, it is the one searched, without a word about the demo.
    proc = run_kavosh("index", DATA / "mini", env=env)
    assert proc.returncode == 0, proc.stderr
    proc = run_kavosh("search", "--json", "تهران", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "demo" not in proc.stderr and json.loads(proc.stdout)["total"] < 3
    assert json.loads(run_kavosh("info", env=env).stdout)["path"] == str(tmp_path / "kavosh" / "index")


@pytest.mark.parametrize("option, value", [("--max-doc-mb", "0"), ("--max-doc-mb", "-3"), ("--commit-mb", "-1"),
                                           ("--commit-mb", "lots")])
def test_size_options_must_be_positive_numbers(run_kavosh, tmp_path, option, value):
    proc = run_kavosh("index", tmp_path, "--index", tmp_path / "index", option, value)
    assert proc.returncode == 2
    assert f"argument {option}: {option} must be" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "index").exists()
