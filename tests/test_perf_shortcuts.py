"""The performance-table head reader's shortcuts read as the plain steps did: a fund label is
taken when ``_NUMBER`` finds a number after it (``_numbers`` then gives at least one amount),
and a year note is only asked about a line holding 年."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from checker.parse import perf_head
from checker.parse.normalize import normalize_text
from checker.parse.perf_head import _FUND_FIELDS, _numbers, _read_head
from checker.parse.perf_target import _FUND_LABELS, _NUMBER, _YEAR_NOTE

FIXTURES = Path(__file__).parent / "fixtures"


def _corpus_lines() -> list[str]:
    return [ln.text for path in sorted(FIXTURES.glob("0*.txt"))
            for ln in normalize_text(path.read_text(encoding="utf-8"))]


def test_a_number_found_is_an_amount_read() -> None:
    """``_numbers(text)`` is empty exactly when ``_NUMBER`` finds nothing: every match,
    whatever its digits, is a Decimal."""
    digits = [chr(cp) for cp in range(0x110000) if chr(cp).isdecimal()]
    texts = _corpus_lines() + [f"-{d}{d},{d}.{d}{d}" for d in digits] + [
        "资金总额:", "资金总额:--", "资金总额:1,,2", "x+3.", "1.2.3", ",5", "."]
    for text in texts:
        assert bool(_numbers(text)) == (_NUMBER.search(text) is not None), text
    assert _numbers("资金总额:1,,2") == [Decimal(12)]


def test_fund_fields_are_the_labels_pairs() -> None:
    assert dict(_FUND_LABELS) == _FUND_FIELDS
    assert _FUND_FIELDS["资金总额"] == "total" and _FUND_FIELDS["项目支出"] is None


def test_a_year_note_holds_its_year_word() -> None:
    made = ["（2023年度）", "(2024 年)", "( 2022年度 )", "(2023)"]
    notes = [t for t in [*_corpus_lines(), *made] if _YEAR_NOTE.match(t.strip())]
    assert len(notes) >= 3
    assert all("年" in t for t in notes)


def test_head_lines_read_the_same_with_the_plain_fund_test() -> None:
    """Every corpus line read as a head line (by each kind) gives the same head whether the fund
    label test asks ``_NUMBER`` or ``_numbers``."""
    lines = list(enumerate(_corpus_lines()))
    lines += list(enumerate(["项目资金(万元)\t资金总额:\t67000.00", "资金总额:", "100.5",
                             "其中:当年财政拨款 12", "（2023年度）", "项目名称：某项目"], 10**6))
    fast = [_read_head(lines[i:i + 60], kind)  # type: ignore[arg-type]
            for i in range(0, len(lines), 60) for kind in ("target", "self_evaluation")]
    original = perf_head._NUMBER
    perf_head._NUMBER = _PlainNumber()  # type: ignore[assignment]
    try:
        plain = [_read_head(lines[i:i + 60], kind)  # type: ignore[arg-type]
                 for i in range(0, len(lines), 60) for kind in ("target", "self_evaluation")]
    finally:
        perf_head._NUMBER = original
    assert fast == plain
    assert any(h.funds.total is not None for h in fast)


class _PlainNumber:
    """``_NUMBER`` whose search answers as ``_numbers`` did (the plain fund test)."""

    def search(self, text: str) -> object:
        return _NUMBER.search(text) if _numbers(text) else None

    def fullmatch(self, text: str) -> object:
        return _NUMBER.fullmatch(text)

    def findall(self, text: str) -> list[str]:
        return _NUMBER.findall(text)
