"""One disclosure published as two PDFs (Jiangsu 政协 2019: narrative + tables) checked as one
unit keeps each file's page geometry: its tables are read from their grids, and evidence
names the file, its page and the box there."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checker.cli.batch import BatchOptions, run_batch
from checker.model.results import UnitReport

REAL = Path(__file__).parent / "fixtures" / "real"
FILES = [REAL / "js_zhengxie_2019_dept_budget_text.pdf",
         REAL / "js_zhengxie_2019_dept_budget_tables.pdf"]


@cache
def _unit(together: bool) -> UnitReport:
    batch = run_batch(FILES, BatchOptions(together=together))
    assert not batch.errors and len(batch.units) == 1
    return batch.units[0]


def test_table_checks_run_on_the_joined_files() -> None:
    for together in (False, True):  # grouped automatically, or by --together
        report = _unit(together)
        statuses = {(r.rule, r.status) for r in report.results
                    if r.rule in ("COM-TBL-001", "COM-TBL-002", "JS-TBL-001", "JS-TBL-002")}
        assert statuses == {("COM-TBL-001", "pass"), ("COM-TBL-001", "not_applicable"),
                            ("COM-TBL-002", "pass"), ("COM-TBL-002", "not_applicable"),
                            ("JS-TBL-001", "pass"), ("JS-TBL-002", "pass")}


def test_evidence_names_the_file_page_and_box() -> None:
    report = _unit(False)
    hierarchy = next(r for r in report.results if r.rule == "COM-TBL-002" and r.evidence)
    evidence = hierarchy.evidence[0]
    assert evidence.source is not None and evidence.source.endswith("_tables.pdf")
    assert evidence.page == 7 and evidence.bbox is not None  # p.7 of the tables file
    assert evidence.bbox[0] < evidence.bbox[2] and evidence.bbox[1] < evidence.bbox[3]
    narrative = next(r for r in report.results if r.rule == "COM-WORD-001" and r.evidence)
    assert narrative.evidence[0].source.endswith("_text.pdf")  # type: ignore[union-attr]
    assert narrative.evidence[0].page == 14 and narrative.evidence[0].bbox is not None
