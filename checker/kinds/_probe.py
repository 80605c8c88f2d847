"""One search of a document's segments joined, to rule a pattern out before searching each
segment: most rule patterns match nowhere in a document.

The probe is RE2 on UTF-8 bytes: the joined text is encoded once for all the patterns of a
rule, where RE2's Python wrapper would encode it again for every search of a ``str``. It
is the pattern itself when RE2 compiles it and it sees only its match (no anchor,
boundary or lookaround: then a match inside one segment is also one inside the segments
joined by line breaks). A pattern with lookaround runs on Python's ``re`` (RE2 has none);
its probe is the pattern without the lookarounds, which matches wherever the pattern
does (a lookaround only ever refuses a match), rendered for RE2 when nothing in it could
mean something else there (no ``\\d``/``\\w``/``\\s`` classes, which RE2 reads as ASCII,
no flags, no anchors or back-references). Otherwise no probe: every segment is searched.
"""

from __future__ import annotations

from functools import lru_cache
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

from checker.regex import re2_compile

# The flags every str pattern has (re.UNICODE); any other (re.I, re.S, re.X ...) changes
# what the rendered probe would mean.
_DEFAULT_FLAGS = _sre_parse.parse("x").state.flags


class _Unfit(Exception):
    """Something in the pattern the rendering cannot keep exactly."""


@lru_cache(maxsize=1024)
def probe_for(pattern: str, sees_only_its_match: bool) -> Any | None:
    """The RE2 bytes probe of ``pattern`` (``search(bytes)``), or None."""
    if sees_only_its_match:
        if re2_compile(pattern) is None:
            return None
        return re2_compile(pattern.encode("utf-8"))
    relaxed = without_lookaround(pattern)
    return None if relaxed is None else re2_compile(relaxed.encode("utf-8"))


def without_lookaround(pattern: str) -> str | None:
    """RE2 text matching wherever ``pattern`` (as ``re`` reads it) matches, its
    lookarounds left out; None when the pattern holds anything else RE2 may read
    differently (or no lookaround at all: nothing to gain)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return None
    if parsed.state.flags != _DEFAULT_FLAGS:
        return None
    found: list[bool] = []
    try:
        text = _render(list(parsed.data), found)
    except _Unfit:
        return None
    return text if found else None


def _render(items: list[Any], found: list[bool]) -> str:
    return "".join(_item(op, av, found) for op, av in items)


def _char(code: int) -> str:
    return f"\\x{{{code:x}}}"  # RE2's code-point escape: never ambiguous


def _item(op: Any, av: Any, found: list[bool]) -> str:
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        found.append(True)
        return ""  # a lookaround consumes nothing: leaving it out only allows more
    if op is _sre.LITERAL:
        return _char(av)
    if op is _sre.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is _sre.ANY:
        return "."  # neither engine's dot matches a line break by default
    if op is _sre.IN:
        return _members(av)
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:
            raise _Unfit
        return f"(?:{_render(list(body.data), found)})"
    if op is _sre.BRANCH:
        return "(?:" + "|".join(_render(list(alt.data), found) for alt in av[1]) + ")"
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, body = av
        upper = "" if high == _sre.MAXREPEAT else str(high)
        return f"(?:{_render(list(body.data), found)}){{{low},{upper}}}"
    raise _Unfit  # anchors, boundaries, categories, back-references, atomic groups ...


def _members(members: list[Any]) -> str:
    parts = []
    for op, av in members:
        if op is _sre.NEGATE:
            parts.append("^")
        elif op is _sre.LITERAL:
            parts.append(_char(av))
        elif op is _sre.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        else:
            raise _Unfit  # \d, \w, \s: Unicode in re, ASCII in RE2
    if parts == ["^"]:
        raise _Unfit
    return "[" + "".join(parts) + "]"
