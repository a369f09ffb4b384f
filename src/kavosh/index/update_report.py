"""What an incremental run did (:mod:`kavosh.index.update`): :class:`UpdateCounts`, per source file, and the
report's lines (:meth:`UpdateCounts.summary`, :func:`duplicates_line`) that ``kavosh index`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest.document import IngestError


@dataclass
class UpdateCounts:
    """What one run did, per source file.  ``new``, ``changed``, ``resumed``, ``pruned`` and ``partly`` are
    those of the last commit (:meth:`Update.commit`): a run interrupted after reading ahead does not count
    the files it read but never committed (they are read again by the next run).

    Attributes:
        new: files with no document in the index before, now indexed.
        changed: files whose content hash differed, re-indexed.
        resumed: files an interrupted run left half-indexed (on the pending list), unchanged since: read again.
        unchanged: files whose content hash matched: skipped.
        pruned: files no longer found under the paths given, whose documents were removed (``prune=True``).
        gone: files no longer found under the paths given whose documents were kept (no ``prune``): the
            summary says so, and that ``--prune`` removes them.
        failed: files read that gave no document (their errors are reported; their old documents are kept).
        documents: documents handed to the writer.
        errors: every input that could not be indexed (including those of unchanged files, found by an
            earlier run: they are reported again until the file is fixed).
        unchanged_with_errors: unchanged files whose earlier errors are among ``errors``.
        skipped: what the folders held that is not read, by label (``".pdf"``, ``"hidden"``) → paths
            (:func:`kavosh.ingest.walk.skip_reason` says why).
        kept: documents of changed files read with errors that none of the file's readable lines
            holds any more, kept in their earlier version (added back; not in ``documents``).
        kept_ids: the first of their ids (at most 5), for the summary.
        partly: 1 when the last commit holds part of a file (an interrupted run: the file is on the pending list
            and the next run reads it whole, as ``resumed``), else 0.
    """

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    pruned: int = 0
    resumed: int = 0
    gone: int = 0
    failed: int = 0
    documents: int = 0
    errors: list[IngestError] = field(default_factory=list)
    unchanged_with_errors: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)
    kept: int = 0
    kept_ids: list[str] = field(default_factory=list)
    partly: int = 0

    def summary(self) -> str:
        """One line: ``files: 1 new, 2 changed, 997 unchanged (skipped), 0 pruned``."""
        line = (f"files: {self.new:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged (skipped), "
                f"{self.pruned:,} pruned")
        line += (f", {self.resumed:,} resumed (left half-indexed by an interrupted run, read again)"
                 if self.resumed else "")
        line += ", 1 partly (interrupted: the next run reads it again)" if self.partly else ""
        line += f", {self.failed:,} without any readable document" if self.failed else ""
        if self.gone:
            one = self.gone == 1
            line += (f"; {self.gone:,} indexed before {'is' if one else 'are'} no longer found, "
                     f"{'its' if one else 'their'} documents kept (--prune removes them)")
        if self.unchanged_with_errors:
            line += (f"; {self.unchanged_with_errors:,} of the unchanged had unreadable parts when read before "
                     "(listed again below)")
        if self.kept:
            one = self.kept == 1
            line += (f"; {self.kept:,} {'document' if one else 'documents'} of a changed file with unreadable parts "
                     f"{'is' if one else 'are'} kept in {'its' if one else 'their'} earlier version (no readable line "
                     f"has {'its' if one else 'their'} id; fix or remove the lines listed below and index again): "
                     + ", ".join(repr(i) for i in self.kept_ids) + (", …" if self.kept > len(self.kept_ids) else ""))
        return line


def duplicates_line(n: int, ids: list[str]) -> str | None:
    """The report's line about the ``n`` documents that replaced another of the same id
    (:attr:`kavosh.index.writer.Writer.duplicates`; ``ids``: the first of those ids): ``2 documents replaced
    one read before with the same id (in this run, or from another file); the one read last is kept: 'a',
    'b'``; ``None`` when ``n`` is 0."""
    if not n:
        return None
    return (f"{n:,} {'document' if n == 1 else 'documents'} replaced one read before with the same id (in this "
            "run, or from another file); the one read last is kept: "
            + ", ".join(repr(i) for i in ids) + (", …" if n > len(ids) else ""))
