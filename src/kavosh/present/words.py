"""A highlight marks whole words as written: never a piece of a word written as one, never a mark or half-space
of it left outside.

The analyzer reads some words written as one as several tokens (a glued Arabic phrase, ``انشالله`` = ``ان شا
الله``; ``الحمدلله`` = ``الحمد لله``; a run-on ``و``), and the highlighter marks the tokens that matched, so a
query meeting one piece marked only it: ``الحمدلله`` showed ``انشا[لله]``, ``ان‌شاءالله`` showed ``الحمد[لله]``, and
``ان‌شا‌ء‌الله`` came out ``[ان‌شا]‌ء‌[الله]``, the hamza and its half-spaces outside the mark (a new user's
findings).  Read as a user reads it, the match is the word on the page, as written between spaces: :func:`whole_words`
widens a mark that starts or ends inside a word of Arabic script (letters, harakat, tatweel: :data:`RUN`; half-spaces
join its parts) to the whole word (``[انشالله]``, ``[ان‌شا‌ء‌الله]``, ``[حزب‌الله]`` for ``الله``), and joins two marks
of one word whose only gap is half-spaces, a lone hamza, tatweel or marks (:data:`GAP`).  Marking nothing would hide
where the document matched (the piece's term counted in its score), so the word is marked whole.  Spaces, digits,
punctuation and other scripts bound a mark as before.  Applied to the segments of titles, snippets and a document's
page (:mod:`kavosh.present.format`), whichever path made them (the compiled core's or the specification's
:mod:`kavosh.present.highlight`), so both give the same marks.
"""

from __future__ import annotations

import re

from .results import Segment

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
"""Arabic-script combining marks: honorifics, harakat, superscript alef, Quranic marks."""
RUN = re.compile("[\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\u0610-\u061a]")
"""A character of a word written as one in Arabic script: a letter, a combining mark or tatweel (not a half-space,
a digit or punctuation: ``،`` ``؛`` ``؟`` ``٪`` ``۔`` are outside it)."""
_WORD = RUN.pattern[:-1] + "\u200c\u200d]"
"""A character of a word as written: :data:`RUN`'s or a half-space (ZWNJ, ZWJ), which joins the parts of one word
(``ان‌شاءالله``, ``حزب‌الله``, ``کتاب‌ها``) where a space parts two."""
_WORD_TAIL = re.compile(_WORD + "+$")
_WORD_HEAD = re.compile(_WORD + "+")
GAP = re.compile(f"[\u200c\u200d\u0621\u0640{_MARKS}]+")
"""What may stand between two marks of one word and be marked with them: half-spaces (ZWNJ, ZWJ), a lone hamza
(``ان‌شا‌ء‌الله``), tatweel and combining marks."""


def whole_words(segments: list[Segment]) -> list[Segment]:
    """``segments`` (text in order, ``match`` where it matched) with each mark over whole words as written: two
    marks with only a :data:`GAP` between them made one, then a mark whose first (last) character is of
    :data:`RUN` widened over the run's characters just before (after) it.  The text is unchanged, in the
    same order; segments left empty are dropped and marks left side by side joined (unmarked segments are
    kept as they come: ``"… "`` stays apart).  New segments; the arguments are not changed.

    >>> [(s.text, s.match) for s in whole_words([Segment("انشا", False), Segment("لله", True), Segment(" خوب", False)])]
    [('انشالله', True), (' خوب', False)]
    >>> [(s.text, s.match) for s in whole_words([Segment("ان‌شا", True), Segment("‌ء‌", False), Segment("الله", True)])]
    [('ان\u200cشا\u200cء\u200cالله', True)]
    >>> [(s.text, s.match) for s in whole_words([Segment("خط حزب‌", False), Segment("الله", True)])]
    [('خط ', False), ('حزب\u200cالله', True)]
    """
    segs = [Segment(s.text, s.match) for s in segments]
    if not any(s.match for s in segs):
        return segs
    merged: list[Segment] = []
    for s in segs:  # a gap of one word between two marks: one mark
        if s.match and len(merged) >= 2 and merged[-2].match and GAP.fullmatch(merged[-1].text):
            gap = merged.pop()
            merged[-1].text += gap.text + s.text
        else:
            merged.append(s)
    for i, s in enumerate(merged):  # a mark starting or ending inside a word: the whole word
        if not s.match:
            continue
        if i > 0 and RUN.match(s.text[0]):
            before = merged[i - 1]
            m = _WORD_TAIL.search(before.text)
            if m is not None:
                s.text = m.group() + s.text
                before.text = before.text[:m.start()]
        if i + 1 < len(merged) and RUN.match(s.text[-1]):
            after = merged[i + 1]
            m = _WORD_HEAD.match(after.text)
            if m is not None:
                s.text += m.group()
                after.text = after.text[m.end():]
    return _joined(merged)


def _joined(segs: list[Segment]) -> list[Segment]:
    """``segs`` without empty segments, marks side by side made one."""
    out: list[Segment] = []
    for s in segs:
        if not s.text:
            continue
        if out and out[-1].match and s.match:
            out[-1].text += s.text
        else:
            out.append(s)
    return out
