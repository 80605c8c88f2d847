"""Tables printed without ruling lines (checker/read/pdf_columns.py): read from the words'
positions into the same grid as ruled tables, so a blank cell stays in its column."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pymupdf
import pytest

from checker.parse.parser import parse_file
from checker.parse.tables import find_row

ROWS = [("科目代码", "科目名称", "合计", "基本支出", "项目支出"),
        ("合计", "", "150.00", "130.00", "20.00"),
        ("201", "一般公共服务支出", "150.00", "130.00", "20.00"),
        ("20101", "人大事务", "120.00", "100.00", "20.00"),
        ("2010101", "行政运行", "100.00", "100.00", ""),
        ("2010102", "一般行政管理事务", "20.00", "", "20.00"),
        ("20102", "政协事务", "30.00", "30.00", ""),
        ("2010201", "行政运行", "30.00", "30.00", "")]
# right edges of the three figure columns, left edges of the two label columns
RIGHT = (340.0, 430.0, 520.0)


def _pdf(path: Path, rows: list[tuple[str, ...]], prose: str = "") -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)

    def put(x: float, y: float, text: str, size: float = 10.5) -> None:
        page.insert_text((x, y), text, fontname="china-s", fontsize=size)

    put(72, 80, "江苏省示例厅2019年部门预算公开", 14)
    put(72, 120, "第二部分 2019年部门预算表", 12)
    put(72, 150, "公开07表")
    put(150, 175, "一般公共预算支出预算表", 16)
    put(72, 200, "部门名称：江苏省示例厅")
    put(450, 200, "单位：万元")
    y = 230.0
    for code, name, *figures in rows:
        put(80, y, code)
        put(170, y, name)
        for right, figure in zip(RIGHT, figures, strict=True):
            if figure:
                put(right - pymupdf.get_text_length(figure, "china-s", 10.5), y, figure)
        y += 22
    put(72, y + 20, "第三部分 2019年部门预算情况说明")
    put(72, y + 50, "一、收支预算总体情况说明")
    put(72, y + 75, prose or "江苏省示例厅2019年度收入、支出预算总计150万元。")
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def unruled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf(tmp_path_factory.mktemp("unruled") / "unruled.pdf", ROWS)


def test_an_unruled_table_is_a_grid_with_its_blank_cells(unruled: Path) -> None:
    [table] = parse_file(unruled).tables
    assert table.title == "一般公共预算支出预算表" and table.form == "公开07表"
    assert table.unit_of_measure == "万元"
    assert table.columns == ["合计", "基本支出", "项目支出"]
    assert table.grid[0] == list(ROWS[0])
    assert len(table.grid) == len(ROWS)
    admin = find_row(table, code="2010101")
    general = find_row(table, code="2010102")
    assert admin is not None and general is not None
    assert admin.values == [D("100.00"), D("100.00"), None]  # the blank stays in its column
    assert general.values == [D("20.00"), None, D("20.00")]
    assert admin.page == 1 and admin.bbox is not None
    assert [c.column for c in general.cells] == ["合计", "基本支出", "项目支出"]


def test_prose_with_figures_is_no_table(tmp_path: Path) -> None:
    prose = "收入预算150.00万元，支出预算150.00万元，其中基本支出130.00万元。"
    pdf = _pdf(tmp_path / "prose.pdf", ROWS[:2], prose)  # one figure row: no table
    document = parse_file(pdf)
    assert all(not t.grid for t in document.tables)
    paragraphs = [p.text for s in document.sections() for p in s.paragraphs]
    assert any("基本支出130.00万元" in p for p in paragraphs)
