"""PDF tables read from the page geometry (checker/read/pdf_grid.py, pdf_layout.py and the grid
reader checker/parse/tables_grid.py). Spot values read by hand from the PDFs."""

from __future__ import annotations

from decimal import Decimal as D
from functools import cache
from pathlib import Path

import pytest

from checker.model.ast import Document, Table
from checker.parse.parser import parse_file
from checker.parse.tables import find_row

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted((FIXTURES / "real").glob("*.pdf"))


@cache
def doc(name: str) -> Document:
    return parse_file(FIXTURES / name)


def table(name: str, words: str) -> Table:
    return next(t for t in doc(name).tables if words in t.title)


def test_putuo_sangong_grid_keeps_every_cell() -> None:
    sangong = table("pdf/putuo_caizhengju_2024_final.pdf", "三公")
    assert (len(sangong.grid), len(sangong.grid[0])) == (6, 12)
    figures = sangong.grid[-1]
    assert figures[0] == "0.95" and figures[10] == "0.95"
    assert all(figures[c] is None for c in range(1, 12, 2))  # every 决算数 blank
    assert sangong.grid[1][4] == "公务用车购置及运行费"
    reception = find_row(sangong, label="公务接待费")
    assert reception is not None
    # a 决算 table: its 决算数 first (blank), then its 预算数
    assert sangong.columns == ["决算数", "预算数"]
    assert reception.values == [None, D("0.95")]
    assert [c.column for c in reception.cells] == ["决算数", "预算数"]


def test_putuo_summary_continues_on_the_next_page() -> None:
    summary = table("pdf/putuo_caizhengju_2024_final.pdf", "收入支出决算总表")
    income = find_row(summary, label="本年收入合计", group="收入")
    total = find_row(summary, label="总计", group="收入")
    assert income is not None and income.values == [D("2946.25")]
    assert total is not None and total.values == [D("2995.39")]
    assert (summary.page, income.page, total.page) == (6, 6, 7)
    # the header is not repeated as rows
    assert sum(1 for r in summary.rows if r.label == "项目") == 0


def test_multi_level_column_names() -> None:
    fund = table("pdf/putuo_caizhengju_2024_final.pdf", "政府性基金")
    assert "本年支出/基本支出" in fund.columns
    [total] = fund.rows
    assert total.label == "合计" and total.values == [None] * len(fund.columns)


def test_shanghai_codes_in_three_columns() -> None:
    name = "real/sh_city_caizhengju_2025_unit_budget.pdf"
    spending = table(name, "一般公共预算支出功能分类预算表")
    housing = find_row(spending, code="22102")
    fund = find_row(spending, code="2210201")
    subsidy = find_row(spending, code="2210203")
    assert housing is not None and fund is not None and subsidy is not None
    assert housing.label == "住房改革支出"
    assert housing.values[0] == D(21_800_000) == fund.values[0] + subsidy.values[0]
    assert (fund.values[0], subsidy.values[0]) == (D(10_000_000), D(11_800_000))


def test_jiangsu_summary_with_split_rows() -> None:
    summary = table("real/js_jianchayuan_2019_dept_budget.pdf", "收支预算总表")
    reserve = find_row(summary, label="单位预留机动经费")
    basic = find_row(summary, label="基本支出")
    project = find_row(summary, label="项目支出")
    spent = find_row(summary, label="支出合计")
    assert reserve is not None and basic is not None and project is not None
    assert spent is not None
    assert reserve.values == [D("3990.40")]
    assert spent.values[-1] == D("24169.74") == basic.values[0] + project.values[0] + \
        reserve.values[0]


def test_jiangsu_form_numbers_belong_to_the_title_below_them() -> None:
    forms = [(t.form, t.title) for t in doc("real/js_jianchayuan_2019_dept_budget.pdf").tables
             if t.grid]
    assert forms[0] == ("公开01表", "收支预算总表")
    assert len(forms) == 12


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_every_pdf_table_is_a_grid_with_its_cells(pdf: Path) -> None:
    document = parse_file(pdf)
    for found in document.tables:
        assert found.grid, (found.title, found.line)  # no phantom table (TOC line, heading)
        assert not found.cells_missing, found.title
        assert found.page is not None and found.bbox is not None


def test_pages_and_boxes_in_the_json() -> None:
    data = doc("pdf/putuo_caizhengju_2024_final.pdf").to_dict()
    first = data["tables"][0]
    assert first["page"] == 6 and len(first["bbox"]) == 4
    row = first["rows"][0]
    assert row["page"] == 6 and row["bbox"][0] < row["bbox"][2]
    assert row["cells"][0]["page"] == 6 and len(row["cells"][0]["bbox"]) == 4
    paragraph = data["parts"][2]["children"][0]["paragraphs"][0]
    assert paragraph["page"] == 21 and paragraph["bbox"][1] < paragraph["bbox"][3]
    assert paragraph["text"].startswith("上海市普陀区财政局2024年度收入支出总计2995.39万元")


def test_text_input_json_has_no_pages_or_boxes() -> None:
    data = parse_file(FIXTURES / "001_42ec3e2d2e6a0311.txt").to_dict()
    assert all("bbox" not in t and "grid" not in t for t in data["tables"])


def test_header_dividers_drawn_off_the_body_ones() -> None:
    """Jiangsu draws the 功能科目代码 | 功能科目名称 divider at another x in the header than in
    the body: the band between is no column."""
    spending = table("real/js_jianchayuan_2019_dept_budget.pdf", "财政拨款支出预算表")
    assert spending.grid[0] == ["功能科目代码", "功能科目名称", "金额"]
    assert spending.grid[2] == ["204", "公共安全支出", "16,593.12"]
    assert spending.columns == ["金额"]
    police = find_row(spending, code="204")
    assert police is not None and police.values == [D("16593.12")]


def test_a_tall_total_row_keeps_its_figure() -> None:
    """The 合计 of 机关运行经费 is printed over three ruled rows, its amount in the middle one."""
    running = table("real/js_jianchayuan_2019_dept_budget.pdf", "机关运行经费")
    assert running.grid[1] == ["合计", None, "2,391.92"]
    total = find_row(running, label="合计")
    assert total is not None and total.values == [D("2391.92")]


def test_form_and_byline_printed_inside_the_frame_are_no_header() -> None:
    basic = table("real/js_renda_2018_dept_budget.pdf", "财政拨款基本支出预算表")
    assert basic.form == "公开06表" and basic.columns == ["金额"]
    assert basic.grid[0] == ["科目编码", "科目名称", "金额"]
    purchase = table("real/js_jianchayuan_2019_dept_budget.pdf", "政府采购")
    assert purchase.columns[-1] == "总计"


def test_jiangsu_sangong_table_subtotal_is_the_sangong_item() -> None:
    sangong = table("real/js_jianchayuan_2019_dept_budget.pdf", "三公")
    values = {row.label: row.values[0] for row in sangong.rows}
    assert values["合计"] == D("1276.7") and values["“三公”经费"] == D("418.26")
    assert values["“三公”经费"] == values["因公出国（境）费"] + values["公务接待费"] + \
        values["公务用车购置及运行维护费"]


def test_template_without_figures_keeps_its_total_rows() -> None:
    """A 决算 table printed without figures (the national template, an empty 政府性基金
    table): 合计 is a row, blank; the header level printed on its line names columns."""
    fund = table("pdf/putuo_guihua_2024_final.pdf", "政府性基金")
    [total] = fund.rows
    assert total.label == "合计" and total.values == [None] * 6
    assert fund.columns[2:5] == ["本年支出/合计", "本年支出/基本支出", "本年支出/项目支出"]
    income = table("pdf/national_final_template.pdf", "收入决算表")
    assert [r.label for r in income.rows[:2]] == ["合计", "教育支出"]
    assert income.rows[1].code == "205"
    summary = table("pdf/national_final_template.pdf", "收入支出决算总表")
    assert find_row(summary, label="本年收入合计", group="收入") is not None
    assert find_row(summary, label="本年支出合计", group="支出") is not None


def test_statements_carry_page_and_box() -> None:
    data = doc("pdf/putuo_caizhengju_2024_final.pdf").to_dict()
    first = data["statements"][0]
    assert first["text"] == "收入支出总计2995.39万元"
    assert first["page"] == 21 and len(first["bbox"]) == 4
    assert first["bbox"][0] < first["bbox"][2] and first["bbox"][1] < first["bbox"][3]
    text = parse_file(FIXTURES / "001_42ec3e2d2e6a0311.txt").to_dict()
    assert all("bbox" not in s for s in text["statements"])
