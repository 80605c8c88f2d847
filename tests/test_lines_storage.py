"""``Lines`` (the compact storage of a text document's lines) gives back exactly the
``Line``s it was built from, on every corpus text and on made-up lines reaching its cases
(raw forms that differ from the text or not, blank lines, characters of every width)."""

from __future__ import annotations

import pickle
from bisect import bisect_left
from pathlib import Path

import pytest

from checker.model.ast import Line, PlacedLine
from checker.model.lines import Lines, numbered_texts
from checker.parse.normalize import normalize_columns, normalize_text
from checker.parse.parser import parse_file, parse_text
from checker.read.source import read_source

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


def _corpus() -> list[Path]:
    return [*sorted(FIXTURES.glob("*.txt")), *sorted(EXAMPLES.glob("*.txt")),
            *sorted((FIXTURES / "real").glob("*.html"))]


def _fields(lines: object) -> list[tuple[int, str, str]]:
    return [(line.number, line.text, line.raw) for line in lines]  # type: ignore[attr-defined]


def _check_same(plain: list[Line], packed: Lines) -> None:
    assert len(packed) == len(plain)
    assert _fields(packed) == _fields(plain)
    assert [type(line) for line in packed] == [Line] * len(plain)
    assert list(packed.numbers) == [line.number for line in plain]
    assert list(packed.texts()) == [line.text for line in plain]
    assert list(numbered_texts(packed)) == [(ln.number, ln.text) for ln in plain]
    assert packed == plain and packed == Lines(plain)
    for index in (0, 1, len(plain) // 2, len(plain) - 1, -1, -len(plain)):
        if -len(plain) <= index < len(plain):
            assert _fields([packed[index]]) == _fields([plain[index]])
    for piece in (slice(None, 5), slice(3, 40), slice(-7, None), slice(None, None, 3)):
        assert _fields(packed[piece]) == _fields(plain[piece])
    for start, stop in ((0, 5), (2, 2), (len(plain) - 3, len(plain)), (0, len(plain))):
        assert list(packed.texts(start, stop)) == [ln.text for ln in plain[start:stop]]
    with pytest.raises(IndexError):
        packed[len(plain)]
    assert _fields(pickle.loads(pickle.dumps(packed))) == _fields(plain)


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_lines_give_back_every_corpus_line(path: Path) -> None:
    text = read_source(path).text
    plain = normalize_text(text)
    assert any(line.raw != line.text for line in plain)  # the raw store is exercised
    packed = Lines(plain)
    _check_same(plain, packed)
    _check_same(plain, Lines.of_columns(*normalize_columns(text)))
    numbers = [line.number for line in plain]
    by_number = {line.number: line.text for line in plain}
    for number in range(numbers[-1] + 3):
        assert packed.text_of(number) == by_number.get(number)
    # Ranges by line number, as Context.lines_between reads them (a slice between two
    # bisections of the numbers): against the plain walk, with bounds on, between and
    # beyond the numbers (page-number lines leave gaps).
    for low in (0, 1, numbers[len(numbers) // 3], numbers[-1], numbers[-1] + 5):
        for high in (low, low + 1, low + 40, numbers[-1] + 1, 10**6):
            piece = packed[bisect_left(packed.numbers, low):bisect_left(packed.numbers, high)]
            assert _fields(piece) == _fields([ln for ln in plain if low <= ln.number < high])


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_a_parsed_text_keeps_its_lines_compact_and_unchanged(path: Path) -> None:
    text = read_source(path).text
    document = parse_text(text)
    assert isinstance(document.lines, Lines)
    assert _fields(document.lines) == _fields(normalize_text(text))


def test_a_pdf_keeps_its_placed_lines() -> None:
    pdf = next(iter(sorted((FIXTURES / "pdf").glob("*.pdf"))))
    document = parse_file(pdf)
    assert isinstance(document.lines, list)
    assert any(isinstance(line, PlacedLine) and line.page for line in document.lines)


MADE_UP = [
    Line(1, "", ""), Line(2, "", "   "), Line(3, "收入", "收入"), Line(5, "(一)", "（一）"),
    Line(6, "a", " a "), Line(7, "", "\t"), Line(9, "ascii only", "ascii only"),
    Line(10, "𠀀 wide", "𠀀 wide"), Line(11, "x", "<b>x</b>"), Line(12, "", ""),
    # raw forms kept as what they add after or before the text
    Line(13, "b", "b  "), Line(14, "c", "  c"), Line(15, "收入", "收入\r"), Line(16, "d", "dd"),
]


@pytest.mark.parametrize("lines", [
    MADE_UP, MADE_UP[:1], [], [ln for ln in MADE_UP if ln.raw == ln.text],
    [ln for ln in MADE_UP if ln.raw != ln.text], MADE_UP[::-1][:3][::-1],
], ids=["mixed", "one-blank", "none", "raw-never-differs", "raw-always-differs", "tail"])
def test_lines_give_back_made_up_lines(lines: list[Line]) -> None:
    packed = Lines(lines)
    assert _fields(packed) == _fields(lines)
    assert list(packed.texts()) == [ln.text for ln in lines]
    assert packed == lines and (packed != Lines(MADE_UP)) == (lines != MADE_UP)
    if lines:
        _check_same(lines, packed)
