"""Results of pure functions of text kept from one run to the next in the cache folder.

A one-file check spends a large share of its start-up rebuilding the same values every run:
the programs of the modules' regexes (``checker.regex_cache``) and what the statement layer
learns from each phrasing's pattern. A ``DiskMemo`` holds such values in one ``marshal`` file
per memo, read on first use and written back once at exit when the run added something.

Everything here is an optimisation (``checker.cache``): a missing, damaged or foreign file is
an empty memo, a failed write costs the next run a rebuild, and ``BUDGETLINT_NO_CACHE=1``
turns it off. The file name carries what the values depend on (Python's version, and for a
memo of budgetlint's own code the digest of that code), so a changed function or another
Python never reads an old value.
"""

from __future__ import annotations

import atexit
import marshal
import sys
import zlib
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from checker.cache import cache_dir, write_atomic

# Beyond this many values a memo keeps only those this run used: a long-lived cache that
# met many packs' patterns does not grow without end.
MEMO_LIMIT = 4096

# What ``get`` returns for a key the memo does not hold (``None`` is a value like any other).
MISSING = object()
_DIRTY: list[DiskMemo] = []
T = TypeVar("T")


def code_digest(files: Iterable[str | Path]) -> str:
    """A short digest of source files (the code a memo's values come from); empty when one
    cannot be read, which turns the memo off rather than risk a stale value."""
    digest = 0
    for file in files:
        try:
            digest = zlib.crc32(Path(file).read_bytes(), digest)
        except OSError:
            return ""
    return f"{digest:08x}"


class DiskMemo:
    """A persistent ``key → value`` map; keys and values must be ``marshal``-able."""

    def __init__(self, name: str, tag: str) -> None:
        self.name = name
        # Python's bytecode tag and marshal's format: a file written by another Python is
        # never opened by this one.
        self.tag = (f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{marshal.version}-{tag}"
                    if tag else "")
        self._values: dict[Hashable, Any] | None = None
        self._file: Path | None = None  # where the values were read from, written back to
        self._used: set[Hashable] = set()
        self._added = False

    def _path(self) -> Path | None:
        folder = cache_dir()
        if folder is None or not self.tag or sys.implementation.cache_tag is None:
            return None
        return folder / f"{self.name}-{self.tag}.marshal"

    def _load(self) -> dict[Hashable, Any]:
        values: dict[Hashable, Any] = {}
        path = self._file = self._path()
        if path is not None:
            try:
                stored = marshal.loads(path.read_bytes())
            except Exception:  # missing, damaged or truncated: start empty
                stored = None
            if isinstance(stored, dict):
                values = stored
        self._values = values
        return values

    def get(self, key: Hashable) -> Any:
        """The stored value, or ``MISSING``."""
        values = self._values if self._values is not None else self._load()
        value = values.get(key, MISSING)
        if value is not MISSING:
            self._used.add(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        values = self._values if self._values is not None else self._load()
        values[key] = value
        self._used.add(key)
        if not self._added:
            self._added = True
            if not _DIRTY:
                atexit.register(save_all)
            _DIRTY.append(self)

    def save(self) -> None:
        """Write the memo back (what the file held plus what this run added) to the file it
        was read from, wherever the cache folder points by now."""
        path = self._file
        if path is None or self._values is None or not self._added:
            return
        values = self._values
        if len(values) > MEMO_LIMIT:
            values = {key: values[key] for key in self._used if key in values}
        try:
            payload = marshal.dumps(values)
        except ValueError:  # a value marshal cannot write: keep nothing rather than fail
            return
        write_atomic(path, payload)
        self._added = False



def memoized(memo: DiskMemo, valid: Callable[[Any], bool]
             ) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """A pure function of one text, its results kept in ``memo`` (and in the process).
    A stored value ``valid`` rejects (a foreign or damaged file) is computed anew."""
    def wrap(function: Callable[[str], T]) -> Callable[[str], T]:
        @lru_cache(maxsize=1024)
        @wraps(function)
        def remembered(text: str) -> T:
            value = memo.get(text)
            if value is MISSING or not valid(value):
                value = function(text)
                memo.put(text, value)
            return value
        return remembered
    return wrap


def is_words(value: Any) -> bool:
    """A tuple of strings."""
    return isinstance(value, tuple) and all(isinstance(word, str) for word in value)


def is_word_groups(value: Any) -> bool:
    """A tuple of tuples of strings."""
    return isinstance(value, tuple) and all(map(is_words, value))


def save_all() -> None:
    """Write every memo this run added to (at exit)."""
    while _DIRTY:
        _DIRTY.pop().save()
