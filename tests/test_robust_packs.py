"""Hostile rule packs and waiver files (issue #14): every case one positioned problem, never a
traceback, a hang or gigabytes; rule patterns run on RE2 (linear) where they can; a rule that
breaks at run time fails the gate; a runaway rule is "not verifiable (timed out)"."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from checker.engine.budget import DocumentBudget, RuleTimeout
from checker.engine.expr import ExprError, compile_expr
from checker.engine.messages import message_problem
from checker.engine.packs import load_pack, validate_pack_files
from checker.engine.regex_strict import check_pattern, strict_problem
from checker.engine.waivers import load_waivers
from checker.errors import ConfigError
from checker.regex import rule_regex
from tests.clirun import budgetlint

HEADER = "pack:\n  name: t\n  version: '1'\n  description: test\n"
TEXT_RULE = """rules:
  - id: T-001
    title: t
    severity: error
    kind: text
    mode: existence
    patterns: ['PATTERN']
    reference: r
    message: "MESSAGE"
"""
FORMULA_RULE = """rules:
  - id: T-002
    title: t
    severity: error
    kind: table_formula
    tables: [收支总表]
    assert: 'EXPR'
    reference: r
    message: m
aliases:
  tables:
    收支总表: [收支总表]
"""


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return [p.one_line() for p in validate_pack_files([path])]


def _text_pack(pattern: str = "收入", message: str = "m") -> str:
    return HEADER + TEXT_RULE.replace("PATTERN", pattern).replace("MESSAGE", message)


NESTED_FLOW = "[" * 1000 + "]" * 1000
LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))

# (name, pack text, line, fragment of the problem)
HOSTILE_PACKS = [
    ("yaml nested 1,000 deep", HEADER + f"rules: {NESTED_FLOW}\n", 5, "嵌套超过 50 层"),
    ("billion laughs", LAUGHS + HEADER, None, "别名炸弹"),
    ("alias inside its own anchor", HEADER + "  self: &x [*x]\n", 5, "递归引用"),
    ("unquoted invalid date", HEADER.replace("'1'", "2026-02-30"), 3, "不是有效的日期"),
    ("python tag", HEADER.replace("'1'", "!!python/object/apply:os.system [id]"), 3,
     "could not determine a constructor"),
    ("vertical tab", _text_pack("收\v入"), 11, "垂直制表符"),
    ("regex a{4294967296}", _text_pack("a{4294967296}"), 11, "超过 1000 的上限"),
    ("regex 5,000 nested groups", _text_pack("(" * 5000 + "a" + ")" * 5000), 11, "上限"),
    ("regex 60 nested groups", _text_pack("(" * 60 + "a" + ")" * 60), 11, "括号嵌套 60 层"),
    ("conditional group", _text_pack(r"(\\d)?(?(1)\\d+|x)+y"), 11, "conditional group"),
    ("message unclosed", _text_pack(message="缺少{pattern"), 13, "not a valid template"),
    ("message no field", _text_pack(message="缺少{}"), 13, "names no field"),
    ("message positional", _text_pack(message="缺少{0}"), 13, "plain name"),
    ("message attribute", _text_pack(message="{found.__class__}"), 13, "plain name"),
    ("message width", _text_pack(message="{found:>300000000}"), 13, "exceeds 200"),
    ("expression 1,000 parens", HEADER + FORMULA_RULE.replace(
        "EXPR", "(" * 1000 + "1" + ")" * 1000 + " == 1"), 11, "上限"),
    ("expression 10,000 unary minus", HEADER + FORMULA_RULE.replace(
        "EXPR", "-" * 10000 + "1 == 1"), 11, "上限"),
    ("expression 400 unary minus", HEADER + FORMULA_RULE.replace(
        "EXPR", "-" * 400 + "1 == 1"), 11, "嵌套超过 50 层"),
    ("expression not not", HEADER + FORMULA_RULE.replace("EXPR", "not " * 450 + "true"), 11,
     "嵌套超过 50 层"),
    ("expression abs(abs(...))", HEADER + FORMULA_RULE.replace(
        "EXPR", "abs(" * 1000 + "1" + ")" * 1000 + " == 1"), 11, "上限"),
    ("extends /dev/zero", HEADER + "  extends: [/dev/zero]\n" + TEXT_RULE.replace(
        "PATTERN", "收入").replace("MESSAGE", "m"), 5, "不是普通文件"),
    ("extends /dev/urandom", HEADER + "  extends: [/dev/urandom]\n" + TEXT_RULE.replace(
        "PATTERN", "收入").replace("MESSAGE", "m"), 5, "不是普通文件"),
]


@pytest.mark.parametrize(("name", "text", "line", "fragment"), HOSTILE_PACKS,
                         ids=[case[0] for case in HOSTILE_PACKS])
def test_hostile_pack_is_one_positioned_problem(tmp_path: Path, name: str, text: str,
                                                line: int | None, fragment: str) -> None:
    started = time.process_time()
    found = _problems(tmp_path, text)
    assert any(fragment in p for p in found), found
    hit = next(p for p in found if fragment in p)
    if line is not None:
        assert hit.startswith(f"{tmp_path / 'p.yaml'}:{line}:"), hit
    assert all("\n" not in p for p in found)
    assert time.process_time() - started < 30  # generous: a hang would be minutes


def test_pack_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.engine import safeyaml

    monkeypatch.setattr(safeyaml, "MAX_PACK_BYTES", 1000)
    found = _problems(tmp_path, _text_pack() + "#" * 2000 + "\n")
    assert len(found) == 1 and "规则包超过" in found[0]


def test_ten_megabyte_pack_is_refused_quickly(tmp_path: Path) -> None:
    rule = TEXT_RULE.split("\n", 1)[1].replace("PATTERN", "收入").replace("MESSAGE", "m")
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "rules:\n")
        while out.tell() < 10 * 1024 * 1024:
            out.write(rule)
    result = budgetlint("check", str(path), "--rules", str(path))
    assert result.returncode == 2
    assert "规则包超过 2 MB 的上限" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("pattern", [r"(\d+){10}X", r"(?:\d+){2,10}X", r"(?:(?:\d+){5}){5}X",
                                     r".*.*.*.*X", r"(?:.*,){1,10}X"])
def test_probe_patterns_run_in_linear_time_on_re2(pattern: str) -> None:
    # RE2 runs them: accepted, and matching a long hostile text is immediate.
    assert check_pattern(pattern) is None
    compiled = rule_regex(pattern)
    assert type(compiled).__module__.startswith("re2")
    assert compiled.search("1" * 200_000 + ",") is None
    # Were they to need Python's re (lookaround), the strict validator refuses them.
    assert strict_problem("(?<!a)" + pattern) is not None


@pytest.mark.parametrize("pattern", [r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])", r"(?<!\d)\d+万元",
                                     r"(?P<a>\d[\d,]*)万元(?:(?!万元).){0,30}?比上年"])
def test_lookaround_patterns_fall_back_to_re_when_safe(pattern: str) -> None:
    assert check_pattern(pattern) is None
    assert type(rule_regex(pattern)).__module__ == "re"


def test_leading_amount_on_re_is_linear_and_finds_the_same_matches() -> None:
    import re

    pattern = r"(?P<a>\d[\d,]*(?:\.\d+)?)万元(?:(?!万元).){0,30}?比"
    text = "支出100万元,比上年;200万元,比;1,234.5万元,,3万元比 1,,4万元比"
    assert [m.span() for m in rule_regex(pattern).finditer(text)] == \
        [m.span() for m in re.finditer(pattern, text)]
    started = time.process_time()
    assert list(rule_regex(pattern).finditer("1" * 25_000)) == []
    assert time.process_time() - started < 5  # quadratic was ~35 s


def test_expression_limits_keep_ordinary_nesting() -> None:
    compile_expr("(" * 50 + "1" + ")" * 50 + " == 1")
    compile_expr("abs(abs(-1)) == 1")
    with pytest.raises(ExprError):
        compile_expr("(" * 51 + "1" + ")" * 51)


@pytest.mark.parametrize(("message", "ok"), [
    ("缺少{found}", True), ("{found:>10}", True), ("{{字面}}{expected!r}", True),
    ("缺少{pattern", False), ("}", False), ("{}", False), ("{found[0]}", False),
    ("{found:{width}}", False), ("{found:.500}", False),
])
def test_message_templates(message: str, ok: bool) -> None:
    assert (message_problem(message) is None) is ok


def test_rule_error_at_run_time_fails_the_gate(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.engine import run as engine
    from checker.kinds import KINDS, load_all
    from checker.parse.parser import parse_file

    load_all()
    pack_path = tmp_path / "p.yaml"
    pack_path.write_text(_text_pack().replace("severity: error", "severity: warning"),
                         encoding="utf-8")
    pack = load_pack(pack_path)
    doc_path = tmp_path / "d.txt"
    doc_path.write_text("2025年度\n示例单位\n单位预算\n收入\n", encoding="utf-8")
    doc = parse_file(doc_path)

    def broken(*_: object) -> list[object]:
        raise ZeroDivisionError("boom")

    import dataclasses

    monkeypatch.setitem(KINDS, "text", dataclasses.replace(KINDS["text"], check=broken))
    monkeypatch.delenv("BUDGETLINT_DEBUG", raising=False)
    report = engine.check_document(doc, pack)
    [result] = report.results
    assert result.status == "fail" and result.severity == "error"
    assert result.blocks("error") and "ZeroDivisionError" in result.message


def test_runaway_rule_times_out_as_not_verifiable() -> None:
    budget = DocumentBudget(seconds=5, rule_seconds=0.3)
    import re

    started = time.monotonic()
    with pytest.raises(RuleTimeout), budget.rule():
        re.search(r"(\d+)+X", "1" * 60)  # exponential in re: only the budget stops it
    assert time.monotonic() - started < 10
    spent = DocumentBudget(seconds=0.0)
    with pytest.raises(RuleTimeout, match="已用完"), spent.rule():
        pass


@pytest.mark.parametrize(("body", "fragment"), [
    ("  expires: 2026-02-30\n", "不是有效的日期"),
    ("  expires: !!python/object/apply:os.system [id]\n", "could not determine a constructor"),
    ("  expires: 2026-06-30\v\n", "垂直制表符"),
])
def test_hostile_waiver_files(tmp_path: Path, body: str, fragment: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("- unit: a\n  rule: b\n  reason: c\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_waivers(path)
    assert fragment in caught.value.problem and caught.value.line == 4


def test_waiver_valid_date_still_works(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("- unit: a\n  rule: b\n  reason: c\n  expires: 2026-02-28\n",
                    encoding="utf-8")
    assert load_waivers(path)[0].expires == dt.date(2026, 2, 28)
