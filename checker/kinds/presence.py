"""presence: required parts, sections and tables (by alias), optionally in order."""

from __future__ import annotations

import itertools

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds.spec import aliases, boolean, single_alias
from checker.model.ast import Section
from checker.model.lines import numbered_texts
from checker.model.results import Evidence, RuleResult


def _inside(section: Section, roots: list[Section]) -> bool:
    # By identity: ``in`` compares sections field by field, their whole subtrees included.
    return any(any(s is section for s in root.walk()) for root in roots)


_MAX_TITLE_LINE = 40


def _title_lines(ctx: Context, alias: str, aliases: dict[str, list[str]]) -> list[int]:
    """Body lines printed as this item's title although the outline did not make them a
    table or section: a PDF table whose cells were not recovered, an unnumbered heading
    ("上海市普陀区财政局主要职能"). The item is there, so it is not "missing". TOC lines do
    not count."""
    from checker.engine.profiles import title_key
    from checker.kinds._context import norm

    variants = [norm(v) for v in (alias, *aliases.get(alias, [])) if norm(v)]
    toc = {entry.line for entry in ctx.doc.toc}
    found = []
    for number, text in numbered_texts(ctx.doc.lines):
        if number in toc:
            continue
        key = title_key(text)
        if 0 < len(key) <= _MAX_TITLE_LINE and any(key.endswith(v) for v in variants) \
                and ctx._best(text, aliases) == alias:
            found.append(number)
    return found


@register(
    "presence",
    doc="Required parts, sections and tables, found by alias; optionally in order. One result "
        "per item, plus one for the order when `ordered`.",
    params=(
        aliases("parts", "sections", "part aliases (第一部分 …) that must be present"),
        aliases("sections", "sections", "section aliases that must be present"),
        aliases("tables", "tables", "table aliases that must be present"),
        single_alias("scope", "sections", "a section alias: look for `sections` only inside it"),
        boolean("ordered", "`true`: the items must appear in the order listed", default=False),
    ),
    placeholders=("item", "what"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    scope = ctx.sections(params["scope"]) if params.get("scope") else None
    # Every section under the scope, by identity (``_inside``), walked once per rule.
    within = {id(s) for root in scope for s in root.walk()} if scope is not None else set()
    results: list[RuleResult] = []
    order: list[tuple[str, int]] = []
    wanted: list[tuple[str, str, list[int]]] = []
    for alias in params.get("parts", []):
        found = [p.line for p in ctx.doc.parts if ctx.section_alias(p) == alias]
        wanted.append(("部分", alias, found))
    for alias in params.get("sections", []):
        sections = ctx.sections(alias)
        if scope is not None:
            sections = [s for s in sections if id(s) in within]
        lines = [s.line for s in sections]
        if not lines and scope is None:
            lines = _title_lines(ctx, alias, ctx.pack.section_aliases)
        wanted.append(("章节", alias, lines))
    for alias in params.get("tables", []):
        lines = [t.line for t in ctx.tables(alias)]
        wanted.append(("表", alias, lines or _title_lines(ctx, alias, ctx.pack.table_aliases)))
    for what, alias, lines in wanted:
        # A missing table is named as documents of this kind title it, not by the alias.
        name = ctx.printed_name(alias) if what == "表" else alias
        if what == "表" and lines:  # a present table by the title this document prints
            # (found by its title line when the outline holds no table for it)
            name = next((t.title for t in ctx.tables(alias) if t.line == lines[0]), None) \
                or ctx.raw_line(lines[0]) or name
        values = {"item": name, "what": what}
        if lines:
            order.append((alias, lines[0]))
            results.append(ctx.result(rule, "pass", values=values, reason=name, evidence=[
                Evidence(line=lines[0], text=ctx.raw_line(lines[0]) or alias)]))
        else:
            results.append(ctx.result(rule, "fail", values=values, evidence=[
                Evidence(line=None, text=f"no {what} matching {name}", expected=name,
                         found="missing")]))
    if params.get("ordered") and len(order) > 1:
        out_of_order = [(a, b) for a, b in itertools.pairwise(order) if b[1] < a[1]]
        if out_of_order:
            first, second = out_of_order[0]
            results.append(ctx.result(rule, "fail", values={
                "item": f"{second[0]} 应在 {first[0]} 之后", "what": "顺序"}, evidence=[
                Evidence(line=second[1], text=ctx.raw_line(second[1]),
                         expected=f"第 {first[1]} 行之后", found=f"第 {second[1]} 行")]))
        else:
            results.append(ctx.result(rule, "pass", reason="order as required"))
    return results
