"""editorial: duplicated words ("结余结余"), template placeholders ("XX", "××", "。。。"),
and years that contradict the document's year."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, Segment, norm
from checker.kinds._scan import hit_evidence, scan, scan_each
from checker.kinds.spec import choice, custom, regexes
from checker.model.results import RuleResult

# A run of 2–4 Chinese characters immediately repeated.
DUPLICATE = r"([\u4e00-\u9fff]{2,4})\1"


def _segments(ctx: Context, where: str) -> list[Segment]:
    segments: list[Segment] = []
    if where in ("text", "all"):
        segments.extend(ctx.paragraph_segments())
    if where in ("titles", "all"):
        segments.extend(_titles(ctx))
    return segments


def _titles(ctx: Context) -> list[Segment]:
    """Section and table titles as segments, built once per document: the same objects
    for every rule, so a scan's joined text is reused across them."""
    memo = ctx.__dict__.get("_title_segments")
    if memo is None:
        doc = ctx.doc
        memo = [Segment(norm(s.title), s.title, s.line, s.line, s.title)
                for s in doc.sections()]
        memo.extend(Segment(norm(t.title), t.title, t.line, t.line, t.title)
                    for t in doc.tables)
        ctx.__dict__["_title_segments"] = memo
    return memo


@register(
    "editorial",
    doc="Editorial defects reviewers flag: doubled words (“结余结余”), template leftovers "
        "(“XX”, “××”), years that contradict the document's year.",
    params=(
        choice("check", ("duplicate_words", "placeholders", "year_mismatch"), "which check",
               required=True),
        regexes("patterns", "`placeholders`: regexes of template leftovers; `year_mismatch`: "
                "regexes with a named group `year`"),
        custom("allow", {"type": "array", "items": {"type": "string"}},
               "`duplicate_words`: doubled words that are correct Chinese (`常常`, `人人` …)",
               "list of texts"),
        custom("offsets", {"type": "array", "items": {"type": "integer"}},
               "`year_mismatch`: years allowed relative to the document's year (`[0, -1]` "
               "also allows last year)", "list of integers", default=[0]),
        choice("where", ("text", "titles", "all"), "`text` (paragraphs and headings), "
               "`titles` (section and table titles) or `all`", default="text"),
    ),
    placeholders=("found", "expected", "text"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    check_name = params["check"]
    segments = _segments(ctx, params.get("where", "text"))
    results: list[RuleResult] = []
    if check_name == "duplicate_words":
        allow = {norm(a) for a in params.get("allow", [])}
        for hit in scan(ctx, DUPLICATE, segments):
            if hit.text in allow or hit.match.group(1) in allow:
                continue
            results.append(ctx.result(rule, "fail", values={"found": hit.text}, evidence=[
                hit_evidence(hit, expected=hit.match.group(1), found=hit.text)]))
    elif check_name == "placeholders":
        for hits in scan_each(ctx, params.get("patterns", []), segments):
            for hit in hits:
                results.append(ctx.result(rule, "fail", values={"found": hit.text},
                                          evidence=[hit_evidence(hit, found=hit.text)]))
    else:  # year_mismatch
        year = ctx.doc.year
        if year is None:
            return [ctx.result(rule, "not_verifiable", reason="document year unknown")]
        allowed = {year + offset for offset in params.get("offsets", [0])}
        checked = 0
        for hits in scan_each(ctx, params.get("patterns", []), segments):
            for hit in hits:
                found = hit.match.groupdict().get("year")
                checked += 1
                if found is None or int(found) in allowed:
                    continue
                results.append(ctx.result(rule, "fail", values={
                    "found": found, "expected": year, "text": hit.text}, evidence=[
                    hit_evidence(hit, expected=year, found=found)]))
        if not results:
            return [ctx.result(rule, "pass", reason=f"{checked} year mentions, all {year}")]
    if not results:
        results.append(ctx.result(rule, "pass", reason="none found"))
    return results
