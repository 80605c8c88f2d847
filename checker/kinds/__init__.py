"""Rule kinds: one module per kind, each declaring itself once.

Adding a kind means adding two files: ``checker/kinds/<name>.py`` and its tests. Nothing
else keeps a list of kinds: modules here are found with ``pkgutil`` (names starting with
``_`` are helpers, not kinds), and the kinds section of ``rules/schema.json`` and the kinds
tables of ``docs/rules.md`` are generated from the declarations by
``python -m checker.engine.schema_gen`` (``tests/test_kind_specs.py`` fails when the committed
files drift; run the command and commit what it writes).

A kind module declares its parameters with the helpers of ``checker.kinds.spec`` and
registers its check function::

    from checker.kinds import register
    from checker.kinds.spec import aliases, regex

    @register("table_sum", doc="A table's total row equals the sum of its top-level rows.",
              params=(aliases("tables", "tables", "table aliases", required=True),
                      regex("total_label", "the total row's label", default=TOTAL)),
              placeholders=("table", "column", "found", "expected", "diff"))
    def check(rule: Rule, ctx: Context) -> list[RuleResult]:
        ...

- The kind's name is the module's name.
- ``params``: every key a rule of this kind may have beyond the common ones (``id``, ``title``
  …). ``required=True`` makes the schema demand it; ``default`` documents what the check uses
  when it is absent (the check reads ``rule.params.get(name, DEFAULT)`` with the same
  constant). Fields built with ``regex``/``regexes`` are compiled when a pack loads and
  checked for catastrophic backtracking, ``expr`` fields are parsed and their functions
  checked, ``aliases``/``single_alias`` fields must name defined aliases. ``custom`` takes any JSON
  schema plus the roles of nested fields (``("regex", "items[].match")``).
- ``placeholders``: the ``{names}`` the check fills for a rule's ``message``;
  ``pattern_groups=True`` when a regex's named groups are placeholders too.
- ``doc``: one paragraph for the kinds table (Markdown allowed).
- ``check(rule, ctx)`` returns one ``RuleResult`` per place it checked, built with
  ``ctx.result(...)``. Regexes match normalised text: whitespace removed, full-width folded
  (（）：， → ():,), quotes “” → ".

Expressions (``assert``, ``expected``) use ``grammars/expr.lark``: ``row(key[, column])`` and
``col(column)`` inside a table, ``cell(table_alias, key[, column])`` anywhere,
``count_performance(kind)``, ``coalesce(...)``, ``abs``, ``sum``, ``min``, ``max``, ``round``,
``num``. A row key is a code ("301"), a label, a label fragment, or "group:label" in a
side-by-side table ("支出:支出合计"); a column is a header ("合计|小计") or the n-th amount
(1, 2, …; -1 the last). ``==`` compares within the tolerance.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from checker.kinds.spec import CheckFn, KindSpec, Param

__all__ = ["KINDS", "CheckFn", "KindSpec", "Param", "load_all", "register"]

KINDS: dict[str, KindSpec] = {}


def register(name: str, *, doc: str, params: tuple[Param, ...] = (),
             placeholders: tuple[str, ...] = (), pattern_groups: bool = False
             ) -> Callable[[CheckFn], CheckFn]:
    """Declare a kind and register its check function (see the module docstring)."""
    def decorate(function: CheckFn) -> CheckFn:
        names = [p.name for p in params]
        if len(names) != len(set(names)):
            raise ValueError(f"kind {name}: a parameter is declared twice: {names}")
        KINDS[name] = KindSpec(name, function, doc, tuple(params), tuple(placeholders),
                               pattern_groups, function.__module__)
        return function
    return decorate


def kind_modules() -> list[str]:
    """The kind modules in this package: every module whose name does not start with _."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__)
                  if not m.name.startswith("_") and m.name != "spec")


def load_all() -> dict[str, KindSpec]:
    """Import every kind module (once) and return the registry, keyed by kind name."""
    global _loaded
    if not _loaded:
        # Listing the package folder costs file-system calls: once per process, not once
        # per document checked.
        for module in kind_modules():
            importlib.import_module(f"{__name__}.{module}")
        _loaded = True
    return KINDS


_loaded = False
