"""HTML: a self-contained page per unit plus an index, for auditors to read and pass on.

Pages carry their CSS and the index its few lines of sorting JavaScript inline, so the
folder can be zipped, mailed or opened from a file share without a web server or network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from checker import __version__
from checker.errors import OutputError
from checker.model.results import BatchReport, RuleResult, UnitReport
from checker.report.atomic import ensure_folder, write_atomic
from checker.report.common import (
    STATUS_LABELS,
    categories,
    totals,
    unit_name,
    unit_title,
    verdict_class,
    verdict_text,
    waived_count,
    waiver_note,
)

TEMPLATES = Path(__file__).parent / "templates"
VERDICT_RANK = {"fail": 0, "partial": 1, "pass": 2}


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       undefined=StrictUndefined, keep_trailing_newline=True)


def page_name(index: int, unit: UnitReport) -> str:
    """A file name that is unique in the batch and safe in any URL or file system."""
    stem = Path(unit.source).stem
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "unit"
    return f"unit-{index:03d}-{slug[:60]}.html"


@dataclass
class _Row:
    result: RuleResult
    status: str
    status_class: str
    status_label: str
    waiver_note: str | None


def _row(result: RuleResult) -> _Row:
    status_class = result.status
    label = STATUS_LABELS[result.status]
    if result.status == "fail" and result.waived:
        status_class, label = "waived", "waived"
    return _Row(result, result.status, status_class, label, waiver_note(result))


def render_unit(unit: UnitReport) -> str:
    groups = []
    for name, results in categories(unit):
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for result in results:
            counts[result.status] += 1
        groups.append({
            "name": name,
            "counts": counts,
            "findings": [_row(r) for r in results if r.status in ("fail", "not_verifiable")],
            "others": [_row(r) for r in results if r.status in ("pass", "not_applicable")],
        })
    template = _environment().get_template("unit.html.j2")
    return template.render(unit=unit, title=unit_title(unit), verdict=verdict_text(unit),
                           verdict_class=verdict_class(unit), summary=unit.summary,
                           waived=waived_count(unit), groups=groups).lstrip()


def render_index(batch: BatchReport, pages: list[str], generated: str | None = None) -> str:
    rows: list[dict[str, Any]] = []
    for unit, href in zip(batch.units, pages, strict=True):
        state = verdict_class(unit)
        rows.append({"unit": unit, "name": unit_name(unit), "href": href,
                     "kind": f"{unit.level or ''}{unit.kind or ''}",
                     "verdict": verdict_text(unit), "verdict_class": state,
                     "verdict_rank": VERDICT_RANK[state], "summary": unit.summary,
                     "waived": waived_count(unit)})
    template = _environment().get_template("index.html.j2")
    return template.render(rows=rows, errors=batch.errors, totals=totals(batch),
                           version=__version__, generated=generated).lstrip()


def write(batch: BatchReport, out_dir: Path, generated: str | None = None) -> Path:
    """Write index.html and one page per unit into ``out_dir``; return the index path.

    Each page is written atomically; a page that cannot be written does not stop the others
    (an auditor's batch must not lose 199 reports for one), but the run ends in an
    ``OutputError`` naming every page that is missing."""
    ensure_folder(out_dir)
    pages = [page_name(i, unit) for i, unit in enumerate(batch.units, start=1)]
    failed: list[OutputError] = []
    for unit, page in zip(batch.units, pages, strict=True):
        try:
            write_atomic(out_dir / page, render_unit(unit))
        except OutputError as error:
            failed.append(error)
    index = out_dir / "index.html"
    try:
        write_atomic(index, render_index(batch, pages, generated))
    except OutputError as error:
        failed.append(error)
    if failed:
        raise OutputError(failed[0].path, failed[0].problem + (
            f"（另有 {len(failed) - 1} 个报告文件未能写入）" if len(failed) > 1 else ""))
    return index
