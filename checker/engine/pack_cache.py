"""Validated rule packs kept on disk, so a one-file check does not re-read and re-validate YAML.

Loading a pack means parsing YAML, JSON-Schema validation and the semantic checks
(regex backtracking analysis among them): most of a short run's CPU. A pack that loaded
without problems is pickled under the cache folder, keyed by budgetlint's version, the
fingerprint of its own code and the content of every file the pack was built from (the
pack and what it ``extends``); a change to any of them is a miss.

The cache is an optimisation only, never a source of truth or of errors:
- a missing, unreadable, truncated or foreign cache file is ignored (and rewritten);
- files are written to a temporary name and renamed into place, so a concurrent run
  (``--jobs`` workers, two CI jobs) sees either the old file or the new one, never half;
- a pack with problems is never cached: its errors are reported by the loader every time.

The folder is ``checker.cache.cache_dir()`` (``BUDGETLINT_CACHE_DIR``, ``XDG_CACHE_HOME``,
``BUDGETLINT_NO_CACHE``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from checker import __version__
from checker.cache import cache_dir, write_atomic
from checker.engine.rule_model import Pack
from checker.resources import RULES_DIR

_FORMAT = 2  # bump when the cached layout changes (2: a rule pickled as one tuple)
_MAGIC = b"budgetlint-pack-cache\n"
T = TypeVar("T")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """budgetlint's version plus the size and mtime of its sources and shipped files: an
    editable install changes code without changing the version, and a stale pack validated
    by older code must not survive that."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{_FORMAT}:{__version__}".encode())
    for folder, dirs, files in sorted(os.walk(root)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".lark")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    # The schema validates every pack; in a source checkout it sits outside the package.
    digest.update(_file_hash(RULES_DIR / "schema.json").encode() if (
        RULES_DIR / "schema.json").is_file() else b"no schema")
    return digest.hexdigest()


def _entry_path(folder: Path, pack_path: Path) -> Path:
    key = hashlib.sha256(f"{code_fingerprint()}\0{pack_path}".encode()).hexdigest()[:32]
    return folder / f"pack-{key}.pickle"


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def load_cached(pack_path: Path) -> Pack | None:
    """The cached pack for ``pack_path`` if every file it was built from is unchanged."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = _entry_path(folder, pack_path)
    try:
        data = entry.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        stored: dict[str, Any] = pickle.loads(data[len(_MAGIC):])
        if stored.get("fingerprint") != code_fingerprint():
            return None
        for path, digest in stored["files"]:
            if _file_hash(Path(path)) != digest:
                return None
        # ``extends: common`` looks beside the pack before the shipped folder: a file
        # created since would change what the pack means.
        for path in stored.get("absent", ()):
            if Path(path).exists():
                return None
        pack = stored["pack"]
    except Exception:  # any unreadable entry is a miss, never an error
        return None
    return pack if isinstance(pack, Pack) else None


def store(pack_path: Path, pack: Pack, files: list[Path], absent: list[Path]) -> None:
    """Write the entry atomically; a failure to write only costs the next run a reload."""
    folder = cache_dir()
    if folder is None:
        return
    hashes = [(str(path), _file_hash(path)) for path in files]
    if any(not digest for _, digest in hashes):
        return
    payload = _MAGIC + pickle.dumps(
        {"fingerprint": code_fingerprint(), "files": hashes,
         "absent": [str(path) for path in absent], "pack": pack},
        protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(_entry_path(folder, pack_path), payload)


def cached_value(name: str, files: list[Path], build: Callable[[], T],
                 valid: Callable[[Any], bool]) -> T:
    """``build()``, kept on disk under ``name`` while the content of ``files`` (and
    budgetlint's code) is unchanged: e.g. the shipped profiles, read from every pack's YAML.
    Same safety as the packs: a damaged entry, or one that ``valid`` rejects, is a miss;
    a new one is written atomically."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in files:
        digest.update(f"\0{path}\0{_file_hash(path)}".encode())
    key = digest.hexdigest()
    # One entry per name and code version (a new version does not overwrite an older
    # installation's entry); the files' content is checked inside it.
    entry = folder / f"{name}-{code_fingerprint()[:16]}.pickle"
    try:
        data = entry.read_bytes()
        if data.startswith(_MAGIC):
            stored = pickle.loads(data[len(_MAGIC):])
            if isinstance(stored, dict) and stored.get("key") == key and valid(stored["value"]):
                return stored["value"]  # type: ignore[no-any-return]
    except Exception:  # any unreadable entry is a miss, never an error
        pass
    value = build()
    write_atomic(entry, _MAGIC + pickle.dumps({"key": key, "value": value},
                                                protocol=pickle.HIGHEST_PROTOCOL))
    return value
