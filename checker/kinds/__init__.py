"""Rule kinds: one module per kind, registered by name.

A kind module calls ``register`` with the fields of its rules that hold regexes, expressions,
table aliases and section aliases (the loader checks those when a pack is loaded) and a
``check(rule, ctx)`` function returning one ``RuleResult`` per place it checked. Regexes match
normalised text: whitespace removed, full-width folded (（）：， → ():,), quotes “” → ".

Kinds, their fields, and the placeholders their ``message`` templates may use:

- presence: parts, sections, tables, scope, ordered — {item} {what}
- empty_table: tables, note — {table}
- text: mode, sections, patterns, min, max, if, then, within — {pattern} {found} {count}
- editorial: check, patterns, allow, offsets, where — {found} {expected} {text}
- table_sum: tables, total_label, rounding — {table} {column} {found} {expected} {diff}
- code_hierarchy: tables, rounding — {table} {row} {column} {found} {expected} {diff}
- table_formula: tables, assert, for_each, rows — {table} {row} {found} {expected}
- cross_check: sections, pattern, expected, absent_rows, required — {found} {expected}
  {diff} {section} {text} and the pattern's named groups
- yoy: checks, sections, pattern, percent_tolerance — {text} {value} {amount} {pct}
  {found} {expected}
- sangong: sections, items, compare, reason — {item} {missing}
- perf_levels: table_kinds, level1, level2 — {table} {missing}
- perf_targets: table_kinds, allow_qualitative — {table} {indicator} {found} {missing}
- perf_units: table_kinds, suffixes, units — {table} {indicator} {found} {unit}
- self_eval: check (deviation | total) — {table} {indicator} {target} {actual} {score}
  {weight} {problem} {found} {expected}
- perf_funds: table_kinds — {table} {found} {expected} {fiscal} {other}

Expressions (``assert``, ``expected``) use ``grammars/expr.lark``: ``row(key[, column])`` and
``col(column)`` inside a table, ``cell(table_alias, key[, column])`` anywhere,
``count_performance(kind)``, ``coalesce(...)``, ``abs``, ``sum``, ``min``, ``max``, ``round``,
``num``. A row key is a code ("301"), a label, a label fragment, or "group:label" in a
side-by-side table ("支出:支出合计"); a column is a header ("合计|小计") or the n-th amount
(1, 2, …; -1 the last). ``==`` compares within the tolerance.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.engine.rule_model import Rule
    from checker.kinds._context import Context
    from checker.model.results import RuleResult

CheckFn = Callable[["Rule", "Context"], list["RuleResult"]]


@dataclass(frozen=True)
class KindSpec:
    name: str
    check: CheckFn
    regex_fields: tuple[str, ...] = ()   # "field" or "list[]" or "items[].match"
    expr_fields: tuple[str, ...] = ()
    table_fields: tuple[str, ...] = ()
    section_fields: tuple[str, ...] = ()


KINDS: dict[str, KindSpec] = {}

MODULES = (
    "presence", "empty_table", "text", "editorial", "table_sum", "code_hierarchy",
    "table_formula", "cross_check", "yoy", "sangong", "perf_levels", "perf_targets",
    "perf_units", "self_eval", "perf_funds",
)


def register(name: str, *, regex: tuple[str, ...] = (), exprs: tuple[str, ...] = (),
             tables: tuple[str, ...] = (), sections: tuple[str, ...] = ()
             ) -> Callable[[CheckFn], CheckFn]:
    def decorate(function: CheckFn) -> CheckFn:
        KINDS[name] = KindSpec(name, function, regex, exprs, tables, sections)
        return function
    return decorate


def load_all() -> dict[str, KindSpec]:
    for module in MODULES:
        importlib.import_module(f"checker.kinds.{module}")
    return KINDS
