"""The loaded form of a rule pack: what the engine and the ``rules`` CLI work with."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

# Keys every rule has; everything else on a rule belongs to its kind (``Rule.params``).
COMMON_KEYS = frozenset({
    "id", "title", "severity", "kind", "applies_to", "reference", "message", "category",
    "examples", "description",
})


# Slotted: a pack of thousands of rules kept an instance dict (~100-300 bytes) per rule,
# example and scope.
@dataclass(slots=True)
class Example:
    name: str
    status: str
    document: str
    line: int | None = None


@dataclass(slots=True, frozen=True)
class AppliesTo:
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def matches(self, kind: str | None, level: str | None, year: int | None) -> bool | None:
        """True/False when decidable; None when the document lacks what the filter needs.
        A filter naming every kind (预算 and 决算) does not need the document's kind."""
        every_kind = {"预算", "决算"} <= set(self.kinds)
        if self.kinds and kind is None and not every_kind:
            return None
        if self.kinds and kind is not None and kind not in self.kinds:
            return False
        if self.levels and level is not None and level not in self.levels:
            return False
        if (self.year_from is not None or self.year_to is not None) and year is None:
            return None
        if self.year_from is not None and year is not None and year < self.year_from:
            return False
        return not (self.year_to is not None and year is not None and year > self.year_to)

    def describe(self) -> str:
        parts = []
        if self.kinds:
            parts.append("/".join(self.kinds))
        if self.levels:
            parts.append("/".join(self.levels))
        if self.year_from or self.year_to:
            parts.append(f"{self.year_from or ''}–{self.year_to or ''}")
        return " ".join(parts) or "all documents"


@dataclass(slots=True)
class Rule:
    id: str
    title: str
    severity: str
    kind: str
    reference: str
    message: str
    applies_to: AppliesTo
    params: dict[str, Any]
    examples: list[Example] = field(default_factory=list)
    category: str | None = None
    description: str | None = None
    source: str | None = None
    line: int | None = None
    pack: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled (the pack cache) as one tuple of the fields: the default for a slotted
        # dataclass builds a state list and a class tuple per rule, and pickle's memo keeps
        # every one alive until the whole pack is written (~1 KB per rule at the peak).
        return Rule, tuple(getattr(self, name) for name in _RULE_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "severity": self.severity, "kind": self.kind,
            "category": self.category, "reference": self.reference, "message": self.message,
            "applies_to": self.applies_to.describe(), "source": self.source, "line": self.line,
            "pack": self.pack, "params": self.params,
            "examples": [{"name": e.name, "status": e.status} for e in self.examples],
        }


_RULE_FIELDS = tuple(f.name for f in fields(Rule))


@dataclass
class Pack:
    name: str
    version: str
    description: str
    path: Path
    tolerance: Decimal = Decimal("0.01")
    table_aliases: dict[str, list[str]] = field(default_factory=dict)
    section_aliases: dict[str, list[str]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    disabled: set[str] = field(default_factory=set)
    chain: list[str] = field(default_factory=list)  # this pack and what it extends, outermost first
    # Phrasings of quantitative statements this pack (or what it extends) adds to
    # grammars/phrasings.yaml (checker/parse/phrasings.py), as written in the YAML.
    phrasings: list[dict[str, Any]] = field(default_factory=list)

    def enabled_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.id not in self.disabled]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
