"""Write the kinds section of ``rules/schema.json`` and the kinds tables of ``docs/rules.md``
from the kinds' own declarations (``checker.kinds.register``).

    python -m checker.engine.schema_gen           # rewrite both files in the source tree
    python -m checker.engine.schema_gen --check   # exit 1 if either is out of date

Only generated parts change: in the schema, the ``kind`` enum and the per-kind ``allOf``
branches of ``$defs.rule``; in the docs, the text between ``<!-- generated: ... -->`` and
``<!-- end generated -->`` markers (the kinds table, one fields table per kind, and a whole
section for a kind that has no hand-written one).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from checker.kinds import KindSpec, Param, load_all
from checker.regex_cache import compile_re

SOURCE_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = SOURCE_ROOT / "rules" / "schema.json"
DOC = SOURCE_ROOT / "docs" / "rules.md"

_KINDS_END = "\n## The expression language"
_BLOCK = compile_re(r"(<!-- generated: ([\w ]+?) -->\n)(.*?)(<!-- end generated -->)", re.S)


def _param_schema(param: Param) -> dict[str, Any]:
    schema = dict(param.schema)
    schema["description"] = param.doc
    if param.has_default:
        schema["default"] = param.default
    return schema


def kind_branch(spec: KindSpec) -> dict[str, Any]:
    """The ``if kind == X then <its fields>`` branch of the rule schema."""
    return {
        "if": {"properties": {"kind": {"const": spec.name}}, "required": ["kind"]},
        "then": {
            "properties": {p.name: _param_schema(p) for p in spec.params},
            "required": [p.name for p in spec.params if p.required],
        },
    }


def schema_text(current: str, kinds: dict[str, KindSpec]) -> str:
    schema = json.loads(current)
    rule = schema["$defs"]["rule"]
    rule["properties"]["kind"]["enum"] = sorted(kinds)
    rule["allOf"] = [kind_branch(kinds[name]) for name in sorted(kinds)]
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _field_name(param: Param) -> str:
    return f"`{param.name}`" if param.required else f"*`{param.name}`*"


def kinds_table(kinds: dict[str, KindSpec], anchors: dict[str, str]) -> str:
    lines = ["| kind | what it checks | fields (*optional*) | placeholders |",
             "|---|---|---|---|"]
    for name in sorted(kinds):
        spec = kinds[name]
        fields = ", ".join(_field_name(p) for p in spec.params) or "—"
        holders = " ".join(f"`{{{h}}}`" for h in spec.placeholders)
        if spec.pattern_groups:
            holders += " and the pattern's named groups"
        lines.append(f"| [{name}](#{anchors.get(name, name)}) | {_cell(spec.doc)} | {fields} | "
                     f"{holders} |")
    return "\n".join(lines) + "\n"


def _anchors(doc: str) -> dict[str, str]:
    """Each kind's link target: the GitHub anchor of the heading above its fields table."""
    out: dict[str, str] = {}
    for match in _BLOCK.finditer(doc):
        what = match.group(2).strip()
        if what.startswith("kind "):
            out[what[5:]] = what[5:]
        elif what.startswith("fields "):
            headings = re.findall(r"^### (.+)$", doc[:match.start()], re.M)
            title = headings[-1] if headings else what[7:]
            out[what[7:]] = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
    return out


def fields_table(spec: KindSpec) -> str:
    lines = ["| field | type | default | meaning |", "|---|---|---|---|"]
    for param in spec.params:
        default = _cell(f"`{json.dumps(param.default, ensure_ascii=False)}`") \
            if param.has_default and len(repr(param.default)) <= 40 else \
            ("(see below)" if param.has_default else ("required" if param.required else "—"))
        lines.append(f"| {_field_name(param)} | {_cell(param.type)} | {default} | "
                     f"{_cell(param.doc)} |")
    return "\n".join(lines) + "\n"


def kind_section(spec: KindSpec) -> str:
    """The whole section of a kind that has no hand-written one in docs/rules.md."""
    holders = ", ".join(f"`{{{h}}}`" for h in spec.placeholders) or "none"
    return (f"### {spec.name}\n\n{spec.doc}\n\n{fields_table(spec)}\n"
            f"Placeholders: {holders}. Examples: see the kind's tests and "
            f"`checker/kinds/{spec.module.rsplit('.', 1)[-1]}.py`.\n")


def doc_text(current: str, kinds: dict[str, KindSpec]) -> str:
    # A kind without a section of its own gets a generated one at the end of "Rule kinds",
    # so adding a kind needs no hand edit here.
    missing = sorted(set(kinds) - documented_kinds(current))
    if missing:
        at = current.index(_KINDS_END)
        current = current[:at] + "".join(
            f"<!-- generated: kind {name} -->\n<!-- end generated -->\n\n"
            for name in missing) + current[at:]

    anchors = _anchors(current)

    def fill(match: re.Match[str]) -> str:
        what = match.group(2).strip()
        name = what.split(" ", 1)[-1]
        if what == "kinds":
            body = kinds_table(kinds, anchors)
        elif what.startswith("fields ") and name in kinds:
            body = fields_table(kinds[name])
        elif what.startswith("kind ") and name in kinds:
            body = kind_section(kinds[name])
        else:
            raise SystemExit(f"{DOC}: generated block {what!r} names no registered kind")
        return match.group(1) + body + match.group(4)
    return _BLOCK.sub(fill, current)


def documented_kinds(doc: str) -> set[str]:
    """Kinds that have a fields table or a generated section in the docs."""
    return {m.group(2).strip().split(" ", 1)[-1] for m in _BLOCK.finditer(doc)
            if m.group(2).strip().startswith(("fields ", "kind "))}


def outputs() -> dict[Path, tuple[str, str]]:
    """Each generated file: (what is committed, what it should be)."""
    kinds = load_all()
    schema = SCHEMA.read_text(encoding="utf-8")
    doc = DOC.read_text(encoding="utf-8")
    return {SCHEMA: (schema, schema_text(schema, kinds)), DOC: (doc, doc_text(doc, kinds))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker.engine.schema_gen",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when a generated file is out of date")
    args = parser.parse_args(argv)
    if not SCHEMA.is_file() or not DOC.is_file():
        print(f"schema_gen: run from a source checkout (no {SCHEMA} or {DOC})", file=sys.stderr)
        return 2
    stale = 0
    for path, (current, wanted) in outputs().items():
        if current == wanted:
            continue
        stale += 1
        if args.check:
            print(f"{path}: out of date; run python -m checker.engine.schema_gen")
        else:
            path.write_text(wanted, encoding="utf-8")
            print(f"wrote {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
