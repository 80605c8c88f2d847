"""Check the five corpus texts repeatedly and print documents per second and peak memory.

Usage: python benchmarks/bench_check.py [--rounds N] [FILES...]
Parsing is measured by bench_parse.py; this measures the rule engine on parsed documents
(all shipped rules, the pack chosen by each document's kind), and the whole parse + check.
"""

from __future__ import annotations

import time
import tracemalloc

from _inputs import texts_and_rounds

from checker.engine.run import check_document, default_pack_path, load_pack
from checker.parse.parser import parse_text


def main() -> int:
    texts, rounds = texts_and_rounds(__doc__.splitlines()[0])
    documents = [parse_text(text, source) for source, text in texts]

    started = time.perf_counter()
    packs = {kind: load_pack(default_pack_path(kind)) for kind in {d.kind for d in documents}}
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    results = 0
    for _ in range(rounds):
        for document in documents:
            results += len(check_document(document, packs[document.kind]).results)
    checking = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(rounds):
        for source, text in texts:
            document = parse_text(text, source)
            check_document(document, packs[document.kind])
    whole = time.perf_counter() - started

    # Memory is traced in a pass of its own: tracing slows Python down several times.
    tracemalloc.start()
    for source, text in texts:
        traced = parse_text(text, source)
        check_document(traced, packs[traced.kind])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    count = rounds * len(documents)
    print(f"rule packs loaded and validated in {loaded * 1000:.1f} ms")
    print(f"check only:    {count} documents in {checking:.3f} s: "
          f"{count / checking:.1f} documents/second ({results // rounds} results per pass)")
    print(f"parse + check: {count} documents in {whole:.3f} s: "
          f"{count / whole:.1f} documents/second")
    print(f"peak traced memory of one parse + check pass: {peak / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
