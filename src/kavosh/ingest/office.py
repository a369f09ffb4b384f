"""Word documents (``.docx``) → :class:`Document`, with python-docx (PyPI, the python-openxml project).

A ``.docx`` stores its text in logical order (the order it was typed), so Persian comes
out as written, half-spaces (ZWNJ) included.  Paragraphs and table cells are read in
document order, one paragraph a line.  The title is the document's own title property,
else its first paragraph in a Title or Heading style, else its first line; the date is a
dateline in the text (:func:`kavosh.ingest.dates.document_date`), as for ``.txt``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .dates import document_date
from .document import Document, IngestError


def _blocks(doc) -> Iterator[tuple[str, str]]:
    """``(style name, text)`` of each paragraph in document order; table cells as paragraphs."""
    from docx.table import Table

    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        yield "", p.text
        else:
            yield (block.style.name if block.style is not None else ""), block.text


def read_docx_file(path: Path, root: str, max_bytes: int) -> Iterator[Document | IngestError]:
    """Read one ``.docx`` file as one document (id: its path relative to ``root``).

    Yields an :class:`IngestError` instead for a file that is not a Word document, has no
    text, or holds more than ``max_bytes`` of text; never raises for bad input.
    """
    try:
        import docx
    except ImportError as e:
        yield IngestError(str(path), None, f"reading .docx needs python-docx, which cannot be imported ({e})")
        return
    try:
        doc = docx.Document(str(path))
    except Exception as e:  # zipfile, lxml and python-docx's own PackageNotFoundError for damaged files
        yield IngestError(str(path), None, f"not a readable Word document ({e})")
        return
    lines: list[str] = []
    heading = ""
    for style, text in _blocks(doc):
        text = text.strip()
        if not text:
            continue
        if not heading and (style == "Title" or style.startswith("Heading")):
            heading = text
        lines.append(text)
    text = "\n".join(lines)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        yield IngestError(str(path), None, f"document of {size / 1e6:.3g} MB of text is larger than the "
                                           f"{max_bytes / 1e6:g} MB limit (--max-doc-mb)")
        return
    if not text:
        yield IngestError(str(path), None, "no text found in the Word document")
        return
    title = (doc.core_properties.title or "").strip() or heading or lines[0][:120]
    day = document_date(text)
    yield Document(id=os.path.relpath(path, root), title=title, text=text, url=os.path.abspath(path),
                   date=day.isoformat() if day else "", source=str(path))
