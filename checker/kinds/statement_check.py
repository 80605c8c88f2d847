"""statement_check: a statement agrees with itself.

One ``check`` per rule:
- ``percent``: the percent fits the amounts — a change on last year (P ≈ |new − base|/base,
  base = last year, or this year − the change), a completion rate (P ≈ 决算/预算), a share of
  the total it is listed under;
- ``direction``: the change's word (增加/减少) fits the percent's word and the numbers;
- ``flat``: "持平" only when nothing changed;
- ``comparison``: "决算数大于/小于/等于预算数" fits the two figures;
- ``headline``: a 科目 heading amount equals the 预算安排/支出决算 stated under it;
- ``reason``: the reason does not say the opposite of the change ("…减少2.98%。主要原因是：…
  经费增加");
- ``parts``: the parts listed after 其中 do not add up to more than the total.

Every printed figure is only known to half its last digit, so each comparison allows what
the rounding of the figures allows (plus ``percent_tolerance`` percentage points).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds._statements import (
    DOWN,
    UP,
    change_range,
    evidence,
    half_ulp,
    middle,
    ratio_range,
    sign,
    statements,
    subject_text,
    within,
)
from checker.kinds.spec import choice, choices, number, texts
from checker.model.ast import Statement
from checker.model.results import RuleResult

Outcome = tuple[str, dict[str, Any], str] | None  # (status, values, reason)
ZERO = Decimal(0)
# "基本持平": a 决算 within this share of its 预算 is "about equal"; further is not decidable.
ABOUT_EQUAL = Decimal("0.05")


def _new_value(s: Statement) -> Decimal | None:
    for role in ("budget", "final", "amount"):
        if role in s.numbers:
            return s.numbers[role]
    return None


def _direction(s: Statement) -> int:
    return sign(s.words.get("pdir")) or sign(s.words.get("dir"))


def _percent(s: Statement, ctx: Context, tol: Decimal, all_: list[Statement]) -> Outcome:
    pct = s.numbers.get("percent") if s.percent_kind != "share" else s.numbers.get("share")
    if pct is None:
        return None
    slack = half_ulp(pct) + tol
    span: tuple[Decimal, Decimal] | None
    if s.percent_kind == "completion":
        budget = _budget(s, s.words.get("pbase"))
        final = s.numbers.get("final")
        if budget is None or final is None:
            return ("not_verifiable", {}, "完成率所对应的预算数不明确")
        span = ratio_range(final, budget)
        if span is None:
            return ("not_verifiable", {}, "预算数为0，无法计算完成率")
    elif s.percent_kind == "share":
        total = _total_of(s, all_)
        if total is None:
            return ("not_verifiable", {}, "未找到占比所对应的总额")
        span = ratio_range(s.numbers["amount"], total)
        if span is None:
            return ("not_verifiable", {}, "总额为0")
    else:
        new = _new_value(s)
        base = s.numbers.get("last_year")
        change = s.numbers.get("change")
        if new is None:
            return None
        if base is None and change is not None:
            direction = sign(s.words.get("dir")) or 1
            if change == 0:
                return ("pass" if pct == 0 else "fail", {"expected": "0%", "found": f"{pct}%"},
                        "增减额为0")
            span = _base_from_change(new, change, direction)
        elif base is not None:
            span = change_range(new, base)
            heading = _heading_amount(s, all_)
            # "…（项）”350.35万元 … 预算安排352.67万元，增加0.53%": a percent computed from
            # the heading amount is not a second error — the headline check reports the two
            # amounts that disagree.
            if span is not None and heading is not None and heading != new:
                other = change_range(heading, base)
                if other is not None and within(pct, other, slack):
                    span = other
        else:
            return None
        if span is None:
            return ("not_verifiable", {}, "上年数约为0，无法计算增减幅度")
    ok = within(pct, span, slack)
    values = {"expected": f"{middle(span)}%", "found": f"{pct}%"}
    return ("pass" if ok else "fail", values, f"按金额计算约为{middle(span)}%")


def _heading_amount(s: Statement, all_: list[Statement]) -> Decimal | None:
    if s.item is None:
        return None
    return all_[s.item].numbers.get("amount")


def _base_from_change(new: Decimal, change: Decimal, direction: int
                      ) -> tuple[Decimal, Decimal] | None:
    hn, hc = half_ulp(new), half_ulp(change)
    candidates = []
    for dn in (-hn, hn):
        for dc in (-hc, hc):
            moved = max(change + dc, ZERO)
            base = (new + dn) - direction * moved
            if base <= 0:
                return None
            candidates.append(moved / base * 100)
    return min(candidates), max(candidates)


def _budget(s: Statement, which: str | None) -> Decimal | None:
    """The 预算 figure a 决算 statement compares with: 年初 or 全年 as named; unnamed only
    when the statement gives one budget."""
    first, adjusted = s.numbers.get("budget"), s.numbers.get("adjusted_budget")
    named_first = s.words.get("pbudget")
    if which == "全年":
        return adjusted if adjusted is not None else (first if named_first == "全年" else None)
    if which == "年初":
        return first if named_first == "年初" else None
    return first if adjusted is None else None


# The statements list last indexed, each statement's position by identity and the
# statements under each item: ``list.index`` compares dataclasses field by field and every
# look-up scanned the whole list, quadratic in the document's length.
_INDEXED: list[Any] = [None, {}, {}]


def _indexes(all_: list[Statement]) -> tuple[dict[int, int], dict[int, list[Statement]]]:
    if _INDEXED[0] is not all_:
        children: dict[int, list[Statement]] = {}
        for statement in all_:
            if statement.item is not None:
                children.setdefault(statement.item, []).append(statement)
        _INDEXED[:] = [all_, {id(t): i for i, t in enumerate(all_)}, children]
    return _INDEXED[1], _INDEXED[2]


def _total_of(s: Statement, all_: list[Statement]) -> Decimal | None:
    """The total a share is of, when the text makes it certain: the nearest earlier 其中
    list (same section) listing this very amount; the earlier statement its 占…的 names
    ("占本年支出合计的100%"); or, for a run of shares with no 占…的 that add up to 100 %
    ("一般公共服务支出（类）2106.66万元，占71.73%；社会保障…"), the sum of their amounts."""
    index = _indexes(all_)[0][id(s)]
    of = norm_of(s.words.get("of"))
    for earlier in reversed(all_[:index]):
        if earlier.section != s.section:
            break
        if earlier.family == "total_parts" and any(
                value == s.numbers.get("amount") for _name, value in earlier.parts):
            return earlier.numbers.get("amount")
        if of and earlier.family in ("headline_total", "total_parts") and norm_of(
                earlier.subject.get("name")).endswith(of):
            return earlier.numbers.get("amount")
    return None if of else _run_total(s, all_, index)


def norm_of(text: str | None) -> str:
    return (text or "").replace('"', "").removesuffix("的")


# Shares printed to 0.01 (or 0.1) of a percent: a complete run adds up to 100 within this
# much per share.
_SHARE_ROUNDING = Decimal("0.05")


def _run_total(s: Statement, all_: list[Statement], index: int) -> Decimal | None:
    # A named amount re-reads words of a share ("公务接待费支出决算0.39万元，占100.00%"): it
    # does not break a run of shares.
    if any(t.family == "named_amount" for t in all_):
        all_ = [t for t in all_ if t.family != "named_amount"]
        index = next(i for i, t in enumerate(all_) if t is s)
    start = end = index
    def sibling(t: Statement, u: Statement) -> bool:
        return (t.family == "share" and not t.words.get("of") and t.section == u.section
                and abs(t.line - u.line) <= 3)
    while start > 0 and sibling(all_[start - 1], all_[start]):
        start -= 1
    while end + 1 < len(all_) and sibling(all_[end + 1], all_[end]):
        end += 1
    run = all_[start:end + 1]
    if len(run) < 2:
        return None
    shares = sum((t.numbers.get("share", ZERO) for t in run), ZERO)
    if abs(shares - 100) > _SHARE_ROUNDING * len(run):
        return None  # not the whole of something: its total is not known
    return sum((t.numbers.get("amount", ZERO) for t in run), ZERO)


def _direction_check(s: Statement, *_: Any) -> Outcome:
    dir_sign, pdir_sign = sign(s.words.get("dir")), sign(s.words.get("pdir"))
    if dir_sign and pdir_sign and s.numbers.get("change", ZERO) != 0:
        ok = dir_sign == pdir_sign
        return ("pass" if ok else "fail",
                {"expected": s.words["dir"], "found": s.words["pdir"]}, "增减额与增幅方向")
    base, new = s.numbers.get("last_year"), _new_value(s)
    if pdir_sign and base is not None and new is not None:
        hb, hn = half_ulp(base), half_ulp(new)
        if abs(new - base) <= hb + hn:
            return None
        actual = 1 if new > base else -1
        word = "增加" if actual > 0 else "减少"
        return ("pass" if actual == pdir_sign else "fail",
                {"expected": word, "found": s.words["pdir"]}, f"{base}→{new}")
    return None


def _flat(s: Statement, *_: Any) -> Outcome:
    if not s.words.get("flat"):
        return None
    change, pct = s.numbers.get("change"), s.numbers.get("percent")
    base, new = s.numbers.get("last_year"), _new_value(s)
    if change is not None:
        ok = change == 0 and (pct is None or pct == 0)
        return ("pass" if ok else "fail", {"expected": "0", "found": change}, "持平")
    if base is not None and new is not None:
        ok = abs(new - base) <= half_ulp(new) + half_ulp(base)
        return ("pass" if ok else "fail", {"expected": base, "found": new}, "持平")
    return None


def _comparison(s: Statement, *_: Any) -> Outcome:
    cmp, final = s.words.get("cmp"), s.numbers.get("final")
    if not cmp or final is None:
        return None
    which = s.words.get("cbase")
    budgets = [b for b in ([_budget(s, which)] if which else
                           [s.numbers.get("budget"), s.numbers.get("adjusted_budget")])
               if b is not None]
    if not budgets:
        return ("not_verifiable", {}, "比较所对应的预算数不明确")
    flat = s.words.get("cmp_flat")
    verdicts = set()
    for budget in budgets:
        diff = final - budget
        if cmp == "大于":
            verdicts.add(diff > 0)
        elif cmp == "小于":
            verdicts.add(diff < 0)
        elif flat == "基本持平":
            if budget and abs(diff) > ABOUT_EQUAL * budget:
                return ("not_verifiable", {}, "“基本持平”而相差较大，需人工判断")
            verdicts.add(True)
        else:  # 等于 / 与…持平 / 同…持平 / 一致 / 相等
            verdicts.add(abs(diff) <= half_ulp(final) + half_ulp(budget))
    if len(verdicts) != 1:
        return ("not_verifiable", {}, "年初预算与全年预算结论不一致")
    word = f"决算数{cmp}预算数{flat or ''}"
    shown = "/".join(str(b) for b in budgets)
    return ("pass" if verdicts.pop() else "fail",
            {"expected": f"决算{final}与预算{shown}相符的表述", "found": word}, word)


def _headline(s: Statement, ctx: Context, tol: Decimal, all_: list[Statement]) -> Outcome:
    if s.family != "item_amount" or "amount" not in s.numbers:
        return None
    positions, children = _indexes(all_)
    own = [t for t in children.get(positions[id(s)], ())
           if "budget" in t.numbers or "final" in t.numbers]
    if not own:
        return None
    stated = own[0].numbers.get("budget", own[0].numbers.get("final"))
    assert stated is not None
    ok = abs(stated - s.numbers["amount"]) <= tol
    return ("pass" if ok else "fail", {"expected": stated, "found": s.numbers["amount"]},
            f"标题金额与{'预算安排' if 'budget' in own[0].numbers else '支出决算'}")


_REASON_UP = (*UP, "新增", "增多", "扩大", "提升")
_REASON_DOWN = (*DOWN, "压缩", "调减", "缩减", "削减", "核减", "取消", "压减", "减员")


def _reason(s: Statement, *_: Any) -> Outcome:
    """Only the plainest contradiction fails: the reason ends in a direction word ("…经费增加")
    opposite to the change, and says nothing in the change's own direction anywhere."""
    reason = (s.reason or "").rstrip("。;,")
    direction = _direction(s)
    if not reason or not direction or s.words.get("flat"):
        return None
    same = _REASON_UP if direction > 0 else _REASON_DOWN
    other = _REASON_DOWN if direction > 0 else _REASON_UP
    if any(w in reason for w in same):
        return ("pass", {}, "原因与增减方向一致")
    last = reason.split(",")[-1]
    if any(last.endswith(w) for w in other):
        word = "增加" if direction > 0 else "减少"
        return ("fail", {"expected": word, "found": reason}, "原因与增减方向相反")
    return None


def _parts(s: Statement, ctx: Context, tol: Decimal, *_: Any) -> Outcome:
    if s.family != "total_parts" or len(s.parts) < 2 or "amount" not in s.numbers:
        return None
    total = s.numbers["amount"]
    summed = sum((v for _n, v in s.parts), ZERO)
    slack = sum((half_ulp(v) for _n, v in s.parts), half_ulp(total)) + tol
    if summed > total + slack:
        return ("fail", {"expected": total, "found": summed}, "其中各项之和超过总数")
    if abs(summed - total) <= slack:
        return ("pass", {"expected": total, "found": summed}, "其中各项之和等于总数")
    return ("not_verifiable", {}, "其中所列可能只是部分项目")


def _complete_parts(s: Statement, words: list[str], tol: Decimal) -> Outcome:
    """A 其中 list that names the whole split (each part one of ``words``, e.g. 货物, 工程,
    服务 of a procurement total) must add up to its total, within the rounding of every figure."""
    if s.family != "total_parts" or len(s.parts) < 2 or "amount" not in s.numbers:
        return None
    named = [next((w for w in words if w in name), None) for name, _v in s.parts]
    if None in named or len(set(named)) != len(named):
        return None  # not a split into these parts
    total = s.numbers["amount"]
    summed = sum((v for _n, v in s.parts), ZERO)
    slack = sum((half_ulp(v) for _n, v in s.parts), half_ulp(total)) + tol
    ok = abs(summed - total) <= slack
    return ("pass" if ok else "fail", {"expected": summed, "found": total},
            f"{'+'.join(w or '' for w in named)}之和{'等于' if ok else '不等于'}总数")


CHECKS: dict[str, Callable[..., Outcome]] = {
    "percent": _percent, "direction": _direction_check, "flat": _flat,
    "comparison": _comparison, "headline": _headline, "reason": _reason, "parts": _parts,
}


FAMILIES = ("yoy", "final_vs_budget", "share", "total_parts", "count", "item_amount",
            "headline_total")


@register(
    "statement_check",
    doc="A quantitative statement of the narrative (see *Statements* below) agrees with "
        "itself: `percent` (the percent fits the amounts: change on last year, completion of "
        "the budget, share of the total listed before it), `direction` (增加/减少 fits the "
        "percent word and the numbers), `flat` (持平 only without change), `comparison` "
        "(决算数大于/小于/等于预算数 fits the figures), `headline` (a 科目 heading amount equals "
        "the 预算安排/支出决算 under it), `reason` (the reason does not state the opposite "
        "direction), `parts` (the 其中 parts do not exceed the total). Allows what rounding "
        "of the printed figures allows. One result per statement checked.",
    params=(
        choice("check", tuple(CHECKS), "which consistency to check", required=True),
        choices("families", FAMILIES, "only statements of these families (default: every "
                "family the check applies to)"),
        number("percent_tolerance", "percentage points allowed beyond rounding (`percent`)",
               minimum=0, default=0.01),
        texts("complete_parts", "`parts`: the names of a complete split (e.g. `[货物, 工程, "
              "服务]`): a 其中 list whose parts are each one of them must add up to the total "
              "(otherwise only an excess is a failure)"),
    ),
    placeholders=("text", "subject", "found", "expected"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    name = params["check"]
    tol = Decimal(str(params.get("percent_tolerance", ctx.tolerance)))
    if name in ("headline", "parts"):
        tol = ctx.tolerance
    every = statements(ctx)
    families = params.get("families")
    results: list[RuleResult] = []
    for s in every:
        if families and s.family not in families:
            continue
        if name == "parts" and params.get("complete_parts"):
            outcome = _complete_parts(s, list(params["complete_parts"]), tol)
        else:
            outcome = CHECKS[name](s, ctx, tol, every)
        if outcome is None:
            continue
        status, found, reason = outcome
        values = None
        if status == "fail":  # (only a failure's message is filled from the values)
            owner = every[s.item] if s.item is not None else None
            values = {"text": s.text, "subject": subject_text(s, owner), **found}
        results.append(ctx.result(rule, status, values=values, reason=f"{s.text[:60]}：{reason}",
                                  evidence=[evidence(ctx, s, expected=found.get("expected"),
                                                     found=found.get("found"))]))
    if not results:
        results.append(ctx.result(rule, "not_applicable", reason="no statement of this kind"))
    return results
