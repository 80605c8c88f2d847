"""sangong: the “三公” narrative states each item (因公出国（境）, 公务接待, 公务用车) with its
amount, compares it with last year (and, in a 决算, with the budget), gives the reason when
it changed ("持平" needs none), and carries the item's extra facts (团组/人次, 保有量, 批次)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import AMOUNT, Context, Segment, to_amount
from checker.kinds._words import describe
from checker.kinds.spec import aliases, custom, regex, regexes
from checker.model.results import Evidence, RuleResult
from checker.regex import rule_regex, rule_test
from checker.regex_cache import compile_re

ENUMERATOR = compile_re(r"\([一二三四五六七八九十]\)")
STATED = compile_re(rf"{AMOUNT}万元|无预算安排|未安排|没有安排|无.{{0,8}}(?:支出|经费)")
CHANGE = compile_re(rf"(?:增加|减少|增长|下降|降低)({AMOUNT})(?:万元|%)")
REASON = "原因"
ITEMS_SCHEMA = {
    "type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["name", "match"],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "match": {"type": "string", "minLength": 1, "description": "Python regular expression"},
            "require": {"type": "array", "items": {
                "type": "string", "minLength": 1, "description": "Python regular expression"}},
        }}}


def _pieces(segments: list[Segment]) -> list[tuple[str, Segment]]:
    """The section's text cut at （一）（二）… so each piece is one item."""
    pieces: list[tuple[str, Segment]] = []
    for segment in segments:
        text = segment.text
        cuts = [m.start() for m in ENUMERATOR.finditer(text)]
        if not cuts or cuts[0] != 0:
            head = text[:cuts[0]] if cuts else text
            if pieces:
                pieces[-1] = (pieces[-1][0] + head, pieces[-1][1])
            else:
                pieces.append((head, segment))
        for start, end in zip(cuts, [*cuts[1:], len(text)], strict=False):
            pieces.append((text[start:end], segment))
    return pieces


def _running_text(pieces: list[tuple[str, Segment]], match: Any,
                  others: list[Any]) -> list[tuple[str, Segment]]:
    """Items written in running text ("其中：因公出国（境）费决算为0.00万元…；公务接待费…"):
    each mention runs until another item is mentioned."""
    found = []
    for text, segment in pieces:
        for hit in match.finditer(text):
            end = min([m.start() for o in others for m in o.finditer(text, hit.end())]
                      + [len(text)])
            found.append((text[hit.start():end], segment))
    return found


def display(pattern: str) -> str:
    r"""A pattern as words for the message: "购置\d+辆" → "购置N辆" (never the regex)."""
    return describe(pattern)


@register(
    "sangong",
    doc="The “三公” narrative states each item with its amount, compares it with last year "
        "(and the budget), gives the reason when it changed, and carries the item's facts.",
    params=(
        aliases("sections", "sections", "section aliases of the “三公” narrative", required=True),
        custom("items", ITEMS_SCHEMA, "`{name, match, require}` per item: `name` for messages; "
               "`match` a regex found at the start of the item's paragraph; `require` regexes "
               "the item's text must also contain (团组, 人次, 保有量 …)", "list of items",
               required=True, roles=(("regex", "items[].match"), ("regex", "items[].require[]"))),
        regexes("compare", "what each item must be compared with (`上年`, `预算`)",
                required=True),
        regex("reason", "how a reason is introduced, required when an amount changed",
              default=REASON),
        regex("none", "a statement that there was no “三公” spending at all, which answers "
              "every item"),
    ),
    placeholders=("item", "missing"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    segments = ctx.segments(params["sections"])
    if not segments:
        return [ctx.result(rule, "not_applicable", reason="“三公” section not found")]
    if params.get("none"):
        for segment in segments:
            found = rule_regex(params["none"]).search(segment.text)
            if found:
                line = ctx.locate(found.group(0), segment.line, segment.end_line)
                return [ctx.result(rule, "pass", reason=f"{found.group(0)}", evidence=[
                    Evidence(line=line, text=ctx.raw_line(line) or found.group(0))])]
    pieces = _pieces(segments)
    has_reason = rule_test(params.get("reason", REASON))
    results: list[RuleResult] = []
    for item in params["items"]:
        match = rule_regex(item["match"])
        starts_item = rule_test(item["match"])
        mine = [(t, s) for t, s in pieces if ENUMERATOR.match(t) and starts_item(t[:24])]
        if not mine:
            mine = _running_text(pieces, match, [rule_regex(i["match"]) for i in params["items"]
                                                 if i is not item])
        if not mine:
            results.append(ctx.result(rule, "fail", values={
                "item": item["name"], "missing": "该项说明"}, evidence=[
                Evidence(line=segments[0].line, text=segments[0].raw[:80],
                         expected=item["name"], found="missing")]))
            continue
        text = "".join(t for t, _ in mine)
        segment = mine[0][1]
        missing = []
        if not STATED.search(text):
            missing.append("金额")
        missing.extend(f"与{display(p)}比较" for p in params["compare"]
                       if not rule_test(p)(text))
        changed = any((to_amount(m.group(1)) or Decimal(0)) != 0 for m in CHANGE.finditer(text))
        if changed and not has_reason(text):
            missing.append("变动原因")
        missing.extend(display(p) for p in item.get("require", [])
                       if not rule_test(p)(text))
        line = ctx.locate(text[:8], segment.line, segment.end_line)
        evidence = [Evidence(line=line, text=ctx.raw_line(line) or text[:80],
                             expected=None, found=None)]
        if missing:
            results.append(ctx.result(rule, "fail", values={
                "item": item["name"], "missing": "、".join(missing)}, evidence=[
                Evidence(line=line, text=ctx.raw_line(line) or text[:80],
                         expected="、".join(missing), found="missing")]))
        else:
            results.append(ctx.result(rule, "pass", reason=item["name"], evidence=evidence))
    return results
