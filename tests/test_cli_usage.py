"""What a new user meets first (issue #17): the README's Use lines run from a fresh clone as written,
and a mistyped option is answered by the subcommand it was given to, with that subcommand's usage and the
nearest option (or command) it knows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv, command, said", [
    (["search", "--bogus", "کتاب"], "search", "--bogus"),
    (["index", "--limit", "3", "docs/"], "index", "--limit"),
    # a mistyped option is answered with the nearest one (F6: argparse's bare error named no way out)
    (["analyze", "--explian", "کتاب"], "analyze", "--explian (did you mean --explain?)"),
    (["serve", "--prot=80"], "serve", "--prot=80 (did you mean --port?)"),
    (["search", "--limt", "3", "--jsn", "کتاب"], "search",
     "--limt (did you mean --limit?) --jsn (did you mean --json?) کتاب"),
    (["index", "--memroy", "100", "docs/"], "index", "--memroy (did you mean --memory?)"),
])
def test_an_unknown_option_gets_the_subcommands_usage(run_kavosh, argv: list[str], command: str, said: str):
    proc = run_kavosh(*argv)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"usage: kavosh {command} ")
    assert proc.stderr.endswith(f"kavosh {command}: error: unrecognized arguments: {said}\n"), proc.stderr


@pytest.mark.parametrize("word, said", [("serach", "did you mean search? "), ("indx", "did you mean index? "),
                                        ("xyz", "")])
def test_a_mistyped_command_is_answered_with_the_nearest(run_kavosh, word: str, said: str):
    proc = run_kavosh(word, "تهران")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.endswith(f"kavosh: error: argument COMMAND: invalid choice: '{word}' ({said}choose from "
                                "index, embed, crawl, search, eval, analyze, demo, suggest, info, serve)\n"), proc.stderr


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
