"""benchmarks/bench_pdf.py and bench_pdf_libs.py run and print their columns (no timing is
asserted: speed is read from the scripts' output), and the table finder is skipped only where
it could find nothing."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from typing import Any

import pytest
from corpus import FIXTURES, PROJECT_ROOT

from checker.read.pdf import _pymupdf
from checker.read.pdf_layout import ruled_tables

BENCHMARKS = PROJECT_ROOT / "benchmarks"
SMALL = FIXTURES / "real" / "js_zhengxie_2019_dept_budget_text.pdf"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True,
                          encoding="utf-8", cwd=BENCHMARKS, timeout=600, check=False)


def test_bench_pdf_prints_both_times_and_the_ratio() -> None:
    done = _run("bench_pdf.py", "--repeats", "1", str(SMALL))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split("\t") == ["pdf", "pages", "pymupdf_s", "read+parse_s", "ratio",
                                    "+check_s", "ratio_check"]
    row = lines[2].split("\t")
    assert row[0] == SMALL.name and row[1] == "18"
    assert re.fullmatch(r"\d+\.\d{3}", row[2]) and re.fullmatch(r"\d+\.\d{2}x", row[4])
    assert re.match(r"worst read\+parse ratio \d+\.\d{2}x: goal <= 1\.3x (met|NOT met)$",
                    lines[3])


def test_bench_pdf_libs_skips_without_pdfplumber() -> None:
    # pdfplumber is no dependency: hidden here, the script says so in one line, exit 0.
    done = _run("-c", "import runpy, sys; sys.modules['pdfplumber'] = None; "
                      "sys.argv = ['bench_pdf_libs.py']; "
                      "runpy.run_path('bench_pdf_libs.py', run_name='__main__')")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "pdfplumber not installed: comparison skipped (pip install pdfplumber to run it)"]


@pytest.mark.skipif(importlib.util.find_spec("pdfplumber") is None,
                    reason="pdfplumber not installed (a development-only comparison)")
def test_bench_pdf_libs_compares_the_putuo_tables() -> None:
    done = _run("bench_pdf_libs.py", "--repeats", "1",
                str(FIXTURES / "pdf" / "putuo_caizhengju_2024_final.pdf"))
    assert done.returncode == 0, done.stderr
    row = done.stdout.splitlines()[2].split("\t")
    assert row[0] == "putuo_caizhengju_2024_final.pdf"
    # both read the 15 ruled tables alike, cell for cell
    assert row[4] == "15" and row[6] == "15"
    assert row[7] == "1685/1685"
    assert row[8].count("本年收入合计 2,946.25") == 2
    assert row[8].count("三公 6x12 合计预算数 0.95 决算数 blank 6/6") == 2


class _ProsePage:
    """A page without vector graphics: the finder must not even be asked."""

    def get_cdrawings(self) -> list[Any]:
        return []

    def find_tables(self) -> Any:
        raise AssertionError("find_tables called on a page without graphics")


def test_table_finder_skipped_only_on_pages_without_graphics() -> None:
    assert ruled_tables(_ProsePage()) == []
    pymupdf = _pymupdf("test")
    counts: dict[str, list[int]] = {}
    # the Jiangsu text volume: prose only; 社会工作部 pages 1-6: prose, then ruled tables
    for path, pages in ((SMALL, 18), (FIXTURES / "pdf" / "putuo_shegongbu_2024_final.pdf", 6)):
        with pymupdf.open(path) as document:
            counts[path.name] = [len(ruled_tables(document[n])) for n in range(pages)]
            assert counts[path.name] == [len(document[n].find_tables().tables)
                                         for n in range(pages)]
    assert counts[SMALL.name] == [0] * 18
    assert counts["putuo_shegongbu_2024_final.pdf"] == [0, 0, 0, 1, 1, 1]
