"""The cells of a table grid read from a PDF page (``pdf_grid``): their text, span and box."""

from __future__ import annotations

from dataclasses import dataclass

from checker.regex_cache import compile_re

Box = tuple[float, float, float, float]

_AMOUNT = compile_re(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


@dataclass
class GridCell:
    """One cell: its text ("" when blank), where it starts and how far it spans."""

    text: str
    row: int
    col: int
    bbox: Box
    rowspan: int = 1
    colspan: int = 1
    lines: tuple[str, ...] = ()  # the printed lines of a multi-line cell


def union(boxes: list[Box]) -> Box:
    if not boxes:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text.replace(" ", "")))
