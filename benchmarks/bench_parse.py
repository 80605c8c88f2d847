"""Parse the five corpus texts repeatedly and print documents per second.

Usage: python benchmarks/bench_parse.py [--rounds N] [FILES...]
The goal is all five documents well under a second on one core (issue 2).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from checker.parser import disclosure_parser, parse_text
from checker.reading import read_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("files", nargs="*", type=Path, help="texts (default: examples/*.txt)")
    options.add_argument("--rounds", type=int, default=5, help="passes over the files")
    args = options.parse_args()
    files = args.files or sorted(EXAMPLES.glob("*.txt"))
    texts = [(str(path), read_text(path)) for path in files]

    started = time.perf_counter()
    disclosure_parser()  # grammar compilation is paid once per process, measured apart
    compiled = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(args.rounds):
        for source, text in texts:
            parse_text(text, source)
    elapsed = time.perf_counter() - started
    documents = args.rounds * len(texts)
    print(f"grammar compiled in {compiled * 1000:.1f} ms")
    print(f"{documents} documents in {elapsed:.3f} s: {documents / elapsed:.1f} documents/second "
          f"({elapsed / args.rounds:.3f} s per pass over {len(texts)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
