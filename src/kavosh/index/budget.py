"""The indexing memory budget (``kavosh index --memory``): how the writer's memory is shared out.

No heavy imports here: the CLI reads these constants before it opens an index.
"""

from __future__ import annotations

DEFAULT_MEMORY_MB = 512
"""The writer's memory budget in MB (``kavosh index --memory``); see :func:`memory_split`."""
MIN_MEMORY_MB = 64
"""The smallest budget accepted (tantivy needs about 15 MB of heap per indexing thread)."""


def memory_split(memory_mb: int) -> tuple[int, int]:
    """How a writer memory budget is spent: ``(tantivy heap in bytes, band table cache in MB)``.

    Three quarters go to tantivy's indexing heap (when it is full, tantivy writes a segment,
    so memory stays bounded whatever the corpus size), one eighth to the near-duplicate band
    table's page cache (:mod:`kavosh.index.groups`); the last eighth is headroom for the band
    table's filter (at most a sixteenth: :func:`filter_mb`), the batches in flight from the analysis
    workers (:mod:`kavosh.index.pipeline`, about 1 MB) and Python's own objects.  The analysis worker processes are not part of it (their size is fixed: the
    analyzer's word lists and bounded caches).

    Also outside it, measured on the scale corpus (issue #13, ``docs/benchmarks.md`` "Scale", run 5):

    * the run's completion-word counts (:class:`kavosh.index.completions.Counts`) and the table the
      run's last commit derives from them grow with the *vocabulary*, not the number of documents:
      about 140 bytes a distinct word counted and 500 a word kept in the table (300k distinct words:
      41 MB of counts, 160 MB more while and after deriving); the scale corpus's 300k documents hold
      104k distinct words (+50 MB at the last commit);
    * the index files tantivy maps while it merges segments: resident pages of files (the kernel's
      page cache, dropped under memory pressure), as large as the segments being merged.  The Rust
      writer bounds them with :func:`merge_max_docs` (tantivy-py's writer, used for sharded indexes
      and ``KAVOSH_PURE_PYTHON=1``, sets no merge policy).

    Raises:
        ValueError: ``memory_mb`` is below :data:`MIN_MEMORY_MB`.
    """
    if memory_mb < MIN_MEMORY_MB:
        raise ValueError(f"--memory must be at least {MIN_MEMORY_MB} MB, not {memory_mb}")
    return memory_mb * 3 // 4 * 1024 * 1024, max(4, memory_mb // 8)


TANTIVY_MAX_HEAP_PER_THREAD = 4_293_967_295
"""The largest indexing heap tantivy takes per writer thread, in bytes (its ``MEMORY_BUDGET_NUM_BYTES_MAX``:
4 GB less 1 MB; a larger one is refused, and ``kavosh index --memory 20000`` had ended in a traceback)."""


def capped_heap(heap_bytes: int, threads: int) -> int:
    """``heap_bytes`` (from :func:`memory_split`) within what tantivy accepts: at most
    :data:`TANTIVY_MAX_HEAP_PER_THREAD` per writer thread, and one thread's worth when ``threads`` is 0
    (tantivy's own count, which this process does not know).  A budget is a ceiling: using less of it keeps
    every bound."""
    return min(heap_bytes, max(1, threads) * TANTIVY_MAX_HEAP_PER_THREAD)


def filter_mb(memory_mb: int) -> int:
    """The largest size in MB of the near-duplicate band table's filter
    (:class:`kavosh.index.groups.BandFilter`) under a writer memory budget of ``memory_mb``: a
    sixteenth of it (32 MB at the default budget: 12 bits a band key for 1.4 million documents)."""
    return max(1, memory_mb // 16)


MERGE_BYTES_PER_DOC = 4096
"""Index bytes a document takes, about, for :func:`merge_max_docs` (the scale corpus: about 0.8 GB of
segment files for 200k documents, ``docs/benchmarks.md`` "Scale" run 4)."""
MERGE_SEGMENTS = 8
"""Segments a tantivy merge takes (``LogMergePolicy``'s default ``min_num_segments``)."""


def merge_max_docs(memory_mb: int) -> int:
    """The size in documents from which a segment is not merged again, under a writer memory budget of
    ``memory_mb`` (tantivy's ``LogMergePolicy::set_max_docs_before_merge``, set by the Rust writer).

    A merge reads about :data:`MERGE_SEGMENTS` segments below this size, so the files it maps (resident
    while it runs) stay near the budget: ``memory_mb`` MB / (8 × :data:`MERGE_BYTES_PER_DOC`), at least
    10,000 (16,384 at the default 512 MB; a segment then grows to at most about 8 × that by its last
    merge and stays: some 10 to 20 segments at 1M documents).  The price is more segments than tantivy's default policy
    (10 million) leaves, each searched on its own.
    """
    return max(10_000, memory_mb * 1024 * 1024 // (MERGE_SEGMENTS * MERGE_BYTES_PER_DOC))
