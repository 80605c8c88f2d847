"""The worked example of docs/authoring.md, "Adding a rule kind", is real: its two files (the
kind module and its tests) are taken from the page, the kind is registered as if its module
sat in checker/kinds/, its tests are run, and the generated schema and docs pick it up."""

from __future__ import annotations

import json
import re
import sys
import types
from collections.abc import Iterator

import pytest
from corpus import PROJECT_ROOT

from checker.engine import schema_gen
from checker.kinds import KINDS, load_all

DOC = PROJECT_ROOT / "docs" / "authoring.md"
CHAPTER = DOC.read_text(encoding="utf-8").split("## Adding a rule kind", 1)[1]
MODULE_CODE, TEST_CODE = re.findall(r"```python\n(.*?)```", CHAPTER, re.S)[:2]
NAME = "share_range"


@pytest.fixture
def kind() -> Iterator[types.ModuleType]:
    load_all()
    assert NAME not in KINDS  # the example must stay an example, not a shipped kind
    module = types.ModuleType(f"checker.kinds.{NAME}")
    sys.modules[module.__name__] = module
    try:
        exec(compile(MODULE_CODE, f"docs/authoring.md:{NAME}.py", "exec"), module.__dict__)
        yield module
    finally:
        KINDS.pop(NAME, None)
        sys.modules.pop(module.__name__, None)


def test_the_page_names_the_two_files() -> None:
    assert f"`checker/kinds/{NAME}.py`" in CHAPTER
    assert f"`tests/test_kind_{NAME}.py`" in CHAPTER


def test_the_example_kind_registers_itself(kind: types.ModuleType) -> None:
    spec = KINDS[NAME]
    assert spec.check is kind.check
    assert [p.name for p in spec.params] == ["sections", "pattern"]
    assert spec.regex_fields == ("pattern",) and spec.section_fields == ("sections[]",)


def test_the_example_tests_pass(kind: types.ModuleType) -> None:
    namespace: dict[str, object] = {}
    exec(compile(TEST_CODE, f"docs/authoring.md:test_kind_{NAME}.py", "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert len(tests) == 2
    for test in tests:
        test()


def test_the_generator_gives_it_a_schema_branch_and_a_docs_section(
        kind: types.ModuleType) -> None:
    kinds = dict(KINDS)
    schema = json.loads(schema_gen.schema_text(schema_gen.SCHEMA.read_text(encoding="utf-8"),
                                               kinds))
    branch = next(b["then"] for b in schema["$defs"]["rule"]["allOf"]
                  if b["if"]["properties"]["kind"]["const"] == NAME)
    assert set(branch["properties"]) == {"sections", "pattern"}
    doc = schema_gen.doc_text(schema_gen.DOC.read_text(encoding="utf-8"), kinds)
    assert f"| [{NAME}](#{NAME}) |" in doc
    assert f"### {NAME}\n" in doc
