"""A document that cannot be checked is reported in the auditor's language: the one line on
stderr and every report say why in Chinese by default (English with ``--lang en``), while
the JSON keeps the English, its stable contract."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from clirun import budgetlint, unwrap

import checker
from checker.report.i18n import translate, use_language

PACKAGE = Path(checker.__file__).parent

# Names and commands a Chinese sentence may carry as they are.
_KEPT = re.compile(r"pip install \w+|max-[a-z-]+|BUDGETLINT_\w+|PyMuPDF|%PDF-|UTF-\d+|"
                   r"GB18030|HTML|PDF|OCR|BOM|MB\b")
_ENGLISH = re.compile(r"[A-Za-z]{2,}")


def _problems() -> list[str]:
    """Every problem text the package gives ``InputError`` or ``InputFailure``, an f-string's
    values filled with a Chinese stand-in: a new reader message without its Chinese form
    fails here, not in an auditor's report."""
    found: list[str] = []
    for module in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        constants = {t.id: n.value.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("InputError", "InputFailure")
                    and len(node.args) >= 2):
                continue
            problem = node.args[1]
            if isinstance(problem, ast.Constant) and isinstance(problem.value, str):
                found.append(problem.value)
            elif isinstance(problem, ast.Name) and problem.id in constants:
                found.append(constants[problem.id])
            elif isinstance(problem, ast.JoinedStr):
                found.append("".join(part.value if isinstance(part, ast.Constant) else "某值"
                                     for part in problem.values))
    return found


def test_the_scan_finds_the_readers_problems() -> None:
    problems = _problems()
    assert "binary file (not text)" in problems
    assert "PDF has no text layer (scanned image?); run OCR first" in problems
    assert "cannot read file (某值)" in problems
    assert len(problems) >= 20


@pytest.mark.parametrize("problem", sorted(set(_problems())))
def test_every_input_problem_has_its_chinese_form(problem: str) -> None:
    with use_language("zh"):
        chinese = translate(problem)
    assert _ENGLISH.findall(_KEPT.sub(" ", chinese)) == [], chinese
    with use_language("en"):
        assert translate(problem) == problem


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "a-binary.txt").write_bytes(b"PK\x03\x04\x00\x00\xff\xfe binary")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-damaged.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    return [folder / "a-binary.txt", folder / "b-empty.txt", folder / "c-damaged.pdf",
            folder / "d-missing.txt"]


def test_stderr_and_text_report_in_chinese(bad_inputs: list[Path]) -> None:
    done = budgetlint("check", "--lang", "zh", *map(str, bad_inputs))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"budgetlint: {bad_inputs[0]}: 二进制文件（不是文本）",
        f"budgetlint: {bad_inputs[1]}: 文件为空",
        f"budgetlint: {bad_inputs[2]}: PDF 没有页面（文件可能已损坏或不完整）",
        f"budgetlint: {bad_inputs[3]}: 文件或文件夹不存在",
    ]
    report = unwrap(done.stdout)
    assert f"{bad_inputs[0]}: 输入错误 二进制文件（不是文本）" in report
    assert "4 个文件无法检查" in report


def test_english_on_request_and_json_keeps_english(bad_inputs: list[Path]) -> None:
    english = budgetlint("check", "--lang", "en", *map(str, bad_inputs))
    assert f"budgetlint: {bad_inputs[1]}: file is empty" in english.stderr.splitlines()
    as_json = budgetlint("check", "--lang", "zh", "--format", "json", *map(str, bad_inputs))
    errors = {e["source"]: e["message"] for e in json.loads(as_json.stdout)["errors"]}
    assert errors[str(bad_inputs[0])] == "binary file (not text)"
    assert errors[str(bad_inputs[3])] == "no such file or directory"


def test_one_file_command_error_in_the_chosen_language(
        bad_inputs: list[Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from checker.cli.main import main

    # ``parse`` has no --lang: $BUDGETLINT_LANG, else Chinese.
    monkeypatch.delenv("BUDGETLINT_LANG", raising=False)
    assert main(["parse", str(bad_inputs[1])]) == 2
    assert capsys.readouterr().err == f"budgetlint: {bad_inputs[1]}: 文件为空\n"
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    assert main(["parse", str(bad_inputs[1])]) == 2
    assert capsys.readouterr().err == f"budgetlint: {bad_inputs[1]}: file is empty\n"


def test_sarif_notifications_in_chinese(bad_inputs: list[Path]) -> None:
    done = budgetlint("check", "--lang", "zh", "--format", "sarif", *map(str, bad_inputs))
    notes = json.loads(done.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == [
        "二进制文件（不是文本）", "文件为空", "PDF 没有页面（文件可能已损坏或不完整）",
        "文件或文件夹不存在"]
