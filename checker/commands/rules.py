"""`budgetlint rules` (placeholder: owned by the rules work)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    sub = commands.add_parser("rules", help="not implemented yet")
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    raise SystemExit("budgetlint rules: not implemented yet")
