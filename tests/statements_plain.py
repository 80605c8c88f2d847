"""The statement extraction as it was before the issue #12 shortcuts (tests only): the plain
code the fast paths of ``checker.parse.statements`` are held to, statement for statement."""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
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
from checker.parse.regex_pieces import required_piece
from checker.regex_literals import may_match, required_literals

_ENUM = re.compile(r"^(?:其中[:]?)?"
                   r"(?:\(?[一二三四五六七八九十\d]+[)、.]|[一二三四五六七八九十]+、)+")
_PART = re.compile(r"(?:^|[;,、])(?:\(?[一二三四五六七八九十\d]+[)、.])?"
                   r"(?P<name>[^\d;,、。:()\"]{1,24}?)(?:为|是)?(?P<value>\d[\d,]*(?:\.\d+)?)万元")
_NOT_A_PART = re.compile(r"^(?:比|较|与|同|增|减|下降|降低|主要|占)")
# How far (in normalised characters) a statement may sit after its 科目 heading and still
# belong to it: one item paragraph, never the next section's sentences.
ITEM_REACH = 320
ITEM_LINES = 12  # … and in lines: a section's next paragraph may come pages later


def norm(text: str) -> str:
    """Comparable text, as rule patterns see it (same as ``checker.kinds._context.norm``)."""
    return comparable(text)


to_decimal = parse_amount  # the one amount parser


@dataclass
class _Segment:
    text: str
    owners: list[int]  # the source line of each character of ``text``
    section: str


class _LineTexts:
    """Each line's normalised text, computed when first asked for: only the narrative's lines
    are asked for, not the tables' (half a document's lines, each a Unicode normalisation)."""

    def __init__(self, doc: Document) -> None:
        # A parsed text's ``Lines`` are looked up as they are (a copy of every line's text
        # here cost more than the few lines asked for); other line lists through a dict.
        self.lines = doc.lines if isinstance(doc.lines, Lines) else None
        self.texts = {} if self.lines is not None else dict(numbered_texts(doc.lines))
        self.normed: dict[int, str] = {}

    def get(self, number: int) -> str:
        """The line's normalised text; "" for a line that is not there (dropped)."""
        found = self.normed.get(number)
        if found is None:
            text = self.texts.get(number) if self.lines is None else self.lines.text_of(number)
            found = self.normed[number] = norm(text) if text is not None else ""
        return found

    def all(self) -> list[tuple[int, str]]:
        numbers = sorted(self.texts) if self.lines is None else self.lines.numbers
        return [(number, self.get(number)) for number in numbers]


def _piece(text: str, first: int, last: int, lines: _LineTexts) -> tuple[str, list[int]]:
    """A paragraph's normalised text with the line of each character: exact when its lines
    joined give the paragraph back, otherwise every character on the first line."""
    wanted = norm(text)
    chunks: list[str] = []
    owners: list[int] = []
    for number in range(first, max(first, last) + 1):
        chunk = lines.get(number)
        chunks.append(chunk)
        owners.extend([number] * len(chunk))
    joined = "".join(chunks)
    if joined == wanted:
        return wanted, owners
    start = joined.find(wanted[:12]) if wanted else -1
    if start >= 0 and joined[start:start + len(wanted)] == wanted:
        return wanted, owners[start:start + len(wanted)]
    return wanted, [first] * len(wanted)


def _segments(doc: Document) -> list[_Segment]:
    lines = _LineTexts(doc)
    out: list[_Segment] = []
    sections: list[Section] = doc.sections()
    for section in sections:
        # pieces joined once at the end: adding to one string per paragraph is quadratic in a
        # long section's size
        pieces: list[str] = []
        owners: list[int] = []
        heading = f"{section.marker}{section.title}"
        if norm(heading):
            piece, where = _piece(heading, section.line, section.line, lines)
            # a full stop after the heading, so no statement reads heading words as its own
            pieces.append(piece + "。")
            owners.extend(where)
            owners.append(section.line)
        for paragraph in section.paragraphs:
            piece, where = _piece(paragraph.text, paragraph.line,
                                  paragraph.end_line or paragraph.line, lines)
            pieces.append(piece)
            owners.extend(where)
        text = "".join(pieces)
        if text:
            out.append(_Segment(text, owners, section.title))
    if not out:  # no outline recovered: every line on its own
        out = [_Segment(t, [n] * len(t), "") for n, t in lines.all() if t]
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


def _shared(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    """The value first stored under ``key`` (``value`` stored when there is none)."""
    found = memo.get(key)
    if found is None:
        memo[key] = found = value
    return found


def _statement(phrasing: Phrasing, match: re.Match[str], segment: _Segment,
               memo: dict[Any, Any]) -> Statement:
    """``memo`` (one per document) shares what statements have alike: their subject, number
    and word maps and their text are the same objects when equal (no check changes them).
    A few word maps (增加/增长 …) recur in every statement, and a text repeating a sentence
    held each copy's maps: ~1.6x the input of ~28x (issue #14)."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    # Keyed by the printed figures, not the Decimals: 12.5 and 12.50 are equal Decimals but
    # not the same precision.
    printed = tuple((role, groups[role]) for role in NUMBER_ROLES if role in groups)
    numbers = memo.get(("numbers", printed))
    if numbers is None:
        numbers = memo[("numbers", printed)] = {
            role: value for role in NUMBER_ROLES
            if (value := to_decimal(groups.get(role))) is not None}
    subject = {k: v for k in SUBJECT_GROUPS
               if groups.get(k) and (v := _ENUM.sub("", groups[k]).strip(".、)"))}
    # Interned: a handful of words (增加, 减少, 增长 ...) recur in every statement.
    words = {k: sys.intern(groups[k].lstrip(",")) for k in WORD_GROUPS if groups.get(k)}
    reason = groups.get("reason")
    text = match.group(0)
    return Statement(
        family=phrasing.family,
        phrasing=phrasing.id,
        text=_shared(memo, text, text),
        line=segment.owners[match.start()] if segment.owners else 0,
        section=segment.section,
        subject=_shared(memo, ("subject", *subject.items()), subject),
        numbers=numbers,
        words=_shared(memo, ("words", *words.items()), words),
        reason=reason.strip() if reason else None,
        parts=_parts(groups["parts"]) if groups.get("parts") else (),
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


def extract(doc: Document, extra: Iterable[Mapping[str, Any]] = ()) -> list[Statement]:
    """Every statement of ``doc``'s narrative, in text order (``extra``: a pack's phrasings)."""
    active = phrasings(extra)
    # Words each phrasing's matches must contain: a paragraph without them is not searched.
    needs = [required_literals(getattr(p.regex, "pattern", "")) for p in active]
    # …and a piece of a ``re`` phrasing every match contains (the counts' digits and unit,
    # "…万元…比上年…持平"), found fast: a paragraph where it is not found is not searched.
    pieces = [required_piece(p.regex.pattern) if isinstance(p.regex, re.Pattern) else None
              for p in active]
    out: list[Statement] = []
    memo: dict[Any, Any] = {}  # what statements share (see ``_statement``)
    for segment in _segments(doc):
        found: list[tuple[int, int, Statement]] = []
        for phrasing, required, piece in zip(active, needs, pieces, strict=True):
            if not may_match(required, segment.text):
                continue
            if piece is not None and piece.search(segment.text) is None:
                continue
            for match in phrasing.regex.finditer(segment.text):
                if match.end() > match.start() and _echoes(match, segment.text):
                    found.append((match.start(), match.end(),
                                  _statement(phrasing, match, segment, memo)))
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
