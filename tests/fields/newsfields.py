"""The field test corpus: the news articles of ../shared/data/news with fields of every kind.

Every value is derived from the article itself, so counts can be checked against the file:

* ``category`` (keyword): the article's category in Persian, written in the corpus's Arabic
  orthography (``sports`` → ``ورزشي`` with Arabic yeh) so that ``category:ورزشی`` tests letter folding;
  articles without a category have none.
* ``site`` (keyword): ``ورزش سه`` for varzesh3.com articles, ``فارس`` for farsnews.ir.
* ``tags`` (keyword[]): which of a few words the title holds (``فوتبال``, ``والیبال``, ``استقلال``,
  ``پرسپولیس``, ``ایران``, ``آمریکا``).
* ``views`` (number): the text's length in characters, written with Persian digits in every
  other article (``"۱۲۳۴"``) and as a JSON number in the others.
* ``published`` (date): Fars News ids encode the Jalali date (``/news/8707060255`` → 1387-07-06);
  Varzesh3 articles have none.
* ``long_read`` (bool): the text is longer than 3,000 characters.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

NEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "articles.jsonl.gz"

CATEGORY_FA = {"sports": "ورزشي", "politics": "سياسي", "economy": "اقتصادي", "social": "اجتماعي",
               "world": "بين الملل", "culture": "فرهنگي", "province": "استان ها"}
TAG_WORDS = ("فوتبال", "والیبال", "استقلال", "پرسپولیس", "ایران", "آمریکا")
FIELDS = ("--field", "category:keyword", "--field", "site:keyword", "--field", "tags:keyword[]",
          "--field", "views:number", "--field", "published:date", "--field", "long_read:bool")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FOLD = str.maketrans("يكة", "یکه")


def _published(url: str) -> str | None:
    m = re.search(r"farsnews\.ir/news/(\d{2})(\d{2})(\d{2})\d{4}$", url)
    if not m:
        return None
    yy, mm, dd = (int(g) for g in m.groups())
    if not (80 <= yy <= 99 and 1 <= mm <= 12 and 1 <= dd <= 31 and not (mm > 6 and dd > 30)):
        return None
    return f"13{yy:02d}/{mm:02d}/{dd:02d}"


def records(limit: int | None = None) -> list[dict]:
    """The derived records (all 4,000, or the first ``limit``)."""
    out = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            d = json.loads(line)
            title = d["title"].translate(_FOLD)
            rec = {"id": d["id"], "title": d["title"], "text": d["text"], "url": d["url"]}
            if d["category"] in CATEGORY_FA:
                rec["category"] = CATEGORY_FA[d["category"]]
            rec["site"] = "ورزش سه" if "varzesh3.com" in d["url"] else "فارس"
            rec["tags"] = [w for w in TAG_WORDS if w in title]
            views = len(d["text"])
            rec["views"] = str(views).translate(_PERSIAN) if n % 2 else views
            if (pub := _published(d["url"])) is not None:
                rec["published"] = pub
            rec["long_read"] = views > 3000
            out.append(rec)
    return out


def write(path: Path, limit: int | None = None) -> Path:
    """Write :func:`records` as JSON Lines to ``path``."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in records(limit):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path
