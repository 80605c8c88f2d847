"""toc: the table of contents and the body agree — every TOC entry is found in the body."""

from __future__ import annotations

from collections.abc import Container, Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import compress

from checker.engine.profiles import title_key, title_lines
from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds.spec import integer
from checker.model.ast import Document
from checker.model.results import Evidence, RuleResult
from checker.regex_cache import compile_re

_MARKER = compile_re(r"^(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}、|"
                     r"\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])")
_YEAR = compile_re(r"(?:19|20)\d{2}年度?")
_CHILD = compile_re(r"\d{1,2}[.、]")
# "上海市XX街道办事处（部门）主要职能": a short remark in brackets is no part of the heading.
_REMARK = compile_re(r"\(([^()]{1,6})\)")
# Wording may differ slightly ("其他重要事项说明" / "其他重要事项的情况说明").
_SIMILAR = 0.75


def _core(text: str) -> str:
    """An entry or heading as words: no marker, year, leaders, page or "(功能科目)"."""
    return _core_of_key(title_key(text))


@lru_cache(maxsize=8192)  # every body line of every document: headings repeat across them
def _core_of_key(key: str) -> str:
    core = _MARKER.sub("", key)
    # Most lines hold no year and no bracket: a C-level test skips those substitutions.
    if "年" in core:
        core = _YEAR.sub("", core)
    return _REMARK.sub(r"\1", core) if "(" in core else core


def endings(body: set[str], tail: int, sizes: Iterable[int] | None = None) -> set[str]:
    """Every ending of up to ``tail`` characters of the body's lines ("" too, when there
    is a line): ``x in endings(body, tail)`` is ``any(line.endswith(x) for line in body)``
    for any ``x`` of at most ``tail`` characters, in one look-up per TOC entry instead of
    a scan of the body. ``sizes``: only the endings of these lengths (those of the texts
    that will be looked up), not of every length up to ``tail``."""
    wanted = range(1, tail + 1) if sizes is None else sorted(
        {size for size in sizes if 0 < size <= tail})
    out = {line[-size:] for line in body for size in wanted if size <= len(line)}
    if body:
        out.add("")
    return out


class _Ends:
    """``x in _Ends(body)`` is ``any(line.endswith(x) for line in body)`` for a text ``x``
    without a line break: the body's lines joined, each followed by a line break, hold
    ``x`` + line break exactly where a line ends with ``x``. A few C-level searches of one
    text per TOC entry instead of a set of every line's endings built per document."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def __contains__(self, ending: object) -> bool:
        return isinstance(ending, str) and ending + "\n" in self._text


def _body_endings(body: set[str], cores: list[str], tail: int) -> Container[str]:
    """What ``_found`` looks endings up in: ``_Ends`` of the body; the endings of the
    lengths the entries look up (``endings``) when a line or an ending holds a line break
    (title keys never do: normalised text has no whitespace)."""
    text = "".join([f"{line}\n" for line in body])
    if text.count("\n") == len(body) and not any("\n" in core for core in cores):
        return _Ends(text)
    return endings(body, tail, {len(ending) for core in cores
                                for ending in _endings_of(core, tail)})


def _endings_of(core: str, tail: int) -> tuple[str, str]:
    """The endings an entry is looked up by: its last ``tail`` characters, and those of it
    without a leading 部门/单位 ("部门主要职能" in the TOC is "上海市普陀区财政局主要职能" in
    the body: the unit's name stands for 部门/单位)."""
    bare = core[2:] if core.startswith(("部门", "单位")) and len(core) >= 6 else core
    return core[-tail:], bare[-tail:]


def _found(core: str, tail: int, body: set[str], ends_of_body: Container[str]) -> bool:
    if any(ending in ends_of_body for ending in _endings_of(core, tail)):
        return True
    # ratio() = 2M / (len(core) + len(piece)), where M matched characters are at most the
    # piece's characters that occur in the entry: a piece that cannot reach the threshold
    # by that bound is skipped without building a SequenceMatcher (the verdict is the same).
    letters = set(core)
    width = len(core)
    contains = letters.__contains__
    for line in body:
        piece = line[-width - 2:]
        bound = min(width, sum(map(contains, piece)))
        if 2 * bound < _SIMILAR * (width + len(piece)):
            continue
        if SequenceMatcher(None, core, piece).ratio() >= _SIMILAR:
            return True
    return False


def _body(doc: Document) -> set[str]:
    """The body's headings and table titles after the TOC, as words (``_core``)."""
    after = max(entry.line for entry in doc.toc)
    # The short lines' title keys (1 to 60 characters), built once per document.
    numbers, keys = title_lines(doc)
    body = set(map(_core_of_key, compress(keys, map(after.__lt__, numbers))))
    return body | {_core(t.title) for t in doc.tables if t.line > after}


@register(
    "toc",
    doc="The table of contents and the body agree: each TOC entry names a heading or table "
        "title that the body prints (matched on the entry's last `tail` characters, so "
        "\"第二部分 2024年度部门预算表\" finds \"上海市XX局2024年度部门预算表\"). No TOC: "
        "not applicable.",
    params=(integer("tail", "characters of an entry's end a body line must end with",
                    minimum=2, default=6),),
    placeholders=("entry",),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    doc = ctx.doc
    if not doc.toc:
        return [ctx.result(rule, "not_applicable", reason="no table of contents")]
    tail = int(rule.params.get("tail", 6))
    body = _body(doc)
    results: list[RuleResult] = []
    cores = [_core(entry.title) for entry in doc.toc]
    ends_of_body = _body_endings(body, cores, tail)
    found = [_found(core, tail, body, ends_of_body) for core in cores]
    for index, entry in enumerate(doc.toc):
        if not cores[index]:
            continue
        # A group entry ("五、部门预算表") is borne out by its numbered children ("1.…总表").
        child = doc.toc[index + 1] if index + 1 < len(doc.toc) else None
        if found[index] or (child is not None and _CHILD.match(title_key(child.title))
                            and found[index + 1]):
            results.append(ctx.result(rule, "pass", reason=entry.title))
        else:
            results.append(ctx.result(rule, "fail", values={"entry": entry.title}, evidence=[
                Evidence(line=entry.line, text=ctx.raw_line(entry.line) or entry.title,
                         expected=entry.title, found="missing")]))
    return results
