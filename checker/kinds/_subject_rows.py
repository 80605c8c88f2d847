"""The table rows of a document's 科目 statements, all at once.

A statement names its 科目 by 类/款/项 names that must lead down the table's chain of codes
(类 3 digits → 款 5 → 项 7). Disclosures sometimes print a 科目 under a name the table does
not use — last year's name of a renamed 项 (“其他国土资源事务支出” for 2200199 其他自然资源事务
支出), or the 类 name repeated as the 款 (“住房保障支出（款）” for 22102 住房改革支出). Such a
name is matched *by elimination*: when, under the part of the chain already found, exactly one
row of that level is named by no statement of the document, and only one unmatched name is
left there, the two belong together. A match by elimination is never a ground for a failure
on its own (the caller confirms it with the amount or leaves it not verifiable).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.kinds._statements import _same, subject_row
from checker.model.ast import Row, Table

_LEVELS = (("class", 3), ("kuan", 5), ("name", 7))


@dataclass
class Match:
    row: Row | None
    why: str = ""
    eliminated: list[str] = field(default_factory=list)  # names matched by elimination


@dataclass
class _Walk:
    keys: list[tuple[str, int]]
    subject: dict[str, str]
    depth: int = 0
    prefix: str = ""
    row: Row | None = None
    stuck: str = ""  # why the strict walk stopped
    missing: bool = False  # … because no row of this level bears the name (not several)
    eliminated: list[str] = field(default_factory=list)


def _step(walk: _Walk, coded: list[Row], title: str) -> bool:
    """Follow the chain strictly as far as it goes; False when it stopped on an unknown name."""
    while walk.depth < len(walk.keys):
        key, size = walk.keys[walk.depth]
        candidates = [r for r in coded if len(r.code or "") == size
                      and (r.code or "").startswith(walk.prefix)
                      and _same(r.label, walk.subject[key])]
        codes = {r.code for r in candidates}
        if len(codes) != 1:
            walk.stuck = f"{title}中“{walk.subject[key]}”{'不唯一' if codes else '未找到'}"
            walk.missing = not codes
            return False
        walk.row = candidates[0]
        walk.prefix = walk.row.code or ""
        walk.depth += 1
        walk.stuck = ""
    return True


def subject_rows(table: Table, subjects: list[dict[str, str]]) -> list[Match]:
    """The row of each subject (in order), by code, by the chain of names, or by elimination."""
    coded = [r for r in table.rows if r.code and r.code.isdigit()]
    out: list[Match | None] = [None] * len(subjects)
    walks: dict[int, _Walk] = {}
    for index, subject in enumerate(subjects):
        keys = [(k, size) for k, size in _LEVELS if subject.get(k)]
        if subject.get("code") or not coded or not keys:
            row, why = subject_row(table, subject)
            out[index] = Match(row, why)
        else:
            walks[index] = _Walk(keys, subject)
    progress = True
    while progress:
        progress = False
        for walk in walks.values():
            if walk.depth < len(walk.keys) and not walk.stuck:
                _step(walk, coded, table.title)
        # rows every walk has reached are named; a stuck name may only take a row no other
        # statement names
        claimed = {w.prefix[:size] for w in walks.values() for _k, size in _LEVELS
                   if len(w.prefix) >= size}
        stuck: dict[tuple[str, int], set[str]] = {}
        for walk in walks.values():
            if walk.stuck and walk.missing:
                key, size = walk.keys[walk.depth]
                stuck.setdefault((walk.prefix, size), set()).add(walk.subject[key])
        for walk in walks.values():
            if not (walk.stuck and walk.missing):
                continue
            key, size = walk.keys[walk.depth]
            if not walk.prefix or len(stuck[(walk.prefix, size)]) != 1:
                continue  # elimination only under a known parent, for one unmatched name
            left = [r for r in coded if len(r.code or "") == size
                    and (r.code or "").startswith(walk.prefix) and r.code not in claimed]
            if len({r.code for r in left}) != 1:
                continue
            walk.row, walk.prefix = left[0], left[0].code or ""
            walk.eliminated.append(f"{walk.subject[key]}→{left[0].code} {left[0].label}")
            walk.depth += 1
            walk.stuck, walk.missing = "", False
            progress = True
    for index, walk in walks.items():
        if walk.stuck:
            out[index] = Match(None, walk.stuck)
        else:
            out[index] = Match(walk.row, "", walk.eliminated)
    return [m if m is not None else Match(None, "陈述未指明科目") for m in out]
