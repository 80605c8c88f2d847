"""`budgetlint parse FILE [--format json|tree|lines]`: show the AST of one disclosure.

``json`` is ``Document.to_dict()`` (the public contract); ``tree`` is an indented outline for
people: parts, sections with their paragraph counts, and each table where it stands;
``lines`` is the text the line numbers refer to, numbered — for a PDF its extracted text,
with a marker where each page starts; for an HTML page the text it was converted to.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from typing import Any, TextIO

from checker.model.ast import Document, Section, Table
from checker.parse.parser import parse_file
from checker.read.source import SourceText, read_source


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "parse",
        help="parse one disclosure and print its structure",
        description="Parse one 预算/决算 disclosure (text, PDF or HTML) and print its AST.",
    )
    sub.add_argument("file", metavar="FILE",
                     help="disclosure: text (UTF-8 or GB18030), PDF with a text layer, "
                          "or HTML page")
    sub.add_argument("--format", choices=("json", "tree", "lines"), default="json",
                     help="json: the AST contract (default); tree: a readable outline; "
                          "lines: the numbered text that line numbers refer to")
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "lines":
        write_lines(read_source(args.file), sys.stdout)
        return 0
    document = parse_file(args.file)
    if args.format == "json":
        json.dump(document.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write_tree(document, sys.stdout)
    return 0


def write_lines(source: SourceText, out: TextIO) -> None:
    """Every line with its number (for HTML input, of the converted text); a PDF's page starts
    are marked on lines of their own (unnumbered), so the numbers stay the ones evidence gives."""
    starts = {line: page for page, line in enumerate(source.page_starts, start=1)}
    lines = source.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not open another
    for number, text in enumerate(lines, start=1):
        if number in starts:
            out.write(f"--- page {starts[number]} ---\n")
        out.write(f"{number:>6}\t{text.rstrip(chr(13))}\n")


def write_tree(document: Document, out: TextIO) -> None:
    """A readable outline: identity, TOC size, parts/sections, tables in place."""
    out.write(f"{document.source}\n")
    out.write(f"unit: {document.unit}  year: {document.year}  kind: {document.kind}  "
              f"level: {document.level}\n")
    if document.page_starts:
        out.write(f"PDF: {len(document.page_starts)} pages; line numbers count lines of the "
                  "extracted text\n")
    if document.toc:
        out.write(f"目录: {len(document.toc)} entries\n")
    by_path: dict[tuple[str, ...], list[Table]] = defaultdict(list)
    for table in document.tables:
        by_path[tuple(table.section_path)].append(table)
    shown: set[int] = set()
    for part in document.parts:
        _write_section(part, [], by_path, shown, out)
    rest = [t for t in document.tables if id(t) not in shown]
    for table in rest:
        out.write(f"  {_table_line(table)}\n")
    if document.performance_tables:
        out.write(f"绩效表: {len(document.performance_tables)}\n")
        for perf in document.performance_tables:
            out.write(f"  [{perf.kind}] {perf.project or perf.title or '?'}  "
                      f"({len(perf.indicators)} indicators)  line {perf.line}\n")


def _write_section(section: Section, path: list[str], by_path: dict[tuple[str, ...], list[Table]],
                   shown: set[int], out: TextIO) -> None:
    indent = "  " * (section.depth - 1)
    heading = f"{section.marker} {section.title}" if section.depth == 1 else \
        f"{section.marker}{section.title}"
    count = len(section.paragraphs)
    paragraphs = f"  ({count} paragraph{'s' if count != 1 else ''})" if count else ""
    out.write(f"{indent}{heading.strip() or '(untitled)'}  line {section.line}{paragraphs}\n")
    here = [*path, heading.strip()]
    items: list[Section | Table] = [*section.children, *by_path.get(tuple(here), [])]
    for item in sorted(items, key=lambda node: node.line):  # document order
        if isinstance(item, Section):
            _write_section(item, here, by_path, shown, out)
        else:
            shown.add(id(item))
            out.write(f"{indent}  {_table_line(item)}\n")


def _table_line(table: Table) -> str:
    form = f" {table.form}" if table.form else ""
    cells = "cells missing" if table.cells_missing else f"{len(table.rows)} rows"
    notes = f", {len(table.notes)} note(s)" if table.notes else ""
    return f"表 {table.number or '-'}{form}: {table.title}  line {table.line}  [{cells}{notes}]"
