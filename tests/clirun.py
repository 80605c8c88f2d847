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
    # The format tests read the English reports; tests of the Chinese ones pass --lang zh.
    env.setdefault("BUDGETLINT_LANG", "en")
    # By default from an empty folder: no budgetlint.toml or pyproject.toml above the
    # repository's tests may change the gate under them.
    with tempfile.TemporaryDirectory() as neutral:
        return subprocess.run([sys.executable, "-m", "checker", *argv], capture_output=True,
                              text=True, encoding="utf-8", cwd=cwd or neutral, env=env,
                              timeout=300, check=False)


def unwrap(text: str) -> str:
    """Piped text output is cut at 100 columns with indented continuation lines: the
    logical lines back, one finding per line."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("    ") and out:
            out[-1] += line[4:]
        else:
            out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")
