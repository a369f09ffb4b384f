"""The compiled analysis core (``kavosh._core``, Rust under ``rust/``) and its specification.

The Python modules of ``kavosh.analysis`` are the specification; the Rust crate takes every
table from them through ``rust/kavosh-analysis/src/tables.rs``, which
``rust/kavosh-analysis/generate_tables.py`` writes.  Differential tests of the whole
analyzer are in ``test_differential.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_tables_are_current():
    """A change to a Python table (a suffix, a char filter, a stopword) must be carried to
    the Rust port: regenerate with the command in ``generate_tables.py``'s docstring."""
    script = ROOT / "rust" / "kavosh-analysis" / "generate_tables.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8",
                         check=True).stdout
    assert out == (ROOT / "rust" / "kavosh-analysis" / "src" / "tables.rs").read_text(encoding="utf-8")
