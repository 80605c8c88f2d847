"""Public entry points of the rule engine: load a pack, check a document."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.ast import Document
from checker.results import UnitReport

Pack = Any  # replaced by the engine's own pack type


def load_pack(path: str | Path) -> Pack:
    """Load and validate a rule pack (and what it extends). Raises ``RuleFileError``."""
    raise NotImplementedError


def default_pack_path(kind: str | None) -> Path:
    """``rules/budget.yaml`` for a 预算, ``rules/final.yaml`` for a 决算."""
    raise NotImplementedError


def check_document(doc: Document, pack: Pack, *, tolerance: Decimal | None = None,
                   disabled: Iterable[str] = ()) -> UnitReport:
    """Evaluate every applicable rule of ``pack`` against ``doc``."""
    raise NotImplementedError
