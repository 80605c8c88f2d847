"""Streamed reports of batches larger than the corpus: text's summary table printed a slice
at a time, Markdown's table and the HTML index from spooled records, are byte for byte the
reports rendered whole; and no temporary spool file outlives the run (issue #12)."""

from __future__ import annotations

import copy
import io
import re
import tempfile
from pathlib import Path

import pytest
from synthetic_reports import clean_unit, failing_unit, partial_unit

from checker.cli.check import render
from checker.model.results import BatchReport, InputFailure, UnitReport
from checker.report import html, text, text_table
from checker.report.stream import open_writer
from checker.report.stream_base import LineSpool

# Names that make rich wrap, collapse and measure columns: long ones, several lines, wide
# characters, markup-like brackets, a line separator that is no line break of the table.
NAMES = ["福州市医疗保障基金中心", "某" * 70, "a " * 60, "第一行\n第二行", "[bold]甲[/bold]单位",
         "名称\u2028续", "x", "福州市财政局 " * 5]


def _unit(index: int) -> UnitReport:
    unit = copy.deepcopy((failing_unit, partial_unit, clean_unit)[index % 3]())
    unit.unit = f"{NAMES[index % len(NAMES)]}{index}"
    unit.source = f"batch/{index:04d}_{unit.source.rsplit('/', 1)[-1]}"
    return unit


def _batch(size: int) -> BatchReport:
    return BatchReport(units=[_unit(i) for i in range(size)],
                       errors=[InputFailure("batch/broken.txt", "binary file (not text)")])


def _streamed(batch: BatchReport, fmt: str, colour: bool = False) -> str:
    out = io.StringIO()
    writer = open_writer(fmt, out, colour=colour, show_errors=True)
    for unit in batch.units:
        writer.unit(unit)
    writer.finish(list(batch.errors))
    return out.getvalue()


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_table, "SLICE", 7)  # many slices, one of them short


@pytest.mark.parametrize("size", [1, 7, 8, 40])
@pytest.mark.usefixtures("small_slices")
def test_text_table_in_slices_equals_the_whole_table(size: int) -> None:
    batch = _batch(size)
    assert _streamed(batch, "text") == render(batch, "text")


@pytest.mark.usefixtures("small_slices")
def test_coloured_text_table_in_slices_equals_the_whole_table(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")  # the rounded box with its edges, on a terminal
    batch = _batch(30)
    whole = io.StringIO()
    text.write(batch, whole, colour=True)
    streamed = _streamed(batch, "text", colour=True)
    assert "╰" in streamed and "\x1b[" in streamed
    assert streamed == whole.getvalue()


@pytest.mark.usefixtures("small_slices")
def test_closing_summary_lists_every_unit_in_order() -> None:
    units = []
    for index in range(40):
        unit = _unit(index)
        unit.unit = f"单位{index:04d}"
        units.append(unit)
    out = _streamed(BatchReport(units=units), "text")
    rows = re.findall(r"^ (单位\d{4}) +(不通过|通过\S*) ", out, flags=re.MULTILINE)
    # Each unit once, in input order, with its verdict: the failing ones among them.
    assert [name for name, _ in rows] == [u.unit for u in units]
    assert [name for name, verdict in rows if verdict == "不通过"] == [
        u.unit for u in units if u.verdict == "fail"] != []
    assert out.rstrip().splitlines()[-1].startswith("共 40 个单位")


def test_quiet_text_prints_the_closing_line_only() -> None:
    batch = _batch(10)
    with text.quiet():
        streamed = _streamed(batch, "text")
        whole = render(batch, "text")
    assert streamed == whole
    assert "共 10 个单位" in streamed and "──" not in streamed  # the line, no table


@pytest.mark.parametrize("fmt", ["markdown", "junit", "sarif", "csv", "json"])
def test_large_streamed_reports_equal_rendered_reports(fmt: str) -> None:
    batch = _batch(40)
    assert _streamed(batch, fmt) == render(batch, fmt)


def test_streamed_html_index_equals_written_index(tmp_path: Path) -> None:
    batch = _batch(25)
    html.write(batch, tmp_path / "whole")
    writer = open_writer("html", out_dir=tmp_path / "streamed")
    for unit in batch.units:
        writer.unit(unit)
    writer.finish(batch.errors)
    index = (tmp_path / "streamed" / "index.html").read_text(encoding="utf-8")
    assert index == (tmp_path / "whole" / "index.html").read_text(encoding="utf-8")
    assert index.count('class="unit-row"') == 25 and index.count('class="ov-unit"') == 25
    assert sorted(p.name for p in (tmp_path / "streamed").iterdir()) == \
        sorted(p.name for p in (tmp_path / "whole").iterdir())


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit", "sarif"])
def test_no_spool_file_outlives_the_writer(fmt: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    opened: list[object] = []
    real = tempfile.TemporaryFile

    def tracked(*args: object, **kwargs: object) -> object:
        handle = real(*args, **kwargs)  # type: ignore[call-overload]
        opened.append(handle)
        return handle

    monkeypatch.setattr(tempfile, "TemporaryFile", tracked)
    monkeypatch.setattr(LineSpool, "IN_MEMORY", 0)  # on disk from the first record
    out = io.StringIO()
    if fmt == "html":
        writer = open_writer(fmt, out_dir=tmp_path / "pages")
    else:
        writer = open_writer(fmt, out, colour=False)
    for unit in _batch(5).units:
        writer.unit(unit)
    assert opened and list(spools.iterdir()) == []  # nameless from the start
    writer.finish([])
    assert all(handle.closed for handle in opened)  # type: ignore[attr-defined]
    assert list(spools.iterdir()) == []
