"""Markdown files as text: the words a reader sees, without the markup.

A ``.md`` file indexed as it is puts ``#``, ``**`` and link targets into titles and
snippets, where the CLI's own ``**`` highlight marks then meet the file's
(``****گلاب****``).  The file is parsed by markdown-it-py (PyPI, the CommonMark
parser of the Executable Books project) and the text of its blocks is kept: headings,
paragraphs, list items, quotes and table cells one per line, inline code and code
blocks as written, link and image texts without their targets; raw HTML loses its tags.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = (".md", ".markdown")

_TAG = re.compile(r"<[^>]*>")


def markdown_text(source: str) -> str:
    """The text of the Markdown document ``source``: one line per block, markup removed.

    >>> markdown_text("# یادداشت\\n\\nدربارهٔ **گلاب** [قمصر](https://example.ir) و `کاشان`.\\n")
    'یادداشت\\nدربارهٔ گلاب قمصر و کاشان.'
    """
    from markdown_it import MarkdownIt

    lines: list[str] = []
    for token in MarkdownIt("commonmark", {"html": True}).enable("table").parse(source):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif child.type == "image":
                    parts.append("".join(c.content for c in child.children or []))
                elif child.type == "html_inline":
                    parts.append(_TAG.sub("", child.content))
            lines.append("".join(parts))
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            lines.append(_TAG.sub("", token.content).strip())
    return "\n".join(line for line in lines if line.strip())
