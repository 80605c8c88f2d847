"""perf_levels: each performance table has the required 一级 indicators (产出/效益/满意度,
成本 where the year requires it) and the required 二级 under them (产出: 数量/质量/时效)."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, norm
from checker.kinds._perf import TABLE_KINDS, name, tables
from checker.kinds.spec import custom, texts
from checker.model.results import Evidence, RuleResult


@register(
    "perf_levels",
    doc="Each performance table has the required 一级 indicators and, under a 一级, the "
        "required 二级.",
    params=(
        TABLE_KINDS,
        texts("level1", "names of the required 一级 indicators", min_items=0),
        custom("level2", {"type": "object", "additionalProperties": {
               "type": "array", "items": {"type": "string", "minLength": 1}}},
               "`{一级: [二级 …]}`: the 二级 required under a 一级", "mapping"),
    ),
    placeholders=("table", "missing"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    results: list[RuleResult] = []
    for table in tables(ctx, params):
        if not table.indicators:
            results.append(ctx.result(rule, "not_verifiable", values={"table": name(table)},
                           reason=f"{name(table)}: no indicators recovered"))
            continue
        level1 = [norm(i.level1 or "") for i in table.indicators]
        # Whole phrases ("一级指标“成本”"), never bare fragments like "缺少 产出下二级 时效".
        missing = [f"一级指标“{w}”" for w in params.get("level1", [])
                   if not any(norm(w) in got for got in level1)]
        for parent, required in (params.get("level2") or {}).items():
            under = [norm(i.level2 or "") for i in table.indicators
                     if norm(parent) in norm(i.level1 or "")]
            if not under:
                continue  # the missing 一级 is reported above
            missing.extend(f"“{parent}”下的二级指标“{w}”" for w in required
                           if not any(norm(w) in got for got in under))
        evidence = [Evidence(line=table.line, text=name(table),
                             expected="、".join(missing) or None,
                             found="missing" if missing else None)]
        values = {"table": name(table), "missing": "、".join(missing)}
        results.append(ctx.result(rule, "fail" if missing else "pass", values=values,
                                  evidence=evidence, reason=name(table)))
    return results
