"""CPU time per document of each stage of the text parser, on the corpus texts.

Usage: python benchmarks/bench_parse_stages.py [--rounds N] [--compare TREE] [FILES...]

Stages: normalise, lex, LALR parse (Lark), structure (outline minus the table readers),
tables (``build_table``), performance tables, identity, statements, and "ours" = every
stage but the table readers. Each stage is timed with ``time.process_time`` by wrapping the
function where ``parser``/``structure`` call it.

``--cold`` empties the per-text caches (``comparable``'s and ``parse_amount``'s) before each
document, as a batch of distinct documents finds them; without it the five texts, parsed
over and over, find every line's normalised text cached.

``--compare TREE`` runs the same measurement on another source tree (e.g. an export of an
older commit) in alternating subprocesses and prints both side by side with their ratio: on
a shared machine only ratios taken in one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _inputs import compare_trees

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STAGES = ("normalise", "lex", "lark", "structure", "tables", "performance", "identity",
          "statements", "ours", "parse")


def _measure(files: list[Path], rounds: int, cold: bool = False) -> dict[str, float]:
    """ms per document of each stage, in this process (the imported ``checker``)."""
    from checker.parse import normalize, parser, structure
    from checker.read.source import read_text

    def forget() -> None:
        if cold:
            normalize.comparable.cache_clear()
            getattr(normalize, "_AMOUNTS", {}).clear()

    spent: dict[str, float] = defaultdict(float)

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - started
        return wrapper

    lark = parser.disclosure_parser()

    class _TimedLark:
        def parse(self, tokens: Any) -> Any:
            started = time.process_time()
            try:
                return lark.parse(tokens)
            finally:
                spent["lark"] += time.process_time() - started

    parser.normalize_text = timed("normalise", parser.normalize_text)
    if hasattr(parser, "normalize_columns"):  # a text's lines, kept as columns
        parser.normalize_columns = timed("normalise", parser.normalize_columns)
    parser.lex = timed("lex", parser.lex)
    parser.build_outline = timed("outline", parser.build_outline)
    parser.identify = timed("identity", parser.identify)
    parser.extract = timed("statements", parser.extract)
    if hasattr(parser, "_parse_tokens"):  # the parser's own LALR loop on lark's tables
        parser._parse_tokens = timed("lark", parser._parse_tokens)
    else:
        parser.disclosure_parser = lambda: _TimedLark()  # type: ignore[assignment]
    structure.build_table = timed("tables", structure.build_table)
    structure.build_performance_tables = timed("performance",
                                               structure.build_performance_tables)
    texts = [(str(path), read_text(path)) for path in files]
    for source, text in texts:  # warm caches (compiled regexes, phrasings) outside the clock
        parser.parse_text(text, source)
    spent.clear()
    for _ in range(rounds):
        for source, text in texts:
            forget()
            started = time.process_time()
            parser.parse_text(text, source)
            spent["parse"] += time.process_time() - started
    spent["structure"] = spent.pop("outline") - spent["tables"] - spent["performance"]
    spent["ours"] = spent["parse"] - spent["tables"]
    documents = rounds * len(texts)
    return {stage: spent[stage] * 1000 / documents for stage in STAGES}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("files", nargs="*", type=Path)
    options.add_argument("--rounds", type=int, default=20)
    options.add_argument("--compare", type=Path, help="another source tree, measured alike")
    options.add_argument("--repeat", type=int, default=3, help="alternations with --compare")
    options.add_argument("--cold", action="store_true",
                         help="empty the per-text caches before each document")
    options.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = options.parse_args()
    files = args.files or sorted(FIXTURES.glob("0*.txt"))
    if args.json:
        print(json.dumps(_measure(files, args.rounds, args.cold)))
        return 0
    if args.compare is None:
        for stage, ms in _measure(files, args.rounds, args.cold).items():
            print(f"{stage:12} {ms:7.2f} ms/doc")
        return 0
    compare_trees(Path(__file__).resolve(), ROOT, args.compare.resolve(), STAGES, files,
                  args.rounds, args.cold, args.repeat, width=12, digits=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
