"""``re.compile`` for budgetlint's own patterns, with the compiled programs kept across runs.

Python's ``re`` compiles a character class by marking its code points one at a time: a class
with a CJK range (``[\\u4e00-\\u9fff]``, 21,000 code points) takes 1–5 ms, and the parse
modules hold dozens of them. Compiling the package's regexes was about a quarter of a
one-file check's CPU time, every run, for the same patterns.

``compile_re`` keeps each pattern's program (what ``re._compiler`` makes of it) in a
``DiskMemo`` and rebuilds the pattern from it with ``_sre.compile``, the constructor ``re``
itself ends with. The result equals ``re.compile(pattern, flags)`` (``Pattern`` equality
compares the program; ``tests/test_regex_cache.py`` checks every pattern in the memo). The
memo's file is named after Python's version and ``re``'s engine magic number. When those
internals are missing or refuse a stored program, or the cache is off, this is
``re.compile``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from checker.disk_memo import MISSING, DiskMemo

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _PROGRAMS: DiskMemo | None = DiskMemo(
        "regex-programs", f"{_sre.MAGIC}-{_sre.CODESIZE}-{_sre.MAXREPEAT}")
except (ImportError, AttributeError):  # another Python implementation
    _PROGRAMS = None

Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _program(pattern: str | bytes, flags: int) -> Program:
    return program_of(_parser.parse(pattern, flags), flags)


def program_of(parsed: Any, flags: int = 0) -> Program:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for a parsed pattern (a
    ``re._parser.SubPattern``), in plain types."""
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


@lru_cache(maxsize=1024)
def compile_re(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored program when there is one (and, as
    ``re`` does, one pattern object for repeated calls)."""
    flags = int(flags)
    if _PROGRAMS is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    stored = _PROGRAMS.get(key)
    if stored is not MISSING:
        compiled = from_program(pattern, stored)
        if compiled is not None:
            return compiled
    try:
        program = _program(pattern, flags)
    except Exception:  # let ``re`` raise its own error for a bad pattern
        return re.compile(pattern, flags)
    compiled = from_program(pattern, program)
    if compiled is None:
        return re.compile(pattern, flags)
    _PROGRAMS.put(key, program)
    return compiled


def from_program(pattern: str | None, program: Any) -> re.Pattern[str] | None:
    """The pattern ``program`` (from ``program_of``) runs; None when it cannot be rebuilt.
    ``pattern`` is only what the result shows as its ``.pattern``."""
    try:
        final_flags, code, groups, groupindex, indexgroup = program
        return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
    except Exception:  # a damaged entry, or internals that changed: compile anew
        return None
