"""Template profiles: which family of disclosures a document follows, and why.

A profile is a rule pack with a ``profile:`` block (``rules/*.yaml``)::

    profile:
      title: 上海 预算              # what reports show
      kind: 预算                    # 预算 | 决算 (documents of the other kind never match)
      regions: [上海]               # names in the unit's name that point to this family
      tables: [财务收支预算总表, 部门收入预算总表|单位收入预算总表, ...]   # "a|b": variants
      sections: [主要职能, 机构设置, 名词解释, ...]
      generic: false                # the fallback profile when nothing fits
      text_layer_tables: 为何 …     # tables a PDF's text layer cannot rebuild: not verifiable

Detection reads the document itself: each profile's table titles and section names are
looked up among the document's short lines (headings, table titles, TOC entries), its
regions in the unit's name. The score is (2 × tables matched + sections matched) / 3 as
fractions, plus 0.1 for a region match; the best profile at or above ``THRESHOLD`` wins.
Nothing fits → the generic profile and one warning, 模板未识别, naming the closest.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import compress, groupby
from operator import attrgetter, itemgetter, not_
from pathlib import Path
from typing import Any

from checker.engine.title_keys import (
    _SHORT,
    TitleLines,
    remember_title_lines,
    remembered_title_lines,
    title_key,
)
from checker.model.ast import Document
from checker.model.lines import Lines
from checker.regex_cache import compile_re

THRESHOLD = Decimal("0.6")
REGION_BONUS = Decimal("0.1")
_MAX_PREFIX = 24  # "2025年预算单位" / "江苏省人民检察院" before the title proper
_SPACE = compile_re(r"\s+")


@dataclass(frozen=True)
class Profile:
    name: str                        # the pack's name: budget, shanghai_budget, …
    title: str                       # 上海 预算
    path: Path
    kind: str | None = None
    regions: tuple[str, ...] = ()
    tables: tuple[tuple[str, ...], ...] = ()
    sections: tuple[tuple[str, ...], ...] = ()
    generic: bool = False
    # Why this family's tables cannot be rebuilt from a PDF's text layer (table checks are
    # then not verifiable on such PDFs); None: they can.
    text_layer_tables: str | None = None
    # Why this family's tables are not in the text at all (printed as images): with no table
    # in the document, table checks are not verifiable rather than "nothing to check".
    tables_as_images: str | None = None

    @staticmethod
    def from_block(name: str, path: Path, block: dict[str, Any]) -> Profile:
        def variants(items: Any) -> tuple[tuple[str, ...], ...]:
            return tuple(tuple(v.strip() for v in str(item).split("|") if v.strip())
                         for item in (items or []))
        return Profile(name=name, title=str(block.get("title") or name), path=path,
                       kind=block.get("kind"), regions=tuple(block.get("regions") or ()),
                       tables=variants(block.get("tables")),
                       sections=variants(block.get("sections")),
                       generic=bool(block.get("generic")),
                       text_layer_tables=block.get("text_layer_tables"),
                       tables_as_images=block.get("tables_as_images"))


@dataclass
class Score:
    profile: Profile
    score: Decimal
    tables: int = 0
    sections: int = 0
    region: str | None = None
    excluded: str | None = None     # why the profile cannot apply (kind)

    def describe(self) -> str:
        p = self.profile
        if self.excluded:
            return f"{p.title}: {self.excluded}"
        bits = []
        if p.tables:
            bits.append(f"{self.tables} of {len(p.tables)} table titles matched")
        if p.sections:
            bits.append(f"{self.sections} of {len(p.sections)} sections")
        if self.region:
            bits.append(f"region {self.region}")
        return f"{p.title}: {', '.join(bits) or 'no signals'}"


@dataclass
class Detection:
    """The profile chosen for one document and why (``UnitReport.profile``)."""

    profile: Profile
    reason: str
    how: str                         # detected | fallback | option | config | rules
    score: Decimal | None = None
    candidates: list[Score] = field(default_factory=list)
    tables_found: int | None = None  # the profile's tables printed in the body (not the TOC)

    @property
    def recognised(self) -> bool:
        return self.how != "fallback"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.profile.name, "title": self.profile.title, "how": self.how,
            "reason": self.reason,
            "score": float(self.score) if self.score is not None else None,
            "tables_found": self.tables_found,
            "candidates": [{"name": c.profile.name, "title": c.profile.title,
                            "score": float(c.score), "why": c.describe()}
                           for c in self.candidates[:3]],
        }


def title_lines(doc: Document) -> TitleLines:
    """Every line whose title key has 1 to ``MAX_TITLE_LINE`` characters, in order: built
    once per document and shared by detection, ``toc`` and ``presence`` (each looked at
    every line's title key before). C-level maps throughout: no Python frame per line."""
    known = remembered_title_lines(doc)
    if known is not None:
        return known
    lines = doc.lines
    if isinstance(lines, Lines):
        # A parsed text's lines are normalised once for these keys and for the check's
        # joined text (``checker.kinds._joined.shared_title_lines``).
        from checker.kinds._joined import shared_title_lines

        found = shared_title_lines(doc)
    else:
        keys = list(map(title_key, map(_TEXT, lines)))
        short = list(map(_SHORT.__contains__, map(len, keys)))
        found = TitleLines(array("I", compress(map(_NUMBER, lines), short)),
                           list(compress(keys, short)))
    remember_title_lines(doc, found)
    return found


_TEXT = attrgetter("text")
_LAST = itemgetter(-1)
_NUMBER = attrgetter("number")


def _title_lines(doc: Document) -> tuple[list[str], list[str]]:
    """(every short line, the body's short lines without the TOC), as title keys."""
    numbers, keys = title_lines(doc)
    toc_lines = {entry.line for entry in doc.toc}
    body = list(compress(keys, map(not_, map(toc_lines.__contains__, numbers)))) \
        if toc_lines else list(keys)
    every = [*keys, *map(title_key, [t.title for t in doc.tables]),
             *map(title_key, [e.title for e in doc.toc])]
    return every, body


@dataclass(frozen=True)
class _Wanted:
    """Every profile's table titles and section names normalised, built once per list of
    profiles rather than once per document and profile."""

    tables: tuple[tuple[tuple[str, ...], ...], ...]    # per profile: each table's variants
    sections: tuple[tuple[tuple[str, ...], ...], ...]
    ends: frozenset[str]          # the variants' last characters
    empty: bool                   # a variant normalised to nothing (matches any short key)


def _wanted_for(profiles: list[Profile]) -> _Wanted:
    global _WANTED
    key = tuple(map(id, profiles))
    if _WANTED is not None and _WANTED[0] == key:
        return _WANTED[2]
    from checker.kinds._context import norm

    def normed(items: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(norm(v) for v in variants) for variants in items)

    tables = tuple(normed(p.tables) for p in profiles)
    sections = tuple(normed(p.sections) for p in profiles)
    every = [v for group in (*tables, *sections) for variants in group for v in variants]
    wanted = _Wanted(tables, sections, frozenset(v[-1] for v in every if v),
                     any(not v for v in every))
    # The profiles are kept with their ids: an id is only unique while its object lives.
    _WANTED = (key, list(profiles), wanted)
    return wanted


_WANTED: tuple[tuple[int, ...], list[Profile], _Wanted] | None = None


class _Titles:
    """A document's title keys that end as some wanted title does, by last character,
    each group joined by line breaks (a key holds none: normalised text has no
    whitespace): the keys ending with a title are where the title followed by a line
    break occurs, found by a C-level search instead of a test of every key. Each wanted
    title is looked up once per document, whatever the number of profiles naming it."""

    def __init__(self, keys: list[str], wanted: _Wanted) -> None:
        self.wanted = wanted
        # The keys ending as a wanted title does, grouped by that last character: C-level
        # filters and a stable sort, no Python step per key.
        keys_with_text = list(filter(None, keys))
        kept = sorted(compress(keys_with_text, map(wanted.ends.__contains__,
                                                   map(_LAST, keys_with_text))), key=_LAST)
        self._texts = {end: "\n".join(group) + "\n" for end, group in groupby(kept, _LAST)}
        # An empty variant matches any key of at most _MAX_PREFIX characters.
        self._short = wanted.empty and any(len(key) <= _MAX_PREFIX for key in keys)
        self._found: dict[str, bool] = {}

    def has(self, want: str) -> bool:
        """Whether a key ends with the normalised title ``want`` after at most
        ``_MAX_PREFIX`` characters (``_matches``)."""
        found = self._found.get(want)
        if found is None:
            found = self._search(want) if want else self._short
            self._found[want] = found
        return found

    def _search(self, want: str) -> bool:
        text, needle = self._texts.get(want[-1], ""), want + "\n"
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1  # where the key ending here starts
            if at - start <= _MAX_PREFIX:
                return True
            at = text.find(needle, at + 1)
        return False

    def count(self, items: tuple[tuple[str, ...], ...]) -> int:
        """How many items (each a title's variants) are found."""
        has = self.has
        return sum(1 for variants in items if any(map(has, variants)))


def _endings(keys: Iterable[str]) -> dict[str, list[str]]:
    """The keys by their last character (``""``: every key): a title is looked for only
    among the keys that end as it does, not in every key for every variant of every
    profile. (The plain form of ``_Titles``, kept as its reference.)"""
    index: dict[str, list[str]] = {"": []}
    for key in keys:
        index[""].append(key)
        if key:
            index.setdefault(key[-1], []).append(key)
    return index


def _matches(variants: tuple[str, ...], endings: dict[str, list[str]]) -> bool:
    from checker.kinds._context import norm

    for variant in variants:
        want = norm(variant)
        for key in endings.get(want[-1:], ()):
            if key.endswith(want) and len(key) - len(want) <= _MAX_PREFIX:
                return True
    return False


def _region_text(doc: Document) -> str:
    return (doc.unit or "") + "".join(line.text for line in doc.lines[:5])


def score(profile: Profile, doc: Document, every: _Titles | None = None,
          index: int | None = None, where: str | None = None) -> Score:
    """``every``: the document's title lines (``_Titles``) and ``index`` the profile's
    place in the list they were built for, when known; ``where``: ``_region_text``."""
    if every is None or index is None:
        wanted = _wanted_for([profile])
        every, index = _Titles(_title_lines(doc)[0], wanted), 0
    else:
        wanted = every.wanted
    if profile.kind and doc.kind and profile.kind != doc.kind:
        return Score(profile, Decimal(0), excluded=f"for {profile.kind}, document is {doc.kind}")
    tables = every.count(wanted.tables[index])
    sections = every.count(wanted.sections[index])
    fractions: list[tuple[int, Decimal]] = []
    if profile.tables:
        fractions.append((2, Decimal(tables) / len(profile.tables)))
    if profile.sections:
        fractions.append((1, Decimal(sections) / len(profile.sections)))
    weight = sum(w for w, _ in fractions)
    value = sum(w * f for w, f in fractions) / weight if weight else Decimal(0)
    if where is None:
        where = _region_text(doc)
    region = next((r for r in profile.regions if r in where), None)
    if region and fractions:
        value += REGION_BONUS
    return Score(profile, min(value, Decimal(1)).quantize(Decimal("0.01")), tables, sections,
                 region)


def tables_found(profile: Profile, doc: Document, body: _Titles | None = None,
                 index: int | None = None) -> int:
    """How many of the profile's tables the body prints (TOC entries do not count)."""
    if body is None or index is None:
        wanted = _wanted_for([profile])
        body, index = _Titles(_title_lines(doc)[1], wanted), 0
    return body.count(body.wanted.tables[index])


def detect(doc: Document, profiles: list[Profile]) -> Detection:
    """The best-fitting profile, or the generic one (``how == "fallback"``)."""
    wanted = _wanted_for(profiles)
    every_keys, body_keys = _title_lines(doc)
    every = _Titles(every_keys, wanted)
    where = _region_text(doc)
    scored = [score(p, doc, every, index, where) for index, p in enumerate(profiles)
              if not p.generic]
    # Best score first; on a tie a region match, then the more specific template wins.
    scored.sort(key=lambda s: (s.excluded is None, s.score, s.region is not None,
                               len(s.profile.tables) + len(s.profile.sections)), reverse=True)
    best = scored[0] if scored else None
    if best is not None and best.excluded is None and best.score >= THRESHOLD:
        place = next(i for i, p in enumerate(profiles) if p is best.profile)
        return Detection(best.profile, best.describe(), "detected", best.score, scored,
                         tables_found(best.profile, doc, _Titles(body_keys, wanted), place))
    fallback = next((p for p in profiles if p.generic), None)
    if fallback is None:
        raise LookupError("no generic profile among the profiles")
    closest = "; ".join(f"{s.describe()}, score {s.score}" for s in scored[:3]
                        if s.excluded is None) or "none"
    return Detection(fallback, f"no profile fits (closest: {closest})", "fallback", None, scored)


def find(name: str, profiles: list[Profile]) -> Profile | None:
    """A profile by pack name ("shanghai_budget") or title ("上海 预算", spaces optional)."""
    wanted = _SPACE.sub("", name)
    for profile in profiles:
        if wanted in (profile.name, _SPACE.sub("", profile.title)):
            return profile
    return None


def profiles_in(folder: Path) -> list[Profile]:
    """Every pack in ``folder`` that declares a profile, in file-name order."""
    from checker.engine.yamlpos import load_with_positions

    found = []
    for path in sorted(folder.glob("*.yaml")):
        data, _ = load_with_positions(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("profile"), dict):
            meta = data.get("pack") if isinstance(data.get("pack"), dict) else {}
            found.append(Profile.from_block(str(meta.get("name") or path.stem), path,
                                            data["profile"]))
    return found


@lru_cache(maxsize=1)
def shipped_profiles() -> tuple[Profile, ...]:
    """The shipped packs' profiles; reading them means parsing every pack's YAML, so they
    are kept in the cache folder, keyed by the packs' content."""
    from checker.engine.pack_cache import cached_value
    from checker.resources import RULES_DIR

    return cached_value("profiles", sorted(RULES_DIR.glob("*.yaml")),
                        lambda: tuple(profiles_in(RULES_DIR)),
                        lambda value: isinstance(value, tuple)
                        and all(isinstance(p, Profile) for p in value))


def choose(doc: Document, name: str | None = None, how: str = "option") -> Detection:
    """The profile for ``doc``: the one named (``--profile``/config) or the detected one."""
    profiles = list(shipped_profiles())
    if not name:
        return detect(doc, profiles)
    profile = find(name, profiles)
    if profile is None:
        raise LookupError(name)
    source = "--profile" if how == "option" else "profile = in the config"
    return Detection(profile, f"{profile.title}: chosen by {source}", how,
                     tables_found=tables_found(profile, doc))


def for_pack(name: str, path: Path) -> Detection:
    """``--rules PACK``: the pack was chosen by hand, no detection ran."""
    return Detection(Profile(name=name, title=name, path=path), f"{name}: chosen by --rules",
                     "rules")


def check_name(name: str) -> None:
    """Raise ``ConfigError`` for a profile name that no shipped profile has."""
    from checker.errors import ConfigError

    profiles = list(shipped_profiles())
    if find(name, profiles) is None:
        known = ", ".join(f"{p.name} ({p.title})" for p in profiles)
        raise ConfigError(None, f"unknown profile {name!r}; known profiles: {known}")
