"""A text document's lines, stored compactly: ``Document.lines`` of a parsed text or HTML.

A ``Line`` per source line was a quarter of a large document's memory at the check's peak
(docs/robustness.md): 56 bytes for the object, an int for its number, a str for its text
(~75 bytes of header before the characters) and one for its raw form where that differs, and
two lines in five are blank. ``Lines`` keeps every text in one joined str with each line's
offset in a packed array, the raw forms likewise (only where a raw form differs from its
text, and then only what it adds before or after the text when that is all), and the numbers
packed: ~9 bytes a line besides the characters. A ``Line`` is
built when one is asked for, so readers see the same sequence of ``Line``s as before;
``texts()`` and ``numbers`` serve the readers that need no ``Line`` objects.

PDF lines (``PlacedLine``: page, box, grid) stay a plain list.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress, islice
from operator import attrgetter, is_not
from typing import overload

from checker.model.ast import Line


def _offsets(texts: list[str]) -> array:
    """Where each of ``texts`` starts in their join, plus the end."""
    return array("I", accumulate(map(len, texts), initial=0))


# How a line's raw form is kept (``Lines._kinds``): as its text (nothing stored), whole in
# its slot, or as what its slot adds before or after the text (the usual difference: the
# spaces or "\r" the cleaning stripped), so the text is not stored twice.
_AS_TEXT, _WHOLE, _BEFORE, _AFTER = 0, 1, 2, 3
_TEXT, _RAW, _NUMBER = attrgetter("text"), attrgetter("raw"), attrgetter("number")


def _raw_of(kind: int, text: str, slot: str) -> str:
    if kind == _AFTER:
        return text + slot
    if kind == _BEFORE:
        return slot + text
    return slot if kind == _WHOLE else text


class Lines(Sequence[Line]):
    """Lines in order (numbers strictly increasing), each built on demand as a ``Line``."""

    __slots__ = ("_kinds", "_numbers", "_raw", "_raw_starts", "_starts", "_text")

    def __init__(self, lines: Iterable[Line] = ()) -> None:
        lines = lines if isinstance(lines, list) else list(lines)
        self._pack(list(map(_NUMBER, lines)), list(map(_TEXT, lines)), list(map(_RAW, lines)))

    @classmethod
    def of_columns(cls, numbers: list[int], texts: list[str], raws: list[str]) -> Lines:
        """The lines numbered ``numbers[i]`` with text ``texts[i]`` and raw form ``raws[i]``
        (as ``normalize_columns`` gives them: no ``Line`` objects on the way)."""
        lines = cls()
        lines._pack(numbers, texts, raws)
        return lines

    def _pack(self, numbers: list[int], texts: list[str], raws: list[str]) -> None:
        self._numbers = array("I", numbers)
        self._text = "".join(texts)
        self._starts = _offsets(texts)
        # Most raw forms are their text, the same object (nothing folded, stripped or
        # unmarked): only the others are compared, at C level for the rest.
        changed = [i for i in compress(range(len(texts)), map(is_not, texts, raws))
                   if texts[i] != raws[i]]
        self._kinds: bytes | None = None
        self._raw = ""
        self._raw_starts: array | None = None
        if changed:
            kinds, slots = bytearray(len(texts)), [""] * len(texts)
            for index in changed:  # the kind and slot of each (inline: no call a line)
                text, raw = texts[index], raws[index]
                if text and raw.startswith(text):
                    kinds[index], slots[index] = _AFTER, raw[len(text):]
                elif text and raw.endswith(text):
                    kinds[index], slots[index] = _BEFORE, raw[:len(raw) - len(text)]
                else:
                    kinds[index], slots[index] = _WHOLE, raw
            self._kinds, self._raw, self._raw_starts = bytes(kinds), "".join(slots), _offsets(slots)

    @property
    def numbers(self) -> Sequence[int]:
        """The line numbers, in order (a packed array: do not modify)."""
        return self._numbers

    def __len__(self) -> int:
        return len(self._numbers)

    def _line(self, index: int) -> Line:
        starts = self._starts
        text = self._text[starts[index]:starts[index + 1]]
        return Line(self._numbers[index], text, self._raw_at(index, text))

    def _raw_at(self, index: int, text: str) -> str:
        kinds, raw_starts = self._kinds, self._raw_starts
        if kinds is None or raw_starts is None or not kinds[index]:
            return text
        return _raw_of(kinds[index], text, self._raw[raw_starts[index]:raw_starts[index + 1]])

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self._line(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._numbers)
        if not 0 <= index < len(self._numbers):
            raise IndexError("line index out of range")
        return self._line(index)

    def __iter__(self) -> Iterator[Line]:
        numbers, texts, kinds, raw_starts = self._numbers, self.texts(), self._kinds, \
            self._raw_starts
        if kinds is None or raw_starts is None:
            for number, text in zip(numbers, texts, strict=True):
                yield Line(number, text, text)
            return
        slots = map(self._raw.__getitem__, map(slice, raw_starts, islice(raw_starts, 1, None)))
        for number, text, kind, slot in zip(numbers, texts, kinds, slots, strict=True):
            yield Line(number, text, _raw_of(kind, text, slot) if kind else text)

    def text_of(self, number: int) -> str | None:
        """The text of the line numbered ``number``; None when there is none (dropped)."""
        numbers = self._numbers
        index = bisect_left(numbers, number)
        if index == len(numbers) or numbers[index] != number:
            return None
        return self._text[self._starts[index]:self._starts[index + 1]]

    def texts(self, start: int = 0, stop: int | None = None) -> Iterator[str]:
        """The texts of the lines at positions ``start`` to ``stop``, in order, without
        building the ``Line``s (sliced at C level: no Python frame per line)."""
        starts = self._starts
        if start or stop is not None:
            starts = starts[start:len(self._numbers) + 1 if stop is None else stop + 1]
        return map(self._text.__getitem__, map(slice, starts, islice(starts, 1, None)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            other = list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({list(self)!r})"

    def __reduce__(self) -> tuple[type[Lines], tuple[list[Line]]]:
        return (Lines, (list(self),))


def numbered_texts(lines: Sequence[Line]) -> Iterable[tuple[int, str]]:
    """(number, text) of each line, in order; for ``Lines`` without building ``Line``s."""
    if isinstance(lines, Lines):
        return zip(lines.numbers, lines.texts(), strict=True)
    return ((line.number, line.text) for line in lines)

