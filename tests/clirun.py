"""Run ``python -m checker`` as a user or CI would, and capture what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def budgetlint(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true"}
    env.pop("BUDGETLINT_DEBUG", None)
    # By default from an empty folder: no budgetlint.toml or pyproject.toml above the
    # repository's tests may change the gate under them.
    with tempfile.TemporaryDirectory() as neutral:
        return subprocess.run([sys.executable, "-m", "checker", *argv], capture_output=True,
                              text=True, encoding="utf-8", cwd=cwd or neutral, env=env,
                              timeout=300, check=False)
