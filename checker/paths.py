"""Where the project's grammars and default rule packs live.

The grammars and rule packs sit at the repository root (``grammars/``, ``rules/``) so rule
authors find them without digging into the package; the package is installed in editable
mode, so they are found relative to this file.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GRAMMARS_DIR = PROJECT_ROOT / "grammars"
RULES_DIR = PROJECT_ROOT / "rules"
DEFAULT_REPORTS_DIR = Path("reports")
