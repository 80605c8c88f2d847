"""Load rule packs: YAML with positions → JSON Schema → semantic checks → ``Pack``.

Every problem is collected with its ``file:line:column`` before anything is raised, so a rule
author sees all of them at once. Public API (kept stable for the ``rules`` CLI):
``load_pack(path)``, ``validate_pack_files(paths)``, ``list_rules(pack)``, ``PackError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.engine import pack_cache, pack_defaults
from checker.engine.expr import KNOWN_FUNCTIONS, ExprError, compile_expr, function_names
from checker.engine.messages import message_problem
from checker.engine.regex_strict import check_pattern
from checker.engine.rule_model import COMMON_KEYS, AppliesTo, Example, Pack, Rule
from checker.errors import RuleFileError
from checker.kinds import KINDS, KindSpec, load_all
from checker.kinds.spec import field_values
from checker.parse.phrasings import PhrasingError, phrasings
from checker.regex_cache import compile_re
from checker.resources import RULES_DIR

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from checker.engine.yamlpos import Positions

# The YAML reader, the semantic checks (and PyYAML under them) load only when a pack is read
# from its files: a pack from the on-disk cache (pack_cache) needs none of them (start-up).

SCHEMA_PATH = RULES_DIR / "schema.json"


class PackError(RuleFileError):
    """A pack that cannot be used; ``problems`` holds every problem, one line each."""

    def __init__(self, problems: list[RuleFileError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.path, first.problem, first.line, first.column)

    def one_line(self) -> str:
        return "\n".join(p.one_line() for p in getattr(self, "problems", [])) or super().one_line()


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    # Imported here: jsonschema is a large import, needed only when a pack is not cached.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@dataclass
class _File:
    path: Path
    data: dict[str, Any] | None
    positions: Positions
    problems: list[RuleFileError] = field(default_factory=list)

    def error(self, problem: str, path: tuple[str | int, ...] = (), *, key: bool = False) -> None:
        line, column = self.positions.at(path, key=key)
        if line is None and self.path.is_file():
            # A whole-file problem (empty, not a mapping) still gets file:line:column, so
            # every problem line has the one form editors and CI annotations parse.
            line, column = 1, 1
        self.problems.append(RuleFileError(str(self.path), problem, line, column))


# Parsed and schema-checked shipped files of this process by (path, content): budget.yaml
# and final.yaml both extend common.yaml, which is then parsed and validated once, not
# twice. Only the shipped ones: a user's pack (up to 2 MB, its data several times that)
# would otherwise stay in memory for the whole run after its rules are built.
_PARSED: dict[tuple[Path, str], _File] = {}


def _read(path: Path) -> _File:
    from checker.engine.safeyaml import read_pack_text
    from checker.engine.yamlpos import Positions

    try:
        text = read_pack_text(path)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        file = _File(path, None, Positions())
        file.error(f"cannot read rule file: {error}")
        return file
    parsed = _PARSED.get((path, text))
    if parsed is None:
        parsed = _parse(path, text)
        if path.resolve().parent == RULES_DIR.resolve():
            _PARSED[(path, text)] = parsed
    # A fresh problem list: the loader adds this pack's semantic problems to it.
    return _File(parsed.path, parsed.data, parsed.positions, list(parsed.problems))


def _parse(path: Path, text: str) -> _File:
    from checker.engine.yamlpos import Positions, YamlSyntaxError, load_with_positions

    try:
        data, positions = load_with_positions(text)
    except YamlSyntaxError as error:
        file = _File(path, None, Positions())
        file.problems.append(RuleFileError(str(path), error.problem, error.line, error.column))
        return file
    file = _File(path, data if isinstance(data, dict) else None, positions)
    for dup_path, line, column in positions.duplicate_keys:
        file.problems.append(RuleFileError(
            str(path), f"duplicate key {dup_path[-1]!r}", line, column))
    if not isinstance(data, dict):
        file.error("a rule pack must be a mapping with 'pack:' (and 'aliases:', 'rules:')")
        return file
    _schema_problems(file, data)
    pack_defaults.expand_rules(data, file.error)
    return file


def _schema_problems(file: _File, data: dict[str, Any]) -> None:
    kinds = set(load_all())
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path))):
        path = tuple(error.absolute_path)
        if error.validator in ("additionalProperties", "unevaluatedProperties"):
            instance = error.instance if isinstance(error.instance, dict) else {}
            declared: set[str] = set()
            if error.validator == "unevaluatedProperties":
                if instance.get("kind") not in kinds:
                    continue  # the unknown kind is reported; its fields would only add noise
                # A kind's own field with a wrong value is reported by its own error, not as
                # an unknown key.
                declared = _kind_fields(str(instance.get("kind")))
            for name in re.findall(r"'([^']+)'", error.message):
                if name in instance and name not in declared:
                    file.error(f"unknown key {name!r}{_where(path)}", (*path, name), key=True)
            continue
        file.error(_describe(error, path), path)


def _kind_fields(kind: str) -> set[str]:
    spec = KINDS.get(kind)
    return {p.name for p in spec.params} if spec else set()


def _where(path: tuple[str | int, ...]) -> str:
    return f" in {_dotted(path)}" if path else ""


def _dotted(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<top>"


def _describe(error: Any, path: tuple[str | int, ...]) -> str:
    where = _dotted(path)
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{where}: {error.instance!r} is not one of: {allowed}"
    if error.validator == "required":
        return f"{where}: {error.message.replace('is a required property', 'is required')}"
    if error.validator == "type":
        return f"{where}: expected {error.validator_value}, got {type(error.instance).__name__}"
    return f"{where}: {error.message}"


def _resolve(reference: str, base: Path, probed: list[Path] | None = None) -> Path:
    """``extends`` entries are pack names (``common``) or paths relative to the file.
    Names looked for and not found are appended to ``probed`` (a file created there later
    would change the pack: the pack cache checks them)."""
    candidate = Path(reference)
    if candidate.suffix in (".yaml", ".yml") or "/" in reference:
        return (base.parent / candidate).resolve()
    for folder in (base.parent, RULES_DIR):
        for suffix in (".yaml", ".yml"):
            path = folder / f"{reference}{suffix}"
            if path.exists():
                return path.resolve()
            if probed is not None:
                probed.append(path)
    return (base.parent / f"{reference}.yaml").resolve()


class _Loader:
    def __init__(self) -> None:
        self.files: dict[Path, _File] = {}
        self.packs: dict[Path, Pack] = {}
        self.probed: list[Path] = []
        # One AppliesTo per distinct scope (most rules share their pack's default).
        self.scopes: dict[AppliesTo, AppliesTo] = {}

    def problems(self) -> list[RuleFileError]:
        seen: set[tuple[Any, ...]] = set()
        out: list[RuleFileError] = []
        for file in self.files.values():
            for problem in file.problems:
                key = (problem.path, problem.line, problem.column, problem.problem)
                if key not in seen:
                    seen.add(key)
                    out.append(problem)
        # In file order, so an author can work down the file.
        return sorted(out, key=lambda p: (p.path or "", p.line or 0, p.column or 0))

    def load(self, path: Path, stack: tuple[Path, ...] = ()) -> Pack | None:
        path = path.resolve()
        if path in self.packs:
            return self.packs[path]
        file = self.files.get(path) or _read(path)
        self.files[path] = file
        if file.data is None:
            return None
        meta = file.data.get("pack") if isinstance(file.data.get("pack"), dict) else {}
        parents: list[Pack] = []
        extends = meta.get("extends") if isinstance(meta.get("extends"), list) else []
        for index, reference in enumerate(extends):
            if not isinstance(reference, str):
                continue
            target = _resolve(reference, path, self.probed)
            where = ("pack", "extends", index)
            if target == path or target in stack:
                chain = " -> ".join(p.name for p in (*stack, path, target))
                file.error(f"'extends' cycle: {chain}", where)
                continue
            if not target.exists():
                file.error(f"'extends': no pack {reference!r} (looked for {target})", where)
                continue
            if not target.is_file():
                # /dev/zero, a FIFO or a folder would be read forever or not at all.
                file.error(f"'extends': {reference!r} 不是普通文件（{target}）", where)
                continue
            parent = self.load(target, (*stack, path))
            if parent is not None:
                parents.append(parent)
        pack = self._build(file, meta, parents)
        self.packs[path] = pack
        return pack

    def _build(self, file: _File, meta: dict[str, Any], parents: list[Pack]) -> Pack:
        assert file.data is not None
        tables: dict[str, list[str]] = {}
        sections: dict[str, list[str]] = {}
        disabled: set[str] = set()
        rules: list[Rule] = []
        tolerance = Decimal("0.01")
        chain: list[str] = []
        phrasings: list[dict[str, Any]] = []
        for parent in parents:
            phrasings.extend(p for p in parent.phrasings if p not in phrasings)
            for name, variants in parent.table_aliases.items():
                tables.setdefault(name, []).extend(v for v in variants if v not in tables[name])
            for name, variants in parent.section_aliases.items():
                sections.setdefault(name, []).extend(
                    v for v in variants if v not in sections[name])
            disabled |= parent.disabled
            rules.extend(r for r in parent.rules if r.id not in {x.id for x in rules})
            tolerance = parent.tolerance
            chain.extend(c for c in parent.chain if c not in chain)
        aliases = file.data.get("aliases") if isinstance(file.data.get("aliases"), dict) else {}
        for target, group in ((tables, "tables"), (sections, "sections")):
            mapping = aliases.get(group) if isinstance(aliases.get(group), dict) else {}
            for name, variants in mapping.items():
                entry = target.setdefault(str(name), [])
                entry.extend(str(v) for v in (variants or []) if str(v) not in entry)
        if isinstance(meta.get("tolerance"), int | float):
            tolerance = Decimal(str(meta["tolerance"]))
        inherited = {r.id: r for r in rules}
        own_ids: dict[str, int] = {}
        raw_rules = file.data.get("rules") if isinstance(file.data.get("rules"), list) else []
        name = str(meta.get("name") or file.path.stem)
        for index, raw in enumerate(raw_rules):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                continue
            where: tuple[str | int, ...] = ("rules", index)
            rule_id = raw["id"]
            if rule_id in own_ids:
                first = own_ids[rule_id]
                file.error(f"duplicate rule id {rule_id!r} (first defined in rules[{first}])",
                           (*where, "id"))
                continue
            if rule_id in inherited:
                other = inherited[rule_id]
                file.error(f"duplicate rule id {rule_id!r} (already defined in "
                           f"{other.source}:{other.line})", (*where, "id"))
                continue
            own_ids[rule_id] = index
            rule = self._rule(file, raw, where, name, meta)
            if rule is not None:
                self._semantic(file, rule, raw, where, tables, sections)
                rules.append(rule)
        disable = meta.get("disable") if isinstance(meta.get("disable"), list) else []
        for index, rule_id in enumerate(disable):
            if isinstance(rule_id, str) and rule_id not in {r.id for r in rules}:
                file.error(f"'disable': no rule {rule_id!r} in this pack or what it extends",
                           ("pack", "disable", index))
            disabled.add(str(rule_id))
        phrasings.extend(self._phrasings(file))
        self._external_semantic(file)
        return Pack(
            name=name, version=str(meta.get("version") or ""),
            description=str(meta.get("description") or ""), path=file.path,
            tolerance=tolerance, table_aliases=tables, section_aliases=sections, rules=rules,
            disabled=disabled, chain=[name, *chain], phrasings=phrasings,
        )

    @staticmethod
    def _phrasings(file: _File) -> list[dict[str, Any]]:
        """The pack's own ``phrasings:``, each compiled once here so a bad one is reported
        with its position when the pack loads, never while a document is checked."""
        assert file.data is not None
        raw = file.data.get("phrasings") if isinstance(file.data.get("phrasings"), list) else []
        good: list[dict[str, Any]] = []
        for index, entry in enumerate(raw):
            if not isinstance(entry, dict):
                continue  # the schema reported it
            try:
                phrasings([entry])
            except PhrasingError as error:
                file.error(str(error), ("phrasings", index))
                continue
            good.append(dict(entry))
        return good

    def _rule(self, file: _File, raw: dict[str, Any], where: tuple[str | int, ...],
              pack_name: str, meta: dict[str, Any]) -> Rule | None:
        if raw.get("kind") not in KINDS:
            return None  # schema already reported it
        scope = pack_defaults.applies_to(raw, meta)
        years = scope.get("years") if isinstance(scope.get("years"), dict) else {}
        examples = []
        for index, example in enumerate(raw.get("examples") or []):
            if isinstance(example, dict):
                line, _ = file.positions.at((*where, "examples", index))
                examples.append(Example(str(example.get("name", "")), str(example.get("status")),
                                        pack_defaults.example_document(example, meta), line))
        line, _ = file.positions.at(where)
        return Rule(
            id=raw["id"], title=str(raw.get("title", "")), severity=str(raw.get("severity")),
            kind=raw["kind"], reference=str(raw.get("reference", "")),
            message=str(raw.get("message", "")),
            applies_to=self._scope(AppliesTo(
                tuple(scope.get("kind") or ()), tuple(scope.get("level") or ()),
                years.get("from"), years.get("to"))),
            params={k: v for k, v in raw.items() if k not in COMMON_KEYS},
            examples=examples, category=raw.get("category"), description=raw.get("description"),
            source=str(file.path), line=line, pack=pack_name,
        )

    def _scope(self, scope: AppliesTo) -> AppliesTo:
        try:
            return self.scopes.setdefault(scope, scope)
        except TypeError:  # a list where a name belongs: the schema reported it
            return scope

    def _semantic(self, file: _File, rule: Rule, raw: dict[str, Any],
                  where: tuple[str | int, ...], tables: dict[str, list[str]],
                  sections: dict[str, list[str]]) -> None:
        spec: KindSpec = KINDS[rule.kind]
        for field_path, value in field_values(raw, spec.regex_fields):
            problem = check_pattern(value)
            if problem:
                shown = value if len(value) <= 80 else value[:79] + "…"
                file.error(f"{rule.id}: regex {shown!r} {problem}", (*where, *field_path))
        if isinstance(raw.get("message"), str):
            problem = message_problem(raw["message"])
            if problem:
                file.error(f"{rule.id}: {problem}", (*where, "message"))
        for field_path, value in field_values(raw, spec.expr_fields):
            try:
                unknown = function_names(compile_expr(value)) - KNOWN_FUNCTIONS
            except ExprError as error:
                file.error(f"{rule.id}: {error}", (*where, *field_path))
                continue
            for function in sorted(unknown):
                file.error(f"{rule.id}: unknown function {function!r} in {value!r}",
                           (*where, *field_path))
        for field_path, value in field_values(raw, spec.table_fields):
            if value not in tables:
                file.error(f"{rule.id}: unknown table alias {value!r} (define it under "
                           f"aliases.tables)", (*where, *field_path))
        for field_path, value in field_values(raw, spec.section_fields):
            if value not in sections:
                file.error(f"{rule.id}: unknown section alias {value!r} (define it under "
                           f"aliases.sections)", (*where, *field_path))
        for field_path, value in _expr_table_refs(raw, spec):
            if value not in tables:
                file.error(f"{rule.id}: unknown table alias {value!r} in cell(...)",
                           (*where, *field_path))

    def _external_semantic(self, file: _File) -> None:
        """Checks of the whole file (catastrophic backtracking, years, min/max)."""
        from checker.engine import semantic

        file.problems.extend(semantic.check(file.data, str(file.path)))


_CELL_TABLE = compile_re(r"""cell\(\s*["']([^"']+)["']""")


def _expr_table_refs(raw: dict[str, Any], spec: KindSpec
                     ) -> list[tuple[tuple[str | int, ...], str]]:
    found = []
    for field_path, value in field_values(raw, spec.expr_fields):
        found.extend((field_path, name) for name in _CELL_TABLE.findall(value))
    return found


def load_pack(path: str | Path) -> Pack:
    """Load, validate and merge a pack with what it extends; raise ``PackError`` on problems.
    A pack validated before (same files, same budgetlint) comes from the on-disk cache."""
    key = Path(path).resolve()
    cached = pack_cache.load_cached(key)
    if cached is not None:
        return cached
    loader = _Loader()
    pack = loader.load(Path(path))
    problems = loader.problems()
    if problems or pack is None:
        raise PackError(problems or [RuleFileError(str(path), "rule pack could not be loaded")])
    files, probed = list(loader.files), loader.probed
    # The files' parsed data goes before the pack is pickled: both at once were the peak.
    del loader
    pack_cache.store(key, pack, files, probed)
    return pack


def pack_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories to the ``*.yaml``/``*.yml`` files in them."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            found.append(path)
    return found


def validate_pack_files(paths: Iterable[str | Path]) -> list[RuleFileError]:
    """Every problem of every pack (and what they extend), for ``budgetlint rules validate``."""
    from checker.engine.yamlpos import Positions

    loader = _Loader()
    for path in pack_files(paths):
        if not path.exists():
            loader.files[path.resolve()] = _File(path, None, Positions(), [
                RuleFileError(str(path), "no such rule file")])
            continue
        loader.load(path)
    return loader.problems()


def list_rules(pack: Pack) -> list[Rule]:
    """The pack's enabled rules, in pack order (inherited rules first)."""
    return pack.enabled_rules()
