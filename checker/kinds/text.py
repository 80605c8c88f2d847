"""text: Vale-style wording checks within a scope — existence, absence, occurrence counts,
and conditional "if A then B nearby". Patterns match normalised text (no whitespace,
full-width folded)."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds._scan import hit_evidence, scan, scan_each
from checker.kinds._words import describe
from checker.kinds.spec import aliases, choice, integer, regex, regexes
from checker.model.results import Evidence, RuleResult
from checker.regex import rule_test

WITHIN = 200  # characters either side of an `if` match that count as nearby


@register(
    "text",
    doc="Wording checks within a scope, after Vale's `existence`/`occurrence`/`conditional` "
        "checks (plus `absence`).",
    params=(
        choice("mode", ("existence", "absence", "occurrence", "conditional"),
               "which check", required=True),
        aliases("sections", "sections", "section aliases to look in (default: the whole "
                "document); if none is found the result is `not_applicable`"),
        regexes("patterns", "regexes (`existence`, `absence`, `occurrence`)"),
        integer("min", "`occurrence`: the fewest matches allowed", minimum=0, default=0),
        integer("max", "`occurrence`: the most matches allowed", minimum=0),
        regex("if", "`conditional`: wherever this matches …"),
        regex("then", "… this must match nearby"),
        integer("within", "“nearby” for `conditional`: this many characters before and after "
                "the `if` match, in the same section", minimum=1, default=WITHIN),
    ),
    placeholders=("pattern", "found", "count", "min", "max"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    aliases = params.get("sections")
    segments = ctx.segments(aliases)
    if not segments:
        return [ctx.result(rule, "not_applicable", reason="section not found")]
    mode = params["mode"]
    patterns = params.get("patterns", [])
    results: list[RuleResult] = []
    if mode == "existence":
        for pattern, hits in zip(patterns, scan_each(ctx, patterns, segments), strict=True):
            if hits:
                results.append(ctx.result(rule, "pass", reason=hits[0].text,
                                          evidence=[hit_evidence(hits[0])]))
            else:
                results.append(ctx.result(
                    rule, "fail", values={"pattern": describe(pattern)}, evidence=[
                    Evidence(line=segments[0].line, text=segments[0].raw[:120],
                             expected=describe(pattern), found="missing")]))
    elif mode == "absence":
        for hits in scan_each(ctx, patterns, segments):
            for hit in hits:
                results.append(ctx.result(rule, "fail", values={"found": hit.text},
                                          evidence=[hit_evidence(hit, found=hit.text)]))
        if not results:
            results.append(ctx.result(rule, "pass", reason="none found"))
    elif mode == "occurrence":
        hits = [h for found in scan_each(ctx, patterns, segments) for h in found]
        low, high = params.get("min", 0), params.get("max")
        ok = len(hits) >= low and (high is None or len(hits) <= high)
        values = {"count": len(hits), "min": low, "max": high}
        evidence = [hit_evidence(h) for h in hits[:3]]
        results.append(ctx.result(rule, "pass" if ok else "fail", values=values,
                                  evidence=evidence, reason=f"{len(hits)} found"))
    else:  # conditional
        within = int(params.get("within", WITHIN))
        then = rule_test(params["then"])
        for hit in scan(ctx, params["if"], segments):
            text = hit.segment.text
            window = text[max(0, hit.match.start() - within):hit.match.end() + within]
            if then(window):
                results.append(ctx.result(rule, "pass", reason=hit.text,
                                          evidence=[hit_evidence(hit)]))
            else:
                results.append(ctx.result(rule, "fail", values={"found": hit.text}, evidence=[
                    hit_evidence(hit, expected=describe(params["then"]), found=hit.text)]))
    return results
