"""A text document's lines, stored compactly: ``Document.lines`` of a parsed text or HTML.

A ``Line`` per source line was a quarter of a large document's memory at the check's peak
(docs/robustness.md): 56 bytes for the object, an int for its number, a str for its text
(~75 bytes of header before the characters) and one for its raw form where that differs, and
two lines in five are blank. ``Lines`` keeps every text in one joined str with each line's
offset in a packed array, the raw forms likewise (only the lines whose raw form differs from
their text), and the numbers packed: ~12 bytes a line besides the characters. A ``Line`` is
built when one is asked for, so readers see the same sequence of ``Line``s as before;
``texts()`` and ``numbers`` serve the readers that need no ``Line`` objects.

PDF lines (``PlacedLine``: page, box, grid) stay a plain list.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, islice
from typing import overload

from checker.model.ast import Line


def _offsets(texts: list[str]) -> array:
    """Where each of ``texts`` starts in their join, plus the end."""
    return array("I", accumulate(map(len, texts), initial=0))


class Lines(Sequence[Line]):
    """Lines in order (numbers strictly increasing), each built on demand as a ``Line``."""

    __slots__ = ("_numbers", "_raw", "_raw_starts", "_starts", "_text")

    def __init__(self, lines: Iterable[Line]) -> None:
        numbers: list[int] = []
        texts: list[str] = []
        raws: list[str] = []
        differs = False
        for line in lines:
            numbers.append(line.number)
            texts.append(line.text)
            # An empty slot means "as the text" (a non-empty raw form is never stored empty:
            # an empty raw line has an empty text).
            if line.raw == line.text:
                raws.append("")
            else:
                raws.append(line.raw)
                differs = True
        self._numbers = array("I", numbers)
        self._text = "".join(texts)
        self._starts = _offsets(texts)
        self._raw = "".join(raws) if differs else ""
        self._raw_starts = _offsets(raws) if differs else None

    @property
    def numbers(self) -> Sequence[int]:
        """The line numbers, in order (a packed array: do not modify)."""
        return self._numbers

    def __len__(self) -> int:
        return len(self._numbers)

    def _line(self, index: int) -> Line:
        starts = self._starts
        text = self._text[starts[index]:starts[index + 1]]
        return Line(self._numbers[index], text, self._raw_at(index) or text)

    def _raw_at(self, index: int) -> str:
        raw_starts = self._raw_starts
        if raw_starts is None:
            return ""
        return self._raw[raw_starts[index]:raw_starts[index + 1]]

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
        numbers, texts, raw_starts = self._numbers, self.texts(), self._raw_starts
        if raw_starts is None:
            for number, text in zip(numbers, texts, strict=True):
                yield Line(number, text, text)
            return
        raws = map(self._raw.__getitem__, map(slice, raw_starts, islice(raw_starts, 1, None)))
        for number, text, raw in zip(numbers, texts, raws, strict=True):
            yield Line(number, text, raw or text)

    def texts(self, start: int = 0, stop: int | None = None) -> Iterator[str]:
        """The texts of the lines at positions ``start`` to ``stop``, in order, without
        building the ``Line``s (sliced at C level: no Python frame per line)."""
        starts = self._starts
        if start or stop is not None:
            starts = starts[start:len(self._numbers) + 1 if stop is None else stop + 1]
        return map(self._text.__getitem__, map(slice, starts, islice(starts, 1, None)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            return (self._numbers == other._numbers and self._text == other._text
                    and self._starts == other._starts
                    and list(map(self._raw_at, range(len(self))))
                    == list(map(other._raw_at, range(len(other)))))
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

