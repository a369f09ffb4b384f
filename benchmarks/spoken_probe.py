"""Probe of kind 4 of issue #14: spoken (colloquial) forms against their standard forms.

95 spoken forms with a standard form they must meet (the issue's examples, the copula ``ه``/``س``,
``ون`` for ``ان``, the object marker ``و``, spoken past stems and verbs, spoken function words) and 44
look-alikes that must stay apart from a form a spoken rule could misread them as.  A pair meets when
its index terms (:meth:`Analyzer.index_terms`) hold the same content terms and the spoken side's
stopword terms are among the standard side's (``خوبه`` meets ``خوب است``).  Both analyzers are run
(the Python specification and the compiled core); pairs that fail are printed.

Usage: ``python benchmarks/spoken_probe.py [-v]`` (``-v``: every pair).  Figures in
``docs/analysis.md`` (kind 4) and ``docs/benchmarks.md`` ("Analysis round 3").
"""

from __future__ import annotations

import sys

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer, is_stop_term

MEET = [
    # issue's examples
    ("میگه", "می‌گوید"), ("نمیدونم", "نمی‌دانم"), ("میتونی", "می‌توانی"), ("بره", "برود"),
    ("میخوام", "می‌خواهم"),
    ("خیابون", "خیابان"), ("دوستامون", "دوست‌هایمان"), ("خونه‌هاتون", "خانه‌هایتان"), ("خیلیییی", "خیلی"),
    ("عالیههه", "عالیه"),
    # copula clitic ه / س for است
    ("خوبه", "خوب است"), ("کجاست", "کجا است"), ("کجاس", "کجاست"), ("چیه", "چیست"), ("کیه", "کیست"),
    ("گرونه", "گران است"),
    ("آسونه", "آسان است"), ("قشنگه", "قشنگ است"), ("سخته", "سخت است"), ("بزرگه", "بزرگ است"),
    ("جالبه", "جالب است"),
    ("ممکنه", "ممکن است"), ("لازمه", "لازم است"), ("مهمه", "مهم است"), ("ایرانیه", "ایرانی است"),
    ("درسته", "درست است"),
    # ون → ان
    ("اون", "آن"), ("همون", "همان"), ("اونجا", "آنجا"), ("اونها", "آنها"), ("اونا", "آنها"), ("اینا", "اینها"),
    ("همونجا", "همانجا"),
    ("زمون", "زمان"), ("تهرون", "تهران"), ("جوون", "جوان"), ("مهربون", "مهربان"), ("آسمون", "آسمان"),
    ("کتابخونه", "کتابخانه"),
    ("دندون", "دندان"), ("ارزون", "ارزان"), ("گرون", "گران"), ("آسون", "آسان"), ("داستون", "داستان"),
    ("حیوون", "حیوان"),
    ("چمدون", "چمدان"), ("مسلمون", "مسلمان"), ("قربون", "قربان"), ("پشیمون", "پشیمان"), ("خونواده", "خانواده"),
    ("تابستون", "تابستان"), ("بیمارستون", "بیمارستان"), ("اونجوری", "آنجوری"), ("ایرونی", "ایرانی"),
    # object را as و
    ("کتابو", "کتاب را"), ("اینو", "این را"), ("اونو", "آن را"), ("ماشینو", "ماشین را"), ("حرفشو", "حرفش را"),
    ("دستمو", "دستم را"),
    ("خونه رو", "خانه را"), ("پولو", "پول را"),
    # spoken past stems
    ("خوندم", "خواندم"), ("موندم", "ماندم"), ("تونستم", "توانستم"), ("نتونستم", "نتوانستم"),
    ("میدونستم", "می‌دانستم"),
    ("رسوندم", "رساندم"), ("وایساد", "ایستاد"), ("میخوندن", "می‌خواندند"), ("نموند", "نماند"),
    ("مونده", "مانده"),
    ("خوند", "خواند"), ("تونست", "توانست"), ("میتونست", "می‌توانست"), ("کشوند", "کشاند"), ("ترسوند", "ترساند"),
    # other spoken verbs
    ("بیار", "بیاور"), ("میزنه", "می‌زند"), ("میخوره", "می‌خورد"), ("نداره", "ندارد"), ("میگیره", "می‌گیرد"),
    ("بشه", "بشود"),
    ("بگیم", "بگوییم"), ("بگین", "بگویید"), ("میذارم", "می‌گذارم"), ("بشین", "بنشین"), ("میشینه", "می‌نشیند"),
    ("میدونه", "می‌داند"),
    # spoken function words
    ("واسه", "برای"), ("چجوری", "چگونه"), ("اینجوری", "این‌جوری"),
    # the clitic شون = شان, written apart or joined (was a look-alike row: both are the clitic)
    ("شون", "شان"), ("کتابشون", "کتابشان"), ("خونه‌شون", "خانه‌شان"),
]
APART = [
    ("خون", "خان"), ("میمون", "میمان"), ("میمون", "ماند"), ("کتابه", "کتاب"), ("بدون", "بدان"),
    ("نمونه", "نماند"), ("ستون", "ستان"),
    ("کانون", "کانان"), ("همه", "هم"), ("نامه", "نام"), ("پسته", "پست"), ("دسته", "دست"), ("گوشه", "گوش"),
    ("خسته", "خست"), ("بسته", "بست"),
    ("لباس", "لبا"), ("احساس", "احسا"), ("تماس", "تما"), ("الماس", "الما"), ("عباس", "عبا"),
    ("رادیو", "رادی"), ("پدرو", "پدر"), ("رونالدو", "رونالد"), ("مارکو", "مارک"), ("جلو", "جل"),
    ("زانو", "زان"), ("بانو", "بان"),
    ("دارو", "دار"), ("نیرو", "نیر"), ("ویدیو", "ویدی"), ("لوگو", "لوگ"), ("کنگو", "کنگ"), ("برونو", "برون"),
    ("فرانکو", "فرانک"),
    ("تون", "تان"), ("خونی", "خانی"), ("فاطمه", "فاطم"), ("ستاره", "ستار"), ("کوچه", "کوچ"),
    ("بچه", "بچ"),
    ("مونا", "مانا"), ("کارون", "کاران"), ("اونگ", "انگ"), ("تایرون", "تایران"),
]
INFO = [("نون", "نان"), ("عالیه", "عالی")]
"""Pairs shown, not counted: ``نون`` is a word of its own (the lexicon decides), ``عالیه`` a tagged word."""


def key(a, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(content terms, stopword terms)`` of ``text``'s index terms."""
    ts = a.index_terms(text)
    return tuple(t for t in ts if not is_stop_term(t)), tuple(t for t in ts if is_stop_term(t))


def meets(a, x: str, y: str) -> bool:
    """Whether ``x`` meets ``y`` (see the module docstring)."""
    cx, sx = key(a, x)
    cy, sy = key(a, y)
    return cx == cy and set(sx) <= set(sy)


def run() -> None:
    """Print each analyzer's counts, then the pairs that fail in either."""
    py, rs = PythonAnalyzer(), Analyzer()
    if rs._core is None:
        sys.exit("the compiled core is not built (or KAVOSH_PURE_PYTHON is set): both analyzers are probed")
    for name, a in (("py", py), ("rust", rs)):
        m = [(x, y) for x, y in MEET if meets(a, x, y)]
        ap = [(x, y) for x, y in APART if not meets(a, x, y)]
        print(f"{name}: meet {len(m)}/{len(MEET)}  apart {len(ap)}/{len(APART)}")
    verbose = "-v" in sys.argv
    for x, y in MEET:
        ok = [meets(a, x, y) for a in (py, rs)]
        if not all(ok) or verbose:
            print("MEET", "ok" if all(ok) else "FAIL", ok, x, key(py, x), "|", y, key(py, y))
    for x, y in APART:
        ok = [not meets(a, x, y) for a in (py, rs)]
        if not all(ok) or verbose:
            print("APART", "ok" if all(ok) else "FAIL", ok, x, key(py, x), "|", y, key(py, y))
    for x, y in INFO:
        print("INFO", x, key(py, x), "|", y, key(py, y))
    print("total", len(MEET), len(APART))

if __name__ == "__main__":
    run()
