"""Builders for small synthetic documents, so each rule kind is tested without the parser."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from checker.engine.packs import load_pack
from checker.engine.rule_model import AppliesTo, Pack, Rule
from checker.engine.run import run_rule
from checker.kinds import load_all
from checker.kinds._context import Context
from checker.model.ast import (
    Document,
    Funds,
    Indicator,
    Paragraph,
    PerformanceTable,
    Row,
    Section,
    Table,
    Target,
)
from checker.model.results import RuleResult
from checker.resources import RULES_DIR

_line = iter(range(1, 100000))


def D(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def para(text: str) -> Paragraph:
    return Paragraph(text=text, line=next(_line))


def section(title: str, *texts: str, marker: str = "一、", depth: int = 2,
            children: list[Section] | None = None) -> Section:
    return Section(number=None, marker=marker, title=title, line=next(_line), depth=depth,
                   paragraphs=[para(t) for t in texts], children=children or [])


def part(title: str, *children: Section, marker: str = "第三部分") -> Section:
    return Section(number=None, marker=marker, title=title, line=next(_line), depth=1,
                   children=list(children))


def row(label: str, *values: str | None, code: str | None = None,
        group: str | None = None) -> Row:
    return Row(label=label, code=code, values=[D(v) for v in values], line=next(_line),
               group=group)


def table(title: str, columns: list[str], rows: list[Row], *, cells_missing: bool = False,
          notes: list[str] | None = None, groups: list[str] | None = None,
          group_columns: list[list[str]] | None = None) -> Table:
    return Table(number=None, title=title, section_path=[], unit_of_measure="万元",
                 columns=columns, rows=rows, cells_missing=cells_missing, line=next(_line),
                 notes=[para(n) for n in notes or []], groups=groups or [],
                 group_columns=group_columns or [])


def indicator(level1: str, level2: str, level3: str, raw: str | None, op: str | None = None,
              value: str | None = None, unit: str | None = None, **extra: Any) -> Indicator:
    target = Target(raw=raw, op=op, value=D(value), unit=unit) if raw is not None else None
    return Indicator(level1=level1, level2=level2, level3=level3, target=target,
                     line=next(_line), **extra)


def perf(project: str, indicators: list[Indicator], *, kind: str = "target",
         funds: Funds | None = None, total_score: str | None = None) -> PerformanceTable:
    return PerformanceTable(project=project, kind=kind,  # type: ignore[arg-type]
                            funds=funds or Funds(), goal=None, indicators=indicators,
                            line=next(_line), total_score=D(total_score))


def doc(*, parts: list[Section] | None = None, tables: list[Table] | None = None,
        performance: list[PerformanceTable] | None = None, kind: str = "预算",
        year: int = 2025) -> Document:
    return Document(source="<synthetic>", unit="示例单位", year=year, kind=kind,  # type: ignore[arg-type]
                    level="单位", parts=parts or [], tables=tables or [],
                    performance_tables=performance or [])


@lru_cache(maxsize=1)
def common_pack() -> Pack:
    """The shipped common pack: its table and section aliases serve the synthetic rules."""
    return load_pack(RULES_DIR / "common.yaml")


def make_rule(kind: str, message: str = "{found}", **params: Any) -> Rule:
    return Rule(id="T-001", title="test rule", severity="error", kind=kind, reference="test",
                message=message, applies_to=AppliesTo(), params=params)


def run(kind: str, document: Document, message: str = "{found}", **params: Any
        ) -> list[RuleResult]:
    load_all()
    pack = common_pack()
    return run_rule(make_rule(kind, message, **params), Context(document, pack, pack.tolerance))


def statuses(results: list[RuleResult]) -> list[str]:
    return [r.status for r in results]
