"""Reading a PDF: budgetlint's time beside the PyMuPDF calls alone, per corpus PDF (issue 9).

Usage: python benchmarks/bench_pdf.py [--repeats N] [PDFS...]
(default: every PDF of tests/fixtures/pdf and tests/fixtures/real)

Per PDF, in one run and interleaved round by round (a shared machine drifts):
- ``pymupdf``: the library calls budgetlint makes, alone: open the bytes, then on every page
  ``get_text("words")`` (the one text extraction budgetlint uses) and ``find_tables()``;
- ``read+parse``: ``parse_file`` (read the file, extract, lay out, normalise, parse);
- ``+check``: ``check_one`` with the default packs (parse, choose the profile, run the rules,
  evidence pages and boxes), as ``budgetlint check`` does per file;
- the ratios of both to ``pymupdf``. Goal: read+parse <= 1.3x (the time beyond the library
  calls is small beside them).

CPU time (``time.process_time``), the median of ``--repeats`` rounds; the grammar, the packs
and PyMuPDF itself are loaded before timing (once per process, not per document).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from checker.cli.batch import BatchOptions, check_one
from checker.parse.parser import parse_file
from checker.read.pdf import _pymupdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")) + sorted(
    (ROOT / "tests" / "fixtures" / "real").glob("*.pdf"))
GOAL = 1.3
COLUMNS = ("pdf", "pages", "pymupdf_s", "read+parse_s", "ratio", "+check_s", "ratio_check")


def library_calls(path: Path) -> int:
    """The PyMuPDF calls of budgetlint's reader, alone; returns the page count."""
    pymupdf = _pymupdf(str(path))
    with pymupdf.open(stream=path.read_bytes(), filetype="pdf") as document:
        for page in document:
            page.get_text("words")
            page.find_tables()
        return int(document.page_count)


def cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("pdfs", nargs="*", type=Path, help="PDFs (default: the corpus PDFs)")
    options.add_argument("--repeats", type=int, default=5, help="rounds per PDF (median)")
    args = options.parse_args()
    pdfs: list[Path] = args.pdfs or CORPUS
    check = BatchOptions()
    # Paid once per process, not per document: PyMuPDF's import, the grammar, the packs.
    check_one(pdfs[0], check)

    print(f"CPU seconds, median of {args.repeats} rounds; ratio = budgetlint / PyMuPDF calls "
          f"alone (goal <= {GOAL}x for read+parse)")
    print("\t".join(COLUMNS))
    worst = 0.0
    for path in pdfs:
        times: dict[str, list[float]] = {"lib": [], "parse": [], "check": []}
        pages = library_calls(path)
        for _ in range(args.repeats):
            times["lib"].append(cpu(lambda p=path: library_calls(p)))
            times["parse"].append(cpu(lambda p=path: parse_file(p)))
            times["check"].append(cpu(lambda p=path: check_one(p, check)))
        lib, parse, full = (statistics.median(times[k]) for k in ("lib", "parse", "check"))
        ratio = parse / lib if lib else float("inf")
        worst = max(worst, ratio)
        print(f"{path.name}\t{pages}\t{lib:.3f}\t{parse:.3f}\t{ratio:.2f}x\t{full:.3f}\t"
              f"{full / lib if lib else float('inf'):.2f}x")
    verdict = "met" if worst <= GOAL else "NOT met"
    print(f"worst read+parse ratio {worst:.2f}x: goal <= {GOAL}x {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
