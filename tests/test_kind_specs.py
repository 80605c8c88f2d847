"""Each kind is declared once (checker/kinds/<name>.py); the schema's kinds section and the
kinds tables of docs/rules.md are generated from the declarations and must not drift."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from checker.engine import schema_gen
from checker.kinds import KINDS, kind_modules, load_all

SPECS = load_all()


def test_generated_files_are_up_to_date() -> None:
    stale = [str(path) for path, (current, wanted) in schema_gen.outputs().items()
             if current != wanted]
    assert stale == [], "run: python -m checker.engine.schema_gen"


def test_every_kind_module_registers_the_kind_named_after_it() -> None:
    modules = kind_modules()
    assert len(modules) >= 15
    assert sorted(SPECS) == modules
    for name in modules:
        assert SPECS[name].module == f"checker.kinds.{name}"


def test_registry_is_the_schema_enum_and_every_branch_lists_the_declared_params() -> None:
    schema = json.loads(schema_gen.SCHEMA.read_text(encoding="utf-8"))
    rule = schema["$defs"]["rule"]
    assert rule["properties"]["kind"]["enum"] == sorted(SPECS)
    branches = {b["if"]["properties"]["kind"]["const"]: b["then"] for b in rule["allOf"]}
    assert set(branches) == set(SPECS)
    for name, spec in SPECS.items():
        assert list(branches[name]["properties"]) == [p.name for p in spec.params]
        assert branches[name]["required"] == [p.name for p in spec.params if p.required]


def test_defaults_are_documented_in_schema_and_docs() -> None:
    schema = json.loads(schema_gen.SCHEMA.read_text(encoding="utf-8"))
    branches = {b["if"]["properties"]["kind"]["const"]: b["then"]
                for b in schema["$defs"]["rule"]["allOf"]}
    assert branches["text"]["properties"]["within"]["default"] == 200
    assert branches["table_sum"]["properties"]["rounding"]["default"] == "flat"
    doc = schema_gen.DOC.read_text(encoding="utf-8")
    assert "| *`within`* | integer | `200` |" in doc


def test_roles_drive_what_the_loader_checks() -> None:
    assert SPECS["sangong"].regex_fields == (
        "items[].match", "items[].require[]", "compare[]", "reason", "none")
    assert SPECS["presence"].section_fields == ("parts[]", "sections[]", "scope")
    assert SPECS["table_formula"].expr_fields == ("assert",)
    assert SPECS["code_hierarchy"].table_fields == ("tables[]",)


def test_shipped_messages_use_only_declared_placeholders() -> None:
    from checker.engine.packs import load_pack
    from checker.resources import RULES_DIR

    for pack in ("budget", "final"):
        for rule in load_pack(RULES_DIR / f"{pack}.yaml").rules:
            spec = SPECS[rule.kind]
            allowed = set(spec.placeholders)
            if spec.pattern_groups:
                allowed |= set(re.findall(r"\(\?P<(\w+)>", str(rule.params.get("pattern", ""))))
            used = set(re.findall(r"\{(\w+)\}", rule.message))
            assert used <= allowed, (rule.id, used - allowed)


def test_a_new_kind_module_appears_in_schema_and_docs(tmp_path, monkeypatch) -> None:
    # What adding a kind means: one module that registers itself. The generator then gives
    # it a schema branch, a row in the kinds table and a section of its own.
    from checker.kinds import register
    from checker.kinds.spec import regex

    @register("zz_demo", doc="A demo kind.", params=(regex("pattern", "what to find",
                                                           required=True),),
              placeholders=("found",))
    def check(rule, ctx):  # pragma: no cover - never run
        return []

    try:
        kinds = dict(SPECS)
        kinds["zz_demo"] = KINDS["zz_demo"]
        schema = json.loads(schema_gen.schema_text(
            schema_gen.SCHEMA.read_text(encoding="utf-8"), kinds))
        assert "zz_demo" in schema["$defs"]["rule"]["properties"]["kind"]["enum"]
        doc = schema_gen.doc_text(schema_gen.DOC.read_text(encoding="utf-8"), kinds)
        assert "| [zz_demo](#zz_demo) | A demo kind. | `pattern` | `{found}` |" in doc
        assert "### zz_demo\n\nA demo kind." in doc
        assert doc.index("### zz_demo") < doc.index("## The expression language")
    finally:
        del KINDS["zz_demo"]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_param_has_a_doc_and_a_type(name: str) -> None:
    for param in SPECS[name].params:
        assert param.doc.strip() and param.type.strip(), (name, param.name)
        assert importlib.import_module(SPECS[name].module).check is SPECS[name].check
