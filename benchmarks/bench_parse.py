"""Parse the five corpus texts repeatedly and print documents per second.

Usage: python benchmarks/bench_parse.py [--rounds N] [FILES...]
The goal is all five documents well under a second on one core (issue 2).
"""

from __future__ import annotations

import time

from _inputs import texts_and_rounds

from checker.parse.parser import disclosure_parser, parse_text


def main() -> int:
    texts, rounds = texts_and_rounds(__doc__.splitlines()[0])

    started = time.perf_counter()
    disclosure_parser()  # grammar compilation is paid once per process, measured apart
    compiled = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(rounds):
        for source, text in texts:
            parse_text(text, source)
    elapsed = time.perf_counter() - started
    documents = rounds * len(texts)
    print(f"grammar compiled in {compiled * 1000:.1f} ms")
    print(f"{documents} documents in {elapsed:.3f} s: {documents / elapsed:.1f} documents/second "
          f"({elapsed / rounds:.3f} s per pass over {len(texts)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
