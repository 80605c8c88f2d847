"""`budgetlint rules list|show|validate|test` on the shipped packs and on broken packs.

Each broken pack in tests/fixtures/bad_packs marks the line its problem sits on with a trailing
``# expect: <words of the message>`` comment; the tests read those markers, so a fixture and
its expectation cannot drift apart.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from corpus import PROJECT_ROOT
from jsonschema import Draft202012Validator

from checker.cli.main import main
from checker.resources import RULES_DIR

BAD_PACKS = PROJECT_ROOT / "tests" / "fixtures" / "bad_packs"
SCHEMA_COMMENT = "# yaml-language-server: $schema="
SHIPPED = sorted(RULES_DIR.glob("*.yaml"))
KINDS_OF_BREAKAGE = [
    "unknown_key", "wrong_severity", "bad_regex", "not_yaml", "duplicate_id",
    "extends_cycle_a", "unknown_kind", "catastrophic_regex", "unknown_alias",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["rules", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expectations(path: Path) -> list[tuple[int, str]]:
    """(line number, expected words) for every ``# expect:`` marker in a fixture."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        marker = re.search(r"#\s*expect:\s*(.+)$", line)
        if marker:
            found.append((number, marker.group(1).strip()))
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


@pytest.fixture(autouse=True)
def _in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Problems are printed with paths relative to the working directory.
    monkeypatch.chdir(PROJECT_ROOT)


# --- broken packs ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", KINDS_OF_BREAKAGE)
def test_broken_pack_is_rejected_with_file_and_line(
        capsys: pytest.CaptureFixture[str], name: str) -> None:
    fixture = BAD_PACKS / f"{name}.yaml"
    code, out, err = run(capsys, "validate", relative(fixture))
    assert code == 2
    assert "Traceback" not in out + err
    lines = out.splitlines()
    # every line is file:line:column: problem
    assert lines and all(re.match(r"^[^:]+\.yaml:\d+:\d+: \S", line) for line in lines), out
    marked = expectations(fixture)
    if name.startswith("extends_cycle"):
        # the cycle is detected where it closes, which is in either of the two files
        marked_files = [(fixture, marked), (BAD_PACKS / "extends_cycle_b.yaml",
                                            expectations(BAD_PACKS / "extends_cycle_b.yaml"))]
        assert any(
            any(line.startswith(f"{relative(f)}:{n}:") and words in line for line in lines)
            for f, marks in marked_files for n, words in marks), out
        return
    assert marked, f"{fixture} has no '# expect:' marker"
    for number, words in marked:
        assert any(line.startswith(f"{relative(fixture)}:{number}:") and words in line
                   for line in lines), f"no '{words}' at line {number} in:\n{out}"


def test_every_problem_is_reported_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = BAD_PACKS / "several_problems.yaml"
    code, out, _err = run(capsys, "validate", relative(fixture))
    assert code == 2
    marked = expectations(fixture)
    assert len(marked) == 3
    for number, words in marked:
        assert any(line.startswith(f"{relative(fixture)}:{number}:") and words in line
                   for line in out.splitlines()), f"missing '{words}' at line {number}:\n{out}"


def test_a_folder_of_broken_packs_reports_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", relative(BAD_PACKS))
    assert code == 2
    named = {line.split(":", 1)[0] for line in out.splitlines()}
    for name in KINDS_OF_BREAKAGE:
        if not name.startswith("extends_cycle"):
            assert relative(BAD_PACKS / f"{name}.yaml") in named, name


def test_no_traceback_from_the_real_command_line() -> None:
    """The installed entry point, in a fresh process: exit 2, problems only, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "checker", "rules", "validate", relative(BAD_PACKS)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "not valid YAML" in done.stdout


def test_missing_file_and_empty_folder_are_errors(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "no such rule file" in out + err
    code, _out, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    assert "no rule packs" in err


@pytest.mark.parametrize("content", [b"", b"\xea\x00\xff binary", b"- just\n- a list\n"],
                         ids=["empty", "binary", "list"])
def test_whole_file_problems_still_name_a_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_bytes(content)
    code, out, err = run(capsys, "validate", str(pack))
    assert code == 2
    assert "Traceback" not in out + err
    assert out.startswith(f"{pack}:1:1: ")


def test_list_and_test_refuse_a_broken_pack(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = relative(BAD_PACKS / "wrong_severity.yaml")
    code, _out, err = run(capsys, "list", fixture)
    assert code == 2
    assert f"{fixture}:" in err
    code, out, _err = run(capsys, "test", fixture)
    assert code == 2
    assert f"{fixture}:" in out


# --- shipped packs --------------------------------------------------------------------------

def test_shipped_packs_exist() -> None:
    assert {p.stem for p in SHIPPED} >= {"common", "budget", "final"}


def test_list_shows_every_shipped_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 40
    ids = [line.split()[0] for line in lines]
    assert len(ids) == len(set(ids)), "a rule is listed twice"
    shipped_ids = {rule["id"] for data in map(_load, SHIPPED) for rule in data.get("rules", [])}
    assert set(ids) == shipped_ids
    for line in lines:
        _rule_id, severity, kind, *title = line.split()
        assert severity in {"error", "warning", "info"}, line
        assert re.fullmatch(r"[a-z_]+", kind), line
        assert title, line


def test_list_one_pack_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "final")
    assert code == 0
    final_ids = {r["id"] for r in _load(RULES_DIR / "final.yaml").get("rules", [])}
    budget_only = ({r["id"] for r in _load(RULES_DIR / "budget.yaml").get("rules", [])}
                   - final_ids)
    listed = {line.split()[0] for line in out.splitlines()}
    assert final_ids <= listed
    assert not (budget_only & listed)


def test_show_prints_reference_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    rule = _load(SHIPPED[0])["rules"][0]
    code, out, _err = run(capsys, "show", rule["id"])
    assert code == 0
    assert out.startswith(rule["id"])
    assert rule["reference"] in out
    for example in rule["examples"]:
        assert f"{example['status']}: {example['name']}" in out


def test_show_unknown_rule_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rules", "show", "NO-SUCH-999"])
    err = capsys.readouterr().err
    assert code == 2
    assert "no rule 'NO-SUCH-999'" in err
    assert "Traceback" not in err


def test_validate_shipped_rules_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "validate", "rules/")
    assert code == 0, out
    assert out.startswith("OK: ")
    assert len(out.splitlines()) == 1


def test_shipped_rule_examples_all_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "test", "rules/")
    last = out.rstrip().splitlines()[-1]
    match = re.fullmatch(r"(\d+) passed, (\d+) failed", last)
    assert match, last
    assert int(match.group(2)) == 0, out
    assert int(match.group(1)) >= 80  # at least a pass and a fail example per rule
    assert code == 0


@pytest.mark.parametrize("pack", SHIPPED, ids=lambda p: p.name)
def test_shipped_pack_starts_with_schema_comment(pack: Path) -> None:
    first = pack.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_COMMENT)
    target = (pack.parent / first.removeprefix(SCHEMA_COMMENT).strip()).resolve()
    assert target == (RULES_DIR / "schema.json").resolve()


def test_schema_is_a_valid_json_schema_that_editors_can_use() -> None:
    """What the yaml-language-server comment points at must itself be a usable schema, and
    accept every shipped pack as editors will see it (plain YAML, no budgetlint code)."""
    schema = json.loads((RULES_DIR / "schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for pack in [*SHIPPED, PROJECT_ROOT / "examples" / "packs" / "regional-city.yaml"]:
        errors = [e.message for e in validator.iter_errors(_load(pack))]
        assert not errors, (pack.name, errors[:3])
    assert list(validator.iter_errors(_load(BAD_PACKS / "wrong_severity.yaml")))


@pytest.mark.parametrize("pack", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_rule_has_a_pass_and_a_fail_example(pack: Path) -> None:
    for rule in _load(pack).get("rules", []):
        statuses = {example["status"] for example in rule.get("examples", [])}
        assert {"pass", "fail"} <= statuses, f"{pack.name}: {rule['id']} has {statuses}"


# --- rules test on a failing example --------------------------------------------------------

FAILING_EXAMPLE_PACK = """\
# yaml-language-server: $schema={schema}
pack:
  name: failing-example
  version: "1.0"
  description: one rule whose second example expects the wrong status
rules:
  - id: TST-TXT-001
    title: 说明名词解释
    severity: error
    kind: text
    reference: 测试
    message: 未见名词解释
    mode: existence
    patterns: ["名词解释"]
    examples:
      - name: has the glossary
        status: pass
        document: |
          第四部分 名词解释
          一、财政拨款收入：指本级财政部门当年拨付的资金。
      - name: wrongly expected to pass
        status: pass
        document: |
          第一部分 概况
          一、主要职责
          负责全市医疗保障工作。
"""


def test_a_failing_example_fails_the_run(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    pack = tmp_path / "failing.yaml"
    pack.write_text(FAILING_EXAMPLE_PACK.format(schema=RULES_DIR / "schema.json"),
                    encoding="utf-8")
    code, out, _err = run(capsys, "test", str(pack))
    assert code == 1
    # The wrong example, and the fail example the rule lacks (both its examples expect pass).
    assert out.rstrip().splitlines()[-1] == "1 passed, 2 failed"
    assert "TST-TXT-001 [wrongly expected to pass]" in out
    assert "expected pass, got fail" in out


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def test_select_runs_only_matching_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "test", "rules/", "-k", "com-edit-001", "-v")
    assert code == 0
    lines = out.rstrip().splitlines()
    assert lines[-1] == "2 passed, 0 failed"
    assert all("COM-EDIT-001" in line for line in lines[:-1] if "::" in line)


def test_a_rule_without_a_fail_example_fails_the_run(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    # The failing-example pack with its wrong example removed: one pass, no fail.
    text = FAILING_EXAMPLE_PACK.format(schema=RULES_DIR / "schema.json")
    pack = tmp_path / "no_fail.yaml"
    pack.write_text(text[:text.index("      - name: wrongly expected")], encoding="utf-8")
    code, out, _err = run(capsys, "test", str(pack))
    assert code == 1
    assert out.rstrip().splitlines()[-1] == "1 passed, 1 failed"
    assert "TST-TXT-001 [a fail example]" in out
    assert "expected fail, got missing" in out


def test_without_a_path_the_shipped_packs_are_tested(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, with_path, _err = run(capsys, "test", "rules/")
    monkeypatch.chdir(tmp_path)  # far from the source tree's rules/
    code_default, default, _err = run(capsys, "test")
    assert code == code_default == 0
    assert default.splitlines()[-1] == with_path.splitlines()[-1]
    assert [line.rsplit(" ", 1)[-1] for line in default.splitlines()[:3]] == [
        line.rsplit(" ", 1)[-1] for line in with_path.splitlines()[:3]]
    code, out, _err = run(capsys, "validate")
    assert code == 0 and re.match(r"OK: [3-9]\d* pack files", out)
