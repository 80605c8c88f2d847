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
