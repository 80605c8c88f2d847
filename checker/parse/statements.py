"""The statement layer: every quantitative sentence of the narrative as a ``Statement``.

Each section's heading and paragraphs are joined and normalised the way rule patterns see text
(whitespace removed, full-width folded, quotes unified), every phrasing of
``grammars/phrasings.yaml`` (plus a pack's) is applied, and each match becomes a statement with
its family, subject, numbers by role, words, reason and source line. Statements inside one
科目 paragraph ("1、…（项）。主要用于…。年初预算为…") point at that paragraph's item statement,
so a check can compare a heading amount with the figures stated under it.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import filterfalse
from typing import Any

from checker.model.ast import Document, Section, Statement
from checker.model.lines import Lines, numbered_texts
from checker.parse.normalize import comparable, parse_amount
from checker.parse.phrasings import (
    NUMBER_ROLES,
    SUBJECT_GROUPS,
    WORD_GROUPS,
    Phrasing,
    phrasings,
)
from checker.parse.regex_pieces import required_choices, required_piece
from checker.regex_cache import compile_re
from checker.regex_literals import required_literals

_ENUM = compile_re(r"^(?:其中[:]?)?"
                   r"(?:\(?[一二三四五六七八九十\d]+[)、.]|[一二三四五六七八九十]+、)+")
_PART = compile_re(r"(?:^|[;,、])(?:\(?[一二三四五六七八九十\d]+[)、.])?"
                   r"(?P<name>[^\d;,、。:()\"]{1,24}?)(?:为|是)?(?P<value>\d[\d,]*(?:\.\d+)?)万元")
_NOT_A_PART = compile_re(r"^(?:比|较|与|同|增|减|下降|降低|主要|占)")
# How far (in normalised characters) a statement may sit after its 科目 heading and still
# belong to it: one item paragraph, never the next section's sentences.
ITEM_REACH = 320
ITEM_LINES = 12  # … and in lines: a section's next paragraph may come pages later


def norm(text: str) -> str:
    """Comparable text, as rule patterns see it (same as ``checker.kinds._context.norm``)."""
    return comparable(text)


to_decimal = parse_amount  # the one amount parser


class _Segment:
    """A section's heading and paragraphs, normalised and joined. The source line of a
    character is worked out only where a statement starts (most paragraphs hold none, and
    each line of a paragraph is normalised again to find it): ``line_at``."""

    __slots__ = ("_lines", "_runs", "_spans", "_starts", "section", "text")

    def __init__(self, text: str, starts: list[int], spans: list[tuple[int, int | None]],
                 lines: _LineTexts, section: str) -> None:
        self.text = text
        self.section = section
        self._starts = starts  # where each piece (heading, "。", paragraph) starts in text
        self._spans = spans  # its lines (first, last); last None: every character on first
        self._lines = lines
        self._runs: dict[int, tuple[list[int], list[int]]] = {}

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset`` (0 for a text without lines)."""
        if not self._starts:
            return 0
        index = bisect_right(self._starts, offset) - 1
        runs = self._runs.get(index)
        if runs is None:
            first, last = self._spans[index]
            if last is None:
                runs = [0], [first]
            else:
                start = self._starts[index]
                end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.text)
                runs = _runs(self.text[start:end], first, last, self._lines)
            self._runs[index] = runs
        starts, owners = runs
        return owners[bisect_right(starts, offset - self._starts[index]) - 1]


class _LineTexts:
    """The normalised text of the lines of a span, computed when asked for: only the
    narrative's lines are asked for, not the tables' (half a document's lines, each a
    Unicode normalisation)."""

    def __init__(self, doc: Document) -> None:
        # A parsed text's ``Lines`` are sliced as they are (a copy of every line's text here
        # cost more than the few lines asked for); other line lists through a dict.
        self.lines = doc.lines if isinstance(doc.lines, Lines) else None
        self.texts = {} if self.lines is not None else dict(numbered_texts(doc.lines))

    def span(self, first: int, last: int) -> tuple[list[int], list[str]]:
        """The numbers and normalised texts of the lines numbered ``first`` to ``last``
        that are there (a dropped line has no text: it owns no character)."""
        if self.lines is None:
            numbers = [n for n in range(first, last + 1) if n in self.texts]
            return numbers, [norm(self.texts[n]) for n in numbers]
        present = self.lines.numbers
        start, stop = bisect_left(present, first), bisect_right(present, last)
        # one C-level map of the cached normaliser over C-level slices: no frame per line
        return list(present[start:stop]), list(map(norm, self.lines.texts(start, stop)))

    def all(self) -> list[tuple[int, str]]:
        if self.lines is None:
            return [(number, norm(self.texts[number])) for number in sorted(self.texts)]
        return list(zip(self.lines.numbers, map(norm, self.lines.texts()), strict=True))


def _runs(wanted: str, first: int, last: int, lines: _LineTexts
          ) -> tuple[list[int], list[int]]:
    """The line of each character of a paragraph's normalised text ``wanted``, as runs
    (offset where a line's characters start, that line): exact when its lines joined give
    the paragraph back, otherwise every character on the first line."""
    numbers, chunks = lines.span(first, max(first, last))
    joined = "".join(chunks)
    if joined == wanted:
        start = 0
    else:
        start = joined.find(wanted[:12]) if wanted else -1
        if start < 0 or joined[start:start + len(wanted)] != wanted:
            return [0], [first]
    # the runs of the lines holding wanted's characters (joined[start:start + len(wanted)])
    end = start + len(wanted)
    starts: list[int] = []
    owners: list[int] = []
    offset = 0
    for number, chunk in zip(numbers, chunks, strict=True):
        after = offset + len(chunk)
        if chunk and after > start and offset < end:
            starts.append(max(offset, start) - start)
            owners.append(number)
        offset = after
    return starts, owners


def _segments(doc: Document) -> list[_Segment]:
    lines = _LineTexts(doc)
    out: list[_Segment] = []
    sections: list[Section] = doc.sections()
    for section in sections:
        # pieces joined once at the end: adding to one string per paragraph is quadratic in a
        # long section's size
        pieces: list[str] = []
        starts: list[int] = []
        spans: list[tuple[int, int | None]] = []
        size = 0
        heading = norm(f"{section.marker}{section.title}")
        if heading:
            # a full stop after the heading, so no statement reads heading words as its own
            pieces.extend((heading, "。"))
            starts.extend((0, len(heading)))
            spans.extend(((section.line, section.line), (section.line, None)))
            size = len(heading) + 1
        for paragraph in section.paragraphs:
            piece = norm(paragraph.text)
            if piece:  # (an empty one holds no character to place)
                pieces.append(piece)
                starts.append(size)
                spans.append((paragraph.line, paragraph.end_line or paragraph.line))
                size += len(piece)
        if pieces:
            out.append(_Segment("".join(pieces), starts, spans, lines, section.title))
    if not out:  # no outline recovered: every line on its own
        out = [_Segment(t, [0], [(n, None)], lines, "") for n, t in lines.all() if t]
    return out


def _parts(text: str) -> list[tuple[str, Decimal]]:
    found: list[tuple[str, Decimal]] = []
    for match in _PART.finditer(text):
        name = match.group("name")
        if "其中" in name and found:
            break  # a nested 其中 lists parts of a part
        name = _ENUM.sub("", name)
        value = to_decimal(match.group("value"))
        if not name or _NOT_A_PART.match(name) or value is None:
            continue
        found.append((name, value))
    return found


@dataclass(frozen=True)
class _Groups:
    """The groups a phrasing's regex has, in the order ``_statement`` reads them: the
    roles, subject and word groups the regex does not name are never in a match."""

    roles: tuple[str, ...]
    subject: tuple[str, ...]
    words: tuple[str, ...]
    echo: bool

    @classmethod
    def of(cls, phrasing: Phrasing) -> _Groups:
        named = phrasing.regex.groupindex
        return cls(tuple(k for k in NUMBER_ROLES if k in named),
                   tuple(k for k in SUBJECT_GROUPS if k in named),
                   tuple(k for k in WORD_GROUPS if k in named), "echo" in named)


def _statement(phrasing: Phrasing, match: re.Match[str], segment: _Segment,
               memo: dict[Any, Any], named: _Groups | None = None) -> Statement:
    """``memo`` (one per document) shares what statements have alike: their subject, number
    and word maps and their text are the same objects when equal (no check changes them).
    A few word maps (增加/增长 …) recur in every statement, and a text repeating a sentence
    held each copy's maps: ~1.6x the input of ~28x (issue #14)."""
    if named is None:
        named = _Groups.of(phrasing)
    groups = match.groupdict()  # a group that took no part is None
    # Keyed by the printed figures, not the Decimals: 12.5 and 12.50 are equal Decimals but
    # not the same precision.
    printed = tuple([(role, value) for role in named.roles
                     if (value := groups[role]) is not None])
    numbers = memo.get(("numbers", printed))
    if numbers is None:
        numbers = memo[("numbers", printed)] = {
            role: number for role, value in printed
            if (number := to_decimal(value)) is not None}
    subject = {k: v for k in named.subject
               if groups[k] and (v := _ENUM.sub("", groups[k]).strip(".、)"))}
    # Interned: a handful of words (增加, 减少, 增长 ...) recur in every statement.
    words = {k: sys.intern(groups[k].lstrip(",")) for k in named.words if groups[k]}
    reason = groups.get("reason")
    parts = groups.get("parts")
    text = match.group(0)
    return Statement(
        family=phrasing.family,
        phrasing=phrasing.id,
        text=memo.setdefault(text, text),
        line=segment.line_at(match.start()),
        section=segment.section,
        subject=memo.setdefault(("subject", *subject.items()), subject),
        numbers=numbers,
        words=memo.setdefault(("words", *words.items()), words),
        reason=reason.strip() if reason else None,
        parts=_parts(parts) if parts else (),
        percent_kind=phrasing.percent,
    )


# How far back (normalised characters) the subject an ``echo`` repeats may stand.
ECHO_REACH = 40


def _echoes(match: re.Match[str], text: str) -> bool:
    """A phrasing's ``echo`` group holds words that repeat the statement's subject between
    "与上年相比" and the change ("收入支出总计307.82万元。与2023年度相比，收入支出总计增加…").
    They must really repeat it — three in four of their characters stand just before the
    amount — or the change may belong to something else ("…A万元，与上年相比，基本支出增加B
    万元" names another subject)."""
    echo = set((match.groupdict().get("echo") or "").replace("各", "").replace("、", ""))
    if not echo:
        return True
    before = set(text[max(0, match.start() - ECHO_REACH):match.start()])
    return len(echo & before) * 4 >= len(echo) * 3


def _is_item(statement: Statement) -> bool:
    return statement.family == "item_amount" and bool(
        statement.subject.get("kuan") or statement.subject.get("code"))


class _Gate:
    """What a paragraph must hold for a phrasing to match in it, tested at C level: the words
    every match holds (``required_literals``), a word of each group of which every match
    holds one (``required_choices``), and a piece of the regex (``required_piece``)."""

    def __init__(self, phrasing: Phrasing) -> None:
        pattern = getattr(phrasing.regex, "pattern", "")
        plain = isinstance(phrasing.regex, re.Pattern)
        self.needs = required_literals(pattern)
        # one of the words, looked for once per paragraph for every gate it opens
        self.first = self.needs[0] if self.needs else None
        self.choices = required_choices(pattern) if plain else ()
        self.piece = required_piece(pattern) if plain else None

    def open(self, text: str, holds: Callable[[str], bool]) -> bool:
        """Whether a match may be in ``text`` (``holds``: its ``__contains__``)."""
        if not all(map(holds, self.needs)):
            return False
        for group in self.choices:
            if not any(map(holds, group)):
                return False
        return self.piece is None or self.piece.search(text) is not None


# id(phrasing) → (that phrasing, its gate and groups): the shipped phrasings live as long as
# the process, and building their gates was ~0.5 % of a batch. A pack's phrasings are
# compiled anew per document; the bound keeps them from piling up.
_PLANS: dict[int, tuple[Phrasing, _Gate, _Groups]] = {}
_PLANS_KEPT = 256


def _plan(phrasing: Phrasing) -> tuple[_Gate, _Groups]:
    known = _PLANS.get(id(phrasing))
    if known is not None and known[0] is phrasing:
        return known[1], known[2]
    if len(_PLANS) >= _PLANS_KEPT:
        _PLANS.clear()
    gate, groups = _Gate(phrasing), _Groups.of(phrasing)
    _PLANS[id(phrasing)] = (phrasing, gate, groups)
    return gate, groups


def extract(doc: Document, extra: Iterable[Mapping[str, Any]] = ()) -> list[Statement]:
    """Every statement of ``doc``'s narrative, in text order (``extra``: a pack's phrasings)."""
    active = phrasings(extra)
    # A paragraph is searched for a phrasing only when it holds what every match holds.
    plans = [_plan(p) for p in active]
    gates = [gate for gate, _groups in plans]
    named = [groups for _gate, groups in plans]
    firsts = tuple({g.first: None for g in gates if g.first is not None})
    out: list[Statement] = []
    memo: dict[Any, Any] = {}  # what statements share (see ``_statement``)
    for segment in _segments(doc):
        text = segment.text
        holds = text.__contains__
        # the gates' first words the paragraph lacks: their gates stay shut (C-level ``in``)
        lacks = set(filterfalse(holds, firsts))
        found: list[tuple[int, int, Statement]] = []
        for phrasing, gate, groups in zip(active, gates, named, strict=True):
            if gate.first in lacks or not gate.open(text, holds):
                continue
            for match in phrasing.regex.finditer(text):
                if match.end() > match.start() and (not groups.echo or _echoes(match, text)):
                    found.append((match.start(), match.end(),
                                  _statement(phrasing, match, segment, memo, groups)))
        found.sort(key=lambda f: (f[0], -f[1]))
        kept: list[tuple[int, int, Statement]] = []
        # Sorted by start, a statement overlaps a kept one of its family exactly when it
        # starts before the furthest end kept so far (a running maximum, not a scan of all
        # kept statements: that was quadratic on a long line).
        reach: dict[str, int] = {}
        for start, end, statement in found:
            # Two phrasings of one family reading the same words: the first, longest wins.
            if start < reach.get(statement.family, -1):
                continue
            reach[statement.family] = max(reach.get(statement.family, -1), end)
            kept.append((start, end, statement))
        item_at, item_index = -1, None
        for start, _end, statement in kept:
            if _is_item(statement):
                item_at, item_index = start, len(out)
            elif (item_index is not None and start - item_at <= ITEM_REACH
                  and statement.line - out[item_index].line <= ITEM_LINES):
                statement.item = item_index
            out.append(statement)
    return out
