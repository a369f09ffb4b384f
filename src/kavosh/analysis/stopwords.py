"""Persian stopwords: function words dropped from bag-of-words queries.

Kavosh indexes every token (so phrases with function words match exactly) and
drops these only from the optional clauses of a query.  The list holds
prepositions, conjunctions, pronouns, determiners, auxiliaries and particles.
It deliberately excludes content words that Lucene's Persian list drops
(``راه``, ``حق``, ``مردم``, ``آمد``, ``هزار``, ``بزرگ``, ``کار``): those must be
searchable.  Entries are in normal orthography and are normalized when compared.
"""

from __future__ import annotations

STOPWORDS_TEXT = """
و در به از که این را با است برای آن یک خود تا بر هم نیز یا اما ولی اگر پس چه
هر همه وی او ما من تو شما آنها ایشان آنان اینها این‌ها آن‌ها ایشان
بود بوده باشد باشند هست هستند نیست شد شده شود شوند می نمی
دیگر چون چنین چنان همین همان زیرا بنابراین سپس نه هیچ کدام کسی چیزی
ای آیا اینکه آنکه را رو روی زیر پیش بین میان درباره توسط طی ضمن بدون
تنها حتی البته باید نباید بی مگر لذا ولیکن وقتی هنگام
را،
"""

STOPWORDS: frozenset[str] = frozenset(w for w in STOPWORDS_TEXT.split() if w.isalpha() or "\u200c" in w)
"""The stopword surfaces, un-normalized (normalize them before comparing)."""
