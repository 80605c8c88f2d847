"""yoy: year-on-year statements are internally consistent.

"V 万元，比上年增加 A 万元，增长 P%": last year was V − A, so P ≈ A / (V − A); the direction
words of A and P agree; "持平" means A = 0. The tolerance comes from the published rounding:
every number is only known to ± half its last digit, so P must lie in the range that the
rounded V and A allow (plus ``percent_tolerance`` percentage points)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import AMOUNT, Context, Hit, hit_evidence, scan, to_amount
from checker.kinds.spec import aliases, choices, number, regex
from checker.model.results import RuleResult

UP = ("增加", "增长", "净增加", "上升", "提高")
DOWN = ("减少", "下降", "降低", "净减少")

CHECKS = ("direction", "percent", "flat")

DEFAULT_PATTERN = (
    rf"(?P<value>{AMOUNT})万元(?:(?!万元).){{0,30}}?"
    r"(?:比|较|与)上年(?:决算数|预算数|预算|决算)?(?:相比)?[,，]?各?"
    rf"(?P<dir>净?增加|净?减少|增长|下降|降低)(?P<amount>{AMOUNT})万元"
    rf"(?:[,，](?P<pdir>增长|下降|降低|减少|增加|上升)(?P<pct>{AMOUNT})%)?"
    r"(?P<flat>[,，]?与上年(?:决算数|预算数)?持平)?"
)


def _sign(word: str | None) -> int:
    if not word:
        return 0
    return 1 if word in UP else -1 if word in DOWN else 0


def _half_ulp(text: str) -> Decimal:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Decimal(5).scaleb(-(decimals + 1))


def percent_range(value: str, amount: str, sign: int) -> tuple[Decimal, Decimal] | None:
    """The percentages that the rounded V and A allow; None when last year's base is ~0."""
    v, a = to_amount(value), to_amount(amount)
    if v is None or a is None:
        return None
    hv, ha = _half_ulp(value), _half_ulp(amount)
    candidates = []
    for dv in (-hv, hv):
        for da in (-ha, ha):
            a2 = max(a + da, Decimal(0))
            base = (v + dv) - sign * a2
            if base <= 0:
                return None
            candidates.append(a2 / base * 100)
    return min(candidates), max(candidates)


def _check_one(rule: Rule, ctx: Context, hit: Hit, checks: list[str],
               percent_tol: Decimal) -> list[RuleResult]:
    g = hit.match.groupdict()
    amount = to_amount(g.get("amount")) or Decimal(0)
    values: dict[str, Any] = {"text": hit.text, "value": g.get("value"),
                              "amount": g.get("amount"), "pct": g.get("pct")}
    out: list[RuleResult] = []
    sign = _sign(g.get("dir"))
    if "direction" in checks and g.get("pdir") and amount != 0:
        ok = _sign(g.get("pdir")) == sign
        values.update(expected=g["dir"], found=g["pdir"])
        out.append(ctx.result(rule, "pass" if ok else "fail", values=dict(values),
                              reason=hit.text, evidence=[
                                  hit_evidence(hit, expected=g["dir"], found=g["pdir"])]))
    if "flat" in checks and g.get("flat"):
        pct = to_amount(g.get("pct")) or Decimal(0)
        ok = amount == 0 and pct == 0
        values.update(expected="0", found=g.get("amount"))
        out.append(ctx.result(rule, "pass" if ok else "fail", values=dict(values),
                              reason=hit.text, evidence=[
                                  hit_evidence(hit, expected="0", found=g.get("amount"))]))
    if "percent" in checks and g.get("pct") is not None:
        pct = to_amount(g["pct"]) or Decimal(0)
        if amount == 0:
            span: tuple[Decimal, Decimal] | None = (Decimal(0), Decimal(0))
        else:
            span = percent_range(g["value"], g["amount"], sign or 1)
        if span is None:
            out.append(ctx.result(rule, "not_verifiable", values=values,
                                  reason=f"{hit.text}: last year's amount is about zero"))
        else:
            slack = _half_ulp(g["pct"]) + percent_tol
            ok = span[0] - slack <= pct <= span[1] + slack
            middle = ((span[0] + span[1]) / 2).quantize(Decimal("0.01"))
            values.update(expected=f"{middle}%", found=f"{pct}%")
            out.append(ctx.result(rule, "pass" if ok else "fail", values=dict(values),
                                  reason=f"{hit.text} (≈{middle}%)", evidence=[
                                      hit_evidence(hit, expected=f"{middle}%",
                                                   found=f"{pct}%")]))
    return out


@register(
    "yoy",
    doc="Year-on-year statements are internally consistent: from “V 万元，比上年增加 A 万元，"
        "增长 P%” last year was V − A, so P = A / (V − A) within the published rounding; the "
        "direction words agree; “与上年持平” means A = 0.",
    params=(
        choices("checks", CHECKS, "which checks to run", required=True),
        aliases("sections", "sections", "section aliases (default: the whole document)"),
        regex("pattern", "a regex with named groups `value`, `dir`, `amount`, and optionally "
              "`pdir`, `pct`, `flat` (default: budgetlint's own, which reads the usual forms)"),
        number("percent_tolerance", "percentage points allowed beyond the rounding of the "
               "published amounts", minimum=0, default=0.01),
    ),
    placeholders=("text", "value", "amount", "pct", "found", "expected"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    checks = list(params.get("checks", CHECKS))
    percent_tol = Decimal(str(params.get("percent_tolerance", "0.01")))
    hits = scan(ctx, params.get("pattern", DEFAULT_PATTERN), ctx.segments(params.get("sections")))
    results: list[RuleResult] = []
    for hit in hits:
        results.extend(_check_one(rule, ctx, hit, checks, percent_tol))
    if not results:
        results.append(ctx.result(rule, "not_applicable",
                                  reason="no year-on-year statement of this kind"))
    return results
