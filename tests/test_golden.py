"""Golden snapshots: the whole ``budgetlint parse`` JSON of each corpus text, reviewed by hand.

Each ``tests/fixtures/NNN_*.txt`` is parsed and its ``Document.to_dict()`` (``source`` made
relative, so the snapshot does not depend on where the repository lives) is compared with
``tests/golden/NNN_*.json``. A mismatch fails with a unified diff of the two JSON texts.

The snapshots were checked line by line against the source texts (see "Golden review" in
docs/parsing-notes.md). A parser change that alters them must be reviewed the same way; when
the new output is right, regenerating is an explicit act:

    BUDGETLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

which rewrites the JSON files (the tests then pass); review ``git diff tests/golden`` before
committing.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from checker.parse.parser import parse_file

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
CORPUS = sorted(path.name for path in FIXTURES.glob("[0-9][0-9][0-9]_*.txt"))
UPDATE = os.environ.get("BUDGETLINT_UPDATE_GOLDEN") == "1"
MAX_DIFF_LINES = 200


def snapshot(name: str) -> dict[str, Any]:
    """The parse JSON of one fixture, with a source path that is the same on every machine."""
    data = parse_file(FIXTURES / name).to_dict()
    data["source"] = f"tests/fixtures/{name}"
    # The statement layer is pinned by tests/test_statements.py (counts per family and parsed
    # examples), so a phrasing added to grammars/phrasings.yaml does not rewrite these files.
    data.pop("statements", None)
    return data


def render(data: dict[str, Any]) -> str:
    # One key per line keeps diffs readable; ensure_ascii=False keeps the Chinese legible.
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def golden_path(name: str) -> Path:
    return GOLDEN / f"{Path(name).stem}.json"


def test_the_corpus_is_all_there() -> None:
    assert len(CORPUS) >= 5, CORPUS  # the five corpus texts of issue 2, at least
    stale = {p.stem for p in GOLDEN.glob("*.json")} - {Path(n).stem for n in CORPUS}
    assert not stale, f"golden files without a fixture: {sorted(stale)}"


@pytest.mark.parametrize("name", CORPUS)
def test_parse_matches_golden(name: str) -> None:
    path = golden_path(name)
    actual = render(snapshot(name))
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.relative_to(TESTS.parent)}; create it with "
                    "BUDGETLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py "
                    "and review it by hand")
    expected = path.read_text(encoding="utf-8")
    # Compare the data, not the bytes: a re-indented file with the same content still passes.
    if json.loads(expected) == json.loads(actual):
        return
    diff = list(difflib.unified_diff(
        expected.splitlines(), actual.splitlines(),
        fromfile=f"golden/{path.name}", tofile="parser output", lineterm="", n=4))
    shown = diff[:MAX_DIFF_LINES]
    if len(diff) > MAX_DIFF_LINES:
        shown.append(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
    pytest.fail(
        f"parse output of {name} differs from its golden snapshot.\n"
        "If the change is intended, review it against the source text, then run\n"
        "  BUDGETLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py\n\n"
        + "\n".join(shown), pytrace=False)


def test_golden_spot_values() -> None:
    """A few hand-checked values read straight from the stored JSON (issue 2's spot values),
    so a careless regeneration that loses them is caught here as well."""
    if UPDATE:
        pytest.skip("golden files are being regenerated")

    def load(prefix: str) -> dict[str, Any]:
        (path,) = GOLDEN.glob(f"{prefix}_*.json")
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def row(table: dict[str, Any], label: str | None = None, code: str | None = None,
            group: str | None = None) -> dict[str, Any]:
        return next(r for r in table["rows"]
                    if (label is None or r["label"] == label)
                    and (code is None or r["code"] == code)
                    and (group is None or r["group"] == group))

    d001 = load("001")
    assert row(d001["tables"][0], "收入合计", group="收入")["values"] == [103349.96]
    assert row(d001["tables"][1], code="2101202")["values"][0] == 94849.0
    d002 = load("002")
    sangong = d002["tables"][9]
    assert row(sangong, "合计")["values"] == [19.5]
    assert row(sangong, "(2)公务用车运行费")["values"] == [16.8]
    d003 = load("003")
    assert row(d003["tables"][0], "本年收入合计", group="收入")["values"] == [6521.7]
    assert row(d003["tables"][0], "年末结转和结余", group="支出")["values"] == [308.3]
    assert row(d003["tables"][5], code="30217")["values"] == [2.16]
    assert [t["total_score"] for t in d003["performance_tables"]] == [100, 99.73, 100, 100]
    d004 = load("004")
    assert row(d004["tables"][8], code="30101")["values"] == [149.76]
    d000 = load("000")
    staff = next(i for i in d000["performance_tables"][0]["indicators"]
                 if i["level3"] == "服务站工作人员人数")
    assert staff["target"] == {"raw": "≥46 人", "op": "≥", "value": 46, "unit": "人"}
    assert all(t["cells_missing"] for t in d000["tables"])
