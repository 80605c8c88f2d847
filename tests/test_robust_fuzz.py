"""Fuzzing (hypothesis) and a fixed table of hostile documents (issue #14).

Documents: random bytes shaped like disclosures (Chinese, digits, amounts, table rows, every
line ending, control and ANSI characters, several encodings) go through read → parse →
check; each must end in an ``InputError`` or a report whose results are well formed. Packs:
a valid pack with hostile fragments spliced into its values; ``validate`` must return
positioned problems or none, and never raise. The fixed table runs the real CLI in a
subprocess with a timeout, so a hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine.packs import validate_pack_files
from checker.errors import BudgetlintError, InputError, RuleFileError

STATUSES = {"pass", "fail", "not_verifiable", "not_applicable"}
PIECES = ["2025年度", "示例单位", "单位预算", "部门决算", "第一部分", "一、", "（一）", "收入",
          "支出合计", "比上年增加", "增长", "减少", "%", "万元", "合计", "\t", "|", "公开01表",
          "“三公”经费", "123.45", "1,234", "-", "0", "9" * 40, "<b>", "&amp;", "**",
          "\x1b[31m", "\x00", "\v", "\f", "\u200b", "\ufeff", "（", "）", "：", " "]
ENDINGS = ["\n", "\r\n", "\r"]

line_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=12
                     ).map("".join)
documents = st.tuples(st.lists(line_text, min_size=0, max_size=40), st.sampled_from(ENDINGS),
                      st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
FUZZ = settings(max_examples=int(os.environ.get("BUDGETLINT_FUZZ_EXAMPLES", "40")),
                deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.function_scoped_fixture])


@FUZZ
@given(documents)
def test_fuzzed_documents_end_in_a_report_or_one_input_error(
        tmp_path_factory: pytest.TempPathFactory, case: tuple[list[str], str, str]) -> None:
    from checker.cli.batch import BatchOptions, check_one
    from checker.model.results import InputFailure

    lines, ending, encoding = case
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    try:
        data = ending.join(lines).encode(encoding)
    except UnicodeEncodeError:
        data = ending.join(lines).encode("utf-8", "replace")
    path.write_bytes(data)
    os.environ.pop("BUDGETLINT_DEBUG", None)
    outcome = check_one(path, BatchOptions())
    if isinstance(outcome, InputFailure):
        assert "internal error" not in outcome.message, outcome.message
        assert "\n" not in outcome.message
        return
    assert {r.status for r in outcome.results} <= STATUSES
    # A rule that broke while running is reported as such, which would be a bug here.
    assert not [r.message for r in outcome.results if "运行出错" in r.message]


PACK = """pack:
  name: fuzz
  version: '1'
  description: fuzz
rules:
  - id: F-001
    title: t
    severity: error
    kind: text
    mode: existence
    patterns: ['{pattern}']
    reference: r
    message: "{message}"
  - id: F-002
    title: t
    severity: error
    kind: table_formula
    tables: [收支总表]
    assert: '{expr}'
    reference: r
    message: m
aliases:
  tables:
    收支总表: [收支总表]
"""
REGEX_BITS = ["\\d+", "(", ")", "{1,10}", "{4294967296}", ".*", "+", "?", "(?<!a)", "(?(1)x|y)",
              "[", "]", "\\1", "|", "a", "收入", "*", "(?P<found>", ")"]
EXPR_BITS = ["(", ")", "-", "not ", "abs(", "1", " == ", " + ", "cell(\"收支总表\", 1, 1)",
             "true", ",", "sum("]
MESSAGE_BITS = ["{", "}", "{found}", "{}", "{0}", "{found:>999}", "{found.x}", "缺少", "!r"]


def _joined(bits: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(bits), max_size=30).map("".join)


@FUZZ
@given(_joined(REGEX_BITS), _joined(EXPR_BITS), _joined(MESSAGE_BITS))
def test_fuzzed_packs_give_positioned_problems_never_a_crash(
        tmp_path_factory: pytest.TempPathFactory, pattern: str, expr: str,
        message: str) -> None:
    text = PACK.replace("{pattern}", pattern.replace("'", "''")).replace(
        "{expr}", expr.replace("'", "''")).replace(
        "{message}", message.replace("\\", "\\\\").replace('"', '\\"'))
    path = tmp_path_factory.mktemp("pack") / "p.yaml"
    path.write_text(text, encoding="utf-8")
    problems = validate_pack_files([path])
    for problem in problems:
        assert isinstance(problem, RuleFileError)
        assert problem.line is not None and problem.column is not None, problem.one_line()
    if not problems:
        # Accepted: then it loads and runs on a document without a rule error.
        from checker.engine import run as engine
        from checker.parse.parser import parse_text

        pack = engine.load_pack(path)
        doc = parse_text("2025年度\n示例单位\n单位预算\n收入 1 万元\n")
        report = engine.check_document(doc, pack)
        assert not [r for r in report.results if "运行出错" in r.message]


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(tmp_path_factory: pytest.TempPathFactory,
                                             data: bytes) -> None:
    from checker.read.source import read_source

    path = tmp_path_factory.mktemp("bytes") / "x.txt"
    path.write_bytes(data)
    try:
        text = read_source(path).text
    except InputError as error:
        assert "\n" not in error.one_line()
    else:
        assert "\r" not in text


def _cli(*argv: str, env: dict[str, str] | None = None,
         timeout: float = 300) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "CI": "true", **(env or {})}
    full_env.pop("BUDGETLINT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "checker", *argv], capture_output=True,
                          text=True, timeout=timeout, check=False, env=full_env)


YOY = "比上年增加12.5万元，增长3.4%。"
HEAD = "2025年度\n示例单位\n单位预算\n"
# name, file content (str or bytes), expected exit status, fragment of stdout+stderr
HOSTILE_DOCUMENTS = [
    ("5 MB on one line", HEAD + "x" * 5_000_000 + "\n", 2, "的上限"),
    ("400 K chars of one yoy sentence", HEAD + YOY * (400_000 // len(YOY)) + "\n", None,
     "2025"),
    ("25 K digits in a row", HEAD + "1" * 25_000 + "\n", None, "2025"),
    # Under the 64 MB file limit, over the text limit: refused in one line, never checked.
    ("50 MB text", HEAD + "收入合计12.5万元。\n" * (50 * 1024 * 1024 // 26), 2, "个字符，超过"),
    ("lone CR line endings", HEAD.replace("\n", "\r") + "第一部分 单位概况\r", None, "2025"),
    ("UTF-16 with BOM", (HEAD + "第一部分 单位概况\n").encode("utf-16"), None, "2025"),
    ("binary", bytes(range(256)) * 20, 2, "二进制文件"),
    ("empty", b"", 2, "文件为空"),
    ("ANSI and control characters", HEAD + "收入" * 200 + "\x1b[2J\x1b[31m红\x07\x08\n", None,
     "收入"),
]


@pytest.mark.parametrize(("name", "content", "status", "fragment"), HOSTILE_DOCUMENTS,
                         ids=[case[0] for case in HOSTILE_DOCUMENTS])
def test_hostile_document_table(tmp_path: Path, name: str, content: str | bytes,
                                status: int | None, fragment: str) -> None:
    path = tmp_path / "doc.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    result = _cli("check", str(path))  # the timeout turns a hang into a failure
    # None: a report either way (pass or fail depends on the packs, not on robustness)
    assert result.returncode in ((0, 1) if status is None else (status,)), result.stderr[-500:]
    assert "Traceback" not in result.stderr
    assert fragment in result.stdout + result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_hostile_document_json_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + "收入\x1b[31m\u202e反转\n", encoding="utf-8")
    result = _cli("check", str(path), "--format", "json")
    assert json.loads(result.stdout)["units"][0]["source"] == str(path)


def test_document_limit_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(HEAD * 100, encoding="utf-8")
    result = _cli("check", str(path), env={"BUDGETLINT_MAX_DOCUMENT_MB": "0.001"})
    assert result.returncode == 2
    assert "上限" in result.stderr and "Traceback" not in result.stderr
    bad = _cli("check", str(path), env={"BUDGETLINT_MAX_DOCUMENT_MB": "lots"})
    assert bad.returncode == 2 and "不是数字" in bad.stderr


def test_budgetlint_error_is_the_base_of_input_errors() -> None:
    assert issubclass(InputError, BudgetlintError)
