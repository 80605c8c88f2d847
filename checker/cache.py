"""Where budgetlint keeps what it can rebuild (validated rule packs, the profiles, the compiled
grammars).

``$BUDGETLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/budgetlint``, else ``~/.cache/budgetlint``;
``BUDGETLINT_NO_CACHE=1`` turns caching off. Everything in it is an optimisation: a missing,
stale or damaged file is rebuilt, never reported.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("BUDGETLINT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("BUDGETLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "budgetlint"


def cached_lark(name: str, grammar: str, **options: Any) -> Any:
    """A ``lark.Lark`` parser whose compiled tables are kept in the cache folder.

    The file is named after a digest of the grammar text, the options, lark's version and
    Python's, so a changed grammar or upgraded lark never meets an old file (lark also checks
    its own digest on load and rebuilds from the grammar when a file is damaged). A new file
    is written under a temporary name and renamed into place: a concurrent run (``--jobs``
    workers, two CI jobs) reads the old file, the new one or none, never half of one."""
    from lark import Lark
    from lark import __version__ as lark_version

    folder = cache_dir()
    if folder is None:
        return Lark(grammar, **options)
    described = repr(sorted((key, getattr(value, "__qualname__", value))
                            for key, value in options.items()))
    key = hashlib.sha256("\0".join((grammar, described, lark_version, sys.version)).encode())
    target = folder / f"{name}-{key.hexdigest()[:24]}.lark-cache"
    if target.is_file():
        return Lark(grammar, cache=str(target), **options)
    import tempfile  # only when writing: it loads shutil, random, bz2, lzma

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        os.close(handle)
        os.unlink(temporary)  # lark writes the file itself; it needs only the unique name
    except OSError:
        return Lark(grammar, **options)
    parser = Lark(grammar, cache=temporary, **options)
    try:
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return parser


@lru_cache(maxsize=1)
def lark_init_file() -> str | None:
    """lark's ``__init__.py`` (it holds lark's version), found without importing lark: part
    of the digest naming what is kept from lark's output (``checker.parse.lalr``'s tables,
    ``checker.engine.expr``'s trees). None when lark is not installed."""
    from importlib.util import find_spec

    try:
        spec = find_spec("lark")
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def cached_yaml(path: Path) -> Any:
    """The data of a YAML file shipped with budgetlint (the phrasings, the message
    catalogue), kept in the cache folder keyed by the file's content: a one-file check then
    needs neither PyYAML nor a parse. Only for trusted files (YAML's safe subset, loaded with
    libyaml when it is there); a damaged entry is a miss, a new one is written atomically."""
    import pickle

    text = path.read_bytes()
    folder = cache_dir()
    digest = hashlib.sha256(text).hexdigest()[:24]
    entry = folder / f"yaml-{path.stem}-{digest}.pickle" if folder is not None else None
    if entry is not None:
        try:
            stored = pickle.loads(entry.read_bytes())
            if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == digest:
                return stored[1]
        except Exception:  # missing or damaged: read the YAML
            pass
    import yaml

    data = yaml.load(text.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if entry is not None:
        write_atomic(entry, pickle.dumps((digest, data), protocol=pickle.HIGHEST_PROTOCOL))
    return data


def write_atomic(entry: Path, payload: bytes) -> None:
    """Write a cache entry under a temporary name, then rename it into place; a failure to
    write only costs the next run a rebuild."""
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return
