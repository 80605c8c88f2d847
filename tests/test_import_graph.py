"""A document's way through the code runs one way: read → parse → engine (with kinds) →
report → cli (the command line, and the web front end of ``budgetlint serve``). No module
imports a later stage, and no two modules import each other.

The model (``checker/model``: the AST and results contracts) and the shared leaves at the top
of the package (errors, resources, limits, cache) are what the stages pass along: every stage
may import them, and they import no stage. Imports inside functions count too: a late import
hides a cycle, it does not remove it (only ``if TYPE_CHECKING:`` blocks are left out, since
they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from corpus import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "checker"
ORDER = ["read", "parse", "engine", "report", "cli"]
# The kinds are the engine's rule implementations; web is the other front end next to the CLI.
SAME_STAGE = {"kinds": "engine", "web": "cli"}
SHARED = {"model", "top"}               # contracts and leaves: importable everywhere
ENTRY_POINTS = {"checker.__main__"}     # ``python -m checker`` starts the CLI


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(
        ".__init__")


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return SAME_STAGE.get(parts[1], parts[1])
    return "top"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The checker modules a file imports (``from pkg import mod`` resolves to the module)."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.split(".")[0] == "checker":
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in MODULES else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "checker")
            # importlib.import_module("checker.x") is an import under another name.
            found.update(c.args[0].value for c in ast.walk(node) if isinstance(c, ast.Call)
                         and getattr(c.func, "attr", None) == "import_module" and c.args
                         and isinstance(c.args[0], ast.Constant)
                         and str(c.args[0].value).startswith("checker.")
                         and not (top_level_only and isinstance(
                             node, ast.FunctionDef | ast.AsyncFunctionDef)))
            if top_level_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    visit([c for c in children if isinstance(c, ast.stmt | ast.excepthandler)])

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return {m for m in found if m in MODULES}


def test_the_stages_are_the_package_folders() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert folders - {"grammars"} == set(ORDER) | set(SAME_STAGE) | {"model"}


def test_no_import_goes_back_up_the_pipeline() -> None:
    wrong = []
    for module, path in sorted(MODULES.items()):
        if module in ENTRY_POINTS:
            continue
        here = _stage(module)
        for target in _imports(path, top_level_only=False):
            there = _stage(target)
            if there == here or there in SHARED:
                continue
            if here in SHARED or ORDER.index(there) > ORDER.index(here):
                wrong.append(f"{module} ({here}) imports {target} ({there})")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                found.append([*stack[stack.index(target):], target])
            elif target not in state:
                walk(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    return found


@pytest.mark.parametrize("top_level_only", [True, False], ids=["module level", "with late"])
def test_no_import_cycles(top_level_only: bool) -> None:
    graph = {m: _imports(p, top_level_only=top_level_only) - {m} for m, p in MODULES.items()}
    # A package's own __init__ importing its modules by pkgutil is not an import edge; a kind
    # module importing ``checker.kinds`` (the registry) is the one way it goes.
    assert _cycles(graph) == []


def test_the_checker_finds_a_backwards_import(tmp_path: Path) -> None:
    # The walk itself must see late imports, or the tests above would pass vacuously.
    parse_module = MODULES["checker.parse.parser"]
    late = _imports(parse_module, top_level_only=False)
    assert "checker.read.source" in late
    source = tmp_path / "x.py"
    source.write_text("import importlib\n\ndef f():\n    from checker.cli.main import main\n"
                      "    importlib.import_module('checker.engine.semantic')\n",
                      encoding="utf-8")
    assert _imports(source, top_level_only=False) == {"checker.cli.main",
                                                     "checker.engine.semantic"}
    assert _imports(source, top_level_only=True) == set()
