"""Where the shipped grammars and rule packs are found.

They sit at the top of the repository (``grammars/``, ``rules/``) so that rule authors find
them without digging into the package; ``pyproject.toml`` maps them into the package as
``checker.grammars`` and ``checker.packs``, so a wheel carries them and an installed
budgetlint finds them next to the package's modules wherever it is installed.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path


def _package_dir(package: str, source_folder: str) -> Path:
    # Packs are opened by path (positions in error messages, ``extends`` next to the file),
    # so the data must be real files: true for a wheel or an editable install, never zipped.
    # The folder of the package's ``__init__.py``, as ``importlib.resources.files`` finds it
    # for a package on disk, without importing ``importlib.resources`` (with tempfile and
    # zipfile, ~12 ms of every run's start-up).
    try:
        init = import_module(package).__file__
    except ModuleNotFoundError:
        init = None
    if init is not None:
        return Path(init).parent
    # A source checkout used without installing (PYTHONPATH=.): the folders themselves.
    return Path(__file__).resolve().parent.parent / source_folder


GRAMMARS_DIR = _package_dir("checker.grammars", "grammars")
RULES_DIR = _package_dir("checker.packs", "rules")
DEFAULT_REPORTS_DIR = Path("reports")
