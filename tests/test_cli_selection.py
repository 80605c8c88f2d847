"""--select / --ignore / --disable by rule id or category, unknown names as errors, --quiet,
--statistics, and the note when a --rules pack leaves the default packs out."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import budgetlint, unwrap
from corpus import FIXTURES

DOC = FIXTURES / "001_42ec3e2d2e6a0311.txt"


def _rules(*argv: str) -> dict[str, str]:
    done = budgetlint("check", "--format", "json", *argv, str(DOC))
    assert done.returncode in (0, 1), done.stderr
    return {r["rule"]: r["category"] for r in json.loads(done.stdout)["units"][0]["results"]}


def test_select_and_ignore_by_id_and_category() -> None:
    everything = _rules()
    assert set(_rules("--select", "consistency").values()) == {"consistency"}
    assert set(_rules("--select", "COM-XC-001,COM-XC-002")) == {"COM-XC-001", "COM-XC-002"}
    assert set(_rules("--select", "COM-XC-*")) == {r for r in everything
                                                  if r.startswith("COM-XC-")}
    ignored = _rules("--ignore", "editorial", "--ignore", "COM-XC-001")
    assert "COM-XC-001" not in ignored and "editorial" not in ignored.values()
    assert set(ignored) == {r for r, c in everything.items()
                            if c != "editorial" and r != "COM-XC-001"}
    assert "COM-EDIT-001" not in _rules("--disable", "COM-EDIT-001")


def test_unknown_names_are_errors_naming_them(tmp_path: Path) -> None:
    for argv in (["--disable", "NOPE-001"], ["--select", "nonsense"], ["--ignore", "COM-ZZ-*"]):
        done = budgetlint("check", *argv, str(DOC))
        assert done.returncode == 2 and done.stdout == ""
        name = argv[1]
        assert f"未知的规则或类别 “{name}”" in done.stderr, done.stderr
    # The docs' old example of a config: a dotted id that no pack has.
    (tmp_path / "budgetlint.toml").write_text('disable = ["editorial.duplicate-word"]\n',
                                              encoding="utf-8")
    done = budgetlint("check", str(DOC), cwd=tmp_path)
    assert done.returncode == 2 and "editorial.duplicate-word" in done.stderr
    assert "budgetlint.toml" in done.stderr
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("- {unit: '*', rule: COM-XC-01, reason: 笔误}\n", encoding="utf-8")
    done = budgetlint("check", "--waivers", str(waivers), str(DOC))
    assert done.returncode == 2 and "waivers.yaml:1" in done.stderr
    assert "COM-XC-01" in done.stderr and "COM-XC-001" in done.stderr  # the closest ids


def test_quiet_and_statistics() -> None:
    quiet = budgetlint("check", "--lang", "zh", "--quiet", str(DOC),
                       str(FIXTURES / "pdf" / "putuo_shegongbu_2024_final.pdf"))
    lines = unwrap(quiet.stdout).splitlines()
    assert quiet.returncode == 1
    # Only the failing unit and its blocking (error) findings; no warnings, no table.
    assert lines[0].startswith("福州市医疗保障基金中心") and lines[0].endswith("不通过")
    findings = [line for line in lines if line.startswith(str(DOC))]
    assert findings and all(" 错误 " in line for line in findings)
    assert not any("社会工作部" in line for line in lines)
    assert lines[-1].startswith("共 2 个单位") and not any("──" in line for line in lines)
    stats = budgetlint("check", "--statistics", "--format", "json", str(DOC))
    counts = {line.split()[1]: int(line.split()[0]) for line in stats.stderr.splitlines()
              if line.strip() and line.split()[0].isdigit()}
    results = json.loads(stats.stdout)["units"][0]["results"]
    expected: dict[str, int] = {}
    for result in results:
        if result["status"] == "fail":
            expected[result["rule"]] = expected.get(result["rule"], 0) + 1
    assert counts == expected and counts


def test_custom_pack_without_the_defaults_says_so(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: {name: mine, version: '1', description: 本地规则}\n"
        "rules:\n"
        "  - id: LOC-TEXT-001\n    title: 说明机关运行经费\n    severity: warning\n"
        "    kind: text\n    category: completeness\n    mode: existence\n"
        "    patterns: ['机关运行经费']\n    message: 未说明机关运行经费\n"
        "    reference: 本地要求\n",
        encoding="utf-8")
    done = budgetlint("check", "--rules", str(pack), str(DOC))
    assert "没有继承默认规则包" in done.stderr and str(pack) in done.stderr
    extending = tmp_path / "ext.yaml"
    extending.write_text(pack.read_text(encoding="utf-8").replace(
        "description: 本地规则}", "description: 本地规则}\nextends: common"), encoding="utf-8")
    done = budgetlint("check", "--rules", str(extending), str(DOC))
    assert "没有继承默认规则包" not in done.stderr, done.stderr
