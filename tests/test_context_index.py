"""The per-document indexes of ``Context`` answer exactly what the plain scans they replace
answered: same lines, same tables and sections by alias, same located findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine.run import check_document, default_pack_path, load_pack
from checker.kinds._context import Context, norm
from checker.model.ast import Document
from checker.parse.parser import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = sorted(FIXTURES.glob("0*.txt"))


def _context(path: Path) -> Context:
    doc = parse_file(path)
    pack = load_pack(default_pack_path(doc.kind))
    return Context(doc, pack, pack.tolerance)


def _scan_raw_line(doc: Document, number: int | None) -> str:
    for line in doc.lines:
        if line.number == number:
            return line.raw.strip()
    return ""


def _scan_locate(ctx: Context, snippet: str, lo: int, hi: int, occurrence: int = 0) -> int:
    """The joining scan ``locate`` used before its index."""
    lines = {line.number: norm(line.text) for line in ctx.doc.lines}
    probe = norm(snippet)[:12]
    if not probe:
        return lo
    joined, owners = "", []
    for number in range(lo, max(lo, hi) + 1):
        text = lines.get(number, "")
        joined += text
        owners.extend([number] * len(text))
    position = -1
    for _ in range(occurrence + 1):
        position = joined.find(probe, position + 1)
        if position < 0:
            break
    if position < 0:
        position = joined.find(probe)
    return owners[position] if position >= 0 else lo


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name[:3])
def test_raw_line_index_matches_a_scan(path: Path) -> None:
    ctx = _context(path)
    numbers = [line.number for line in ctx.doc.lines]
    for number in [*numbers, 0, -1, max(numbers) + 1, None]:
        assert ctx.raw_line(number) == _scan_raw_line(ctx.doc, number)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name[:3])
def test_located_lines_match_the_joining_scan(path: Path) -> None:
    ctx = _context(path)
    probes = 0
    for segment in ctx.segments():
        text = segment.text
        for start in range(0, len(text), 37):  # snippets all along the segment
            snippet = text[start:start + 12]
            occurrence = text.count(snippet, 0, start)
            for lo, hi in ((segment.line, segment.end_line), (segment.line, segment.line - 3)):
                assert ctx.locate(snippet, lo, hi, occurrence) == \
                    _scan_locate(ctx, snippet, lo, hi, occurrence)
                probes += 1
    assert ctx.locate("不在文中的句子", 5, 40) == _scan_locate(ctx, "不在文中的句子", 5, 40) == 5
    assert probes > 100


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name[:3])
def test_alias_indexes_match_a_scan(path: Path) -> None:
    ctx = _context(path)
    for alias in ctx.pack.table_aliases:
        expected = [t for t in ctx.doc.tables if ctx.table_alias(t) == alias]
        assert ctx.tables(alias) == expected
    for alias in ctx.pack.section_aliases:
        expected = [s for s in ctx.doc.sections() if ctx.section_alias(s) == alias]
        assert ctx.sections(alias) == expected
    found = sum(len(ctx.tables(a)) for a in ctx.pack.table_aliases)
    assert found > 0


def test_a_repeated_document_repeats_its_findings_at_shifted_lines() -> None:
    """Indexes over the whole document must not mix up copies: the copy's findings sit
    exactly one document length further down."""
    text = (FIXTURES / "003_837d346b324402fd.txt").read_text(encoding="utf-8")
    once = parse_text(text, "x")
    pack = load_pack(default_pack_path(once.kind))
    lines = text.count("\n")
    first = check_document(once, pack)
    located = [(r.rule, e.line) for r in first.results if r.status == "fail"
               for e in r.evidence if e.line is not None]
    assert located
    twice = check_document(parse_text(text + text, "x"), pack)
    shifted = {(r.rule, e.line) for r in twice.results if r.status == "fail"
               for e in r.evidence if e.line is not None}
    assert {(rule, line + lines) for rule, line in located} <= shifted
