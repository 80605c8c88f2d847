"""PyMuPDF against pdfplumber on the corpus PDFs: the same tables and cells? how fast? (issue 9)

Usage: python benchmarks/bench_pdf_libs.py [--repeats N] [PDFS...]
(default: every PDF of tests/fixtures/pdf and tests/fixtures/real)

pdfplumber is not a budgetlint dependency; install it in a development environment to run
this (``pip install pdfplumber``). Without it the script prints one line and exits 0.

Per PDF, per library, the calls a table reader needs on every page: the words
(PyMuPDF ``get_text("words")``, pdfplumber ``extract_words()``) and the ruled tables
(``find_tables()``, both with their default "lines" strategy). CPU time, median of
``--repeats`` rounds. Accuracy, outside the timing: tables found by each, tables matched by
position (same page, boxes overlapping >= 90%) with the same rows x columns, and of the cells
of matched tables how many have the same text (whitespace ignored; None = a spanned position
must be None in both). Spot values: the 三公 table of 上海市普陀区财政局 (6 x 12, every 决算数
blank) and its 收入支出决算总表 (本年收入合计 2,946.25).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")) + sorted(
    (ROOT / "tests" / "fixtures" / "real").glob("*.pdf"))
Cells = list[list[str | None]]


@dataclass
class Found:
    """One library's tables of one PDF: (page, bbox, cell texts) each."""

    tables: list[tuple[int, tuple[float, ...], Cells]]


def mupdf_calls(path: Path, keep: bool = False) -> Found:
    import pymupdf

    found = Found([])
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, start=1):
            page.get_text("words")
            for table in page.find_tables().tables:
                if keep:
                    found.tables.append((number, tuple(table.bbox), table.extract()))
    return found


def plumber_calls(path: Path, keep: bool = False) -> Found:
    import pdfplumber

    found = Found([])
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            page.extract_words()
            for table in page.find_tables():
                if keep:
                    found.tables.append((number, tuple(table.bbox), table.extract()))
            page.close()  # pdfplumber caches every page's objects otherwise
    return found


def cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    area = max((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / area if area else 0.0


def _text(cell: str | None) -> str | None:
    return None if cell is None else "".join(cell.split())


def compare(mine: Found, theirs: Found) -> tuple[int, int, int]:
    """(tables matched with the same shape, cells of those tables, cells with equal text)."""
    same_shape = cells = equal = 0
    for page, box, rows in mine.tables:
        other = next((t for p, b, t in theirs.tables
                      if p == page and _overlap(box, b) >= 0.9), None)
        if other is None or len(other) != len(rows) or any(
                len(a) != len(b) for a, b in zip(rows, other, strict=True)):
            continue
        same_shape += 1
        for a, b in zip(rows, other, strict=True):
            for x, y in zip(a, b, strict=True):
                cells += 1
                equal += _text(x) == _text(y)
    return same_shape, cells, equal


def spot_values(found: Found) -> list[str]:
    """The pinned values: the 三公 table and 本年收入合计, where this PDF has them."""
    notes: list[str] = []
    for _, _, rows in found.tables:
        flat = [_text(c) or "" for row in rows for c in row]
        if any("三公" in c for c in flat) and any("公务接待费" in c for c in flat):
            budget_row = next((r for r in rows if r and _text(r[0]) == "预算数"), None)
            last = [_text(c) for c in rows[-1]]
            final = [k for k, c in enumerate(budget_row or []) if _text(c) == "决算数"]
            blank = sum(last[k] == "" for k in final)
            notes.append(f"三公 {len(rows)}x{len(rows[0])} 合计预算数 {last[0] or '(blank)'}"
                         + (f" 决算数 blank {blank}/{len(final)}" if final else ""))
    for _, _, rows in found.tables:  # the first: the 收入支出(决算)总表 leads the tables
        for row in rows:
            texts = [_text(c) or "" for c in row]
            if "本年收入合计" in texts[:-1]:
                value = texts[texts.index("本年收入合计") + 1] or "(blank)"
                return [f"本年收入合计 {value}", *notes]
    return notes


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("pdfs", nargs="*", type=Path, help="PDFs (default: the corpus PDFs)")
    options.add_argument("--repeats", type=int, default=3, help="rounds per PDF (median)")
    args = options.parse_args()
    if importlib.util.find_spec("pdfplumber") is None:
        print("pdfplumber not installed: comparison skipped (pip install pdfplumber to run it)")
        return 0
    import pdfplumber
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    getattr(pymupdf, "no_recommend_layout", lambda: None)()
    print(f"{date.today()} PyMuPDF {pymupdf.VersionBind} pdfplumber {pdfplumber.__version__}; "
          f"CPU seconds, median of {args.repeats} rounds (words + find_tables on every page)")
    print("\t".join(("pdf", "pymupdf_s", "pdfplumber_s", "slower", "tables_mu", "tables_pl",
                     "same_shape", "cells_equal", "spot values (pymupdf | pdfplumber)")))
    totals: dict[str, Any] = {"mu": 0.0, "pl": 0.0, "cells": 0, "equal": 0}
    for path in args.pdfs or CORPUS:
        mu, pl = mupdf_calls(path, keep=True), plumber_calls(path, keep=True)
        mu_s = statistics.median(cpu(lambda p=path: mupdf_calls(p)) for _ in range(args.repeats))
        pl_s = statistics.median(cpu(lambda p=path: plumber_calls(p)) for _ in range(args.repeats))
        shape, cells, equal = compare(mu, pl)
        totals["mu"] += mu_s
        totals["pl"] += pl_s
        totals["cells"] += cells
        totals["equal"] += equal
        spots = f"{'; '.join(spot_values(mu))} | {'; '.join(spot_values(pl))}"
        print(f"{path.name}\t{mu_s:.3f}\t{pl_s:.3f}\t{pl_s / mu_s:.1f}x\t{len(mu.tables)}\t"
              f"{len(pl.tables)}\t{shape}\t{equal}/{cells}\t{spots if spots != ' | ' else ''}")
    share = totals["equal"] / totals["cells"] if totals["cells"] else 0.0
    print(f"total\t{totals['mu']:.3f}\t{totals['pl']:.3f}\t{totals['pl'] / totals['mu']:.1f}x\t"
          f"\t\t\t{totals['equal']}/{totals['cells']} ({share:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
