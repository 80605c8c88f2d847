"""Rule formulas kept across runs (``checker.engine.expr``'s memo) are the trees lark's parse
gives; invalid ones are never kept and fail as before."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from checker.disk_memo import DiskMemo
from checker.engine import expr
from checker.engine.expr import ExprError, Node, compile_expr
from checker.engine.expr_parse import parse_expr

ROOT = Path(__file__).parent.parent

CONSTRUCTED = [
    "0", "1.50", "0.010", "12345678901234567890.000001", "-1", "- -2", "not not true",
    "a - -b", "'单引号' == \"双引号\"", "row(\"合计\") + row('301') * 2 / 3",
    "abs(found - expected) <= tol", "f()", "g(1, (2), h(3, x))",
    "a and b or not c and d", "a or b or c", "a == b", "1 != 2", "x >= 0.5", "x < y",
    "(" * 50 + "1" + ")" * 50 + " == 1", "round(num(\"1,226.43\"), 1)",
    "coalesce(col(\"事业单位经营支出\"), 0)", "sum(1, 2, 3) - min(4, 5) + max(6)",
]
INVALID = ["", "1 +", "row(", "a ==", "'open", "1 2", "(" * 51 + "1" + ")" * 51,
           "x" * 2001, "a === b", "f(,)", "-" * 500 + "1"]


def _pack_expressions() -> list[str]:
    from checker.kinds import KINDS, load_all
    from checker.kinds.spec import field_values

    load_all()
    found: list[str] = []
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            if isinstance(rule, dict) and rule.get("kind") in KINDS:
                found += [value for _, value in
                          field_values(rule, KINDS[rule["kind"]].expr_fields)]
    return found


def test_kept_trees_are_lark_parses() -> None:
    packs = _pack_expressions()
    assert len(packs) >= 20
    for source in [*packs, *CONSTRUCTED]:
        fresh = parse_expr(source)
        kept = expr._decoded(marshal.loads(marshal.dumps(expr._encoded(fresh))))
        assert kept == fresh
        assert repr(kept) == repr(fresh)  # Decimal's digits and exponent too ("1.50")
    assert expr._decoded(expr._encoded(parse_expr("1.50"))) == Node("num", (Decimal("1.50"),))
    assert repr(expr._decoded(expr._encoded(parse_expr("1.50")))).count("'1.50'") == 1


def _message(source: str) -> str:
    with pytest.raises(ExprError) as raised:
        compile_expr(source)
    return str(raised.value)


def test_damaged_entries_are_parsed_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = DiskMemo("expr-nodes", "test")
    monkeypatch.setattr(expr, "_NODES", memo)
    compile_expr.cache_clear()
    try:
        for damage in [("n", 5, ()), ("x",), ("d", "not a number"), ("n", "num"), 7, None,
                       ("t", ())]:
            memo.put("a + 1", damage)
            assert compile_expr("a + 1") == parse_expr("a + 1")
            compile_expr.cache_clear()
        assert memo.get("a + 1") == expr._encoded(parse_expr("a + 1"))  # written anew
        messages = [_message(source) for source in INVALID]
        assert all(memo.get(source) is expr.MISSING for source in INVALID)
        assert len(set(messages)) >= 5
    finally:
        compile_expr.cache_clear()


_PROBE = """
import json, sys
from checker.engine.expr import ExprError, compile_expr
sources, invalid = json.loads(sys.argv[1])
out = {"trees": [repr(compile_expr(s)) for s in sources], "errors": []}
for source in invalid:
    try:
        compile_expr(source)
    except ExprError as error:
        out["errors"].append(str(error))
out["lark"] = "lark" in sys.modules
print(json.dumps(out))
"""


def test_trees_across_runs_equal_fresh_ones(tmp_path: Path) -> None:
    """A first run parses (with lark) and keeps the trees; a second reads them (no lark for
    valid formulas): both give the trees and messages this process computes fresh."""
    sources = [*_pack_expressions(), *CONSTRUCTED]
    argument = json.dumps([sources, []])
    env = dict(os.environ, BUDGETLINT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("BUDGETLINT_NO_CACHE", None)
    runs = []
    for given in (argument, argument, json.dumps([sources, INVALID])):
        done = subprocess.run([sys.executable, "-c", _PROBE, given], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout))
    fresh = [repr(parse_expr(source)) for source in sources]
    assert [run["trees"] for run in runs] == [fresh] * 3
    assert [run["lark"] for run in runs] == [True, False, True]  # invalid ones need lark
    assert runs[2]["errors"] == [_message(source) for source in INVALID]
    kept = list((tmp_path / "cache").glob("expr-nodes-*.marshal"))
    assert len(kept) == 1
    stored = marshal.loads(kept[0].read_bytes())
    assert set(stored) == set(sources)  # the invalid ones were not kept
