"""Public entry points of the rule engine: load a pack, check a document."""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.engine.budget import DocumentBudget, RuleTimeout
from checker.engine.expr import Unavailable
from checker.engine.loader import load_pack as _load_pack
from checker.engine.profiles import Detection, choose
from checker.engine.rule_model import Pack, Rule
from checker.kinds import KINDS, load_all
from checker.kinds._context import Context
from checker.model.ast import Document
from checker.model.results import Evidence, RuleResult, UnitReport
from checker.resources import RULES_DIR

__all__ = ["Pack", "check_document", "choose_profile", "default_pack_path", "load_pack"]


def load_pack(path: str | Path) -> Pack:
    """Load and validate a rule pack (and what it extends). Raises ``RuleFileError``."""
    return _load_pack(path)


def choose_profile(doc: Document, name: str | None = None, how: str = "option") -> Detection:
    """The template profile for ``doc`` (named, or detected from the document itself); its
    pack is ``Detection.profile.path``. See ``checker.engine.profiles``."""
    return choose(doc, name, how)


def default_pack_path(kind: str | None) -> Path:
    """``rules/budget.yaml`` for a 预算, ``rules/final.yaml`` for a 决算."""
    if kind == "决算":
        return RULES_DIR / "final.yaml"
    if kind == "预算":
        return RULES_DIR / "budget.yaml"
    # Kind unknown: the common pack's rules still apply; kind-specific ones would only guess.
    return RULES_DIR / "common.yaml"


def check_document(doc: Document, pack: Pack, *, tolerance: Decimal | None = None,
                   disabled: Iterable[str] = (), detection: Detection | None = None
                   ) -> UnitReport:
    """Evaluate every applicable rule of ``pack`` against ``doc``; ``detection`` (the
    profile the pack was chosen by) is reported with the unit."""
    load_all()
    ctx = Context(doc, pack, tolerance if tolerance is not None else pack.tolerance)
    skip = set(disabled)
    results: list[RuleResult] = []
    untrusted = _untrusted_tables(doc, detection)
    # One alarm handler for the document, not a pair of system calls per rule.
    with DocumentBudget() as budget:
        for rule in pack.enabled_rules():
            if rule.id in skip:
                continue
            if untrusted and rule.kind in TABLE_KINDS:
                results.append(ctx.result(rule, "not_verifiable", reason=untrusted))
                continue
            results.extend(run_rule(rule, ctx, budget))
    if detection is not None and not detection.recognised:
        results.insert(0, unrecognised_template(detection))
    return UnitReport(source=doc.source, unit=doc.unit, year=doc.year, kind=doc.kind,
                      level=doc.level, results=results,
                      profile=detection.to_dict() if detection is not None else None)


UNRECOGNISED_RULE = "PRF-001"
# Kinds whose verdict rests on the arithmetic of a table's cells (cross-checks with the text
# and table_agree/cell_plausible are kept: they read strictly by label and refuse a cell
# they cannot place, so a misread cell is not verifiable there, never a finding).
TABLE_KINDS = frozenset({"table_sum", "code_hierarchy", "table_formula", "empty_table"})


def _untrusted_tables(doc: Document, detection: Detection | None) -> str | None:
    """Why the tables' cells cannot be trusted, or None. A profile may say that its tables
    cannot be rebuilt from a PDF's text layer (``text_layer_tables``); tables read from the
    page geometry carry their cells (``Row.cells``) and are trusted."""
    if detection is None:
        return None
    images = detection.profile.tables_as_images
    if images and not any(table.rows for table in doc.tables):
        return f"表格以图片发布：{images}"
    reason = detection.profile.text_layer_tables
    if not reason or not doc.page_starts:
        return None
    rows = [row for table in doc.tables for row in table.rows]
    if not rows or any(getattr(row, "cells", None) for row in rows):
        return None
    return f"PDF 文本层读出的表格：{reason}"


def unrecognised_template(detection: Detection) -> RuleResult:
    """One warning instead of a storm of "missing" errors: only the generic profile's
    template-independent rules were run."""
    closest = [f"{c.profile.title} {c.score}" for c in detection.candidates[:3]
               if c.excluded is None]
    return RuleResult(
        rule=UNRECOGNISED_RULE, title="模板未识别", severity="warning", status="fail",
        message=("模板未识别：没有与本文档相符的模板，只检查与模板无关的规则"
                 + (f"（最接近：{'；'.join(closest)}）" if closest else "")),
        evidence=[Evidence(line=None, text=detection.reason)], category="completeness",
        reference="docs/profiles.md：模板识别")


def run_rule(rule: Rule, ctx: Context, budget: DocumentBudget | None = None
             ) -> list[RuleResult]:
    doc = ctx.doc
    applies = _applies(rule, doc.kind, doc.level, doc.year)
    if applies is False:
        return [ctx.result(rule, "not_applicable",
                           reason=f"applies to {rule.applies_to.describe()}")]
    if applies is None:
        return [ctx.result(rule, "not_verifiable", reason="the document's kind or year is "
                           f"unknown; the rule applies to {rule.applies_to.describe()}")]
    try:
        if budget is None:
            results = KINDS[rule.kind].check(rule, ctx)
        else:
            with budget.rule():
                results = KINDS[rule.kind].check(rule, ctx)
    except Unavailable as error:
        results = [ctx.result(rule, "not_verifiable", reason=str(error))]
    except RuleTimeout as error:
        results = [ctx.result(rule, "not_verifiable", reason=f"timed out（超时）: {error}")]
    except Exception as error:
        if os.environ.get("BUDGETLINT_DEBUG"):
            raise
        # A bug in one kind must not sink the whole batch, but neither may it pass the gate
        # unnoticed: a rule that could not run is a failure at error severity.
        results = [rule_error(rule, error)]
    return results or [ctx.result(rule, "not_applicable", reason="nothing to check")]


def _applies(rule: Rule, kind: str | None, level: str | None, year: int | None
             ) -> bool | None:
    """``rule.applies_to.matches``, remembered: a batch asks it of every rule for every
    document, with a handful of (kind, level, year). The filter is kept with its id."""
    key = (id(rule.applies_to), kind, level, year)
    known = _APPLIES.get(key)
    if known is not None and known[0] is rule.applies_to:
        return known[1]
    if len(_APPLIES) >= 4096:  # bounded: packs loaded and dropped do not pile up
        _APPLIES.clear()
    applies = rule.applies_to.matches(kind, level, year)
    _APPLIES[key] = (rule.applies_to, applies)
    return applies


_APPLIES: dict[tuple[int, str | None, str | None, int | None], tuple[Any, bool | None]] = {}


def rule_error(rule: Rule, error: BaseException) -> RuleResult:
    """The result of a rule that broke while running: a blocking failure, never a pass."""
    text = " ".join(str(error).split())[:200]
    return RuleResult(rule=rule.id, title=rule.title, severity="error", status="fail",
                      message=f"规则 {rule.id} 运行出错（{type(error).__name__}: {text}），"
                              "检查未能完成，按未通过处理；设置 BUDGETLINT_DEBUG=1 可看到回溯",
                      category=rule.category, reference=rule.reference)
