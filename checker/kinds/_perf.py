"""Shared helpers for the performance-table kinds."""

from __future__ import annotations

from typing import Any

from checker.kinds._context import Context
from checker.kinds.spec import choices
from checker.model.ast import PerformanceTable

PERF_KINDS = ("target", "unit_target", "self_evaluation")
# The parameter every performance kind shares: which performance tables it looks at.
TABLE_KINDS = choices("table_kinds", PERF_KINDS, "performance tables to look at: project "
                      "targets, unit-wide targets, self-evaluations", required=True)


def tables(ctx: Context, params: dict[str, Any]) -> list[PerformanceTable]:
    kinds = params.get("table_kinds", PERF_KINDS)
    return [p for p in ctx.doc.performance_tables if p.kind in kinds]


def name(table: PerformanceTable) -> str:
    return table.project or table.title or f"绩效表 (line {table.line})"
