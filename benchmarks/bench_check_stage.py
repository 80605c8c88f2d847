"""CPU time per document of the check stage (profile detection, then every rule of the
chosen pack), on parsed corpus texts, as a batch runs it (``checker.cli.batch``).

Usage: python benchmarks/bench_check_stage.py [--rounds N] [--compare TREE] [--cold] [FILES...]

Parsing is not timed: each text is parsed once. ``detect`` is ``choose_profile`` plus the
pack look-up, ``check`` is ``check_document``; both with ``time.process_time``.

``--cold`` empties the caches keyed by text (normalised lines, title keys, a title's best
alias, ...) before each document, as a batch of distinct documents finds them; without it
the five texts, checked over and over, find their lines' keys cached.

``--compare TREE`` runs the same measurement on another source tree (e.g. a worktree of an
older commit) in alternating subprocesses and prints both side by side with their ratio: on
a shared machine only ratios taken in one run mean anything.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from pathlib import Path

from _inputs import compare_trees

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STAGES = ("detect", "check", "total")
# Caches keyed by a text, as (module, name); a tree may lack some of them.
CACHES = (("checker.parse.normalize", "comparable"), ("checker.parse.normalize", "parse_amount"),
          ("checker.engine.profiles", "title_key"), ("checker.kinds.toc", "_core_of_key"),
          ("checker.engine.title_keys", "key_of_normalised"),
          ("checker.kinds._context", "_BEST"), ("checker.parse.lookup", "label_key"))


def _forget() -> None:
    for module, name in CACHES:
        try:
            cache = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        if hasattr(cache, "cache_clear"):
            cache.cache_clear()
        elif isinstance(cache, dict):
            cache.clear()


def _measure(files: list[Path], rounds: int, cold: bool = False) -> dict[str, float]:
    """ms per document of each stage, in this process (the imported ``checker``)."""
    from checker.cli import batch
    from checker.engine import run as engine
    from checker.parse.parser import parse_file

    documents = [parse_file(path) for path in files]
    for document in documents:  # packs loaded, patterns compiled
        detection = engine.choose_profile(document, None, "option")
        engine.check_document(document, batch._pack_for(detection.profile.path),
                              detection=detection)
    batch.settle()  # as a batch does after its first document
    detect = check = 0.0
    for _ in range(rounds):
        for document in documents:
            if cold:
                _forget()
            started = time.process_time()
            detection = engine.choose_profile(document, None, "option")
            pack = batch._pack_for(detection.profile.path)
            chosen = time.process_time()
            engine.check_document(document, pack, detection=detection)
            checked = time.process_time()
            detect += chosen - started
            check += checked - chosen
    count = rounds * len(documents)
    return {"detect": detect * 1000 / count, "check": check * 1000 / count,
            "total": (detect + check) * 1000 / count}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("files", nargs="*", type=Path)
    options.add_argument("--rounds", type=int, default=20)
    options.add_argument("--compare", type=Path, help="another source tree, measured alike")
    options.add_argument("--repeat", type=int, default=3, help="alternations with --compare")
    options.add_argument("--cold", action="store_true",
                         help="empty the caches keyed by text before each document")
    options.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = options.parse_args()
    files = [path.resolve() for path in args.files] or sorted(FIXTURES.glob("0*.txt"))
    if args.json:
        print(json.dumps(_measure(files, args.rounds, args.cold)))
        return 0
    if args.compare is None:
        for stage, ms in _measure(files, args.rounds, args.cold).items():
            print(f"{stage:8} {ms:7.3f} ms/doc")
        return 0
    compare_trees(Path(__file__).resolve(), ROOT, args.compare.resolve(), STAGES, files,
                  args.rounds, args.cold, args.repeat, width=8, digits=3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
