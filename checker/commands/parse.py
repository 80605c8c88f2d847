"""`budgetlint parse` (placeholder: owned by the parse work)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    sub = commands.add_parser("parse", help="not implemented yet")
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    raise SystemExit("budgetlint parse: not implemented yet")
