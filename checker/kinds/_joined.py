"""The document's lines as one normalised text with each line's offset, built once per
document for ``Context.locate`` (a finding's snippet found across line breaks)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate, islice
from operator import attrgetter, lt

from checker.model.ast import Line
from checker.model.lines import Lines
from checker.parse.normalize import comparable

# Lines joined per chunk: never a second copy of every line of a large document at once.
CHUNK = 4096
_NUMBER = attrgetter("number")
_TEXT = attrgetter("text")


def join_lines(lines: Sequence[Line]) -> tuple[Sequence[Line], Sequence[int], array, str]:
    """(one line per number, the first, in number order; their numbers; each one's offset
    in the joined text, plus the end; the normalised texts joined). Numbers and offsets
    are packed arrays and the raw text stays on the line: per-line dicts of copies were a
    third of the peak memory of a large document (docs/robustness.md)."""
    raw_lines: Sequence[Line]
    numbers: Sequence[int]
    if isinstance(lines, Lines):
        # A parsed text's lines: numbered in order already, and a ``Line`` built per access
        # (a list of them here would undo the compact storage at the check's peak).
        raw_lines, numbers, texts = lines, lines.numbers, lines.texts()
    else:
        found = list(map(_NUMBER, lines))
        if all(map(lt, found, islice(found, 1, None))):
            # The usual case, numbers rising line by line: the lines as they are, checked
            # and listed by C-level maps (no dict of every line, no sort).
            raw_lines = list(lines)
            numbers = array("q", found)
        else:
            first = {line.number: line for line in reversed(lines)}  # the earliest one wins
            raw_lines = [first[number] for number in sorted(first)]
            del first
            numbers = array("q", [line.number for line in raw_lines])
        del found
        texts = map(_TEXT, raw_lines)
    starts, chunks, offset = array("I"), [], 0
    for _ in range(0, len(raw_lines), CHUNK):
        # map() of the cached C-level function: no Python frame per line.
        parts = list(map(comparable, islice(texts, CHUNK)))
        ends = list(accumulate(map(len, parts), initial=offset))
        offset = ends.pop()
        starts.extend(ends)
        chunks.append("".join(parts))
    starts.append(offset)
    return raw_lines, numbers, starts, "".join(chunks)
