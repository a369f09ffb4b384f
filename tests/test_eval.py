"""Evaluation: metrics against hand-computed values, topic/qrels/run files, and `kavosh eval` end to end."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from kavosh.eval import MEASURES, evaluate, read_qrels, read_run, read_topics, write_run
from kavosh.eval.trec import EvalInputError

# ---------------------------------------------------------------- metrics


def test_metrics_match_a_hand_computed_case():
    # q1: the relevant d1 at rank 2; q2: the relevant d20 at rank 20 (outside the @10 cut-offs);
    # q3: judged but absent from the run (scores 0 everywhere).
    qrels = {"q1": {"d1": 1}, "q2": {"d20": 1}, "q3": {"x": 1}}
    run = {"q1": [("d0", 2.0), ("d1", 1.0)],
           "q2": [(f"d{i}", 100.0 - i) for i in range(1, 31)]}
    assert [d for d, _ in run["q2"]].index("d20") == 19
    m = evaluate(qrels, run)
    assert list(m) == ["nDCG@10", "MRR@10", "Recall@100", "MAP"]
    assert m["MRR@10"] == pytest.approx(0.5 / 3)  # 0.05 for q2 would mean the @10 cut-off was ignored
    assert m["MAP"] == pytest.approx((0.5 + 1 / 20 + 0) / 3)
    assert m["Recall@100"] == pytest.approx(2 / 3)
    assert m["nDCG@10"] == pytest.approx((1 / math.log2(3)) / 3)


def test_metrics_follow_run_order_not_scores():
    # The run is best-first; its scores may be anything (even increasing): the order is what counts.
    qrels = {"q": {"rel": 1}}
    m = evaluate(qrels, {"q": [("rel", 0.1), ("other", 9.0)]})
    assert m["MRR@10"] == pytest.approx(1.0)
    assert m["nDCG@10"] == pytest.approx(1.0)


def test_metrics_graded_relevance_and_unjudged_run_queries():
    qrels = {"q": {"a": 2, "b": 1}}
    run = {"q": [("b", 2.0), ("a", 1.0)], "unjudged": [("a", 1.0)]}
    m = evaluate(qrels, run)
    # trec_eval's nDCG (what ir-measures computes): gain = the relevance grade, discount log2(rank + 1)
    ideal = 2 / 1 + 1 / math.log2(3)
    got = 1 / 1 + 2 / math.log2(3)
    assert m["nDCG@10"] == pytest.approx(got / ideal)
    assert m["MAP"] == pytest.approx(1.0)  # both relevant documents retrieved above any non-relevant one
    assert m["Recall@100"] == pytest.approx(1.0)  # the unjudged query does not count


def test_metrics_of_an_empty_run_are_zero():
    assert evaluate({"q1": {"d": 1}}, {}) == {name: 0.0 for name in MEASURES}


# ---------------------------------------------------------------- topics


def test_read_topics_tsv(tmp_path: Path):
    p = tmp_path / "topics.tsv"
    p.write_text("1\tزلزله بم\n\n2\tکتاب\tکودک\n", encoding="utf-8")
    # a tab inside the query text stays part of the query
    assert read_topics(p) == [("1", "زلزله بم"), ("2", "کتاب\tکودک")]


def test_read_topics_beir_jsonl(tmp_path: Path):
    p = tmp_path / "queries.jsonl"
    p.write_text('\ufeff{"_id": "7", "text": "بازسازي شهر"}\n{"id": 8, "query": "نفت"}\n', encoding="utf-8")
    assert read_topics(p) == [("7", "بازسازي شهر"), ("8", "نفت")]


@pytest.mark.parametrize("content, line", [
    ("1\tالف\nno tab here\n", 2),
    ('{"_id": "1", "text": "الف"}\n{"_id": "2"}\n', 2),
    ('{"_id": "1", "text": "الف"}\n\n{"_id": "2", "text": \n', 3),
])
def test_read_topics_errors_name_file_and_line(tmp_path: Path, content: str, line: int):
    p = tmp_path / "topics.txt"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(EvalInputError) as e:
        read_topics(p)
    assert f"{p}:{line}:" in str(e.value)


def test_read_topics_missing_or_empty_file(tmp_path: Path):
    with pytest.raises(EvalInputError, match="cannot read"):
        read_topics(tmp_path / "nope.tsv")
    (tmp_path / "empty.tsv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(EvalInputError, match="no topics"):
        read_topics(tmp_path / "empty.tsv")


# ---------------------------------------------------------------- qrels


def test_read_qrels_beir_with_header(tmp_path: Path):
    p = tmp_path / "qrels.tsv"
    p.write_text("query-id\tcorpus-id\tscore\n1\tHAM2-1\t1\n1\tHAM2-2\t0\n2\tHAM2-3\t2\n", encoding="utf-8")
    assert read_qrels(p) == {"1": {"HAM2-1": 1, "HAM2-2": 0}, "2": {"HAM2-3": 2}}


def test_read_qrels_trec_four_columns(tmp_path: Path):
    p = tmp_path / "qrels.txt"
    p.write_text("401 0 FBIS3-10 1\n401 0 FBIS3-11 0\n\n402 Q0 LA-7 1.0\n", encoding="utf-8")
    assert read_qrels(p) == {"401": {"FBIS3-10": 1, "FBIS3-11": 0}, "402": {"LA-7": 1}}


@pytest.mark.parametrize("content, line, why", [
    ("query-id\tcorpus-id\tscore\n1\td1\t1\n1\td2\n", 3, "found 2 columns, not 3 or 4"),
    ("1 0 d1 1\n1 0 d2 relevant\n", 2, "the relevance is not a number: 'relevant'"),
    ("1 0 d1 1 extra\n", 1, "found 5 columns, not 3 or 4"),  # new user 6 read "(5 columns)" as the expected count
])
def test_read_qrels_errors_name_file_and_line(tmp_path: Path, content: str, line: int, why: str):
    p = tmp_path / "qrels.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(EvalInputError) as e:
        read_qrels(p)
    assert str(e.value) == f"{p}:{line}: expected 'qid docid rel' or 'qid 0 docid rel' ({why})"


# ---------------------------------------------------------------- runs


def test_write_run_then_read_run_round_trip(tmp_path: Path):
    run = {"1": [("HAM2-b", 12.5), ("HAM2-a", 3.25)], "2": [("x", 1.0)], "3": []}
    p = tmp_path / "run.trec"
    write_run(p, run, tag="mine")
    lines = p.read_text(encoding="utf-8").splitlines()
    assert lines == ["1 Q0 HAM2-b 1 12.500000 mine", "1 Q0 HAM2-a 2 3.250000 mine", "2 Q0 x 1 1.000000 mine"]
    assert read_run(p) == {"1": [("HAM2-b", 12.5), ("HAM2-a", 3.25)], "2": [("x", 1.0)]}


def test_read_run_rejects_a_malformed_line(tmp_path: Path):
    p = tmp_path / "run.trec"
    p.write_text("1 Q0 d 1 1.0 tag\n1 Q0 d2 2\n", encoding="utf-8")
    with pytest.raises(EvalInputError, match=re.escape(f"{p}:2:")):
        read_run(p)


# ---------------------------------------------------------------- the CLI on Hamshahri


def _check_trec_run(path: Path, depth: int, qids: set[str]) -> dict[str, list[tuple[str, int, float]]]:
    per_query: dict[str, list[tuple[str, int, float]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cols = line.split()
        assert len(cols) == 6, f"line {n}: {line!r}"
        qid, q0, doc, rank, score, tag = cols
        assert q0 == "Q0" and tag == "kavosh", line
        per_query.setdefault(qid, []).append((doc, int(rank), float(score)))
    assert set(per_query) <= qids
    for qid, rows in per_query.items():
        assert 1 <= len(rows) <= depth
        assert [r for _, r, _ in rows] == list(range(1, len(rows) + 1)), qid  # ascending from 1
        scores = [s for _, _, s in rows]
        assert scores == sorted(scores, reverse=True), qid
        assert len({d for d, _, _ in rows}) == len(rows), f"duplicate document in query {qid}"
    return per_query


def test_cli_eval_on_hamshahri(run_kavosh, hamshahri_index: Path, shared_data: Path, tmp_path: Path):
    h = shared_data / "hamshahri"
    run_path = tmp_path / "eval.trec"
    proc = run_kavosh("eval", "--index", hamshahri_index, "--topics", h / "queries.jsonl", "--qrels", h / "qrels.tsv",
                  "--run", run_path)
    assert proc.returncode == 0, proc.stderr
    values = dict(re.findall(r"^(nDCG@10|MRR@10|Recall@100|MAP)\s+([0-9.]+)\s*$", proc.stdout, re.M))
    assert set(values) == {"nDCG@10", "MRR@10", "Recall@100", "MAP"}, proc.stdout
    metrics = {k: float(v) for k, v in values.items()}
    assert all(0.0 <= v <= 1.0 for v in metrics.values()), metrics
    assert metrics["nDCG@10"] > 0.8, metrics  # measured 0.865 with the seed article in the index
    n_queries = sum(1 for line in (h / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    assert re.match(rf"{n_queries} queries \({n_queries} judged\)", proc.stdout), proc.stdout

    # The run written beside the figures gives the same figures when scored again.
    qids = {json.loads(line)["_id"] for line in (h / "queries.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()}
    _check_trec_run(run_path, 1000, qids)
    again = evaluate(read_qrels(h / "qrels.tsv"), read_run(run_path))
    for name, value in metrics.items():
        assert again[name] == pytest.approx(value, abs=6e-5), name  # printed with 4 decimals


def test_cli_search_topics_writes_a_trec_run(run_kavosh, hamshahri_index: Path, shared_data: Path, tmp_path: Path):
    h = shared_data / "hamshahri"
    out = tmp_path / "run.trec"
    proc = run_kavosh("search", "--index", hamshahri_index, "--topics", h / "queries.jsonl", "--output", out,
                  "--depth", "25")
    assert proc.returncode == 0, proc.stderr
    topics = read_topics(h / "queries.jsonl")
    per_query = _check_trec_run(out, 25, {q for q, _ in topics})
    assert len(per_query) == len(topics)  # every Hamshahri topic finds something
    assert f"for {len(topics)} queries to {out}" in proc.stderr
    # Hamshahri topic 1 is «بازسازي شهر زلزله زده بم»: its judged documents dominate the top 10.
    relevant = read_qrels(h / "qrels.tsv")["1"]
    top10 = [d for d, _, _ in per_query["1"][:10]]
    assert sum(1 for d in top10 if relevant.get(d, 0) > 0) >= 5, top10


def test_cli_eval_bad_qrels_is_a_one_line_error(run_kavosh, tmp_path: Path):
    topics = tmp_path / "t.tsv"
    topics.write_text("1\tکتاب\n", encoding="utf-8")
    qrels = tmp_path / "q.tsv"
    qrels.write_text("1 0 d1 1\n1 0 d2\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", tmp_path / "no-index", "--topics", topics, "--qrels", qrels)
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert f"{qrels}:2:" in proc.stderr


def test_cli_search_topics_bad_file_is_a_one_line_error(run_kavosh, hamshahri_index: Path, tmp_path: Path):
    topics = tmp_path / "topics.tsv"
    topics.write_text("1\tکتاب\n2 no tab\n", encoding="utf-8")
    proc = run_kavosh("search", "--index", hamshahri_index, "--topics", topics, "--output", tmp_path / "run")
    assert proc.returncode == 2
    assert proc.stderr.startswith("kavosh: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert f"{topics}:2:" in proc.stderr
    assert not (tmp_path / "run").exists()


EVAL_DOCS = [{"id": "d1", "title": "کتاب", "text": "کتابخانهٔ ملی کتاب‌های کهن دارد."},
             {"id": "d2", "title": "باران", "text": "باران پاییزی در تهران بارید."},
             {"id": "d3", "title": "فوتبال", "text": "تیم فوتبال شهر برنده شد."}]


def test_cli_eval_refuses_qrels_that_do_not_fit(run_kavosh, build_index, tmp_path: Path):
    # A new user paired topics with another collection's qrels: every figure was 0 and the status 0 (a
    # script saw success); now one error naming the files, status 2, and no query is run.
    index = build_index("eval-warn", EVAL_DOCS)
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tکتاب\nq2\tباران\nq3\tفوتبال\n", encoding="utf-8")
    other = tmp_path / "other.tsv"
    other.write_text("q1 0 x1 1\nq2 0 x2 1\nq3 0 x3 1\nq3 0 x4 0\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", other)
    assert proc.returncode == 2 and proc.stdout == "", proc
    assert proc.stderr == (f"kavosh: error: none of the 4 documents judged in {other} for these topics "
                           f"(x1, x2, x3, …) is in the index at {index} (3 documents): are these the qrels of "
                           "this collection? (every figure would be 0)\n"), proc.stderr

    ids_differ = tmp_path / "ids.tsv"
    ids_differ.write_text("7 0 d1 1\n8 0 d2 1\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", ids_differ)
    assert proc.returncode == 2 and proc.stdout == "", proc
    assert proc.stderr == (f"kavosh: error: none of the 3 topic ids of {topics} (q1, q2, q3) has a judgment in "
                           f"{ids_differ} (judged query ids: 7, 8): are these the qrels of these topics? "
                           "(every figure would be 0)\n"), proc.stderr

    empty = tmp_path / "empty.tsv"
    empty.write_text("query-id\tcorpus-id\tscore\n", encoding="utf-8")  # a header alone
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", empty)
    assert proc.returncode == 2 and proc.stdout == "", proc
    assert proc.stderr == f"kavosh: error: {empty}: no judgments found (expected lines 'qid docid rel' or " \
        "'qid 0 docid rel')\n", proc.stderr

    # the qrels fit, but no query finds anything (an empty run): the figures are real zeros, said loudly
    unfound = tmp_path / "unfound.tsv"
    unfound.write_text("q1\tزیردریایی\n", encoding="utf-8")
    one = tmp_path / "one.tsv"
    one.write_text("q1 0 d1 1\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", unfound, "--qrels", one)
    assert proc.returncode == 0 and "1 query (1 judged)" in proc.stdout and "MAP         0.0000" in proc.stdout
    assert f"kavosh: warning: no query of {unfound} (1 query) found a document in the index at {index}: " \
        "every figure is 0" in proc.stderr, proc.stderr

    # right pairing: no warning, the figures are real; judged queries beyond the topics are named
    right = tmp_path / "right.tsv"
    right.write_text("q1 0 d1 1\nq2 0 d2 1\nq3 0 d3 1\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", right)
    assert proc.returncode == 0 and "warning" not in proc.stderr and "MRR@10      1.0000" in proc.stdout, proc
    (tmp_path / "two.tsv").write_text("q1\tکتاب\nq2\tباران\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", tmp_path / "two.tsv", "--qrels", right)
    assert f"warning: 1 of the 3 judged queries of {right} are not among the topics of {tmp_path / 'two.tsv'}: " \
        "each counts as 0" in proc.stderr, proc.stderr
    assert "none of" not in proc.stderr and "MRR@10      0.6667" in proc.stdout, proc

    # some relevant judged documents are not in the index (new user 6: q1 scored 0 without a word)
    partly = tmp_path / "partly.tsv"
    partly.write_text("q1 0 nope1 1\nq2 0 d2 1\nq3 0 d3 1\nq3 0 nope2 1\nq3 0 nope3 0\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", partly)
    assert proc.returncode == 0 and "3 queries (3 judged)" in proc.stdout, proc
    assert f"kavosh: warning: 2 of 4 relevant documents judged in {partly} for these topics are not in the index " \
        "(nope1, nope2): no run can retrieve them; 1 query (q1) can only score 0\n" in proc.stderr, proc.stderr


def test_cli_eval_reports_progress_on_stderr(run_kavosh, build_index, tmp_path: Path):
    # on a pipe (as here) a long run printed nothing for minutes; now a line every --progress seconds
    index = build_index("eval-progress", EVAL_DOCS)
    topics = tmp_path / "topics.tsv"
    topics.write_text("".join(f"q{i}\t{w}\n" for i, w in enumerate(["کتاب", "باران", "فوتبال", "تهران"] * 5)),
                      encoding="utf-8")
    qrels = tmp_path / "q.tsv"
    qrels.write_text("".join(f"q{i} 0 d{i % 3 + 1} 1\n" for i in range(20)), encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels, "--progress", "0.000001")
    assert proc.returncode == 0, proc.stderr
    lines = re.findall(r"^  (\d+) of 20 queries in \d+ s, about \d+ s left$", proc.stderr, re.M)
    assert len(lines) >= 10 and [int(n) for n in lines] == sorted(int(n) for n in lines), proc.stderr
    assert "queries" not in proc.stdout.split("\n", 1)[1]  # stdout: the figures alone
    quiet = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels)  # default: every 10 s
    assert " of 20 queries" not in quiet.stderr
    assert quiet.stdout.split("\n", 1)[1] == proc.stdout.split("\n", 1)[1]  # the same figures
    proc = run_kavosh("search", "--index", index, "--topics", topics, "--output", tmp_path / "run", "--progress",
                      "0.000001")
    assert proc.returncode == 0 and len(re.findall(r"^  \d+ of 20 queries in", proc.stderr, re.M)) >= 10


# ---------------------------------------------------------------- topics searched as words (new user 4: E1-E3)


def test_as_words_leaves_no_syntax_and_the_same_terms():
    from kavosh.analysis import Analyzer
    from kavosh.eval.topics import as_words
    from kavosh.query.parse import parse

    analyzer = Analyzer()
    cases = {
        # ParsiNLU's topic that had failed: "unknown field rephrased:"
        "ویتامین k در کدام قسمت بدن است؟\n\nrephrased: ویتامین k":
            "ویتامین k در کدام قسمت بدن است؟ rephrased ویتامین k",
        # a question quoting a sentence of 20 words in «…» (over the 16-term phrase limit)
        "چه کسی گفت «" + " ".join(["کتاب"] * 20) + "»؟": "چه کسی گفت " + " ".join(["کتاب"] * 20) + " ؟",
        '+ایران -عراق (نفت OR گاز) title:نفت^2 date:1387 پتروشیمی* and "جنگ': 'ایران عراق نفت "OR" گاز title نفت 2 '
                                                                          'date 1387 پتروشیمی "and" جنگ',
        "ساعت ۱۰:۳۰ https://x.ir/a": "ساعت ۱۰:۳۰ https://x.ir/a",
    }
    for topic, words in cases.items():
        assert as_words(topic) == words
        parsed = parse(words, analyzer)  # raises QuerySyntaxError if any syntax were left
        assert all(c.kind == "term" and c.occur == "should" and c.field is None for c in parsed.clauses), words
    long = " ".join(["واژه"] * 400)  # 1,999 characters: over the parser's 1,000
    assert len(as_words(long)) <= 1000 and as_words(long).endswith("واژه")


def test_cli_eval_depth_out_of_range_is_refused_before_anything_runs(run_kavosh, build_index, tmp_path: Path):
    # a new user's --depth 2000 ran 30 queries that all failed, printed zeros and exited 0
    for depth in ("2000", "100000000", "-3", "0"):
        # no index, topics or qrels exist: the depth is checked first
        proc = run_kavosh("eval", "--index", tmp_path / "none", "--topics", tmp_path / "t", "--qrels", tmp_path / "q",
                          "--depth", depth)
        assert (proc.returncode, proc.stdout) == (2, ""), proc
        assert proc.stderr == f"kavosh: error: --depth must be 1 to 1,000 (results per query), got {depth}\n", \
            proc.stderr
    # a --run that cannot be written is refused before the queries run, not after
    proc = run_kavosh("eval", "--index", tmp_path / "none", "--topics", tmp_path / "t", "--qrels", tmp_path / "q",
                      "--run", tmp_path / "no-folder" / "run.trec")
    assert (proc.returncode, proc.stdout) == (2, ""), proc
    assert proc.stderr == f"kavosh: error: cannot write {tmp_path / 'no-folder' / 'run.trec'}: there is no folder " \
        f"{tmp_path / 'no-folder'} (--run)\n", proc.stderr
    # search --topics too, before the topics are read
    proc = run_kavosh("search", "--index", build_index("eval-depth", EVAL_DOCS), "--topics", tmp_path / "t",
                      "--output", tmp_path / "r", "--depth", "1001")
    assert (proc.returncode, proc.stdout) == (2, ""), proc
    assert proc.stderr == "kavosh: error: --depth must be 1 to 1,000 (results per query), got 1001\n", proc.stderr


def test_max_depth_is_the_engines_page_limit():
    from kavosh.cli.eval import MAX_DEPTH
    from kavosh.query.limits import LIMITS

    assert MAX_DEPTH == LIMITS.page == 1000


def test_cli_eval_searches_topics_as_words_and_counts_failures(run_kavosh, build_index, tmp_path: Path):
    index = build_index("eval-words", EVAL_DOCS)
    topics = tmp_path / "topics.jsonl"
    quote = "«" + " ".join(["کتابخانهٔ ملی کتاب‌های کهن دارد"] * 5) + "»"  # a 25-term quotation
    topics.write_text("".join(json.dumps({"_id": q, "text": t}, ensure_ascii=False) + "\n" for q, t in [
        ("q1", "کتاب کهن کجاست؟\n\nrephrased: کتابخانه"),  # had failed: unknown field rephrased:
        ("q2", f"چه کسی نوشت {quote}؟"),                    # had failed: a phrase of 25 terms; the limit is 16
        ("q3", "باران AND (تهران OR -شیراز)"),              # operators are words too
    ]), encoding="utf-8")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("q1 0 d1 1\nq2 0 d1 1\nq3 0 d2 1\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels)
    assert proc.returncode == 0 and proc.stderr == "", proc
    assert proc.stdout.splitlines()[0].startswith("3 queries (3 judged), lexical, in ")
    assert proc.stdout.splitlines()[0].endswith("; failed: 0")
    assert "MRR@10      1.0000" in proc.stdout and "Recall@100  1.0000" in proc.stdout, proc.stdout

    # a topic with no word at all cannot be searched: counted, listed, status 1, in the JSON too
    topics.write_text(topics.read_text(encoding="utf-8") + '{"_id": "q4", "text": "«»"}\n', encoding="utf-8")
    qrels.write_text(qrels.read_text(encoding="utf-8") + "q4 0 d3 1\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels, "--json")
    assert proc.returncode == 1, proc
    out = json.loads(proc.stdout)
    assert (out["queries"], out["judged"], out["failed"]) == (4, 4, 1)
    assert [f["id"] for f in out["failures"]] == ["q4"] and out["failures"][0]["error"]
    assert out["metrics"]["MRR@10"] == pytest.approx(0.75)  # q4 counts as 0
    assert f"  query q4: {out['failures'][0]['error']}\n" in proc.stderr
    assert f"kavosh: warning: 1 query of {topics} could not be searched (listed above): each counts as 0 in the " \
        "means\n" in proc.stderr
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels)
    assert proc.returncode == 1 and proc.stdout.splitlines()[0].endswith("; failed: 1"), proc


def test_cli_eval_classic_trec_topics_and_a_short_depth(run_kavosh, build_index, tmp_path: Path):
    index = build_index("eval-trec", EVAL_DOCS)
    topics = tmp_path / "topics.trec"
    topics.write_text("<top>\n\n<num> Number: 401\n<title> کتاب کهن\n\n<desc> Description:\nکتاب‌های کهن "
                      "کتابخانه.\n\n<narr> Narrative:\nسند مربوط از کتاب می‌گوید.\n</top>\n\n"
                      "<top>\n<num> Number: 402 </num>\n<title> Topic: باران\nپاییزی </title>\n</top>\n",
                      encoding="utf-8")
    assert read_topics(topics) == [("401", "کتاب کهن"), ("402", "باران پاییزی")]
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("401 0 d1 1\n402 0 d2 1\n402 0 d3 1\n", encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels, "--json")
    assert proc.returncode == 0, proc
    assert json.loads(proc.stdout)["metrics"] == {"nDCG@10": pytest.approx(1 / (1 + 1 / math.log2(3)) / 2 + 0.5),
                                                  "MRR@10": 1.0, "Recall@100": 0.75, "MAP": 0.75}
    # a run of one result per query: the recall and reciprocal-rank cut-offs are named by the depth
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels, "--depth", "1")
    assert proc.returncode == 0, proc
    assert proc.stdout.splitlines()[1:] == ["nDCG@10     0.8066", "MRR@1       1.0000", "Recall@1    0.7500",
                                            "MAP         0.7500"], proc.stdout

    bad = tmp_path / "bad.trec"
    bad.write_text("<top>\n<num> 1\n<title> کتاب\n</top>\n\n<top>\n<num> Number: 2\n<desc> باران\n</top>\n",
                   encoding="utf-8")
    proc = run_kavosh("eval", "--index", index, "--topics", bad, "--qrels", qrels)
    assert (proc.returncode, proc.stdout) == (2, ""), proc
    assert proc.stderr == f"kavosh: error: {bad}:6: a TREC topic needs <num> and <title> (this <top> has <num>, " \
        "<desc>)\n", proc.stderr


def test_cli_eval_help_describes_every_option(run_kavosh):
    proc = run_kavosh("eval", "--help")
    assert proc.returncode == 0
    options = re.findall(r"^  (--[a-z]+)(.*)$", proc.stdout, re.M)
    assert [o for o, _ in options] == ["--index", "--topics", "--qrels", "--run", "--depth", "--mode", "--json",
                                       "--progress"], proc.stdout
    for option, rest in options:  # a description on the option's line or the next
        after = proc.stdout.split(f"  {option}{rest}\n", 1)[1].split("\n", 1)[0]
        assert rest.split(maxsplit=1)[1:] or after.startswith(" " * 20), option
    assert "1 to 1000" in proc.stdout and "write the results searched here to OUT as a TREC run" in \
        " ".join(proc.stdout.split())
