"""Command-line options and inputs shared by the benchmark scripts."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from checker.read.source import read_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def texts_and_rounds(description: str) -> tuple[list[tuple[str, str]], int]:
    """(source, text) of the files named on the command line (default examples/*.txt), and
    how many passes over them to time."""
    options = argparse.ArgumentParser(description=description)
    options.add_argument("files", nargs="*", type=Path, help="texts (default: examples/*.txt)")
    options.add_argument("--rounds", type=int, default=5, help="passes over the files")
    args = options.parse_args()
    files = args.files or sorted(EXAMPLES.glob("*.txt"))
    return [(str(path), read_text(path)) for path in files], args.rounds


def _run_tree(script: Path, tree: Path, files: list[Path], rounds: int,
              cold: bool) -> dict[str, float]:
    """``script --json`` run on ``tree``'s code: its figures per stage."""
    environment = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, str(script), "--json", "--rounds", str(rounds),
               *(["--cold"] if cold else []), *map(str, files)]
    output = subprocess.run(command, env=environment, cwd=tree, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output)  # type: ignore[no-any-return]


def compare_trees(script: Path, this: Path, other: Path, stages: Sequence[str],
                  files: list[Path], rounds: int, cold: bool, repeat: int, *,
                  width: int, digits: int) -> None:
    """Prints ``script``'s figures per stage for ``other``'s code and ``this`` one, the best
    of ``repeat`` runs of each, alternating so both see the same machine load."""
    mine: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(repeat):
        theirs.append(_run_tree(script, other, files, rounds, cold))
        mine.append(_run_tree(script, this, files, rounds, cold))
    print(f"{'stage':{width}} {'compare':>9} {'this':>9} {'ratio':>7}   (ms/doc, best of "
          f"{repeat})")
    for stage in stages:
        before = min(run[stage] for run in theirs)
        after = min(run[stage] for run in mine)
        print(f"{stage:{width}} {before:9.{digits}f} {after:9.{digits}f} "
              f"{after / before if before else 0:7.2f}")
