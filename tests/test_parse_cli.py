"""`budgetlint parse` end to end, through ``python -m checker``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", "parse", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=False)


def test_json_contract_for_001() -> None:
    result = run(str(FIXTURES / "001_42ec3e2d2e6a0311.txt"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["unit"], data["year"], data["kind"], data["level"]) == (
        "福州市医疗保障基金中心", 2023, "预算", "单位")
    assert [p["number"] for p in data["parts"]] == [1, 2, 3, 4]
    assert len(data["tables"]) == 10
    assert len(data["toc"]) == 25
    third = data["parts"][2]
    titles = [s["title"] for s in third["children"]]
    assert titles[:2] == ["预算收支总体情况", "一般公共预算拨款支出情况"]
    assert "福州市医疗保障基金中心" in result.stdout  # ensure_ascii=False


def test_tree_format() -> None:
    result = run(str(FIXTURES / "003_837d346b324402fd.txt"), "--format", "tree")
    assert result.returncode == 0, result.stderr
    assert "unit: 泉州市医疗保障基金中心  year: 2023  kind: 决算  level: 单位" in result.stdout
    assert "第三部分 2023 年度决算情况说明  line 876" in result.stdout
    assert "表 1 公开01表: 收入支出决算总表  line 310" in result.stdout
    assert result.stdout.count("[self_evaluation]") == 4


def test_gbk_input_gives_the_same_result(tmp_path: Path) -> None:
    original = FIXTURES / "002_24fbb779d4aea8e6.txt"
    gbk = tmp_path / original.name
    gbk.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    utf8 = json.loads(run(str(original)).stdout)
    converted = json.loads(run(str(gbk)).stdout)
    utf8.pop("source")
    converted.pop("source")
    assert converted == utf8


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "文件为空"),
        (b"\n  \n", "文件为空"),
        (b"PK\x03\x04\x00\x00binary", "二进制文件（不是文本）"),
        (b"\xff\xfe\x00\x00", "二进制文件（不是文本）"),
        (b"\x81\x30\x81", "无法按 UTF-8 或 GB18030 解码"),
    ],
)
def test_unreadable_input_exits_2(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"budgetlint: {path}: {problem}"
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("missing.txt: 文件不存在")


def test_bad_format_is_a_usage_error() -> None:
    result = run(str(FIXTURES / "000_0455909f24bddecc.txt"), "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
