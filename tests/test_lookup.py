"""One row look-up for the parser's helpers and the engine: exact label beats fragment."""

from __future__ import annotations

from decimal import Decimal

from checker.kinds._context import find_row as engine_find_row
from checker.model.ast import Row, Table
from checker.parse.lookup import find_row, label_key
from checker.parse.tables import find_row as tables_find_row


def _table(*labels: str, groups: list[str] | None = None) -> Table:
    rows = [Row(label=label, code=None, values=[Decimal(i)], line=i + 1)
            for i, label in enumerate(labels)]
    return Table(number=None, title="t", section_path=[], unit_of_measure="万元",
                 columns=["项目", "金额"], rows=rows, cells_missing=False, line=1,
                 groups=groups or [])


def test_a_bare_total_never_finds_a_longer_total() -> None:
    table = _table("人员经费合计", "公用经费合计")
    assert find_row(table, "合计") is None
    assert tables_find_row(table, "合计") is None
    assert engine_find_row(table, "合计") is None


def test_exact_label_beats_a_fragment_wherever_it_is() -> None:
    table = _table("人员经费合计", "合计")
    for look_up in (find_row, tables_find_row, engine_find_row):
        row = look_up(table, "合计")
        assert row is not None and row.label == "合计"


def test_enumerators_and_width_are_ignored_and_fragments_need_three_characters() -> None:
    table = _table("九、卫生健康支出", "其中：（1）公务用车购置费", "公务接待费")
    assert find_row(table, "卫生健康支出").label == "九、卫生健康支出"  # type: ignore[union-attr]
    assert find_row(table, "公务用车购置费").line == 2  # type: ignore[union-attr]
    assert find_row(table, "公务接待").label == "公务接待费"  # type: ignore[union-attr]
    assert find_row(table, "接待") is None
    assert label_key("（一）基本支出") == "基本支出"
    assert label_key("301 工资福利支出") == "301工资福利支出"  # a code is not an enumerator
