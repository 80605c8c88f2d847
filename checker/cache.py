"""Where budgetlint keeps what it can rebuild (validated rule packs, the compiled grammar).

``$BUDGETLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/budgetlint``, else ``~/.cache/budgetlint``;
``BUDGETLINT_NO_CACHE=1`` turns caching off. Everything in it is an optimisation: a missing,
stale or damaged file is rebuilt, never reported.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("BUDGETLINT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("BUDGETLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "budgetlint"
