"""Where the shipped grammars and rule packs are found.

They sit at the top of the repository (``grammars/``, ``rules/``) so that rule authors find
them without digging into the package; ``pyproject.toml`` maps them into the package as
``checker.grammars`` and ``checker.packs``, so a wheel carries them and an installed
budgetlint loads them through ``importlib.resources`` wherever it is installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir(package: str, source_folder: str) -> Path:
    # Packs are opened by path (positions in error messages, ``extends`` next to the file),
    # so the data must be real files: true for a wheel or an editable install, never zipped.
    try:
        return Path(str(files(package)))
    except ModuleNotFoundError:
        # A source checkout used without installing (PYTHONPATH=.): the folders themselves.
        return Path(__file__).resolve().parent.parent / source_folder


GRAMMARS_DIR = _package_dir("checker.grammars", "grammars")
RULES_DIR = _package_dir("checker.packs", "rules")
DEFAULT_REPORTS_DIR = Path("reports")
