"""Persian stopwords: function words dropped from bag-of-words queries.

Kavosh indexes every token (so phrases with function words match exactly) and
drops these only from the optional clauses of a query.  The list holds
prepositions, conjunctions, pronouns, determiners, question words, the
auxiliary verbs (forms of بودن, داشتن, خواستن) and particles.  The forms of
شدن and کردن stay searchable (``می‌شوند`` is a query people type).
It deliberately excludes content words that Lucene's Persian list drops
(``راه``, ``حق``, ``مردم``, ``آمد``, ``هزار``, ``بزرگ``, ``کار``): those must be
searchable.  Entries are in normal orthography and are normalized when compared.
"""

from __future__ import annotations

STOPWORDS_TEXT = """
و در به از که این را با است برای آن یک خود تا بر هم نیز یا اما ولی اگر پس چه
هر همه وی او ما من تو شما آنها ایشان آنان اینها این‌ها آن‌ها ایشان
بود بوده باشد باشند هست هستند نیست می نمی
دیگر چون چنین چنان همین همان زیرا بنابراین سپس نه هیچ کدام کسی چیزی
ای آیا اینکه آنکه را رو روی زیر پیش بین میان درباره توسط طی ضمن بدون
حتی البته باید نباید بی مگر لذا ولیکن وقتی هنگام
چرا کجا چگونه چطور چیست کیست کی چند چندم چندین آیا
است هست هستند بود بودند دارد دارند داشت خواهد خواهند باشد باشند
هستیم هستید بودن داشتن نیستند نبود
همچنین سپس هنوز همواره هرگز شاید بله خیر مثل مانند نزد سوی طبق جز
بالای جلوی باره براساس یکدیگر دیگری دیگران همگی تمام تمامی برخی بعضی بسیاری بسیار
خیلی فقط بلکه همچون آنچه هنگامی وقتیکه اند ام اش ایم اید ها های
"""

STOPWORDS: frozenset[str] = frozenset(STOPWORDS_TEXT.split())
"""The stopword surfaces, un-normalized (normalize them before comparing)."""
