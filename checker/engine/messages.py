"""Rule messages checked when the pack is loaded, not when a rule fails on a document.

A message is a ``str.format`` template filled with the values a kind found (``{found}``,
``{expected}``, ...). A typo such as ``"缺少{pattern"`` used to raise only when the rule
failed, and the failure was then lost; ``{pattern:>300000000}`` built a 300 MB string;
``{found.__class__}`` reaches into Python objects. So a message may only hold plain named
fields, with an optional conversion and a format spec of modest width.
"""

from __future__ import annotations

import string

from checker.limits import MAX_MESSAGE_WIDTH
from checker.regex_cache import compile_re

_FIELD = compile_re(r"[^\W\d]\w*")
_WIDTH = compile_re(r"\d+")


def message_problem(message: str) -> str | None:
    """Why ``message`` is not a usable template, or None."""
    try:
        parts = list(string.Formatter().parse(message))
    except ValueError as error:
        return (f"message {_shown(message)} is not a valid template ({error}); "
                "write a literal brace as {{ or }}")
    for _literal, name, spec, _conversion in parts:
        if name is None:
            continue
        if not name:
            return f"message {_shown(message)}: '{{}}' names no field; write e.g. {{found}}"
        if not _FIELD.fullmatch(name):
            return (f"message {_shown(message)}: placeholder {{{name}}} must be a plain "
                    "name such as {found} (no index, attribute or number)")
        if spec and "{" in spec:
            return f"message {_shown(message)}: nested placeholder in {{{name}:{spec}}}"
        widths = [int(w) for w in _WIDTH.findall(spec or "")]
        if any(w > MAX_MESSAGE_WIDTH for w in widths):
            return (f"message {_shown(message)}: width in {{{name}:{spec}}} exceeds "
                    f"{MAX_MESSAGE_WIDTH}")
    return None


def _shown(message: str) -> str:
    return repr(message if len(message) <= 60 else message[:59] + "…")
