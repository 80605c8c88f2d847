"""Results and evidence are built positionally in the hot paths (issue #12: keywords cost
twice as much for the hundreds of results of a document): the fields must stay in the order
those calls give them. Amounts are formatted from their printed form when it is already the
published one: exactly as the plain code formats them, for every Decimal."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import fields
from decimal import Decimal

from checker.kinds._context import fmt
from checker.model.results import Evidence, RuleResult


def test_the_result_fields_are_in_the_order_the_fast_paths_give_them() -> None:
    # checker.kinds._context.Context.result
    assert [f.name for f in fields(RuleResult)][:8] == [
        "rule", "title", "severity", "status", "message", "evidence", "category", "reference"]
    # checker.kinds._context.row_evidence, checker.kinds._statements.evidence
    assert [f.name for f in fields(Evidence)] == [
        "line", "text", "expected", "found", "page", "source", "bbox"]


def _plain_fmt(value: object) -> str:
    """``checker.kinds._context.fmt`` as it was, without the printed-form shortcut."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if exponent >= 0 and value == value.to_integral_value():  # type: ignore[operator]
            return str(value.to_integral_value())
        return str(value.quantize(Decimal("0.01"))) if exponent >= -2 else str(  # type: ignore[operator]
            value.normalize())
    return "" if value is None else str(value)


def _outcome(function: Callable[[object], str], value: object) -> str:
    try:
        return function(value)
    except Exception as error:  # the same failure too (NaN, more digits than the context)
        return f"raised {type(error).__name__}"


def test_amounts_are_formatted_as_the_plain_code_formats_them() -> None:
    rng = random.Random(12)
    values: list[object] = [None, 0, 12, "文本", 1.5, Decimal("NaN"), Decimal("-Infinity"),
                            Decimal("sNaN"), Decimal("-0"), Decimal("0E-2"), Decimal("1E+2"),
                            Decimal("-0.00"), Decimal("5E-7"), Decimal("123456789012345678901.23"),
                            Decimal("1" * 27 + ".25"), Decimal("9" * 30), Decimal("-" + "9" * 21)]
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 32)))
        sign = rng.choice(["", "-"])
        values.append(Decimal(f"{sign}{digits}E{rng.randint(-8, 4)}"))
        values.append(Decimal(f"{sign}{digits[:-2] or '0'}.{digits[-2:]}"))
    shortcut = 0
    for value in values:
        assert _outcome(fmt, value) == _outcome(_plain_fmt, value), repr(value)
        shortcut += isinstance(value, Decimal) and len(str(value)) <= 24
    assert shortcut > 1500
