"""Pattern scans of the narrative for the kinds: every match of a rule pattern in the
normalised segments, with the source line it stands on, and its evidence.

Part of what every kind needs (builds on ``checker.kinds._context``)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, is_
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

from checker.kinds._context import AMOUNT, Context, Segment, fmt, to_amount
from checker.kinds._probe import probe_for
from checker.model.results import Evidence
from checker.regex import byte_finder, re2_compile, rule_regex
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


_TEXT = attrgetter("text")
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
    required = required_literals(pattern)
    hits = []
    for segment in _candidates(ctx, pattern, regex, segments):
        if required and not may_match(required, segment.text):
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


def scan_each(ctx: Context, patterns: list[str], segments: list[Segment]) -> list[list[Hit]]:
    """``scan`` of each pattern in turn. Most patterns match nowhere: when one search of the
    segments joined, for all the patterns' probes at once, finds none of them, no pattern
    is searched on its own (each would have found nothing, ``_candidates``)."""
    if len(patterns) > 1 and len(segments) > 1 and _none_anywhere(ctx, tuple(patterns),
                                                                  segments):
        return [[] for _ in patterns]
    return [scan(ctx, pattern, segments) for pattern in patterns]


def _none_anywhere(ctx: Context, patterns: tuple[str, ...], segments: list[Segment]) -> bool:
    """True when no pattern's probe matches in the segments joined; False when that is
    not known (a pattern without a probe, a text holding a line break) or one matches."""
    union = _union(patterns)
    if union is None:
        return False
    joined = _joined(ctx, segments)
    if joined is None:
        return False
    return union(joined[1], 0) < 0


@lru_cache(maxsize=256)
def _union(patterns: tuple[str, ...]) -> Callable[[bytes, int], int] | None:
    """One RE2 search for every pattern's probe (``(?:p1)|(?:p2)|…``), or None when a
    pattern has no probe or the union does not compile (two groups of one name ...)."""
    sources = []
    for pattern in patterns:
        probe = probe_for(pattern, _sees_only_its_match(pattern))
        source = getattr(probe, "_pattern", None)
        if not isinstance(source, bytes):
            return None
        sources.append(b"(?:" + source + b")")
    union = re2_compile(b"|".join(sources))
    return None if union is None else byte_finder(union)


def _candidates(ctx: Context, pattern: str, regex: Any, segments: list[Segment]
                ) -> Iterator[Segment]:
    """The segments that may hold a match, in order. Most patterns match nowhere in a
    document, or in a few segments: searches of the segments joined by line breaks jump
    from one segment that may hold a match to the next, instead of a search per segment.
    Normalised text holds no line break, so joining adds no match inside a segment; a
    match in segment k (of a pattern that sees only its match, or of its probe: see
    ``checker.kinds._probe``) is one in the joined text, so the first joined match at or
    after segment i's start lies in segment k or before: the segments jumped over have none.
    """
    whole = len(segments) > 1 and _sees_only_its_match(pattern)
    probe = probe_for(pattern, whole) if len(segments) > 1 else None
    joined = _joined(ctx, segments) if probe is not None or whole else None
    if joined is None:
        yield from segments
        return
    text, data, offsets_of = joined
    required = required_literals(pattern)
    if required and not may_match(required, text):
        return  # a word every match holds is nowhere: one C-level look per word
    if probe is not None:  # RE2 on the UTF-8 bytes: byte offsets
        find, in_bytes = _finder(probe, data), True
    else:  # e.g. a back-reference: ``re`` on the text
        find, in_bytes = _finder(regex, text), False
    start = find(0)
    if start < 0:
        return  # the common case: no offsets needed
    offsets = offsets_of(in_bytes, data)
    index = bisect_right(offsets, start) - 1
    while True:
        yield segments[index]
        index += 1
        if index >= len(segments):
            return
        start = find(offsets[index])
        if start < 0:
            return
        index = bisect_right(offsets, start) - 1


def _finder(compiled: Any, haystack: Any) -> Callable[[int], int]:
    """Where the first match at or after ``pos`` starts in ``haystack`` (-1: none): RE2's
    object called directly on bytes (``checker.regex.byte_finder``), else ``search``."""
    if isinstance(haystack, bytes):
        direct = byte_finder(compiled)
        if direct is not None:
            return lambda pos: direct(haystack, pos)
    search = compiled.search

    def find(pos: int) -> int:
        found = search(haystack, pos)
        return -1 if found is None else int(found.start())
    return find


class _Offsets:
    """Where each segment starts in the joined text (``in_bytes``: in its UTF-8), computed
    when first asked for."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.known: dict[bool, list[int]] = {}

    def __call__(self, in_bytes: bool, data: bytes = b"") -> list[int]:
        """``data``: the joined UTF-8, whose pieces between line breaks are the texts'
        encodings (a text holds no line break): split once rather than each text encoded."""
        if in_bytes not in self.known:
            sizes = map(len, data.split(b"\n")[:-1] if in_bytes else self.texts[:-1])
            self.known[in_bytes] = list(accumulate(map(_PLUS_ONE, sizes), initial=0))
        return self.known[in_bytes]


_PLUS_ONE = (1).__add__


def _joined(ctx: Context, segments: list[Segment]
            ) -> tuple[str, bytes, _Offsets] | None:
    """The segments' texts joined by line breaks, as text and UTF-8, with where each
    segment starts in them; None if a text holds a line break. Only the last list asked
    for is kept (a rule scans one list with each of its patterns): never a copy per list
    of a large document."""
    memo = ctx.__dict__.get("_joined_memo")
    # The same segments (the very objects, kept by the memo), compared at C level: no
    # tuple of every segment's id built for each pattern a rule scans with.
    if memo is not None and len(memo[0]) == len(segments) and all(
            map(is_, memo[0], segments)):
        return memo[1]  # type: ignore[no-any-return]
    texts = list(map(_TEXT, segments))
    text = "\n".join(texts)
    value = None
    if text.count("\n") == len(texts) - 1:
        value = (text, text.encode("utf-8"), _Offsets(texts))
    ctx.__dict__["_joined_memo"] = (list(segments), value)
    return value


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
