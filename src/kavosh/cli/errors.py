"""The CLI's one way of reporting: exit statuses, :class:`UserError` and :func:`report`.

Every command raises :class:`UserError` for a mistake the user can fix; :func:`kavosh.cli.main`
prints it with :func:`report` as one ``kavosh: error: ...`` line and exits with status 2.
Inputs that fail during indexing are listed by the command and give status 1.
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def report(message: str, stream=None) -> int:
    """Print ``kavosh: error: MESSAGE`` (one line) on standard error; returns :data:`EXIT_USAGE`."""
    print(f"kavosh: error: {message}", file=stream or sys.stderr)
    return EXIT_USAGE


def warn(message: str, stream=None) -> None:
    """Print ``kavosh: warning: MESSAGE`` on standard error (the run goes on)."""
    print(f"kavosh: warning: {message}", file=stream or sys.stderr)
