"""One disclosure published as several files (Jiangsu: the narrative and the twelve tables as
two PDFs) is checked as one unit, so neither half is reported as missing the other.

Files named on the command line are grouped when they identify the same disclosure (the
same unit and kind, and the same year and level where both files state them: a tables-only
file often states no year) and complement each other: a narrative without tables and tables
without a narrative. ``--together`` puts every file given into one unit whatever
they say. Folder walks are not grouped: a folder holds many disclosures, and guessing which
files belong together there would merge what the publisher kept apart.

The files' texts are joined (narrative first) with each file's PDF geometry and parsed as one
document; every finding's line is then mapped back to its own file, line and PDF page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.model.ast import Document
from checker.model.results import InputFailure, UnitReport


@dataclass(frozen=True)
class FileGroup:
    """Files checked as one unit, in reading order (narrative first)."""

    paths: tuple[Path, ...]

    def __str__(self) -> str:
        return " + ".join(str(p) for p in self.paths)


# Documents parsed while grouping, reused by the check in the same process.
PARSED: dict[Path, Document] = {}


def _parse(path: Path) -> Document | None:
    from checker.errors import BudgetlintError
    from checker.parse.parser import parse_file

    key = path.resolve()
    if key not in PARSED:
        try:
            PARSED[key] = parse_file(path)
        except BudgetlintError:
            return None  # reported when the file itself is checked
        except Exception:
            return None
    return PARSED[key]


def _same_disclosure(a: Document, b: Document) -> bool:
    if not (a.unit and a.kind) or (a.unit, a.kind) != (b.unit, b.kind):
        return False
    return all(x is None or y is None or x == y
               for x, y in ((a.year, b.year), (a.level, b.level)))


def group_files(named: list[Path], together: bool = False) -> list[FileGroup]:
    """Groups of two or more of ``named`` that form one disclosure."""
    if len(named) < 2:
        return []
    if together:
        return [FileGroup(tuple(_reading_order(named)))]
    docs = {path: _parse(path) for path in named}
    groups: list[list[Path]] = []
    for path in named:
        doc = docs[path]
        if doc is None:
            continue
        for group in groups:
            first = docs[group[0]]
            if first is not None and _same_disclosure(first, doc):
                group.append(path)
                break
        else:
            groups.append([path])
    return [FileGroup(tuple(_reading_order(g))) for g in groups
            if len(g) > 1 and _complementary([docs[p] for p in g])]


def _complementary(docs: list[Document | None]) -> bool:
    """The halves of one publication: a narrative without tables and tables without a
    narrative. Two complete copies (a PDF and its text extraction) are not merged."""
    found = [d for d in docs if d is not None]
    return (any(not d.tables for d in found)
            and any(not any(p.title for p in d.parts) for d in found))


def _reading_order(paths: list[Path]) -> list[Path]:
    """The narrative (the file with a cover, TOC and parts) first, then the others."""
    def narrative(path: Path) -> int:
        doc = _parse(path)
        if doc is None:
            return 0
        return len(doc.toc) + sum(1 for p in doc.parts if p.title)
    return sorted(paths, key=narrative, reverse=True)


def check_group(group: FileGroup, check: Any) -> UnitReport | InputFailure:
    """Check the files of ``group`` as one document; ``check(doc)`` checks a Document."""
    from checker.errors import BudgetlintError
    from checker.parse.parser import parse_text
    from checker.read.source import read_source

    try:
        texts: list[str] = []
        offsets: list[int] = []
        pages: list[int] = []
        geometry: list[Any] = []
        line_count = 0
        for path in group.paths:
            source = read_source(path)
            text = source.text.rstrip("\n")
            offsets.append(line_count)
            pages.extend(start + line_count for start in source.page_starts)
            texts.append(text)
            count = text.count("\n") + 1
            # Each file's geometry (PDF: page, box and table grid of every line) stays with
            # its lines, so tables are read from their grids as in the file alone; pages and
            # boxes are the file's own (evidence names the file below).
            placed = list(source.geometry[:count])
            geometry.extend(placed + [None] * (count - len(placed)))
            line_count += count
        doc = parse_text("\n".join(texts), source=str(group),
                         geometry=geometry if any(geometry) else ())
        doc.page_starts = pages
        report = check(doc)
    except BudgetlintError as error:
        return InputFailure(str(group), error.one_line())
    for result in report.results:
        for evidence in result.evidence:
            if evidence.line is None:
                continue
            index = max(i for i, start in enumerate(offsets) if start < evidence.line)
            local = evidence.line - offsets[index]
            place = doc.place_of(evidence.line)  # the page and box in the file's own PDF
            part = _parse(group.paths[index]) if place is None else None
            evidence.source = str(group.paths[index])
            evidence.line = local
            if place is not None:
                evidence.page = place[0]
                evidence.bbox = evidence.bbox or place[1]
            else:
                evidence.page = part.page_of(local) if part is not None else None
    report.source = str(group.paths[0])
    report.sources = [str(p) for p in group.paths]
    return report
