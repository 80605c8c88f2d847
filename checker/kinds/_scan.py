"""Pattern scans of the narrative for the kinds: every match of a rule pattern in the
normalised segments, with the source line it stands on, and its evidence.

Part of what every kind needs (builds on ``checker.kinds._context``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

from checker.kinds._context import AMOUNT, Context, Segment, fmt, to_amount
from checker.model.results import Evidence
from checker.regex import rule_regex
from checker.regex_literals import may_match, required_literals


@dataclass
class Hit:
    match: re.Match[str]
    segment: Segment
    line: int
    source: str = ""

    @property
    def text(self) -> str:
        return self.match.group(0)


_CONTEXT_OPS = frozenset({_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT})


@lru_cache(maxsize=1024)
def _sees_only_its_match(pattern: str) -> bool:
    """Whether a match of ``pattern`` depends on nothing outside the text it covers (no
    anchor, boundary or lookaround). Such a pattern matching inside one segment also matches
    inside the segments joined by line breaks, at the same place."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return False
    stack = [parsed]
    while stack:
        for op, av in stack.pop():
            if op in _CONTEXT_OPS:
                return False
            items = av if isinstance(av, (list, tuple)) else (av,)
            for item in items:
                if isinstance(item, _sre_parse.SubPattern):
                    stack.append(item)
                elif isinstance(item, (list, tuple)):
                    stack.extend(sub for sub in item if isinstance(sub, _sre_parse.SubPattern))
    return True


def scan(ctx: Context, pattern: str, segments: list[Segment]) -> list[Hit]:
    """Every match of ``pattern`` in the normalised segments, with its source line."""
    regex = rule_regex(pattern)
    if len(segments) > 1 and _sees_only_its_match(pattern):
        # Most patterns match nowhere in a document: one search of the segments joined
        # says so, instead of one search per segment (normalised text holds no line break,
        # so the join adds no match inside a segment and loses none).
        joined = "\n".join(segment.text for segment in segments)
        if joined.count("\n") == len(segments) - 1 and regex.search(joined) is None:
            return []
    required = required_literals(pattern)
    hits = []
    for segment in segments:
        if not may_match(required, segment.text):
            continue  # lacks a word every match contains
        # How often each snippet occurred before the match, counted on from where the last
        # count stopped: counting from 0 for every match is quadratic on a long line.
        counted: dict[str, tuple[int, int]] = {}
        for match in regex.finditer(segment.text):
            snippet = segment.text[match.start():match.start() + 12]
            upto, seen = counted.get(snippet, (0, 0))
            seen += segment.text.count(snippet, upto, match.start())
            counted[snippet] = (max(upto, match.start()), seen)
            line = ctx.locate(snippet, segment.line, segment.end_line, seen)
            hits.append(Hit(match, segment, line, ctx.raw_line(line)))
    return hits


def hit_evidence(hit: Hit, *, expected: Any = None, found: Any = None) -> Evidence:
    return Evidence(line=hit.line, text=(hit.source or hit.match.group(0))[:200],
                    expected=None if expected is None else fmt(expected),
                    found=None if found is None else fmt(found))


def group_values(match: re.Match[str]) -> dict[str, Any]:
    """Named groups of a match: amounts as Decimal, other text as str, absent as None."""
    out: dict[str, Any] = {}
    for name, text in match.groupdict().items():
        amount = to_amount(text) if text is not None and re.fullmatch(AMOUNT, text) else None
        out[name] = amount if amount is not None else text
    return out
