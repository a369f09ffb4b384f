"""Warnings about a run's document fields that no search can see: the one check ``kavosh index`` and
:meth:`kavosh.Index.add` share (a field the index does not declare is stored and shown, never searched,
filtered or counted; a declared field no document held; an inferred field empty everywhere).

:func:`count_fields` tallies a document's fields; :func:`field_warnings` turns the tallies into
``warning: …`` lines (the CLI prints them, the Python API passes them to :func:`warnings.warn`).
"""

from __future__ import annotations

from collections import Counter


def count(n: int, noun: str) -> str:
    """``"1 document"``, ``"1,203 documents"``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def count_fields(doc, held: Counter, present: Counter) -> None:
    """Add ``doc``'s metadata names to ``held`` (a non-empty value) and ``present`` (any value, ``[]``, ``""``
    and ``null`` included), leaving out the fields Kavosh extracted itself (:func:`own_fields`)."""
    if doc.fields:
        own = own_fields(doc)
        held.update(k for k, v in doc.fields.items() if v not in (None, "", [], {}) and k not in own)
        present.update(k for k in doc.fields if k not in own)


OWN_FIELDS = frozenset({"language", "fetched"})
"""Metadata Kavosh itself gives HTML pages (:mod:`kavosh.ingest.html`, :mod:`kavosh.ingest.warc`): stored and
shown, never warned about."""


def own_fields(doc) -> tuple[str, ...]:
    """The names in ``doc.fields`` that Kavosh extracted itself rather than the input supplying them: those of
    :data:`kavosh.ingest.html.EXTRACTED_FIELDS` when the document came from an HTML or WARC file (``sitename``
    of a page is not the user's field: no warning asks to declare it).  Decided by the source file's suffix."""
    from ..ingest.html import EXTRACTED_FIELDS
    from ..ingest.walk import HTML_SUFFIXES, WARC_SUFFIXES

    return EXTRACTED_FIELDS if doc.source_key.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES) else ()


def field_warnings(held: Counter, documents: int, config, flags: list[str], inferred: bool,
                   present: Counter | None = None, unfit: dict[str, str] | None = None,
                   python: bool = False) -> list[str]:
    """Warnings about fields this run's documents had that no search can see, and declared ones they lacked:
    nothing is passed over silently.

    Args:
        held: field name → documents of this run with a non-empty value of it.
        documents: documents indexed in this run.
        config: the index's :class:`~kavosh.index.fields.FieldConfig`.
        flags: this run's ``--field NAME:KIND`` flags.
        inferred: this run created the index and inferred the kinds of fields not declared.
        present: field name → documents of this run having it at all, empty values (``[]``, ``""``,
            ``null``) included; ``None``: not counted.
        unfit: field name → the record inference gave it no kind for (:attr:`FieldConfig.unfit`), named in
            its warning.
        python: the documents came through :meth:`kavosh.Index.add`: a warning says how to declare a field
            there (``kavosh.Index(path, fields={"author": "keyword"})``), not with ``--field``.
    Returns:
        ``warning: …`` lines: a field declared by a flag that no document of the run held (with the fields
        they did hold), each field held but not in the index's configuration (stored and shown, not
        searched, filtered or counted), with its number of documents and why, and, when the kinds were
        inferred, each field every document of the run has empty (``tags: []``: no kind is inferred from
        an empty value, so it is no facet; :func:`kavosh.index.field_inference.infer`).
    """
    from .fields import check_name, parse_declaration

    out = []
    if documents:
        have = ", ".join(sorted(held)) or "none"
        for flag in flags:
            name = parse_declaration(flag)[0]
            if held.get(name):
                continue
            if empty := (present or {}).get(name):  # there, but [] or "" everywhere: not a misspelt name
                which = (f"all {count(documents, 'document')} indexed have" if empty >= documents else
                         f"{empty:,} of the {count(documents, 'document')} indexed {'has' if empty == 1 else 'have'}")
                out.append(f"warning: --field {flag}: {which} a field {name}, but empty ([], \"\" or null) in every "
                           "one: nothing to search, filter or count until documents fill it")
            else:
                out.append(f"warning: --field {flag}: none of the {count(documents, 'document')} indexed has a "
                           f"field {name} (the fields they have: {have})")
    for name, n in held.items():
        if name in config.fields or name in OWN_FIELDS:
            continue
        try:
            check_name(name)
            why = ((f"{unfit[name]}, and " if name in (unfit or {}) else "")
                   + "no kind is inferred for objects or lists of long text, nor for a field first seen after a "
                   f"file's first 10,000 records; declare one that fits (--field {name}:KIND) in a new index"
                   if inferred else
                   ("it was not declared when the index was created (kavosh.Index(path, fields={"
                    f"\"{name}\": KIND}}) for a new index; an index's fields are fixed then)" if python else
                    "it was not declared when the index was created (--field NAME:KIND; an index's fields are "
                    "fixed then)"))
        except ValueError as e:
            why = str(e).removeprefix("field: ")
        out.append(f"warning: field {name} ({count(n, 'document')}) is stored and shown, not searched, "
                   f"filtered or counted: {why} (docs/fields.md)")
    for name, n in (present or {}).items():
        if inferred and not held.get(name) and name not in config.fields and name not in OWN_FIELDS:
            out.append(f"warning: field {name} is empty in all {count(n, 'document')} that have it: no kind is "
                       f"inferred from empty values, so it is not searched, filtered or counted; if later documents "
                       f"will fill it, declare it when creating the index (--field {name}:KIND, docs/fields.md)")
    return out
