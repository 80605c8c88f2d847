"""Rule kinds: one module per kind, registered by name.

A kind module calls ``register`` with the fields of its rules that hold regexes, expressions,
table aliases and section aliases (the loader checks those when a pack is loaded) and a
``check(rule, ctx)`` function returning one ``RuleResult`` per place it checked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.kinds._context import Context
    from checker.results import RuleResult
    from checker.rules.model import Rule

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
