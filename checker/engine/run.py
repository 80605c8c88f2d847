"""Public entry points of the rule engine: load a pack, check a document."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from checker.engine.expr import Unavailable
from checker.engine.loader import load_pack as _load_pack
from checker.engine.rule_model import Pack, Rule
from checker.kinds import KINDS, load_all
from checker.kinds._context import Context
from checker.model.ast import Document
from checker.model.results import RuleResult, UnitReport
from checker.resources import RULES_DIR

__all__ = ["Pack", "check_document", "default_pack_path", "load_pack"]


def load_pack(path: str | Path) -> Pack:
    """Load and validate a rule pack (and what it extends). Raises ``RuleFileError``."""
    return _load_pack(path)


def default_pack_path(kind: str | None) -> Path:
    """``rules/budget.yaml`` for a 预算, ``rules/final.yaml`` for a 决算."""
    if kind == "决算":
        return RULES_DIR / "final.yaml"
    if kind == "预算":
        return RULES_DIR / "budget.yaml"
    # Kind unknown: the common pack's rules still apply; kind-specific ones would only guess.
    return RULES_DIR / "common.yaml"


def check_document(doc: Document, pack: Pack, *, tolerance: Decimal | None = None,
                   disabled: Iterable[str] = ()) -> UnitReport:
    """Evaluate every applicable rule of ``pack`` against ``doc``."""
    load_all()
    ctx = Context(doc, pack, tolerance if tolerance is not None else pack.tolerance)
    skip = set(disabled)
    results: list[RuleResult] = []
    for rule in pack.enabled_rules():
        if rule.id not in skip:
            results.extend(run_rule(rule, ctx))
    return UnitReport(source=doc.source, unit=doc.unit, year=doc.year, kind=doc.kind,
                      level=doc.level, results=results)


def run_rule(rule: Rule, ctx: Context) -> list[RuleResult]:
    doc = ctx.doc
    applies = rule.applies_to.matches(doc.kind, doc.level, doc.year)
    if applies is False:
        return [ctx.result(rule, "not_applicable",
                           reason=f"applies to {rule.applies_to.describe()}")]
    if applies is None:
        return [ctx.result(rule, "not_verifiable", reason="the document's kind or year is "
                           f"unknown; the rule applies to {rule.applies_to.describe()}")]
    try:
        results = KINDS[rule.kind].check(rule, ctx)
    except Unavailable as error:
        results = [ctx.result(rule, "not_verifiable", reason=str(error))]
    except Exception as error:  # a bug in one kind must not sink the whole batch
        results = [ctx.result(rule, "not_verifiable",
                              reason=f"internal error in kind {rule.kind}: {error!r}")]
    return results or [ctx.result(rule, "not_applicable", reason="nothing to check")]
