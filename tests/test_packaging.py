"""What a non-editable install gets: every package, the grammars, the rule packs and the
report templates. An editable install hides a missing entry (it reads the source tree), so
these tests read pyproject.toml and build the wheel itself."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from corpus import PROJECT_ROOT

import checker

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
PACKAGE_DIRS = {"checker.grammars": "grammars", "checker.packs": "rules"}


def _folder(package: str) -> Path:
    mapped = SETUPTOOLS.get("package-dir", {}).get(package)
    return PROJECT_ROOT / (mapped or package.replace(".", "/"))


def _source_packages() -> set[str]:
    found = {"checker." + ".".join(p.parent.relative_to(PROJECT_ROOT / "checker").parts)
             for p in (PROJECT_ROOT / "checker").rglob("__init__.py")}
    return {name.rstrip(".") for name in found} | set(PACKAGE_DIRS)


def _data_files(package: str) -> list[Path]:
    """The files of a package that are not Python modules (they need package-data), leaving
    out those of its subpackages."""
    folder = _folder(package)

    def in_subpackage(path: Path) -> bool:
        return any((folder / q / "__init__.py").exists()
                   for q in path.relative_to(folder).parents if q != Path("."))

    return [p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
            and "__pycache__" not in p.parts and not in_subpackage(p)]


def test_every_package_folder_under_checker_is_listed() -> None:
    assert set(SETUPTOOLS["packages"]) == _source_packages()


def test_grammars_and_packs_are_mapped_into_the_package() -> None:
    assert SETUPTOOLS["package-dir"] == PACKAGE_DIRS


def test_every_data_file_is_covered_by_package_data() -> None:
    patterns = SETUPTOOLS["package-data"]
    for package in SETUPTOOLS["packages"]:
        for path in _data_files(package):
            relative = str(path.relative_to(_folder(package)))
            assert any(fnmatch.fnmatch(relative, p) for p in patterns.get(package, [])), (
                f"{package}: {relative} would be missing from the wheel")


def test_version_is_the_same_in_pyproject_and_the_package() -> None:
    assert PYPROJECT["project"]["version"] == checker.__version__
    changelog = (PROJECT_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[?{re.escape(checker.__version__)}\]?", changelog, re.M)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    # Built from a copy, so setuptools' build/ and egg-info never land in the source tree.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, source / name)
    for folder in ("checker", "grammars", "rules"):
        shutil.copytree(PROJECT_ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    (path,) = out.glob("budgetlint-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_carries_grammars_packs_and_templates(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for package in SETUPTOOLS["packages"]:
        folder = _folder(package)
        inside = package.replace(".", "/")
        for path in [*folder.glob("*.py"), *_data_files(package)]:
            assert f"{inside}/{path.relative_to(folder).as_posix()}" in names, path
    assert {"checker/grammars/disclosure.lark", "checker/grammars/expr.lark",
            "checker/packs/common.yaml", "checker/packs/budget.yaml",
            "checker/packs/final.yaml", "checker/packs/schema.json"} <= names


def test_the_wheel_has_the_console_script_and_version(wheel: zipfile.ZipFile) -> None:
    version = checker.__version__
    entry = wheel.read(f"budgetlint-{version}.dist-info/entry_points.txt").decode()
    assert "budgetlint = checker.cli.main:main" in entry
    # Nothing from the source tree that is not the package (tests, examples, docs).
    assert not [n for n in wheel.namelist()
                if not n.startswith(("checker/", f"budgetlint-{version}.dist-info/"))]
