"""Shared helpers for the performance-table kinds."""

from __future__ import annotations

from typing import Any

from checker.kinds._context import Context
from checker.model.ast import PerformanceTable


def tables(ctx: Context, params: dict[str, Any]) -> list[PerformanceTable]:
    kinds = params.get("table_kinds", ["target", "unit_target", "self_evaluation"])
    return [p for p in ctx.doc.performance_tables if p.kind in kinds]


def name(table: PerformanceTable) -> str:
    return table.project or table.title or f"绩效表 (line {table.line})"
