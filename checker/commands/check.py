"""`budgetlint check` (placeholder: owned by the check work)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    sub = commands.add_parser("check", help="not implemented yet")
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    raise SystemExit("budgetlint check: not implemented yet")
