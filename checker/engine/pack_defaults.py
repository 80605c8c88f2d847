"""What a pack says once for all its rules: named regex pieces (``{AMOUNT}``), the default
``applies_to`` and the cover of example documents.

- ``{AMOUNT}`` in any regex field stands for budgetlint's amount pattern (digits, thousands
  commas, decimals), so a pack does not paste ``\\d[\\d,]*(?:\\.\\d+)?`` into every rule.
  It is expanded when the pack loads, before the regex is compiled and analysed.
- ``pack.applies_to`` is the ``applies_to`` of every rule of that file that has none of its
  own (a rule's own replaces it whole). It does not pass to packs that extend the file.
- ``pack.example_cover`` is put before every example document of that file's rules (the
  year, unit and 预算/决算 lines that make the document recognisable), so an example shows
  only what it tests; an example's own ``cover:`` replaces it (``""`` for none).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.kinds import KINDS
from checker.kinds._context import AMOUNT
from checker.regex_cache import compile_re

NAMED_PATTERNS: dict[str, str] = {"AMOUNT": AMOUNT}
_NAME = compile_re(r"\{([A-Z][A-Z_]*)\}")

Path = tuple[str | int, ...]


def expand(pattern: str) -> tuple[str, list[str]]:
    """The pattern with named pieces expanded, and the unknown names it uses."""
    unknown = [m.group(1) for m in _NAME.finditer(pattern) if m.group(1) not in NAMED_PATTERNS]
    if unknown:
        return pattern, unknown
    return _NAME.sub(lambda m: NAMED_PATTERNS[m.group(1)], pattern), []


def expand_rules(data: dict[str, Any], report: Callable[[str, Path], None]) -> None:
    """Expand ``{NAME}`` in every regex field of every rule, in place."""
    rules = data.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict) or rule.get("kind") not in KINDS:
            continue
        for spec in KINDS[str(rule["kind"])].regex_fields:
            for path, holder, key in _slots(rule, spec.split(".")):
                value = holder[key]
                if not isinstance(value, str) or "{" not in value:
                    continue
                expanded, unknown = expand(value)
                for name in unknown:
                    known = ", ".join(f"{{{n}}}" for n in NAMED_PATTERNS)
                    report(f"{rule.get('id', f'rules[{index}]')}: unknown named pattern "
                           f"{{{name}}} in {value!r} (known: {known})",
                           ("rules", index, *path))
                holder[key] = expanded


def _slots(node: Any, parts: list[str], path: Path = ()
           ) -> list[tuple[Path, Any, str | int]]:
    """(path, container, key) of every value at a field spec like ``items[].require[]``."""
    if not parts or not isinstance(node, dict):
        return []
    part, rest = parts[0], parts[1:]
    many = part.endswith("[]")
    key = part[:-2] if many else part
    if key not in node:
        return []
    value = node[key]
    if many:
        if not isinstance(value, list):
            return []
        if not rest:
            return [((*path, key, i), value, i) for i in range(len(value))]
        return [s for i, item in enumerate(value) for s in _slots(item, rest, (*path, key, i))]
    if not rest:
        return [((*path, key), node, key)]
    return _slots(value, rest, (*path, key))


def applies_to(rule: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """The rule's ``applies_to``, or the pack's default when it has none."""
    own = rule.get("applies_to")
    if isinstance(own, dict):
        return own
    default = meta.get("applies_to")
    return default if isinstance(default, dict) else {}


def example_document(example: dict[str, Any], meta: dict[str, Any]) -> str:
    """The example's document with its cover in front."""
    cover = example.get("cover", meta.get("example_cover", ""))
    cover = cover if isinstance(cover, str) else ""
    if cover and not cover.endswith("\n"):
        cover += "\n"
    return cover + str(example.get("document", ""))
