"""Which rules run: ``--select`` / ``--ignore`` / ``--disable`` / the config's ``disable``,
by rule id or category, checked against the rules that exist.

A name that matches no rule and no category is an error naming it (a misspelt id silently
ignored would leave a rule running that the user believes is off, or a waiver that never
applies), with the closest known names as a hint. Rule ids may use shell wildcards
(``COM-XC-*``) as waivers do; a wildcard that matches nothing is an error too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from checker.errors import ConfigError

SHIPPED_PACKS = ("common", "budget", "final")  # the default packs every profile builds on


@dataclass
class Catalogue:
    """Rule ids with their categories, from every pack a run may use."""

    categories: dict[str, str | None]

    def resolve(self, name: str, where: str) -> set[str]:
        """The rule ids ``name`` stands for: a category, an id or an id pattern."""
        by_category = {rule for rule, cat in self.categories.items() if cat == name}
        if by_category:
            return by_category
        matched = {rule for rule in self.categories if fnmatchcase(rule, name)}
        if matched:
            return matched
        known = sorted({*self.categories, *(c for c in self.categories.values() if c)})
        import difflib  # only for a misspelt rule id

        close = difflib.get_close_matches(name, known, n=3)
        hint = f"（最接近的：{'、'.join(close)}）" if close else ""
        raise ConfigError(where, f"未知的规则或类别 “{name}”{hint}；"
                                 "`budgetlint rules list` 列出全部规则")


def catalogue(pack: Path | None) -> Catalogue:
    """The rules of ``pack`` (``--rules``), else of every shipped profile's pack."""
    from checker.cli.batch import _pack_for
    from checker.engine.profiles import shipped_profiles

    paths = [pack] if pack is not None else [p.path for p in shipped_profiles()]
    from checker.engine.run import UNRECOGNISED_RULE

    categories: dict[str, str | None] = {UNRECOGNISED_RULE: "completeness"}
    for path in paths:
        for rule in _pack_for(Path(path)).rules:
            categories.setdefault(rule.id, rule.category)
    return Catalogue(categories)


def disabled_rules(known: Catalogue, *, disable: Iterable[tuple[str, str]] = (),
                   ignore: Iterable[str] = (), select: Iterable[str] = ()) -> tuple[str, ...]:
    """The rule ids not to run. ``disable`` pairs each name with where it was given (the
    config file or ``--disable``)."""
    off: set[str] = set()
    for name, where in disable:
        off |= known.resolve(name, where)
    for name in ignore:
        off |= known.resolve(name, "--ignore")
    chosen = [known.resolve(name, "--select") for name in select]
    if chosen:
        keep = set().union(*chosen)
        off |= set(known.categories) - keep
    return tuple(sorted(off))


def check_waiver_rules(known: Catalogue, rules: Iterable[tuple[str, str]]) -> None:
    """Each waiver's rule (id or pattern, with the file:line it came from) must name a rule."""
    for name, where in rules:
        if name != "*":
            known.resolve(name, where)


def pack_chain(pack: Path) -> list[str] | None:
    """The names of ``pack`` and the packs it extends (None if it cannot be read: the
    batch reports that)."""
    from checker.cli.batch import _pack_for

    try:
        return list(getattr(_pack_for(Path(pack)), "chain", None) or []) or None
    except Exception:  # a broken pack is reported once by the batch, with its location
        return None


def dropped_defaults(pack_chain: list[str]) -> bool:
    """Whether a ``--rules`` pack leaves out the default packs (it extends none of them)."""
    return not any(Path(name).stem in SHIPPED_PACKS for name in pack_chain)
