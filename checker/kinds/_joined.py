"""The document's lines as one normalised text with each line's offset, built once per
document for ``Context.locate`` (a finding's snippet found across line breaks). A parsed
text's lines are normalised once for that text and for their title keys (``title_lines``,
profile detection's index), in the same pass."""

from __future__ import annotations

import weakref
from array import array
from collections.abc import Sequence
from itertools import accumulate, compress, islice
from operator import attrgetter, lt

from checker.engine.title_keys import (
    _SHORT,
    TitleLines,
    key_of_normalised,
    remember_title_lines,
    remembered_title_lines,
)
from checker.model.ast import Document, Line
from checker.model.lines import Lines
from checker.parse.normalize import comparable

# Lines joined per chunk: never a second copy of every line of a large document at once.
CHUNK = 4096
_NUMBER = attrgetter("number")
_TEXT = attrgetter("text")
Joined = tuple[Sequence[Line], Sequence[int], array, str]


def join_lines(lines: Sequence[Line]) -> Joined:
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


# A parsed text's join, built with its title lines by detection, until its check takes it.
_SHARED: tuple[weakref.ref[Document], tuple[int, int], Joined] | None = None


def join_document(doc: Document) -> Joined:
    """``join_lines(doc.lines)``: the one built with the title lines when detection ran on
    this document (handed over once: the check's ``Context`` holds it from then on);
    otherwise built now, with the title lines for ``toc`` and ``presence`` unless they are
    built already."""
    global _SHARED
    lines = doc.lines
    memo = _SHARED
    if memo is not None and memo[0]() is doc and memo[1] == (id(lines), len(lines)):
        _SHARED = None
        return memo[2]
    if not isinstance(lines, Lines) or remembered_title_lines(doc) is not None:
        return join_lines(lines)
    joined, titles = _join_with_titles(lines)
    remember_title_lines(doc, titles)
    return joined


def shared_title_lines(doc: Document) -> TitleLines:
    """``title_lines`` of a parsed text (``doc.lines`` a ``Lines``), built in one pass with
    its join, which is kept for the document's check (``join_document``)."""
    global _SHARED
    lines = doc.lines
    assert isinstance(lines, Lines)
    joined, titles = _join_with_titles(lines)
    # Held until the check takes it or the document is gone, whichever comes first.
    _SHARED = (weakref.ref(doc, _forget), (id(lines), len(lines)), joined)
    return titles


def _forget(gone: weakref.ref[Document]) -> None:
    global _SHARED
    if _SHARED is not None and _SHARED[0] is gone:
        _SHARED = None


def _join_with_titles(lines: Lines) -> tuple[Joined, TitleLines]:
    """``join_lines(lines)`` and the lines' ``TitleLines`` from one normalisation of each
    line (``title_key`` is ``key_of_normalised`` of the normalised text)."""
    numbers = lines.numbers
    texts = lines.texts()
    starts, chunks, offset = array("I"), [], 0
    title_numbers, title_keys = array("I"), []
    for begin in range(0, len(lines), CHUNK):
        parts = list(map(comparable, islice(texts, CHUNK)))
        ends = list(accumulate(map(len, parts), initial=offset))
        offset = ends.pop()
        starts.extend(ends)
        chunk = "".join(parts)
        chunks.append(chunk)
        keys = list(map(key_of_normalised, parts))
        short = list(map(_SHORT.__contains__, map(len, keys)))
        title_numbers.extend(compress(numbers[begin:begin + CHUNK], short))
        title_keys.extend(compress(keys, short))
    starts.append(offset)
    return (lines, numbers, starts, "".join(chunks)), TitleLines(title_numbers, title_keys)
