"""Bad packs: every problem reported as file:line:column, never a traceback."""

from pathlib import Path

import pytest

from checker.engine.packs import PackError, load_pack, validate_pack_files
from checker.errors import RuleFileError

HEADER = "pack:\n  name: t\n  version: '1'\n  description: test\n"
RULE = """rules:
  - id: T-001
    title: t
    severity: error
    kind: text
    mode: existence
    patterns: ['收入']
    reference: r
    message: m
"""


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    return [p.one_line() for p in validate_pack_files([path])]


def test_valid_minimal_pack_loads(tmp_path):
    pack = load_pack(write(tmp_path, HEADER + RULE))
    assert [r.id for r in pack.rules] == ["T-001"]


@pytest.mark.parametrize(("change", "line", "needle"), [
    (("    reference: r\n", "    reference: r\n    colour: red\n"), 13, "unknown key 'colour'"),
    (("severity: error", "severity: fatal"), 8, "'fatal' is not one of"),
    (("['收入']", "['(收入']"), 11, "does not compile"),
    (("kind: text", "kind: nosuch"), 9, "'nosuch' is not one of"),
    (("message: m", "message: [m]"), 13, "expected string"),
])
def test_single_problem_points_at_its_line(tmp_path, change, line, needle):
    path = write(tmp_path, (HEADER + RULE).replace(*change))
    found = problems(path)
    assert len(found) == 1, found
    assert found[0].startswith(f"{path}:{line}:")
    assert needle in found[0]


def test_all_problems_at_once(tmp_path):
    text = HEADER + RULE.replace("severity: error", "severity: fatal") + RULE[7:].replace(
        "['收入']", "['(']")
    found = problems(write(tmp_path, text))
    assert any("fatal" in p for p in found)
    assert any("duplicate rule id 'T-001'" in p for p in found)
    assert len(found) >= 2


def test_not_yaml_keeps_pyyaml_position(tmp_path):
    path = write(tmp_path, "pack:\n  name: [unclosed\n")
    with pytest.raises(RuleFileError) as caught:
        load_pack(path)
    assert caught.value.one_line().startswith(f"{path}:3:")
    assert "not valid YAML" in caught.value.one_line()


def test_extends_cycle(tmp_path):
    write(tmp_path, "pack: {name: a, version: '1', description: a, extends: [b]}\n", "a.yaml")
    write(tmp_path, "pack: {name: b, version: '1', description: b, extends: [a]}\n", "b.yaml")
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "a.yaml")
    assert "'extends' cycle" in caught.value.one_line()
    assert caught.value.problems[0].line == 1


def test_unknown_aliases_and_expressions(tmp_path):
    text = HEADER + """rules:
  - id: T-001
    title: t
    severity: error
    kind: table_sum
    tables: [无此表]
    reference: r
    message: m
  - id: T-002
    title: t
    severity: error
    kind: cross_check
    sections: [无此节]
    pattern: '(?P<amount>\\d+)'
    expected: 'cell("无此表", "x") + frob(1)'
    reference: r
    message: m
"""
    found = problems(write(tmp_path, text))
    assert any(":10:" in p and "unknown table alias '无此表'" in p for p in found)
    assert any(":17:" in p and "unknown section alias '无此节'" in p for p in found)
    assert any("unknown function 'frob'" in p for p in found)
    assert any("unknown table alias '无此表' in cell" in p for p in found)


def test_load_pack_raises_one_error_carrying_all(tmp_path):
    text = HEADER.replace("  name: t\n", "  name: t\n  colour: red\n") + RULE.replace(
        "severity: error", "severity: fatal")
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    assert len(caught.value.problems) == 2
    assert len(caught.value.one_line().splitlines()) == 2


def test_wrong_type_of_a_kind_field_is_not_called_unknown(tmp_path):
    text = HEADER + """rules:
  - id: T-001
    title: t
    severity: error
    kind: table_formula
    tables: 5
    assert: 'row("合计") == 1'
    reference: r
    message: m
"""
    found = problems(write(tmp_path, text))
    assert len(found) == 1
    assert ":10:" in found[0] and "tables: expected array" in found[0]


def test_problems_come_in_file_order(tmp_path):
    text = HEADER.replace("  name: t\n", "  name: t\n  colour: red\n") + RULE.replace(
        "['收入']", "['(']").replace("severity: error", "severity: fatal")
    lines = [p.line for p in validate_pack_files([write(tmp_path, text)])]
    assert lines == sorted(lines) and len(lines) == 3
