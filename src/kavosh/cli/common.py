"""Helpers shared by the CLI commands: opening an index, counting, colour, rendering highlights."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys

from ..index.field_warnings import count  # noqa: F401 (the CLI's "1 document" / "1,203 documents")
from .errors import UserError

_NEWLINES = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def index_opt(sp: argparse.ArgumentParser) -> None:
    """Add the shared ``--index DIR`` option to a subcommand's parser."""
    sp.add_argument("--index", metavar="DIR", default=None,
                    help="index folder (default: $KAVOSH_INDEX or ~/.local/share/kavosh/index)")


_DASH_QUERY = re.compile(r"^-(?:[^A-Za-z\-]|[A-Za-z_][A-Za-z0-9_.]*:)")
"""A word that starts with ``-`` and is not an option: ``-عراق``, ``-۲۰``, ``-"a b"``, ``-title:x``."""


def accept_dash_queries(sp: argparse.ArgumentParser) -> None:
    """Let ``sp`` read ``-عراق`` (an excluded word) as its query, not as an unknown option.

    argparse treats a ``-`` word as an option unless it looks like a negative number; this
    widens "negative number" (argparse's own ``_negative_number_matcher`` hook) to any ``-``
    followed by a character no option starts with, or by a field name and ``:``.  Options of
    ``sp`` are ASCII (``--limit``, ``-h``), so they keep working.
    """
    sp._negative_number_matcher = _DASH_QUERY
    sp._has_negative_number_optionals = []


def color_enabled(mode: str, stream=sys.stdout) -> bool:
    """Whether to colour output: ``mode`` is ``always``, ``never`` or ``auto`` (a terminal, no ``NO_COLOR``)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def render(segments, color: bool) -> str:
    """One line of text from highlight segments (dicts or objects with ``text``/``match``):
    matches in bold yellow when ``color``, else between ``**``; newlines become spaces."""
    out = []
    for s in segments:
        text = s["text"] if isinstance(s, dict) else s.text
        match = s["match"] if isinstance(s, dict) else s.match
        text = _NEWLINES.sub(" ", text)
        if match:
            out.append(f"\x1b[1;33m{text}\x1b[0m" if color else f"**{text}**")
        else:
            out.append(text)
    return "".join(out)


def open_index(path: str | None, create: bool = False, fields=None, shards: int | None = None):
    """The :class:`kavosh.engine.Index` at ``path`` (created with ``fields``, a
    :class:`kavosh.index.fields.FieldConfig`, and ``shards`` shards when missing); :class:`UserError` if it
    cannot be opened."""
    from ..engine import Index
    from ..index.store import IndexError_

    try:
        return Index(path, create=create, fields=fields, shards=shards)
    except IndexError_ as e:
        raise UserError(str(e)) from e
    except OSError as e:
        raise UserError(f"cannot open the index at {path}: {e.strerror or e}") from e


def demo_index_dir():
    """Where ``kavosh demo`` builds its index when not given ``--index``: ``demo`` beside the default
    index (``~/.local/share/kavosh/demo``)."""
    from ..index.store import default_index_dir

    return default_index_dir().parent / "demo"


def reading_path(path: str | None) -> str | None:
    """The index folder a command that only reads (search, suggest, info, eval, serve) opens.

    Without ``--index`` (``path`` None), when the default index does not exist yet but the demo's
    does (``kavosh demo`` was run, ``kavosh index`` not yet), the demo's index, and a line on stderr
    says so and how to make an index of one's own: ``kavosh demo && kavosh search تهران`` works.
    Otherwise ``path`` as given.
    """
    from ..index.store import META_FILE, default_index_dir

    if path is None and not (default_index_dir() / META_FILE).exists() \
            and (demo_index_dir() / META_FILE).exists():
        print(f"kavosh: using the demo's index at {demo_index_dir()} (there is no index at "
              f"{default_index_dir()} yet: `kavosh index PATH` makes one; --index DIR chooses)", file=sys.stderr)
        return str(demo_index_dir())
    return path


def open_for_reading(path: str | None):
    """:func:`open_index` of :func:`reading_path`\\ ``(path)``."""
    return open_index(reading_path(path))


def open_for_writing(path: str | None, fields=None, memory_mb: int | None = None, shards: int | None = None):
    """``(index, writer)``: the index (created with ``fields`` if missing) with its writer lock taken (and
    a writer memory budget of ``memory_mb`` MB, default :data:`kavosh.index.budget.DEFAULT_MEMORY_MB`);
    :class:`UserError` when another process holds the lock or the index's near-duplicate table is missing."""
    from ..index.groups import GroupTableError
    from ..index.store import IndexLockedError

    ix = open_index(path, create=True, fields=fields, shards=shards)
    if memory_mb is not None:
        ix.memory_mb = memory_mb
    try:
        return ix, ix.writer
    except (IndexLockedError, GroupTableError) as e:
        raise UserError(str(e)) from e


def positive_float(option: str):
    """An argparse type: a number above 0, else a one-line error naming ``option``."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a number, not {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{option} must be above 0, not {text}")
        return value
    return parse


def stop_on_sigterm_like_ctrl_c() -> None:
    """SIGTERM (``kill``, ``timeout``, ``docker stop``) stops a long run as Ctrl-C does:
    what was read or fetched so far is committed before exiting (status 130)."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


class HeldInterrupts:
    """Ctrl-C (SIGINT) and SIGTERM raise :class:`KeyboardInterrupt` as usual, except inside
    :meth:`held`: there the signal is remembered and raised when the block ends, so a step that
    must not be cut in half (adding a document to the writer, counting it and moving the reading's
    mark past it) runs whole. ``kavosh index`` then commits exactly the documents it reports.

    Without it a signal could land between counting a run of records and adding it (the count said
    967 documents were read, 256 fewer were committed), or after the mark moved past a file whose
    last document was never added (a later run would take the file as done).

    A context manager: installs its handler on entry (main thread only; elsewhere it does nothing,
    as signals reach only the main thread) and restores the previous handlers on exit."""

    def __init__(self) -> None:
        self._holding = False
        self._pending = False
        self._previous: dict = {}
        self.came = False
        """Whether a signal came during a :meth:`held` block (raised or not)."""

    def _handler(self, signum, frame) -> None:
        if self._holding:
            self._pending = self.came = True
            return
        raise KeyboardInterrupt

    def __enter__(self) -> HeldInterrupts:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    @contextlib.contextmanager
    def held(self, then_raise: bool = True):
        """Run the block whole; a signal that came during it raises :class:`KeyboardInterrupt` at its
        end (``then_raise``), or only sets :attr:`came` (``then_raise=False``: the last step of a run)."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            if self._pending:
                self._pending = False
                if then_raise:
                    raise KeyboardInterrupt


def check_depth(depth: int, option: str = "--depth") -> None:
    """Refuse a topics run's results per query outside 1 to the page limit
    (:attr:`kavosh.query.limits.Limits.page`, 1000) before any query runs: :class:`UserError`
    ``--depth must be 1 to 1000 (results per query), got 5000`` (every query would fail on it)."""
    from ..query.limits import LIMITS

    if not 1 <= depth <= LIMITS.page:
        raise UserError(f"{option} must be 1 to {LIMITS.page:,} (results per query), got {depth}")


def check_writable(path: str, option: str = "--output") -> None:
    """Refuse an output file that cannot be written, before any work (a run of thousands of queries
    then a traceback): :class:`UserError` ``cannot write PATH: …`` when ``path`` is a folder, its folder
    is missing or not a folder, or the folder (or an existing file at ``path``) may not be written.
    Nothing is created or changed.  Write the file with :func:`written_whole`."""
    p = os.path.abspath(path)
    folder = os.path.dirname(p)
    if os.path.isdir(p):
        why = "it is a folder; give a file name (e.g. " + os.path.join(path, "run.trec") + ")"
    elif not os.path.exists(folder):
        why = f"there is no folder {folder}"
    elif not os.path.isdir(folder):
        why = f"{folder} is not a folder"
    elif not os.access(folder, os.W_OK | os.X_OK):
        why = f"no permission to write in {folder}"
    elif os.path.exists(p) and not os.access(p, os.W_OK):
        why = "no permission to write the file"
    else:
        return
    raise UserError(f"cannot write {path}: {why} ({option})")


@contextlib.contextmanager
def written_whole(path: str):
    """Write a file whole or not at all: yields a temporary name beside ``path`` (``.NAME.PID.tmp``) to
    write, renamed to ``path`` when the block ends, removed if it raises; a file already at ``path``
    stays as it was until then.  :class:`UserError` ``cannot write PATH: …`` on an OS error (a full disk)."""
    folder, name = os.path.split(os.path.abspath(path))
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror or e}") from e
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
