"""The field configuration: declarations, value checks, inference, and refusing a changed configuration."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import kavosh
from kavosh.index import field_inference as FI
from kavosh.index import fields as F
from kavosh.index.store import IndexFieldsError


def test_declarations_parse_and_refuse_mistakes():
    assert F.parse_declaration("tags:keyword[]") == ("tags", F.Kind.KEYWORDS)
    assert F.parse_declaration("views: NUMBER") == ("views", F.Kind.NUMBER)
    with pytest.raises(F.FieldError, match="expected NAME:KIND"):
        F.parse_declaration("category")
    with pytest.raises(F.FieldError, match="unknown kind 'integer'; kinds are text, keyword"):
        F.parse_declaration("views:integer")
    with pytest.raises(F.FieldError, match="'title' is a built-in field"):
        F.parse_declaration("title:keyword")
    with pytest.raises(F.FieldError, match="declared twice"):
        F.config_from_declarations(["a:keyword", "a:number"])


def test_keyword_values_fold_letters_digits_and_spacing():
    assert F.normalize_keyword("ورزشي") == F.normalize_keyword("ورزشی") == "ورزشی"
    assert F.normalize_keyword("  كتاب\u200cها ") == "کتاب ها"
    assert F.normalize_keyword("۱۴۰۳") == F.normalize_keyword("١٤٠٣") == "1403"
    assert F.normalize_keyword("Sports") == "sports"


def test_numbers_in_any_digits_and_errors_name_the_value():
    assert F.parse_number("۱٬۲۰۰") == 1200.0
    assert F.parse_number("١٫٥") == 1.5
    assert F.parse_number(7) == 7.0
    with pytest.raises(ValueError, match="'abc' is not a number"):
        F.parse_number("abc")
    with pytest.raises(ValueError, match="boolean"):
        F.parse_number(True)
    with pytest.raises(ValueError):
        F.parse_number("nan")


def test_coerce_checks_every_kind():
    config = F.FieldConfig({"c": F.Kind.KEYWORD, "t": F.Kind.KEYWORDS, "v": F.Kind.NUMBER,
                            "d": F.Kind.DATE, "b": F.Kind.BOOL, "a": F.Kind.TEXT})
    got = F.coerce(config, {"c": "ورزشي", "t": "فوتبال", "v": "۱۲", "d": "1403-01-01", "b": "بله",
                            "a": "علی", "other": {"x": 1}})
    assert got == {"c": ["ورزشی"], "t": ["فوتبال"], "v": [12.0], "d": [(dt.date(2024, 3, 20) - dt.date(1970, 1, 1)).days], "b": [1], "a": ["علی"]}
    assert F.coerce(config, {"c": "", "t": [], "v": None}) == {}
    with pytest.raises(ValueError, match=r"field v \(number\): 'دوازده' is not a number"):
        F.coerce(config, {"v": "دوازده"})
    with pytest.raises(ValueError, match=r"field c \(keyword\): a list"):
        F.coerce(config, {"c": ["a", "b"]})
    with pytest.raises(ValueError, match=r"field d \(date\): 'soon' is not a date"):
        F.coerce(config, {"d": "soon"})
    with pytest.raises(ValueError, match=r"field b \(bool\)"):
        F.coerce(config, {"b": "maybe"})


def test_inference_kinds_and_conflicts_name_both_records():
    got = FI.infer([("a.jsonl:1", {"category": "x", "tags": [], "views": 3, "hot": True, "abstract": "y" * 300}),
                   ("a.jsonl:2", {"category": "z", "tags": ["a"], "views": 4.5, "hot": False, "abstract": "s"})])
    assert dict(got.fields) == {"category": "keyword", "tags": "keyword[]", "views": "number", "hot": "bool",
                                "abstract": "text"}  # a string over 100 characters anywhere: text
    assert dict(got.weights) == {"abstract": FI.INFERRED_TEXT_WEIGHT}  # searched by plain words, as the title
    # an empty list says only "a list": never inferred alone (tags: [] throughout is no facet), keyword[] with
    # a string beside it, and no kind of its own beside a number, a bool or long text
    got = FI.infer([("a.jsonl:1", {"tags": [], "cat": [], "views": [], "hot": [], "note": []}),
                   ("a.jsonl:2", {"tags": [], "cat": "ورزشی", "views": 3, "hot": True, "note": "y" * 300}),
                   ("a.jsonl:3", {"tags": [], "cat": [], "views": [], "hot": [], "note": []})])
    assert list(got.fields.items()) == [("cat", "keyword[]"), ("views", "number"), ("hot", "bool")]
    assert FI.infer([("a.jsonl:1", {"tags": []})] * 3).fields == {}
    # objects and lists of long text have no inferred kind (kavosh index warns about them)
    got = FI.infer([("a.jsonl:1", {"meta": {"a": 1}, "notes": ["x" * 300], "mixed": ["a"]}),
                   ("a.jsonl:2", {"mixed": "y" * 300})])
    assert dict(got.fields) == {} and dict(got.weights) == {}
    assert dict(got.unfit) == {"meta": 'a.jsonl:1 holds {"a": 1}', "notes": 'a.jsonl:1 holds ["' + "x" * 27 + "…",
                               "mixed": 'a.jsonl:2 holds "' + "y" * 28 + "…"}  # the record deciding, for the warning
    with pytest.raises(F.FieldConflictError) as e:  # a number here, long text there: declare it text
        FI.infer([("a.jsonl:1", {"note": 3}), ("a.jsonl:2", {"note": "z" * 300})])
    assert str(e.value).endswith("--field note:text")
    with pytest.raises(F.FieldConflictError) as e:
        FI.infer([("a.jsonl:1", {"views": 3}), ("a.jsonl:2", {"views": 4}), ("a.jsonl:9", {"views": "many"})])
    assert str(e.value).startswith('field views: 3 (number) at a.jsonl:1 but "many" (keyword) at a.jsonl:9')
    assert "--field views:keyword" in str(e.value)
    # ... and the kind most of a news site's values have, which indexes the rest (newuser3 item 13)
    assert str(e.value).endswith("--field views:keyword, or --field views:number to keep it a number (a document "
                                 "whose value is not one is then reported by file and line, and not indexed)")


def test_every_field_in_conflict_and_the_unreadable_records_named_in_one_run(tmp_path):
    # a new user: the first conflict stopped the run; fixing it showed the next one, and the bad lines after
    with pytest.raises(F.FieldConflictError) as e:
        FI.infer([("a.jsonl:1", {"views": 3, "score": 1}), ("a.jsonl:2", {"views": "many"}),
                  ("a.jsonl:3", {"views": True, "score": "high"})])
    lines = str(e.value).split("\n")
    assert [x[:x.index(";")] for x in lines] == ['field views: 3 (number) at a.jsonl:1 but "many" (keyword) at a.jsonl:2',
                                                 'field score: 1 (number) at a.jsonl:1 but "high" (keyword) at a.jsonl:3']
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "1", "text": "متن", "views": 3}\n{"id": "2", "text": "متن", "views": "many"}\n'
                    '{"id": "3", "text": "متن", "views": 4\n{"id": "4", "text": ""}\n{"id": "5", "text": "x", "views": 5}\n',
                    encoding="utf-8")
    with pytest.raises(F.FieldConflictError) as e:
        FI.infer_paths([str(path)])
    lines = str(e.value).split("\n")
    assert len(lines) == 2 and lines[0].startswith("field views: 3 (number) at ")
    assert lines[1].startswith(f"also, 2 records cannot be indexed as written: {path}:3: malformed JSON")
    assert lines[1].endswith("(and 1 more)")
    path.write_text('{"id": "1", "text": "متن", "views": 3}\n{"id": "2", "text": "متن", "views": 4}\n', encoding="utf-8")
    assert dict(FI.infer_paths([str(path)]).fields) == {"views": "number"}


@pytest.mark.parametrize("values, kind", [
    ([1500, "۲٬۵۰۰"], "number"),  # JSON numbers and Persian-digit text beside them: a number field
    (["٣٠٠", 12.5, "1,200"], "number"),  # whichever comes first
    (["۲٬۵۰۰", "۳۰۰"], "keyword"),  # numeric text alone stays a keyword (codes, years as labels)
    (["۲٬۵۰۰", "ورزشی"], "keyword"),
    (["۲٬۵۰۰", ["a", "b"]], "keyword[]"),
    (["۲٬۵۰۰", "y" * 300], "text"),
])
def test_inference_of_numeric_text(values, kind):
    records = [(f"a.jsonl:{i}", {"views": v}) for i, v in enumerate(values, 1)]
    assert dict(FI.infer(records).fields) == {"views": kind}


@pytest.mark.parametrize("values, message", [
    # a number field meets text that is no number: the conflict names both records, the kind shown as keyword
    ([1500, "۲٬۵۰۰", "many"], 'field views: 1500 (number) at a.jsonl:1 but "many" (keyword) at a.jsonl:3'),
    (["۲٬۵۰۰", 7, "many"], 'field views: 7 (number) at a.jsonl:2 but "many" (keyword) at a.jsonl:3'),
    (["ورزشی", "۲٬۵۰۰", 7], 'field views: "ورزشی" (keyword) at a.jsonl:1 but 7 (number) at a.jsonl:3'),
    (["۲٬۵۰۰", True], 'field views: "۲٬۵۰۰" (keyword) at a.jsonl:1 but true (bool) at a.jsonl:2'),
])
def test_inference_of_numeric_text_conflicts(values, message):
    records = [(f"a.jsonl:{i}", {"views": v}) for i, v in enumerate(values, 1)]
    with pytest.raises(F.FieldConflictError) as e:
        FI.infer(records)
    assert str(e.value).startswith(message)


@pytest.mark.parametrize("values, kind", [
    ([True, "بله", False], "bool"),  # JSON booleans and Persian/English yes-no text beside them: a bool field
    (["no", True], "bool"),
    (["بله", "خیر"], "keyword"),  # yes-no text alone stays a keyword, as numeric text does
    (["بله", "ورزشی"], "keyword"),
    (["بله", "۲٬۵۰۰"], "keyword"),
])
def test_inference_of_bool_text(values, kind):
    records = [(f"a.jsonl:{i}", {"hot": v}) for i, v in enumerate(values, 1)]
    assert dict(FI.infer(records).fields) == {"hot": kind}


def test_a_bool_beside_other_text_suggests_only_bool():
    """The suggestion used to be --field hot:keyword, which then refused every document holding true or false
    (a keyword is text or a number): no kind but bool takes them, so bool is the one declaration offered."""
    with pytest.raises(F.FieldConflictError) as e:
        FI.infer([("a.jsonl:1", {"hot": True}), ("a.jsonl:2", {"hot": "شاید"})])
    assert str(e.value) == ('field hot: true (bool) at a.jsonl:1 but "شاید" (keyword) at a.jsonl:2; fix the document, '
                            "or declare --field hot:bool (a document whose value is not true or false — true/false, "
                            "yes/no, بله/خیر — is then reported by file and line, and not indexed)")
    with pytest.raises(ValueError, match="is not a keyword"):  # why keyword is not offered
        F.coerce_value(F.Kind.KEYWORD, True)
    assert F.coerce_value(F.Kind.BOOL, "بله") == F.coerce_value(F.Kind.BOOL, True)


def test_index_refuses_another_configuration_and_a_misfit_document(tmp_path):
    path = tmp_path / "ix"
    with kavosh.Index(path, fields={"category": "keyword", "views": "number"}) as ix:
        ix.add([{"id": "1", "text": "متن", "category": "ورزشي", "views": "۱۰"}])
        with pytest.raises(ValueError, match=r"document '2': field views \(number\): 'many' is not a number"):
            ix.add([{"id": "2", "text": "متن", "views": "many"}])
        ix.commit()
        assert len(ix) == 1
    assert json.loads((path / F.CONFIG_FILE).read_text())["fields"] == {"category": "keyword", "views": "number"}
    with pytest.raises(IndexFieldsError, match=r"has the fields category:keyword views:number, not "
                                               r"category:text; .*kavosh index PATH\.\.\. --index NEW"):
        kavosh.Index(path, fields={"category": "text"})
    with kavosh.Index(path) as ix:  # no fields asked for: the index's own
        assert dict(ix.opened.fields.fields) == {"category": "keyword", "views": "number"}
        # a keyword is stored as given; a number as the number it is indexed as (ea9621d: results show numbers)
        assert ix.get("1").fields == {"category": "ورزشي", "views": 10}


def test_files_read_on_threads_are_inferred_in_the_order_of_the_files(tmp_path, monkeypatch):
    """infer_paths reads files on threads (INFER_THREADS), a file ahead each: the kinds, the conflicts and the
    unreadable records named are those of one thread reading the files in order."""
    folder = tmp_path / "in"
    folder.mkdir()
    for f in range(5):  # each file its own kind of the field views, and a bad line
        value = [f"{f}", f, f"متن {f}", [f"{f}"], True][f]
        lines = [json.dumps({"id": f"{f}-{i}", "text": "متن", "views": value, f"only{f}": i}, ensure_ascii=False)
                 for i in range(300)]
        lines.insert(150, '{"id": "bad", "text": ')
        (folder / f"part{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run(threads):
        monkeypatch.setattr(FI, "INFER_THREADS", threads)
        monkeypatch.setattr(FI, "_cpus", lambda: 4)
        with pytest.raises(F.FieldConflictError) as e:
            FI.infer_paths([str(folder)])
        return str(e.value)

    one, three = run(1), run(3)
    assert one == three
    assert f"{folder / 'part0.jsonl'}:1" in one and "also, 5 records cannot be indexed as written: " \
        f"{folder / 'part0.jsonl'}:151: malformed JSON" in one and one.endswith("(and 4 more)")
    for f in range(5):
        lines = (json.dumps({"id": f"{f}-{i}", "text": "متن", f"only{f}": i}) + "\n" for i in range(50))
        (folder / f"part{f}.jsonl").write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(FI, "INFER_THREADS", 3)
    assert list(FI.infer_paths([str(folder)]).fields) == [f"only{f}" for f in range(5)]
