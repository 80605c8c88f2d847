"""The PDF audit of issue #9: for every corpus PDF (a disclosure split over two files checked as
one unit), its tables, which have no grid (phantom: a TOC line or heading read as a table) or
cells missing, and which table checks (sums, code hierarchy, 三公) come out "not verifiable".

Run ``python tests/pdf_audit.py`` for the list; tests/test_pdf_audit.py asserts it is clean.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from checker.cli.batch import BatchOptions, run_batch
from checker.model.results import UnitReport
from checker.parse.parser import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
# The table checks issue #9 names, by rule id: table sums, the code hierarchy and table
# formulas (-TBL-), 三公 (-SG- and the cross checks of the narrative against the 三公 table).
TABLE_RULES = re.compile(r"-(?:TBL|SG)-|^(?:COM-XC-00[789]|FIN-XC-001)$")
# Tables agreeing with each other (-XT-): listed apart, not part of the must-show.
AGREE_RULES = re.compile(r"-XT-")


def corpus_units() -> list[tuple[Path, ...]]:
    """Every corpus PDF, the two files of one disclosure (…_text.pdf + …_tables.pdf) as one."""
    files = sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted((FIXTURES / "real").glob("*.pdf"))
    units: dict[str, list[Path]] = {}
    for path in files:
        stem = path.stem.removesuffix("_text").removesuffix("_tables")
        units.setdefault(str(path.parent / stem), []).append(path)
    return [tuple(group) for group in units.values()]


@dataclass
class Audit:
    name: str
    tables: list[str] = field(default_factory=list)
    phantom: list[str] = field(default_factory=list)
    cells_missing: list[str] = field(default_factory=list)
    not_verifiable: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    agree_not_verifiable: list[str] = field(default_factory=list)


def audit(files: tuple[Path, ...]) -> Audit:
    found = Audit(" + ".join(p.name for p in files))
    for path in files:
        for table in parse_file(path).tables:
            where = f"{path.name}: {table.title} (p.{table.page})"
            shape = f"{len(table.grid)}x{len(table.grid[0])}" if table.grid else "no grid"
            found.tables.append(f"{where} {shape}, {len(table.rows)} rows")
            if not table.grid:
                found.phantom.append(where)
            if table.cells_missing:
                found.cells_missing.append(where)
    batch = run_batch(list(files), BatchOptions(together=len(files) > 1))
    assert not batch.errors and len(batch.units) == 1, batch.errors
    report: UnitReport = batch.units[0]
    for result in report.results:
        line = f"{result.rule}: {result.message}"
        if AGREE_RULES.search(result.rule) and result.status == "not_verifiable":
            found.agree_not_verifiable.append(line)
        if not TABLE_RULES.search(result.rule):
            continue
        if result.status == "not_verifiable":
            found.not_verifiable.append(line)
        elif result.status == "fail" and result.severity == "error":
            found.failures.append(line)
    return found


def main() -> int:
    for unit in corpus_units():
        found = audit(unit)
        print(f"== {found.name}: {len(found.tables)} tables")
        for line in found.tables:
            print(f"   table  {line}")
        for label, lines in (("PHANTOM", found.phantom), ("CELLS-MISSING", found.cells_missing),
                             ("NOT-VERIFIABLE", found.not_verifiable),
                             ("ERROR", found.failures),
                             ("(XT not verifiable)", found.agree_not_verifiable)):
            for line in lines:
                print(f"   {label}  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
