"""Phrasings of quantitative statements, as data: ``grammars/phrasings.yaml`` plus whatever a
rule pack adds under ``phrasings:``. Each becomes a compiled regex with its family."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.cache import cached_yaml
from checker.regex import rule_regex
from checker.regex_cache import compile_re
from checker.resources import GRAMMARS_DIR

PHRASINGS_PATH = GRAMMARS_DIR / "phrasings.yaml"

FAMILIES = ("yoy", "final_vs_budget", "share", "total_parts", "count", "item_amount",
            "headline_total", "named_amount")
NUMBER_ROLES = ("amount", "last_year", "budget", "adjusted_budget", "final", "change",
                "percent", "share", "count", "total")
SUBJECT_GROUPS = ("class", "kuan", "name", "code")
WORD_GROUPS = ("dir", "pdir", "flat", "cmp", "cmp_flat", "pbase", "pbudget", "cbase", "unit",
               "of")
TEXT_GROUPS = ("reason", "parts", "echo")
KNOWN_GROUPS = frozenset(NUMBER_ROLES + SUBJECT_GROUPS + WORD_GROUPS + TEXT_GROUPS)
PERCENT_KINDS = ("change", "completion", "share")
_MACRO = compile_re(r"\{([A-Z_]+)\}")


class PhrasingError(ValueError):
    """A phrasing that cannot be used (unknown family, bad regex, unknown group name)."""


@dataclass(frozen=True)
class Phrasing:
    id: str
    family: str
    regex: Any  # re.Pattern or its RE2 counterpart (same methods)
    percent: str | None = None
    description: str = ""


def expand(pattern: str, macros: Mapping[str, str]) -> str:
    """``{AMOUNT}`` → its regex; regex quantifiers such as ``{0,30}`` are left alone."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise PhrasingError(f"unknown macro {{{name}}}")
        return macros[name]
    return _MACRO.sub(replace, pattern)


def compile_phrasing(entry: Mapping[str, Any], macros: Mapping[str, str]) -> Phrasing:
    ident = str(entry.get("id") or "")
    family = entry.get("family")
    if not ident:
        raise PhrasingError("a phrasing needs an id")
    if family not in FAMILIES:
        raise PhrasingError(f"phrasing {ident}: family must be one of {', '.join(FAMILIES)}")
    percent = entry.get("percent")
    if percent is not None and percent not in PERCENT_KINDS:
        raise PhrasingError(f"phrasing {ident}: percent must be one of {', '.join(PERCENT_KINDS)}")
    try:
        # RE2 where it can (linear in the line's length), else re (docs/robustness.md).
        regex = rule_regex(expand(str(entry.get("pattern") or ""), macros))
    except (re.error, OverflowError, RecursionError) as error:
        raise PhrasingError(f"phrasing {ident}: pattern does not compile: {error}") from None
    unknown = sorted(set(regex.groupindex) - KNOWN_GROUPS)
    if unknown:
        raise PhrasingError(f"phrasing {ident}: unknown group name(s) {', '.join(unknown)}")
    if not regex.pattern:
        raise PhrasingError(f"phrasing {ident}: empty pattern")
    return Phrasing(ident, str(family), regex, percent, str(entry.get("description") or ""))


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[str, str], tuple[Phrasing, ...]]:
    data = cached_yaml(PHRASINGS_PATH)  # start-up: no PyYAML, no parse
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    return macros, tuple(compile_phrasing(e, macros) for e in data.get("phrasings") or [])


def shipped_macros() -> dict[str, str]:
    return dict(_shipped()[0])


def phrasings(extra: Iterable[Mapping[str, Any]] = ()) -> list[Phrasing]:
    """The shipped phrasings, then ``extra`` ones (a pack's); an extra phrasing with the id of
    a shipped one replaces it."""
    macros, shipped = _shipped()
    added = [compile_phrasing(e, macros) for e in extra]
    replaced = {p.id for p in added}
    return [p for p in shipped if p.id not in replaced] + added
