"""Session-wide test settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A cache folder of the test session's own (CLI subprocesses inherit it): tests never
    read or fill the user's ~/.cache/budgetlint."""
    previous = os.environ.get("BUDGETLINT_CACHE_DIR")
    os.environ["BUDGETLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("budgetlint-cache"))
    yield
    if previous is None:
        os.environ.pop("BUDGETLINT_CACHE_DIR", None)
    else:
        os.environ["BUDGETLINT_CACHE_DIR"] = previous


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder of the test's own, the cache switched on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("BUDGETLINT_NO_CACHE", raising=False)
    return folder
