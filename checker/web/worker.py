"""One uploaded document checked and reported, in a worker process of the app's pool.

Everything the browser can ask for is written into the unit's folder: the unit page (the
static report's template), its page crops, the JSON, CSV and HTML reports, the annotated
PDF and a copy of the upload (for the ``#page=N`` links). The folder is deleted with the job.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from checker.cli.batch import BatchOptions, run_batch
from checker.report import csv as csv_report
from checker.report import html, pages, pdf
from checker.report import json as json_report
from checker.report.common import unit_name, verdict_class, verdict_text
from checker.report.i18n import label, translate, use_language

SUMMARY = "summary.json"


def check_upload(upload: str, folder: str, fail_on: str = "error") -> dict[str, Any]:
    """Check ``upload`` and write its reports into ``folder``; the summary the job page
    shows (also saved as summary.json)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    with use_language("zh"):
        batch = run_batch([upload], BatchOptions(fail_on=fail_on))
        name = Path(upload).name
        if batch.errors or not batch.units:
            message = batch.errors[0].message if batch.errors else "没有可检查的内容"
            summary = {"file": name, "ok": False, "error": translate(message)}
        else:
            unit = batch.units[0]
            unit.source = upload
            summary = _reports(batch, unit, out, name)
    (out / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return summary


def _reports(batch: Any, unit: Any, out: Path, name: str) -> dict[str, Any]:
    downloads = [("HTML", "report.html"), ("JSON", "report.json"), ("CSV", "report.csv")]
    source_href = None
    if pages.is_pdf(unit.source):
        shutil.copyfile(unit.source, out / "source.pdf")
        source_href = "source.pdf"
        count = pages.annotate(unit, out / "annotated.pdf", pdf.note)
        downloads.append((f"{label('annotated_pdf')}（{count}）", "annotated.pdf"))
    reportable = [r for r in unit.results if r.status in ("fail", "not_verifiable")]
    crops = pages.crops(unit, reportable, out / "crops", "crop")
    page = html.render_unit(unit, crops, "crops/", source_href, index_href="../../",
                            downloads=downloads, source_label=name)
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "report.html").write_text(page, encoding="utf-8")
    unit.source = name  # the downloads name the uploaded file, not the server's folder
    (out / "report.json").write_text(json_report.render(batch), encoding="utf-8")
    (out / "report.csv").write_text(csv_report.render(batch), encoding="utf-8")
    counts = html.counts(unit)
    return {"file": name, "ok": True, "unit": unit_name(unit), "verdict": verdict_text(unit),
            "verdict_class": verdict_class(unit), "errors": counts["error"],
            "warnings": counts["warning"], "not_verifiable": counts["not_verifiable"]}
