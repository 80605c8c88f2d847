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

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.model.ast import Document

THRESHOLD = Decimal("0.6")
REGION_BONUS = Decimal("0.1")
# A title line is a short line: prose that happens to name a table is longer than this.
_MAX_TITLE_LINE = 60
_MAX_PREFIX = 24  # "2025年预算单位" / "江苏省人民检察院" before the title proper
_SPACE = re.compile(r"\s+")
_LEADERS = re.compile(r"(?:\.{2,}|·{2,}|…+|-{3,}|_{3,}).*$")
_TRAILING_PAGE = re.compile(r"\d{1,3}$")
_TRAILING_NOTE = re.compile(r"\([^()]{1,12}\)$")


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


@lru_cache(maxsize=8192)  # every profile scores the same lines
def title_key(text: str) -> str:
    """A line as a title: no whitespace, full-width folded, no leaders, page or "(功能科目)"."""
    from checker.kinds._context import norm

    key = _LEADERS.sub("", norm(text))
    key = _TRAILING_PAGE.sub("", key) if _LEADERS.search(norm(text)) else key
    return _TRAILING_NOTE.sub("", key)


def _title_lines(doc: Document) -> tuple[list[str], list[str]]:
    """(every short line, the body's short lines without the TOC), as title keys."""
    toc_lines = {entry.line for entry in doc.toc}
    every, body = [], []
    for line in doc.lines:
        key = title_key(line.text)
        if not key or len(key) > _MAX_TITLE_LINE:
            continue
        every.append(key)
        if line.number not in toc_lines:
            body.append(key)
    every.extend(title_key(t.title) for t in doc.tables)
    every.extend(title_key(e.title) for e in doc.toc)
    return every, body


def _endings(keys: Iterable[str]) -> dict[str, list[str]]:
    """The keys by their last character (``""``: every key), built once per document: a
    title is looked for only among the keys that end as it does, not in every key for
    every variant of every profile."""
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


def score(profile: Profile, doc: Document, every: dict[str, list[str]] | None = None) -> Score:
    """``every``: the endings (``_endings``) of the document's title lines, when known."""
    if every is None:
        every = _endings(_title_lines(doc)[0])
    if profile.kind and doc.kind and profile.kind != doc.kind:
        return Score(profile, Decimal(0), excluded=f"for {profile.kind}, document is {doc.kind}")
    tables = sum(1 for t in profile.tables if _matches(t, every))
    sections = sum(1 for s in profile.sections if _matches(s, every))
    fractions: list[tuple[int, Decimal]] = []
    if profile.tables:
        fractions.append((2, Decimal(tables) / len(profile.tables)))
    if profile.sections:
        fractions.append((1, Decimal(sections) / len(profile.sections)))
    weight = sum(w for w, _ in fractions)
    value = sum(w * f for w, f in fractions) / weight if weight else Decimal(0)
    where = (doc.unit or "") + "".join(line.text for line in doc.lines[:5])
    region = next((r for r in profile.regions if r in where), None)
    if region and fractions:
        value += REGION_BONUS
    return Score(profile, min(value, Decimal(1)).quantize(Decimal("0.01")), tables, sections,
                 region)


def tables_found(profile: Profile, doc: Document, body: dict[str, list[str]] | None = None) -> int:
    """How many of the profile's tables the body prints (TOC entries do not count)."""
    if body is None:
        body = _endings(_title_lines(doc)[1])
    return sum(1 for t in profile.tables if _matches(t, body))


def detect(doc: Document, profiles: list[Profile]) -> Detection:
    """The best-fitting profile, or the generic one (``how == "fallback"``)."""
    every, body = _title_lines(doc)
    endings = _endings(every)
    scored = [score(p, doc, endings) for p in profiles if not p.generic]
    # Best score first; on a tie a region match, then the more specific template wins.
    scored.sort(key=lambda s: (s.excluded is None, s.score, s.region is not None,
                               len(s.profile.tables) + len(s.profile.sections)), reverse=True)
    best = scored[0] if scored else None
    if best is not None and best.excluded is None and best.score >= THRESHOLD:
        return Detection(best.profile, best.describe(), "detected", best.score, scored,
                         tables_found(best.profile, doc, _endings(body)))
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
