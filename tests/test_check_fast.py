"""The faster paths of the check (issue 12) answer exactly what the plain code they
replace answered: a parent's children, the best alias of a title, the joined lines, and a
rule's time budget armed once per document."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import pytest

from checker.engine.budget import DocumentBudget, RuleTimeout
from checker.engine.run import default_pack_path, load_pack
from checker.kinds import _joined
from checker.kinds._context import Context, norm
from checker.kinds.code_hierarchy import children_by_parent
from checker.model.ast import Line
from checker.parse.parser import parse_file

TEXTS = sorted((Path(__file__).parent / "fixtures").glob("0*.txt"))


@pytest.fixture(scope="module", params=TEXTS, ids=[p.name[:3] for p in TEXTS])
def context(request: pytest.FixtureRequest) -> Context:
    doc = parse_file(request.param)
    pack = load_pack(default_pack_path(doc.kind))
    return Context(doc, pack, pack.tolerance)


def test_children_by_parent_matches_the_scan(context: Context) -> None:
    compared = 0
    for table in context.doc.tables:
        coded = [r for r in table.rows if r.code]
        index = children_by_parent(coded)
        for parent in coded:
            code = parent.code or ""
            scan = [r for r in coded if len(r.code or "") == len(code) + 2
                    and (r.code or "").startswith(code) and r.group == parent.group]
            assert index.get((code, parent.group), []) == scan
            compared += bool(scan)
    assert compared > 0 or not any(r.code for t in context.doc.tables for r in t.rows)


def _scan_best(title: str, aliases: dict[str, list[str]]) -> str | None:
    text = norm(title)
    best, length = None, 0
    for name, variants in aliases.items():
        for variant in (name, *variants):
            v = norm(variant)
            if v and v in text and len(v) > length:
                best, length = name, len(v)
    return best


def test_best_alias_matches_the_scan(context: Context) -> None:
    titles = [t.title for t in context.doc.tables] + [s.title for s in context.doc.sections()]
    assert titles
    for title in titles:
        for aliases in (context.pack.table_aliases, context.pack.section_aliases):
            assert context._best(title, aliases) == _scan_best(title, aliases)


def test_best_alias_prefers_longest_then_pack_order() -> None:
    ctx = Context.__new__(Context)
    aliases = {"a": ["收入"], "b": ["收入总表"], "c": ["支出"], "d": ["收入"]}
    assert ctx._best("部门收入总表", aliases) == "b"
    assert ctx._best("收入表", aliases) == "a"  # a tie: the first in the pack
    assert ctx._best("其他", aliases) is None


def test_join_lines_first_of_each_number_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_joined, "CHUNK", 2)  # several chunks
    lines = [Line(3, "c  ｃ", "r3"), Line(1, "“a”", "r1"), Line(2, "b*", "r2"),
             Line(1, "dup", "r1b"), Line(5, "", "r5")]
    raw, numbers, starts, joined = _joined.join_lines(lines)
    assert [line.raw for line in raw] == ["r1", "r2", "r3", "r5"]
    assert list(numbers) == [1, 2, 3, 5]
    assert joined == '"a"bcc'
    assert list(starts) == [0, 3, 4, 6, 6]


def test_budget_armed_once_still_stops_a_runaway_rule() -> None:
    before = signal.getsignal(signal.SIGALRM)
    outcomes = []
    with DocumentBudget(seconds=5, rule_seconds=0.3) as budget:
        for _ in range(3):
            with budget.rule():
                time.sleep(0.12)  # three rules together past one allowance: none stopped
            outcomes.append("done")
        started = time.monotonic()
        with pytest.raises(RuleTimeout, match=r"超过 0\.3 秒"), budget.rule():
            re.search(r"(\d+)+X", "1" * 60)  # exponential in re: only the budget stops it
        assert time.monotonic() - started < 5
        with budget.rule():
            outcomes.append("after")
    assert outcomes == ["done", "done", "done", "after"]
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_budget_used_up_refuses_the_next_rule() -> None:
    with DocumentBudget(seconds=0.0) as budget, pytest.raises(RuleTimeout, match="已用完"), \
            budget.rule():
        pass


# --- scans: segments ruled out by searches of the joined text ----------------------------

PATTERNS = [
    r"([\u4e00-\u9fff]{2,4})\1", r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])", r"×{2,}", r"某某",
    r"主要(?:原因)?(?:是|为)[:]?[。;](?!\d)", r"[,;:、]{2,}|。[,;:、]|[,;:、]。|。。(?!。)",
    r"(?P<year>20\d{2})年度?(?:单位|部门)?(?:预算|决算)", r"[^。]{5}(?=。)", r"支出(?!合计)",
    r"^一", r"\b\d+\b", r"(?<=增加)\d+", r"万元", r"[^x]{3}", r"(?i)x+",
]


def _plain_scan(ctx: Context, pattern: str, segments: list) -> list[tuple[int, int, str]]:
    from checker.regex import rule_regex

    regex = rule_regex(pattern)
    return [(id(s), m.start(), m.group(0)) for s in segments for m in regex.finditer(s.text)]


def test_scan_finds_what_a_search_of_every_segment_finds(context: Context) -> None:
    from checker.kinds._scan import scan
    from checker.kinds.editorial import _segments

    matched = 0
    for segments in (context.paragraph_segments(), context.segments(),
                     _segments(context, "all")):
        for pattern in PATTERNS:
            hits = [(id(h.segment), h.match.start(), h.text)
                    for h in scan(context, pattern, segments)]
            assert hits == _plain_scan(context, pattern, segments), pattern
            matched += bool(hits)
    assert matched > 10


def test_probe_leaves_out_lookarounds_only_when_exact() -> None:
    from checker.kinds._probe import without_lookaround

    assert without_lookaround(r"[Xx]{2,}(?![A-Za-z])") == r"(?:[\x{58}\x{78}]){2,}"
    assert without_lookaround(r"。(?!。)") == r"\x{3002}"
    assert without_lookaround(r"a\d(?!b)") is None  # \d: Unicode in re, ASCII in RE2
    assert without_lookaround(r"(?i)a(?!b)") is None
    assert without_lookaround(r"^a(?!b)") is None
    assert without_lookaround(r"ab") is None  # nothing to leave out


def test_toc_endings_answer_as_endswith() -> None:
    from checker.kinds.toc import endings

    body = {"上海市财政局主要职能", "部门预算表", "说明"}
    ends = endings(body, 6)
    for probe in ("主要职能", "局主要职能", "预算表", "说明", "明", "", "职能表", "x说明"):
        assert (probe in ends) == any(line.endswith(probe) for line in body), probe
    assert endings(set(), 6) == set()


@pytest.mark.parametrize("text", [
    "正文\t第一行\r\n第二行\f\v", "\x01\x02" + "字" * 38, "\x01\x02" + "字" * 42,
    "".join(chr(c) for c in range(40)) * 10, "字" * 30000 + "\x00" * 100,
])
def test_looks_binary_counts_as_the_scan_did(text: str) -> None:
    from checker.read.source import _ALLOWED_CONTROLS, _CONTROL_SHARE_LIMIT, _looks_binary

    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    assert _looks_binary(text) == (controls > _CONTROL_SHARE_LIMIT * len(sample))


def test_looks_binary_threshold() -> None:
    from checker.read.source import _looks_binary

    assert _looks_binary("\x01\x02\x03" + "字" * 50)  # 3 of 53 > 5 %
    assert not _looks_binary("\x01\x02" + "字" * 48)  # 2 of 50 = 4 %


# --- expressions: each node compiled once into a closure ---------------------------------

def test_expression_closures_keep_the_tree_walks_semantics() -> None:
    from decimal import Decimal

    from checker.engine.expr import Env, ExprError, Node, Unavailable, _closure, compile_expr
    from checker.engine.expr import evaluate as ev

    calls: list[str] = []

    def row(key: object) -> Decimal:
        calls.append(str(key))
        if key == "absent":
            raise Unavailable("row absent not found")
        return Decimal(7)

    env = Env({"a": Decimal(2)}, {"row": row}, Decimal("0.01"))
    assert ev("a * (row('x') - 1) / 4", env) == Decimal(3)
    assert ev("coalesce(row('absent'), row('y'), 0)", env) == Decimal(7)
    assert calls == ["x", "absent", "y"]
    assert ev("not (a > 1 and a < 2) or false", env) is True
    assert ev("a == 2.005 and tol == 0.01", env) is True
    assert ev("'x' == 'x' and -a == 0 - 2", env) is True
    with pytest.raises(Unavailable, match="division by zero"):
        ev("a / (a - 2)", env)
    with pytest.raises(Unavailable, match="no value for 'b'"):
        ev("b + 1", env)
    with pytest.raises(Unavailable, match="absent"):
        ev("coalesce(row('absent'))", env)
    with pytest.raises(Unavailable, match="unknown function 'nope'"):
        ev("nope(row('z'))", env)
    assert "z" not in calls  # the function is looked up before its arguments run
    with pytest.raises(ExprError, match="unknown node"):
        ev(Node("mystery"), env)
    node = compile_expr("a + 1")
    assert _closure(node) is _closure(node)


def test_render_formats_only_the_values_a_message_uses() -> None:
    from decimal import Decimal

    from checker.kinds._context import fmt, render

    values = {"found": Decimal("3044.010"), "expected": Decimal(5), "row": "208 社保",
              "diff": Decimal("-0.5")}
    template = "{row}: {found} / {expected:>4} ({diff}) {missing}"
    eager = template.replace("{missing}", "{{missing}}").format(
        **{k: fmt(v) for k, v in values.items()})
    assert render(template, values) == eager == "208 社保: 3044.01 /    5 (-0.50) {missing}"
    # a value the message does not use is never formatted (its formatting would fail)
    assert render("{row}", {"row": "x", "unused": Decimal("1" * 40 + ".5")}) == "x"


def test_cell_plausible_cells_as_each_cell_judged_alone(context: Context) -> None:
    from checker.kinds.cell_plausible import _bad, _cells

    for table in context.doc.tables:
        for check in ("decimals", "negative", "share"):
            alone = [(row, found) for row in table.rows
                     for index, value in enumerate(row.values)
                     if value is not None and (found := _bad(check, table, row, index, value))]
            assert _cells(check, table) == alone


def test_cell_plausible_share_columns_by_group() -> None:
    from decimal import Decimal

    from checker.kinds.cell_plausible import _cells
    from checker.model.ast import Row, Table

    table = Table(number=None, title="t", section_path=[], unit_of_measure=None,
                  columns=["金额", "占比%"], cells_missing=False, line=1, rows=[
                      Row("a", None, [Decimal(150), Decimal(120)], 2),
                      Row("b", None, [Decimal(150), Decimal(120)], 3, group="乙")],
                  groups=["乙"], group_columns=[["比例", "金额"]])
    assert [(r.label, f) for r, f in _cells("share", table)] == [
        ("a", "占比% 120"), ("b", "比例 150")]



def test_batch_settles_the_collector_once_after_its_first_document(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from checker.cli import batch

    frozen: list[int] = []
    monkeypatch.setattr(batch, "_settled", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    report = batch.run_batch([str(p) for p in TEXTS[:3]], batch.BatchOptions())
    assert [u.source for u in report.units] == [str(p) for p in TEXTS[:3]]
    assert frozen == [1]
    batch.settle()
    assert frozen == [1]  # once per process
