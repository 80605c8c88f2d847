"""Command-line options and inputs shared by the benchmark scripts."""

from __future__ import annotations

import argparse
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
