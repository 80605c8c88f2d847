"""[tool.budgetlint] / budgetlint.toml: found, parsed, validated; every problem one line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.cli.config import find_config, load_config, parse_tolerance
from checker.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_read_with_paths_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", """
[project]
name = "x"

[tool.budgetlint]
pack = "rules/fujian.yaml"
fail-on = "warning"
disable = ["editorial.duplicate-word", "budget.toc"]
tolerance = 0.02
waivers = "waivers.yaml"
""")
    config = load_config(start=tmp_path / "docs" / "2023")
    assert config.path == tmp_path / "pyproject.toml"
    assert config.pack == tmp_path / "rules" / "fujian.yaml"
    assert config.fail_on == "warning"
    assert config.disable == ("editorial.duplicate-word", "budget.toc")
    assert config.tolerance == Decimal("0.02")
    assert config.waivers == tmp_path / "waivers.yaml"


def test_budgetlint_toml_wins_and_takes_top_level_keys(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.budgetlint]\nfail-on = "warning"\n')
    write(tmp_path / "budgetlint.toml", "tolerance = \"0.05\"\n")
    config = load_config(start=tmp_path)
    assert config.path == tmp_path / "budgetlint.toml"
    assert config.tolerance == Decimal("0.05") and config.fail_on is None


def test_a_pyproject_without_our_table_does_not_stop_the_search(tmp_path: Path) -> None:
    write(tmp_path / "budgetlint.toml", 'fail-on = "warning"\n')
    write(tmp_path / "sub" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path / "sub") == tmp_path / "budgetlint.toml"


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    config = load_config(start=tmp_path)
    assert config.fail_on is None and config.pack is None and config.disable == ()


@pytest.mark.parametrize(("text", "message"), [
    ("fail-on = \n", "invalid TOML"),
    ('fail_on = "warning"\n', "unknown key 'fail_on' (did you mean 'fail-on'?)"),
    ('fail-on = "fatal"\n', "fail-on must be one of error, warning, not 'fatal'"),
    ('disable = "a.b"\n', "disable must be a list of rule ids"),
    ("tolerance = -1\n", "tolerance must be a non-negative number"),
    ('tolerance = "abc"\n', "tolerance must be a number"),
    ("pack = 3\n", "pack must be a non-empty string"),
])
def test_malformed_config_is_one_config_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "budgetlint.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    line = caught.value.one_line()
    assert message in line and line.startswith(str(path))
    assert "\n" not in line


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "budgetlint.toml", 'pack = "a.yaml"\nfail-on = \n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2


def test_broken_pyproject_with_our_table_is_reported_not_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.budgetlint]\nfail-on = = 1\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(start=tmp_path)


def test_explicit_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_tolerance_keeps_decimal_digits() -> None:
    assert parse_tolerance(0.01) == Decimal("0.01")
    assert parse_tolerance("0.1") == Decimal("0.1")
    with pytest.raises(ConfigError):
        parse_tolerance(True)
    with pytest.raises(ConfigError):
        parse_tolerance("nan")
