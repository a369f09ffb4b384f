"""What a new user meets first (issue #17): the README's Use lines run from a fresh clone as written,
and a mistyped option is answered by the subcommand it was given to, with that subcommand's usage."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv, command", [
    (["search", "--bogus", "کتاب"], "search"),
    (["index", "--limit", "3", "docs/"], "index"),
    (["analyze", "--explian", "کتاب"], "analyze"),
    (["serve", "--prot=80"], "serve"),
])
def test_an_unknown_option_gets_the_subcommands_usage(run_kavosh, argv: list[str], command: str):
    proc = run_kavosh(*argv)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"usage: kavosh {command} ")
    assert proc.stderr.endswith(f"kavosh {command}: error: unrecognized arguments: {argv[1]}\n")


def test_the_readmes_first_index_line_runs_in_a_clone(run_kavosh, tmp_path: Path):
    block = (ROOT / "README.md").read_text(encoding="utf-8").split("## Use", 1)[1]
    line = next(x for x in block.splitlines() if x.startswith("kavosh index "))
    argv = shlex.split(line.split("#", 1)[0])[1:]
    assert "--index" in argv and not any(a.startswith("..") for a in argv)  # nothing outside the clone
    at = argv.index("--index")
    inputs = [str(ROOT / a) for a in argv[1:at]]  # as if run from the top of the clone
    proc = run_kavosh("index", *inputs, "--index", tmp_path / "my-index", *argv[at + 2:])
    assert proc.returncode == 0, proc.stderr
    n = int(re.search(r"the index now holds ([\d,]+)", proc.stdout + proc.stderr).group(1).replace(",", ""))
    assert n > 1000  # the sample corpus (1,103 paragraphs) and the folder
