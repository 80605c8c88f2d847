"""Streamed batch reports (written unit by unit) are byte for byte the reports rendered from
the whole batch, in every format, with and without input errors and waivers."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from synthetic_reports import make_batch

from checker.cli.batch import BatchOptions, run_batch
from checker.cli.check import render
from checker.model.results import BatchReport, InputFailure, Waiver
from checker.report import html
from checker.report.stream import FORMATS_STREAMED, open_writer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def corpus_batch() -> BatchReport:
    broken = FIXTURES / "bad_packs" / "not_yaml.yaml"  # not a disclosure: an input error
    batch = run_batch([*sorted(FIXTURES.glob("0*.txt")), FIXTURES / "missing.txt", broken],
                      BatchOptions())
    assert len(batch.units) >= 5 and batch.errors
    # One waived and one expired waiver, so the summaries must count waived failures.
    fails = [(u, r) for u in batch.units for r in u.results if r.status == "fail"]
    fails[0][1].waiver = Waiver(fails[0][0].unit or "", fails[0][1].rule, "已说明")
    fails[-1][1].waiver = Waiver(fails[-1][0].unit or "", fails[-1][1].rule, "过期",
                                 "2020-01-01", expired=True)
    return batch


def _streamed(batch: BatchReport, fmt: str) -> str:
    out = io.StringIO()
    writer = open_writer(fmt, out, colour=False, show_errors=True)
    for unit in copy.deepcopy(batch.units):
        writer.unit(unit)
    writer.finish(list(batch.errors))
    return out.getvalue()


def _batches(corpus: BatchReport) -> dict[str, BatchReport]:
    return {
        "corpus": corpus,
        "corpus-no-errors": BatchReport(units=corpus.units),
        "synthetic": make_batch(),
        "only-errors": BatchReport(errors=[InputFailure("a.txt", "无法读取")]),
        "empty": BatchReport(),
        "one-unit": BatchReport(units=corpus.units[:1]),
    }


@pytest.mark.parametrize("fmt", [f for f in FORMATS_STREAMED if f != "jsonl"])
def test_streamed_report_equals_rendered_report(fmt: str, corpus_batch: BatchReport) -> None:
    for name, batch in _batches(corpus_batch).items():
        assert _streamed(batch, fmt) == render(batch, fmt), f"{fmt} differs on {name}"


def test_json_lines_hold_the_units_of_the_json_report(corpus_batch: BatchReport) -> None:
    lines = [json.loads(line) for line in _streamed(corpus_batch, "jsonl").splitlines()]
    whole = json.loads(render(corpus_batch, "json"))
    assert lines[:len(whole["units"])] == whole["units"]
    assert lines[len(whole["units"]):] == [
        {"source": e["source"], "input_error": e["message"]} for e in whole["errors"]]


def test_streamed_html_pages_equal_written_pages(corpus_batch: BatchReport,
                                                 tmp_path: Path) -> None:
    html.write(corpus_batch, tmp_path / "whole")
    writer = open_writer("html", out_dir=tmp_path / "streamed")
    for unit in corpus_batch.units:
        writer.unit(unit)
    writer.finish(corpus_batch.errors)
    whole = sorted(p.name for p in (tmp_path / "whole").iterdir())
    assert whole == sorted(p.name for p in (tmp_path / "streamed").iterdir())
    assert len(whole) == len(corpus_batch.units) + 1
    for name in whole:
        assert (tmp_path / "streamed" / name).read_bytes() == \
            (tmp_path / "whole" / name).read_bytes(), name


@pytest.mark.parametrize("fmt", [f for f in FORMATS_STREAMED if f != "text"])
def test_every_streamed_format_writes_its_file_with_output(fmt: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    from checker.cli.check import OUTPUT_NAMES
    from checker.cli.main import main

    code = main(["check", str(sorted(FIXTURES.glob("0*.txt"))[0]), "--format", fmt,
                 "--output", str(tmp_path)])
    assert code in (0, 1)
    assert [p.name for p in tmp_path.iterdir()] == [OUTPUT_NAMES[fmt]]
    assert (tmp_path / OUTPUT_NAMES[fmt]).stat().st_size > 100
    assert f"已写入 {tmp_path / OUTPUT_NAMES[fmt]}" in capsys.readouterr().err


def test_streamed_sarif_writes_result_by_result(corpus_batch: BatchReport,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Never the whole unit's log (its dict, its text and a parsed copy: a document with
    # 40,000 findings peaked at ~160 MB, three times the other formats).
    from checker.report import sarif

    whole = sarif.render
    expected = render(corpus_batch, "sarif")

    def errors_only(batch: BatchReport) -> str:
        assert not batch.units, "a unit's whole SARIF log was built"
        return whole(batch)

    monkeypatch.setattr(sarif, "render", errors_only)
    assert _streamed(corpus_batch, "sarif") == expected
