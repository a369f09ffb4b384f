"""Helpers of the field tests (a module of its own: ``conftest`` names clash between test folders)."""

from __future__ import annotations

import subprocess
import sys

import newsfields
import pytest

needs_news = pytest.mark.skipif(not newsfields.NEWS.exists(), reason="../shared/data/news is not here")


def kavosh(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real `kavosh` command (``python -m kavosh``), capturing its output."""
    proc = subprocess.run([sys.executable, "-m", "kavosh", *args], capture_output=True, text=True,
                          timeout=timeout)
    if check and proc.returncode not in (0,):
        raise AssertionError(f"kavosh {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc
