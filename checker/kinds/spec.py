"""How a rule kind declares itself: its parameters, their types and defaults, which of them
hold regexes, expressions or aliases, its message placeholders and its documentation.

One declaration feeds the loader (which fields to compile and check when a pack loads), the
kinds section of ``rules/schema.json`` and the kinds tables of ``docs/rules.md`` (both written
by ``python -m checker.engine.schema_gen``). The helpers below build the usual parameter
types; ``Param(...)`` with an explicit JSON schema covers anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.engine.rule_model import Rule
    from checker.kinds._context import Context
    from checker.model.results import RuleResult

CheckFn = Callable[["Rule", "Context"], list["RuleResult"]]

# What a field may hold that the loader checks when a pack loads.
ROLES = ("regex", "expr", "tables", "sections")
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    """One parameter of a kind. ``roles`` are (role, field spec) pairs: a field spec is the
    parameter's name, ``name[]`` for each item of a list, ``name[].key`` inside list items."""

    name: str
    schema: dict[str, Any]
    doc: str
    type: str                               # short type for the docs table
    required: bool = False
    default: Any = _NO_DEFAULT
    roles: tuple[tuple[str, str], ...] = ()

    @property
    def has_default(self) -> bool:
        return self.default is not _NO_DEFAULT


@dataclass(frozen=True)
class KindSpec:
    name: str
    check: CheckFn
    doc: str                                 # one paragraph: what the kind checks
    params: tuple[Param, ...] = ()
    placeholders: tuple[str, ...] = ()       # {names} its messages may use
    pattern_groups: bool = False             # a regex's named groups are placeholders too
    module: str = ""

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def fields(self, role: str) -> tuple[str, ...]:
        return tuple(spec for p in self.params for r, spec in p.roles if r == role)

    @property
    def regex_fields(self) -> tuple[str, ...]:
        return self.fields("regex")

    @property
    def expr_fields(self) -> tuple[str, ...]:
        return self.fields("expr")

    @property
    def table_fields(self) -> tuple[str, ...]:
        return self.fields("tables")

    @property
    def section_fields(self) -> tuple[str, ...]:
        return self.fields("sections")


def field_values(raw: dict[str, Any], specs: tuple[str, ...]
                 ) -> list[tuple[tuple[str | int, ...], str]]:
    """Values at field specs like ``note``, ``patterns[]``, ``items[].match``."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    for spec in specs:
        nodes: list[tuple[tuple[str | int, ...], Any]] = [((), raw)]
        for part in spec.split("."):
            many = part.endswith("[]")
            key = part[:-2] if many else part
            next_nodes = []
            for path, node in nodes:
                if not isinstance(node, dict) or key not in node:
                    continue
                value = node[key]
                if many and isinstance(value, list):
                    next_nodes.extend(((*path, key, i), v) for i, v in enumerate(value))
                elif not many:
                    next_nodes.append(((*path, key), value))
            nodes = next_nodes
        out.extend((path, value) for path, value in nodes if isinstance(value, str))
    return out


# --- parameter helpers -------------------------------------------------------------------

_TEXT = {"type": "string", "minLength": 1}
_REGEX = {"type": "string", "minLength": 1, "description": "Python regular expression"}


def _param(name: str, schema: dict[str, Any], doc: str, type_: str, required: bool,
           default: Any, roles: tuple[tuple[str, str], ...] = ()) -> Param:
    return Param(name, schema, doc, type_, required, default, roles)


def aliases(name: str, group: str, doc: str, *, required: bool = False,
            default: Any = _NO_DEFAULT) -> Param:
    """A list of table or section aliases (``group``: "tables" or "sections")."""
    return _param(name, {"type": "array", "items": dict(_TEXT), "minItems": 1}, doc,
                  f"{group[:-1]} aliases", required, default, ((group, f"{name}[]"),))


def single_alias(name: str, group: str, doc: str, *, required: bool = False) -> Param:
    """One table or section alias."""
    return _param(name, {"type": "string"}, doc, f"{group[:-1]} alias", required,
                  _NO_DEFAULT, ((group, name),))


def regex(name: str, doc: str, *, required: bool = False, default: Any = _NO_DEFAULT) -> Param:
    return _param(name, dict(_REGEX), doc, "regex", required, default, (("regex", name),))


def regexes(name: str, doc: str, *, required: bool = False) -> Param:
    return _param(name, {"type": "array", "items": dict(_REGEX), "minItems": 1}, doc,
                  "list of regexes", required, _NO_DEFAULT, (("regex", f"{name}[]"),))


def expr(name: str, doc: str, *, required: bool = False) -> Param:
    return _param(name, dict(_TEXT), doc, "expression", required, _NO_DEFAULT,
                  (("expr", name),))


def choice(name: str, values: tuple[str, ...], doc: str, *, required: bool = False,
           default: Any = _NO_DEFAULT) -> Param:
    return _param(name, {"enum": list(values)}, doc, " | ".join(values), required, default)


def choices(name: str, values: tuple[str, ...], doc: str, *, required: bool = False,
            default: Any = _NO_DEFAULT) -> Param:
    schema = {"type": "array", "items": {"enum": list(values)}, "minItems": 1}
    return _param(name, schema, doc, "list of " + " | ".join(values), required, default)


def boolean(name: str, doc: str, *, default: Any = _NO_DEFAULT) -> Param:
    return _param(name, {"type": "boolean"}, doc, "true/false", False, default)


def integer(name: str, doc: str, *, minimum: int | None = None,
            default: Any = _NO_DEFAULT) -> Param:
    schema: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    return _param(name, schema, doc, "integer", False, default)


def number(name: str, doc: str, *, minimum: float | None = None,
           default: Any = _NO_DEFAULT) -> Param:
    schema: dict[str, Any] = {"type": "number"}
    if minimum is not None:
        schema["minimum"] = minimum
    return _param(name, schema, doc, "number", False, default)


def text(name: str, doc: str, *, required: bool = False) -> Param:
    return _param(name, dict(_TEXT), doc, "text", required, _NO_DEFAULT)


def texts(name: str, doc: str, *, required: bool = False, min_items: int = 1,
          default: Any = _NO_DEFAULT) -> Param:
    schema: dict[str, Any] = {"type": "array", "items": dict(_TEXT)}
    if min_items:
        schema["minItems"] = min_items
    return _param(name, schema, doc, "list of texts", required, default)


def custom(name: str, schema: dict[str, Any], doc: str, type_: str, *,
           required: bool = False, default: Any = _NO_DEFAULT,
           roles: tuple[tuple[str, str], ...] = ()) -> Param:
    """Anything the helpers above do not cover: give the JSON schema and the roles."""
    return _param(name, schema, doc, type_, required, default, roles)

