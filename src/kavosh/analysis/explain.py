"""The analysis chain step by step, as Elasticsearch's ``_analyze`` API shows it with ``explain: true``.

:func:`explain` runs the same steps as :meth:`kavosh.analysis.Analyzer.analyze`, but one at a time:

1. **char filters** — the text after each filter that changed it: ``respell_in_context`` (the one
   that looks at neighbours), then Arabic presentation forms and full-width letters, then each
   filter of :data:`kavosh.analysis.normalize.CHAR_RULES`, as the composed table does;
2. **tokenizer** — the tokens the tokenizer cuts from the filtered text, with offsets into
   the original;
3. **token filters** — per token: ``join_half_spaces`` (the half-space or space inside a word
   removed), ``stop`` (a stopword: indexed at its place as its marked term, ``␀و``, never a required
   term of a plain query: :func:`kavosh.analysis.analyzer.stop_term`), ``stem`` (the stemmer and
   lemmatizer give the indexed term).

Its terms and offsets are those of :meth:`Analyzer.analyze` (``tests/analysis/test_context.py``, ``test_explain_gives_the_terms_analyze_gives``, and ``tests/test_display_cli.py`` check).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .analyzer import STOP_MARK, Analyzer
from .normalize import CHAR_RULES, CONTEXT_RULE, normalize, normalize_with_offsets, respell_in_context
from .tokenize import surface_to_word, tokenize_spans

PRESENTATION_RANGES = ((0xFB50, 0xFE00), (0xFE70, 0xFEFF), (0xFF01, 0xFF5F))
"""Arabic presentation forms (ligatures such as ``ﻻ`` and ``ﷺ``) and full-width ASCII: NFKC gives their letters."""


@dataclass
class TokenSteps:
    """One token through the token filters.

    Attributes:
        surface: the token as the tokenizer cut it (normalized text, half-spaces included).
        start: start offset in the original text; ``end``: its end (exclusive).
        position: 0-based position.
        steps: ``[(filter name, token after it)]`` for the filters that changed or marked it.
        term: the token's term (:attr:`kavosh.analysis.analyzer.Token.term`); ``stopword``: true
            when it is a stopword (indexed as its marked term).
    """

    surface: str
    start: int
    end: int
    position: int
    steps: list[tuple[str, str]] = field(default_factory=list)
    term: str = ""
    stopword: bool = False


@dataclass
class Explanation:
    """The whole chain: ``char_filters`` as ``[(name, text after it)]`` (only those that changed
    the text), the normalized text, and the tokens with their token-filter steps."""

    text: str
    char_filters: list[tuple[str, str]]
    normalized: str
    tokens: list[TokenSteps]

    def to_dict(self) -> dict:
        """The shape of Elasticsearch's ``_analyze`` ``detail`` (``charfilter``, ``tokenizer``,
        ``tokenfilters``), each token with its offsets into the original text."""
        def tok(t: TokenSteps, text: str) -> dict:
            return {"token": text, "start_offset": t.start, "end_offset": t.end, "position": t.position}

        filters = []
        for name in ("join_half_spaces", "stop", "stem"):
            out = []
            for t in self.tokens:
                value = dict(t.steps).get(name)
                if name == "stop" and not t.stopword:
                    continue
                out.append(tok(t, value if value is not None else _last_before(t, name)) | (
                    {"stopword": True} if name == "stop" else {}))
            filters.append({"name": name, "tokens": out})
        return {"text": self.text,
                "charfilters": [{"name": n, "filtered_text": [txt]} for n, txt in self.char_filters],
                "tokenizer": {"name": "kavosh_persian", "tokens": [tok(t, t.surface) for t in self.tokens]},
                "tokenfilters": filters,
                "terms": [STOP_MARK + t.term if t.stopword else t.term for t in self.tokens]}


def _last_before(t: TokenSteps, name: str) -> str:
    order = ("join_half_spaces", "stop", "stem")
    value = t.surface
    for step, text in t.steps:
        if order.index(step) < order.index(name):
            value = text
    return value


def _char_filter_steps(text: str) -> list[tuple[str, str]]:
    steps: list[tuple[str, str]] = []
    respelled = respell_in_context(text)
    if respelled != text:
        steps.append((CONTEXT_RULE, respelled))
        text = respelled
    forms = "".join(unicodedata.normalize("NFKC", ch) if any(lo <= ord(ch) < hi for lo, hi in PRESENTATION_RANGES)
                    and unicodedata.category(ch) != "Cn" else ch for ch in text)
    if forms != text:
        steps.append(("fold_presentation_forms", forms))
    current = forms
    for rule in CHAR_RULES:
        after = "".join(rule.mapping.get(ch, ch) for ch in current)
        if after != current:
            steps.append((rule.name, after))
            current = after
    return steps


def explain(text: str, analyzer: Analyzer) -> Explanation:
    """Run ``text`` through ``analyzer``'s chain one step at a time (see the module text)."""
    steps = _char_filter_steps(text)
    norm, starts, ends = normalize_with_offsets(text)
    if steps and steps[-1][1] != norm or not steps and norm != text:
        steps.append(("(composed table)", normalize(text)))  # never seen: the rules and the table agree
    tokens = []
    for pos, (surface, a, b) in enumerate(tokenize_spans(norm, analyzer.compounds)):
        t = TokenSteps(surface, starts[a], ends[b - 1], pos)
        word = surface_to_word(surface)
        if word != surface:
            t.steps.append(("join_half_spaces", word))
        t.stopword = analyzer.is_stop_word(word)
        if t.stopword:
            t.steps.append(("stop", word))
        t.term = analyzer._term(surface)
        if t.term != word:
            t.steps.append(("stem", t.term))
        tokens.append(t)
    if analyzer.stem_enabled:  # the readings a neighbour decides (context.py): دیده شد, بر می‌دارد
        readings = analyzer._neighbour_readings([surface_to_word(t.surface) for t in tokens], [t.term for t in tokens])
        for i, (term, _own, _joined) in readings.items():
            tokens[i].term = term
            tokens[i].steps.append(("read_with_neighbour", term))
    return Explanation(text, steps, norm, tokens)
