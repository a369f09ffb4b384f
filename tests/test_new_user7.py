"""New user 7's findings: a sort on a field no hit has a value for says so (``--sort date:desc`` over
undated documents printed "sorted by date:desc" above hits in id order), and a topic longer than the query
limit is searched by its first 1,000 characters *and says so* (an 18 MB topic was cut without a word)."""

from __future__ import annotations

import json
from pathlib import Path

from kavosh.engine import Index
from kavosh.eval.topics import READ_CHARS_PER_LIMIT, as_words, topic_words
from kavosh.query.parse import MAX_QUERY_CHARS

DOCS = [
    {"id": "d1", "title": "تورم", "text": "تورم در بازار تهران بالا رفت"},
    {"id": "d2", "title": "تورم", "text": "تورم و قیمت نان در شیراز", "date": "1402-05-01"},
    {"id": "d3", "title": "بازار", "text": "بازار کتاب و تورم کاغذ", "fields": {"views": 7}},
]


def test_a_sort_no_hit_has_a_value_for_says_so(tmp_path: Path):
    from kavosh.api.pages import fa_note

    ix = Index(tmp_path / "idx", fields={"views": "number"})
    ix.add(DOCS)
    ix.commit()
    undated = ix.search("بازار", sort="date:desc", snippets=False)  # d1, d3: neither has a date
    assert sorted(h.id for h in undated.hits) == ["d1", "d3"]
    note = [n for n in undated.notes if n.code == "no_sort_values"]
    assert [str(n) for n in note] == ["sorted by date:desc: no result on this page has a date; results "
                                      "without one come last, in document id order"]
    assert note[0].details == {"sort": "date:desc", "field": "date"}
    assert str(fa_note(note[0])) == ('مرتب‌شده به ترتیب <code dir="ltr">date:desc</code>: هیچ نتیجه‌ای در این صفحه '
                                     'مقداری برای <code dir="ltr">date</code> ندارد؛ نتیجه‌های بی‌مقدار در پایان و '
                                     'به ترتیب شناسهٔ سند می‌آیند.')
    dated = ix.search("تورم", sort="date:desc", snippets=False)  # d2 has a date: it comes first, no note
    assert dated.hits[0].id == "d2" and not [n for n in dated.notes if n.code == "no_sort_values"]
    views = ix.search("نان", sort="views:desc", snippets=False)  # d2 has no views value
    assert [h.id for h in views.hits] == ["d2"]
    assert [str(n) for n in views.notes if n.code == "no_sort_values"] == [
        "sorted by views:desc: no result on this page has a views value; results without one come last, in "
        "document id order"]
    assert not [n for n in ix.search("کاغذ", sort="views:desc").notes if n.code == "no_sort_values"]


def test_topic_words_says_when_a_topic_was_cut():
    short = "کتاب کهن کجاست؟"
    assert topic_words(short) == (as_words(short), False) == ("کتاب کهن کجاست؟", False)
    exact = " ".join(["واژه"] * 200)  # 999 characters: not cut
    assert topic_words(exact) == (exact, False)
    words, cut = topic_words(" ".join(["واژه"] * 400))  # 1,999 characters
    assert cut and len(words) <= MAX_QUERY_CHARS and words.endswith("واژه") and words.count("واژه") == 200
    # megabytes: only the first 16 × 1,000 characters are read, cut at a space, never inside a word
    huge = "کتاب " * 1_000_000
    words, cut = topic_words(huge)
    assert cut and words == " ".join(["کتاب"] * 200)
    spaced = " " * (READ_CHARS_PER_LIMIT * MAX_QUERY_CHARS + 5) + "کتاب"  # words only after the read prefix
    assert topic_words(spaced) == ("", True)


def test_cli_eval_and_topics_warn_of_cut_topics(run_kavosh, build_index, tmp_path: Path):
    index = build_index("cuttopics", [{k: v for k, v in d.items() if k != "fields"} for d in DOCS])
    topics = tmp_path / "topics.jsonl"
    long = "تورم " + "بازار " * 3000  # 18,005 characters
    topics.write_text("".join(json.dumps({"_id": q, "text": t}, ensure_ascii=False) + "\n"
                              for q, t in [("q1", "تورم نان"), ("q2", long)]), encoding="utf-8")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("q1 0 d2 1\nq2 0 d1 1\n", encoding="utf-8")
    warning = (f"kavosh: warning: 1 topic(s) of {topics} longer than 1,000 characters were searched by their "
               f"first 1,000 (as a typed query is limited): q2 ({len(long):,} characters)\n")
    proc = run_kavosh("eval", "--index", index, "--topics", topics, "--qrels", qrels)
    assert proc.returncode == 0 and proc.stderr == warning, proc
    proc = run_kavosh("search", "--index", index, "--topics", topics, "--output", tmp_path / "run")
    assert proc.returncode == 0 and warning in proc.stderr, proc
    assert {line.split()[0] for line in (tmp_path / "run").read_text(encoding="utf-8").splitlines()} == {"q1", "q2"}
