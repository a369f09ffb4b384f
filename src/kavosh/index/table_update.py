"""The completion table's update at a commit, begun before it: :class:`TableUpdate`.

Deriving and saving the table (:mod:`kavosh.index.completions`) takes a few tenths of a second at the end of a
``kavosh index`` run (rows in the compiled core, the file's JSON and gzip); the commit it follows takes as long
(tantivy writing its segments, the band table its rows), both mostly without the GIL.  So the writer begins
the update on a thread before the commit and finishes it after (``docs/benchmarks.md``, session m).
"""

from __future__ import annotations

import gzip
import json
import os
import threading

from ..analysis import Analyzer
from .completions import (TABLE_FILE, CompletionTable, Counts, _cache, _counts_of, _file_data, _lock, _read, _save,
                          count_all, generation)
from .store import OpenedIndex

_GENERATION_SLOT = "\x00generation\x00"
"""Stands for the commit's generation in the table file's JSON until the commit is made (:class:`TableUpdate`)."""


class TableUpdate:
    """:func:`~kavosh.index.completions.update_table` begun before the commit it is for: on a thread, while
    the commit writes the index (tantivy and the band table release the GIL), the table is derived from the counts of
    ``before`` plus the deltas and its file written into a temporary file up to the new commit's
    generation; :meth:`finish`, after the commit, writes the rest, renames the file into place and
    keeps the table in memory.  Only when no counts of ``before`` are saved (and it was not empty) is
    everything done in :meth:`finish`: the table is then counted from every stored document of the new
    commit (:func:`count_all`).  The same table and file content as
    :func:`~kavosh.index.completions.update_table` after the commit.

    Args:
        opened, analyzer, before, before_empty: as :func:`~kavosh.index.completions.update_table`.
        deltas: the commit's counts as ``Counts`` merged in order with ``keep_negative`` (the writer's
            counts since the table's commit, then its batch's); not changed, read on the thread
            until :meth:`finish` or :meth:`cancel` returns.
        thread: False: everything in :meth:`finish` (:func:`~kavosh.index.completions.update_table`).
    """

    def __init__(self, opened: OpenedIndex, analyzer: Analyzer, before: str, deltas: tuple[Counts, ...],
                 before_empty: bool = False, thread: bool = True) -> None:
        self.opened, self.analyzer, self.before, self.deltas = opened, analyzer, before, deltas
        self.before_empty = before_empty
        self._file = opened.path / TABLE_FILE
        self._tmp = self._file.with_name(f".{self._file.name}.{os.getpid()}.tmp")
        self._out = None  # the temporary file's gzip stream, open until finish
        self._rest = ""  # the file's JSON after the generation
        self._table: CompletionTable | None = None
        self._counts: Counts | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._begin, name="kavosh-table", daemon=True) if thread else None
        if self._thread is not None:
            self._thread.start()

    def _delta(self) -> Counts:
        first, *rest = self.deltas
        first._flush()
        delta = Counts(first.words, first.title_words, first.titles)  # a copy: the commit may fail
        for d in rest:
            delta.merge(d, keep_negative=True)
        return delta

    def _begin(self) -> None:
        try:
            counts = _counts_of(_read(self._file), self.before)  # of any table version or analyzer
            if counts is None and self.before_empty:
                counts = Counts()
            if counts is not None:
                try:
                    counts.merge(self._delta())
                except (TypeError, ValueError):
                    counts = None
            if counts is None:  # counted from the new commit's documents, in finish
                return
            self._table, self._counts = counts.table(self.analyzer), counts
            text = json.dumps(_file_data(self._table, counts, _GENERATION_SLOT, self.analyzer), ensure_ascii=False)
            head, slot, self._rest = text.rpartition(json.dumps(_GENERATION_SLOT))
            try:
                self._out = gzip.open(self._tmp, "wb", compresslevel=3)
                self._out.write(head.encode("utf-8"))
            except OSError:  # a read-only index folder: keep the table in memory only
                self._discard()
        except BaseException as e:  # raised by finish
            self._error = e

    def _discard(self) -> None:
        if self._out is not None:
            try:
                self._out.close()
            except OSError:
                pass
            self._out = None
        self._tmp.unlink(missing_ok=True)

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        else:
            self._begin()

    def cancel(self) -> None:
        """The commit failed: wait for the thread and remove the temporary file."""
        self._wait()
        self._discard()

    def finish(self) -> CompletionTable:
        """After the commit: the new commit's table, saved (when the folder is writable) and kept in memory.

        Raises:
            what deriving the table raised (the temporary file is removed then).
        """
        self._wait()
        if self._error is not None:
            self._discard()
            raise self._error
        gen = generation(self.opened)
        if self._table is None:  # no counts of before: every stored document of this commit
            counts = count_all(self.opened)
            table = counts.table(self.analyzer)
            _save(self._file, _file_data(table, counts, gen, self.analyzer))
        else:
            table = self._table
            if self._out is not None:
                try:
                    self._out.write((json.dumps(gen) + self._rest).encode("utf-8"))
                    self._out.close()
                    self._out = None
                    os.replace(self._tmp, self._file)
                except OSError:  # as _save: keep the table in memory only
                    self._discard()
        with _lock:
            _cache[str(self.opened.path.resolve())] = (gen, table)
        return table
