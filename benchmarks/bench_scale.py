"""Speed at every size, figures side by side in one run (issue 12).

Usage: python benchmarks/bench_scale.py [--sizes 100,1000] [--large] [--formats json,text]
                                        [--skip-batches] [--writers-only]

1. throughput: parse + check of the corpus texts as one batch process (CPU seconds of the
   child), beside reading the same files and splitting their lines;
2. linearity: one corpus document repeated 1x ... 32x, CPU time per line of parse and check
   (printed last: it runs in this process, whose size would floor the children's peak RSS);
3. start-up: a one-file ``budgetlint check`` with a warm cache, beside ``python -c pass``;
4. --jobs 2 against --jobs 1 on the same batch (wall time);
5. the report writers alone fed 100 ... 10,000 unit reports, per format: peak memory;
6. batches of copies (hard links) per output format: peak memory (max RSS) of the process,
   which must stay flat as the batch grows (``--large`` adds the 10,000-document batch).

CPU time, not wall time, wherever one process is measured: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "fixtures").glob("0*.txt"))
FORMATS = ("text", "json", "jsonl", "markdown", "junit", "sarif", "csv", "html")


def run(argv: list[str], *, cwd: Path | None = None) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS MiB) of one child process; on Linux ``wait4``
    counts the workers it waited for in both (CPU summed, RSS the largest process)."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(argv, stdout=sink, stderr=sink, cwd=cwd)
        _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def budgetlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", *args]


def copies(folder: Path, count: int) -> Path:
    """``count`` documents: hard links to the corpus texts in turn (distinct paths, so the
    batch does not de-duplicate them, and no disk space)."""
    target = folder / f"batch-{count}"
    target.mkdir()
    for index in range(count):
        source = CORPUS[index % len(CORPUS)]
        os.link(source, target / f"{index:05d}_{source.name}")
    return target


def throughput(folder: Path, sizes: list[int]) -> None:
    """Each batch size in its own process: the process's start-up (imports, packs, grammar:
    about 0.3 s CPU) is shared by its documents, so a small batch understates what a real
    batch (the issue measured 1,000 documents) does per document. Both are printed."""
    for documents in sizes:
        batch = copies(folder, documents)
        started = time.process_time()
        lines = 0
        for path in sorted(batch.iterdir()):
            lines += len(path.read_bytes().decode("utf-8").split("\n"))
        reading = time.process_time() - started
        cpu, wall, _ = run(budgetlint("check", str(batch), "--format", "jsonl"))
        print(f"read + split lines: {documents} documents ({lines} lines) in {reading:.3f} s "
              f"CPU: {documents / reading:.0f} documents/s")
        print(f"parse + check batch process: {documents} documents in {cpu:.2f} s CPU "
              f"({wall:.2f} s wall): {documents / cpu:.1f} documents/s per core "
              f"(start-up included; goal >= 60)")


def linearity(factors: tuple[int, ...] = (1, 2, 4, 8, 16, 32)) -> None:
    from checker.cli.batch import BatchOptions, check_parsed
    from checker.parse.parser import parse_text

    text = CORPUS[3].read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    # Grammar, packs, compiled patterns and imports out of the figures.
    check_parsed(parse_text(text, "warm-up"), BatchOptions())
    print(f"{CORPUS[3].name} repeated: CPU microseconds per line")
    print(f"{'copies':>6} {'lines':>7} {'parse':>8} {'check':>8}")
    base = None
    for factor in factors:
        document = text * factor
        started = time.process_time()
        doc = parse_text(document, "repeated")
        parsed = time.process_time() - started
        started = time.process_time()
        check_parsed(doc, BatchOptions())
        checked = time.process_time() - started
        lines = document.count("\n")
        per = (1e6 * parsed / lines, 1e6 * checked / lines)
        base = base or per
        print(f"{factor:>5}x {lines:>7} {per[0]:>8.1f} {per[1]:>8.1f}   "
              f"(x{per[0] / base[0]:.2f}, x{per[1] / base[1]:.2f} of 1x)")


def startup(rounds: int = 5) -> None:
    # An installed package has its bytecode compiled; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module on every run instead.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "checker")],
                   check=True)
    one = str(CORPUS[0])
    run(budgetlint("check", one))  # warm the cache
    check = sorted(run(budgetlint("check", one))[0] for _ in range(rounds))[rounds // 2]
    bare = sorted(run([sys.executable, "-c", "pass"])[0] for _ in range(rounds))[rounds // 2]
    print(f"one-file check, warm cache: {check:.3f} s CPU (median of {rounds}); "
          f"python -c pass: {bare:.3f} s CPU (goal <= 0.3 s)")


def jobs(folder: Path, documents: int = 200) -> None:
    batch = copies(folder, documents)
    _, one, _ = run(budgetlint("check", str(batch), "--format", "jsonl", "--jobs", "1"))
    _, two, _ = run(budgetlint("check", str(batch), "--format", "jsonl", "--jobs", "2"))
    print(f"{documents} documents: --jobs 1 {one:.1f} s wall, --jobs 2 {two:.1f} s wall: "
          f"speed-up x{one / two:.2f} (on {os.cpu_count()} shared cores)")


def batches(folder: Path, sizes: list[int], formats: list[str], jobs_: int) -> None:
    print(f"peak memory (max RSS of the largest process, parent or worker, MiB) by batch "
          f"size, --jobs {jobs_}")
    print(f"{'format':>9} " + " ".join(f"{size:>8}" for size in sizes) + "   CPU s (largest)")
    made = {size: copies(folder, size) for size in sizes}
    for fmt in formats:
        cells, cpu = [], 0.0
        for size in sizes:
            out = folder / f"out-{fmt}-{size}"
            cpu, _, peak = run(budgetlint("check", str(made[size]), "--format", fmt,
                                          "--output", str(out), "--jobs", str(jobs_)))
            cells.append(f"{peak:>8.1f}")
        print(f"{fmt:>9} " + " ".join(cells) + f"   {cpu:.1f}")


_WRITER_CHILD = """
import pickle, resource, sys, time
from pathlib import Path
from checker.cli.batch import BatchOptions, check_one
from checker.report.stream import open_writer
fmt, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
# Each unit pickled once; unpickling gives a fresh report (as a batch makes) at C speed.
units = [pickle.dumps(check_one(Path(p), BatchOptions())) for p in sys.argv[4:]]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
if fmt in ("html", "pdf"):
    writer = open_writer(fmt, out_dir=target)
    out = None
else:
    out = open(target, "w", encoding="utf-8", newline="")
    writer = open_writer(fmt, out, colour=False)
for index in range(count):
    unit = pickle.loads(units[index % len(units)])
    unit.source = f"{index:05d}_{unit.source}"
    writer.unit(unit)
writer.finish([])
if out is not None:
    out.close()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before / 1024, after / 1024, time.process_time() - started)
"""


def writers(folder: Path, sizes: list[int], formats: list[str]) -> None:
    """The report writers alone, fed copies of the corpus reports: the memory a batch's
    output costs, without checking 10,000 documents first."""
    print("report writers fed N unit reports: peak RSS MiB before -> after writing "
          "(the growth is what the output costs)")
    print(f"{'format':>9} " + " ".join(f"{size:>15}" for size in sizes) + "   CPU s (largest)")
    for fmt in formats:
        cells, cpu = [], 0.0
        for size in sizes:
            target = folder / f"w-{fmt}-{size}"
            result = subprocess.run([sys.executable, "-c", _WRITER_CHILD, fmt, str(size),
                                     str(target), *map(str, CORPUS)], capture_output=True,
                                    text=True, check=True)
            before, after, cpu = map(float, result.stdout.split())
            cells.append(f"{before:>6.1f} -> {after:>5.1f}")
        print(f"{fmt:>9} " + " ".join(cells) + f"   {cpu:.1f}")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sizes", default="100,1000", help="batch sizes (comma-separated)")
    options.add_argument("--large", action="store_true", help="add the 10,000-document batch")
    options.add_argument("--formats", default=",".join(FORMATS))
    options.add_argument("--jobs", type=int, default=2, help="--jobs of the batch runs")
    options.add_argument("--throughput-docs", default="200,1000",
                         help="batch sizes of the throughput figure (comma-separated)")
    options.add_argument("--skip-batches", action="store_true")
    options.add_argument("--writers-only", action="store_true",
                         help="only the report writers fed copies of the corpus reports")
    args = options.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large:
        sizes.append(10_000)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temporary:
        folder = Path(temporary)
        # Every run below uses a warm cache of its own, never the user's.
        os.environ["BUDGETLINT_CACHE_DIR"] = str(folder / "cache")
        os.environ.pop("BUDGETLINT_NO_CACHE", None)
        os.environ["CI"] = "true"
        if args.writers_only:
            writers(folder, sizes, args.formats.split(","))
            return 0
        (folder / "t").mkdir()
        throughput(folder / "t", [int(n) for n in args.throughput_docs.split(",") if n])
        startup()
        (folder / "j").mkdir()
        jobs(folder / "j")
        writers(folder, sizes, args.formats.split(","))
        if not args.skip_batches:
            (folder / "b").mkdir()
            batches(folder / "b", sizes, args.formats.split(","), args.jobs)
        # Last: it parses in this process, which grows to the 32x document's size, and Linux
        # starts a child's peak RSS (ru_maxrss) at its parent's size when it forks and execs,
        # so every memory figure printed after it would read the parent's peak instead.
        linearity()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
