"""HTML: a self-contained page per unit plus an index, for auditors to read and pass on.

Pages carry their CSS and their few lines of JavaScript (sorting, filters) inline, and the
page crops sit beside them in ``crops/``, so the folder can be zipped, mailed or opened from
a file share without a web server or network. The web app (``budgetlint serve``) renders the
same templates.

A unit page lists errors that fail the gate first, then warnings below the gate, waived
findings, and checks that could not be made; identical findings (same rule, same message)
are one entry marked ×N; every finding shows its figures side by side and, for a PDF, a crop
of its page with the evidence boxed and a link to the page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from checker import __version__
from checker.errors import OutputError
from checker.model.results import BatchReport, Evidence, InputFailure, RuleResult, UnitReport
from checker.report import pages
from checker.report.atomic import ensure_folder, write_atomic
from checker.report.common import (
    Totals,
    comparison,
    evidence_text,
    figures,
    message,
    offset_note,
    offsets,
    totals,
    unit_name,
    unit_title,
    verdict_class,
    verdict_text,
    waiver_note,
)
from checker.report.i18n import category_label, label, language, translate

TEMPLATES = Path(__file__).parent / "templates"
VERDICT_RANK = {"fail": 0, "partial": 1, "pass": 2}
# Report order of findings: what fails the gate, warnings below it, waived, not verifiable.
SLOT_RANK = {"error": 0, "warning": 1, "waived": 2, "not_verifiable": 3}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One per process, shared by every page of a batch (and the web app): its templates
    are compiled once, not once per page. Nothing changes it after it is built."""
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals.update(t=label, tr=translate, category_label=category_label,
                       lang=language)
    return env


def page_name(index: int, unit: UnitReport) -> str:
    """A file name that is unique in the batch and safe in any URL or file system."""
    stem = Path(unit.source).stem
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "unit"
    return f"unit-{index:03d}-{slug[:60]}.html"


def slot(unit: UnitReport, result: RuleResult) -> str:
    """error (fails the gate) | warning (a failure below it) | waived | not_verifiable |
    pass | not_applicable: what the reader is told, matching the verdict."""
    if result.status != "fail":
        return result.status
    if result.waived:
        return "waived"
    return "error" if result.blocks(unit.fail_on) else "warning"


CONTEXTS_PER_FINDING = 20


@dataclass
class Occurrence:
    evidence: list[dict[str, Any]]
    crop: str | None = None
    page: int | None = None
    context: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Finding:
    """One entry of a unit page: a result, or several identical ones (×N)."""

    result: RuleResult
    slot: str
    message: str
    category: str
    figures: Any
    offset: str | None
    waiver: str | None
    occurrences: list[Occurrence]

    @property
    def count(self) -> int:
        return len(self.occurrences)


def _evidence(items: list[Evidence]) -> list[dict[str, Any]]:
    return [{"line": e.line, "page": e.page, "text": evidence_text(e),
             "comparison": comparison(e)} for e in items]


def findings(unit: UnitReport, crops: dict[int, tuple[str, int]] | None = None,
             crop_base: str = "") -> list[Finding]:
    """The unit's failures and unverifiable checks, grouped and in report order."""
    pairs = offsets(unit)
    groups: dict[tuple[str, str, str], Finding] = {}
    lines: list[str] | None = None  # the source's lines, read at the first finding needing them
    for result in unit.results:
        kind = slot(unit, result)
        if kind not in SLOT_RANK:
            continue
        text = message(result)
        key = (result.rule, kind, text)
        crop = (crops or {}).get(id(result))
        context: list[tuple[int, str]] = []
        # The source lines around the first few occurrences of a finding; the others list
        # their evidence lines only (a sentence repeated thousands of times is one finding
        # ×N: a page of N copies of its surroundings ran to gigabytes).
        if not crop and any(e.line is not None for e in result.evidence) and (
                key not in groups or groups[key].count < CONTEXTS_PER_FINDING):
            if lines is None:
                lines = pages.source_lines(unit) or []
            context = pages.text_context(unit, result, lines=lines)
        occurrence = Occurrence(_evidence(result.evidence),
                                crop_base + crop[0] if crop else None,
                                crop[1] if crop else _page(result), context)
        if key in groups:
            groups[key].occurrences.append(occurrence)
            continue
        groups[key] = Finding(result, kind, text, category_label(result.category),
                              figures(result), offset_note(result, pairs), waiver_note(result),
                              [occurrence])
    return sorted(groups.values(), key=lambda f: SLOT_RANK[f.slot])


def _page(result: RuleResult) -> int | None:
    return next((e.page for e in result.evidence if e.page is not None), None)


def counts(unit: UnitReport) -> dict[str, int]:
    """Counts as the gate sees them: errors that fail it, warnings below it, waived."""
    out = dict.fromkeys(("error", "warning", "waived", "not_verifiable", "pass",
                         "not_applicable"), 0)
    for result in unit.results:
        out[slot(unit, result)] += 1
    return out


def render_unit(unit: UnitReport, crops: dict[int, tuple[str, int]] | None = None,
                crop_base: str = "", source_href: str | None = None,
                index_href: str | None = "index.html", downloads: list[Any] | None = None,
                source_label: str | None = None) -> str:
    """The unit's page; ``source_label`` names the file instead of its path (the web app's
    uploads live in a temporary folder the reader has nothing to do with)."""
    found = findings(unit, crops, crop_base)
    others = [r for r in unit.results if r.status in ("pass", "not_applicable")]
    template = environment().get_template("unit.html.j2")
    return template.render(
        unit=unit, title=unit_title(unit), verdict=verdict_text(unit),
        verdict_class=verdict_class(unit), counts=counts(unit), findings=found,
        others=others, source_href=source_href, index_href=index_href,
        source_label=source_label or unit.source,
        downloads=downloads or [],
        severities=sorted({f.slot for f in found}, key=SLOT_RANK.__getitem__),
        categories=sorted({f.category for f in found}),
        rules=sorted({f.result.rule for f in found}), version=__version__).lstrip()


CATEGORY_ORDER = ("completeness", "arithmetic", "consistency", "wording", "editorial",
                  "performance")
_WORST = {"error": 0, "warning": 1, "not_verifiable": 2, "waived": 3, "pass": 4,
          "not_applicable": 5}


@dataclass
class IndexFacts:
    """What the index needs of a unit besides its digest: the counts as the gate sees them
    and, per category, the worst slot and the number of findings. Small, so a streamed batch
    keeps one per unit."""

    counts: dict[str, int]
    categories: dict[str, tuple[str, int]]


def facts(unit: UnitReport) -> IndexFacts:
    by_category: dict[str, list[str]] = {}
    for result in unit.results:
        by_category.setdefault(result.category or "other", []).append(slot(unit, result))
    return IndexFacts(counts(unit), {
        name: (min(slots, key=_WORST.__getitem__), sum(s in SLOT_RANK for s in slots))
        for name, slots in by_category.items()})


def index_entry(unit: UnitReport, href: str, known: IndexFacts) -> dict[str, Any]:
    """What the index shows of a unit, as plain data (a streamed batch spools it as JSON):
    its row of the table and its cells of the overview."""
    state = verdict_class(unit)
    return {"unit": {"source": unit.source, "year": unit.year}, "name": unit_name(unit),
            "href": href, "kind": f"{unit.level or ''}{unit.kind or ''}",
            "verdict": verdict_text(unit), "verdict_class": state,
            "verdict_rank": VERDICT_RANK[state], "counts": known.counts,
            "categories": {name: list(cell) for name, cell in known.categories.items()}}


class _OverviewRows:
    """The overview's rows (units × categories: each cell the worst slot of the unit's
    results in the category and how many findings it has), made from the index entries
    as the template reads them, so a streamed batch never holds them all."""

    def __init__(self, entries: Collection[dict[str, Any]], names: list[str]) -> None:
        self.entries = entries
        self.names = names
        self.labels = [category_label(name) for name in names]

    def __bool__(self) -> bool:
        return bool(len(self.entries))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for entry in self.entries:
            cells = []
            for name, shown in zip(self.names, self.labels, strict=True):
                worst, count = entry["categories"].get(name, ("none", 0))
                cells.append({"slot": worst, "count": count, "category": shown})
            yield {"name": entry["name"], "cells": cells}


def index_pages(entries: Collection[dict[str, Any]], errors: list[InputFailure],
                total: Totals, categories: set[str], generated: str | None = None
                ) -> Iterator[str]:
    """The index in pieces, from ``index_entry`` records (read twice: a list or a
    ``stream_base.LineSpool``) and the categories any unit has results in."""
    names = ([c for c in CATEGORY_ORDER if c in categories]
             + sorted(categories - set(CATEGORY_ORDER)))
    picture = {"categories": [category_label(n) for n in names],
               "rows": _OverviewRows(entries, names)}
    template = environment().get_template("index.html.j2")
    started = False
    for piece in template.generate(rows=entries, errors=errors, totals=total,
                                   overview=picture, version=__version__,
                                   generated=generated):
        if not started:  # the page as ``render_index`` returns it: no leading whitespace
            piece = piece.lstrip()
            started = bool(piece)
        yield piece


def render_index(batch: BatchReport, pages_: list[str], generated: str | None = None,
                 unit_facts: list[IndexFacts] | None = None) -> str:
    """The index of a whole batch (``unit_facts``: ``facts`` of each unit, if known)."""
    if unit_facts is None:
        unit_facts = [facts(u) for u in batch.units]
    entries = [index_entry(unit, href, known)
               for unit, href, known in zip(batch.units, pages_, unit_facts, strict=True)]
    present = {name for known in unit_facts for name in known.categories}
    return "".join(index_pages(entries, batch.errors, totals(batch), present, generated))


def write_unit_page(unit: UnitReport, page: str, out_dir: Path) -> None:
    """The unit's page and its page crops (``crops/``) in ``out_dir``, written atomically."""
    reportable = [r for r in unit.results if r.status in ("fail", "not_verifiable")]
    crops = pages.crops(unit, reportable, out_dir / "crops", Path(page).stem)
    href = None
    if pages.is_pdf(unit.source):
        href = Path(os.path.relpath(Path(unit.source).resolve(), out_dir.resolve())).as_posix()
    write_atomic(out_dir / page, render_unit(unit, crops, "crops/", href))


def write(batch: BatchReport, out_dir: Path, generated: str | None = None) -> Path:
    """Write index.html, one page per unit and the page crops into ``out_dir``; return the
    index path.

    Each page is written atomically; a page that cannot be written does not stop the others
    (an auditor's batch must not lose 199 reports for one), but the run ends in an
    ``OutputError`` naming every page that is missing."""
    ensure_folder(out_dir)
    names = [page_name(i, unit) for i, unit in enumerate(batch.units, start=1)]
    failed: list[OutputError] = []
    for unit, page in zip(batch.units, names, strict=True):
        try:
            write_unit_page(unit, page, out_dir)
        except OutputError as error:
            failed.append(error)
    index = out_dir / "index.html"
    try:
        write_atomic(index, render_index(batch, names, generated))
    except OutputError as error:
        failed.append(error)
    if failed:
        raise OutputError(failed[0].path, failed[0].problem + (
            f"（另有 {len(failed) - 1} 个报告文件未能写入）" if len(failed) > 1 else ""))
    return index
