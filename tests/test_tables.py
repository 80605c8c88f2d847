"""Tables in every layout of the corpus: spot values, side-by-side groups, and one synthetic
snippet per layout.

The corpus tests slice a table block out of a fixture themselves (title line up to the next
table title or part heading), so they pin ``build_table`` independently of the structure
parser; the end-to-end tests at the bottom check the same values through ``parse_file``.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from corpus import DOCS, FIXTURES

from checker.model.ast import Line, Table
from checker.parse.normalize import normalize_text
from checker.parse.tables import build_table, column_index, find_row, parse_cell, table_number

# A table heading in the body: "一、收支预算总表", "一、 收入支出决算总表" (TOC entries end in
# a page number, so they never match).
_TABLE_TITLE = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*、\s*\S*表\s*$")
_PART = re.compile(r"^\s*第[一二三四五]部分")

D = Decimal


def _lines(doc: str) -> list[Line]:
    return normalize_text((FIXTURES / DOCS[doc]).read_text(encoding="utf-8"))


def corpus_table(doc: str, title_part: str) -> Table:
    """Build the table of ``doc`` whose heading contains ``title_part``."""
    lines = _lines(doc)
    for i, line in enumerate(lines):
        if _TABLE_TITLE.match(line.text) and title_part in line.text:
            end = i + 1
            while end < len(lines) and not (
                _TABLE_TITLE.match(lines[end].text) or _PART.match(lines[end].text)
            ):
                end += 1
            return build_table(line, lines[i + 1:end], ["第二部分"])
    raise AssertionError(f"{doc}: no table titled {title_part!r}")


def snippet(text: str, normalise: bool = True) -> Table:
    """A table from a synthetic block: first line is the title."""
    if normalise:
        lines = normalize_text(text)
    else:
        lines = [Line(i + 1, raw, raw) for i, raw in enumerate(text.split("\n"))]
    return build_table(lines[0], lines[1:], [])


def value(table: Table, label: str | None = None, code: str | None = None,
          group: str | None = None, column: int = 0) -> Decimal | None:
    row = find_row(table, label=label, code=code, group=group)
    assert row is not None, f"no row label={label!r} code={code!r} group={group!r}"
    return row.values[column]


# ---------------------------------------------------------------------------------------------
# Titles, numbers, cells
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "number", "clean"),
    [
        ("一、收支预算总表", 1, "收支预算总表"),
        ("一、 收入支出决算总表  ", 1, "收入支出决算总表"),
        ("十、一般公共预算“三公”经费支出预算表", 10, "一般公共预算“三公”经费支出预算表"),
        ("## 九、一般公共预算基本支出经济分类情况表", 9, "一般公共预算基本支出经济分类情况表"),
        ("公开01表 收入支出决算总表", 1, "收入支出决算总表"),
        ("收入支出决算总表", None, "收入支出决算总表"),
    ],
)
def test_table_number_and_clean_title(title: str, number: int | None, clean: str) -> None:
    assert table_number(title) == (number, clean)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("103,349.96", D("103349.96")),
        ("0.00", D("0")),
        ("", None),
        ("-", None),
        ("——", None),
        ("９４８４９．００", D("94849.00")),
        ("3329.6", D("3329.6")),
        ("无", None),
    ],
)
def test_parse_cell(cell: str, expected: Decimal | None) -> None:
    assert parse_cell(cell) == expected


def test_zero_is_a_value_not_a_blank() -> None:
    assert parse_cell("0.00") is not None


# ---------------------------------------------------------------------------------------------
# 000: the ten tables were images
# ---------------------------------------------------------------------------------------------


def test_000_title_only_tables_have_no_invented_rows() -> None:
    for title in ("收支预算总表", "收入预算总表", "一般公共预算基本支出经济分类情况表", "“三公”"):
        table = corpus_table("000", title)
        assert table.cells_missing is True
        assert table.rows == []
        assert table.columns == []


def test_000_note_of_empty_fund_table_is_kept() -> None:
    table = corpus_table("000", "政府性基金预算拨款支出预算表")
    assert table.number == 6
    assert table.cells_missing is True
    assert [n.text for n in table.notes] == [
        "备注：本单位 2025 年没有使用政府性基金预算拨款安排的支出"
    ]


# ---------------------------------------------------------------------------------------------
# 001: tab-separated, thousands separators, codes, wrapped header and label cells
# ---------------------------------------------------------------------------------------------


def test_001_income_expense_summary_side_by_side() -> None:
    table = corpus_table("001", "收支预算总表")
    assert table.number == 1
    assert table.title == "收支预算总表"
    assert table.unit_of_measure == "万元"
    assert table.groups == ["收入", "支出"]
    assert table.columns == ["预算数"]
    assert value(table, "收入合计") == D("103349.96")
    assert find_row(table, "收入合计").group == "收入"
    assert value(table, "支出合计", group="支出") == D("103349.96")
    assert value(table, "七、上级补助收入") == D("29265.00")
    # rows whose 收入 side is empty still belong to 支出, with only the 支出 value
    health = find_row(table, "九、卫生健康支出")
    assert health.group == "支出" and health.values == [D("102402.37")]
    housing = find_row(table, "住房保障支出")
    assert housing.group == "支出" and housing.values == [D("492.87")]
    assert find_row(table, "城乡社区支出").values == [None]
    assert find_row(table, "上年结转结余").group == "收入"


def test_001_summary_json_carries_groups() -> None:
    data = corpus_table("001", "收支预算总表").to_dict()
    assert data["groups"] == ["收入", "支出"]
    assert data["group_columns"] == [["预算数"], ["预算数"]]
    total = next(r for r in data["rows"] if r["label"] == "收入合计")
    assert total == {"label": "收入合计", "code": None, "values": [103349.96], "line": 136,
                     "group": "收入"}


def test_001_income_table_codes_and_wrapped_cells() -> None:
    table = corpus_table("001", "收入预算总表")
    row = find_row(table, code="2101202")
    assert row.values[0] == D("94849.00")
    assert row.values[column_index(table, "上级补助收入")] == D("27849.00")
    assert row.values[column_index(table, "一般公共预算拨款收入")] == D("67000.00")
    # wrapped cells joined: "社会保障和就业支 出", "机关事业单位基本 养老保险缴费支出"
    assert find_row(table, code="208").label == "社会保障和就业支出"
    assert find_row(table, code="2080505").label == "机关事业单位基本养老保险缴费支出"
    assert table.columns[0] == "总计"
    assert "上年结转结余" in table.columns
    assert len(table.columns) == len(row.values) == 11
    total = find_row(table, "合计")
    assert total.code is None and total.values[0] == D("103349.96")


def test_001_basic_expense_economic_table() -> None:
    table = corpus_table("001", "基本支出经济分类情况表")
    assert value(table, code="301") + value(table, code="303") == D("3076.31")
    assert value(table, "合计") == D("3329.60")
    assert value(table, code="30217") == D("2.00")
    assert find_row(table, code="30106").values == [None]  # blank cell, not zero
    assert all(r.code is not None and len(r.code) in (3, 5) for r in table.rows[1:])


def test_001_empty_fund_table_keeps_rows_and_note() -> None:
    table = corpus_table("001", "政府性基金预算拨款支出预算表")
    assert table.cells_missing is False
    assert table.columns == ["合计", "基本支出", "项目支出"]
    assert find_row(table, "无").values == [D(0), D(0), D(0)]
    assert table.notes[0].text.startswith("备注：本单位 2023 年没有使用政府性基金")


def test_001_expense_table_integers_are_amounts_not_codes() -> None:
    table = corpus_table("001", "支出预算总表")
    row = find_row(table, code="21012")
    assert row.values[:3] == [D("94907"), None, D("94907")]
    assert table.columns[:3] == ["合计", "基本支出", "项目支出"]


# ---------------------------------------------------------------------------------------------
# 002: tab-separated, explicit 0.00 cells
# ---------------------------------------------------------------------------------------------


def test_002_three_public_table() -> None:
    table = corpus_table("002", "“三公”经费支出预算表")
    assert table.number == 10
    assert value(table, "合计") == D("19.50")
    car_run = find_row(table, "公务用车运行费")
    assert car_run.label.endswith("(2)公务用车运行费")  # not "3、公务用车购置及运行费"
    assert car_run.values == [D("16.80")]
    assert value(table, "公务用车购置费") == D("0.00")
    assert value(table, "公务接待费") == D("2.70")


def test_002_income_rows_sum_with_rounding_difference() -> None:
    table = corpus_table("002", "收入预算总表")
    coded = [r for r in table.rows if r.code]
    assert len(coded) == 13
    assert sum(r.values[0] for r in coded) == D("129025.31")
    assert value(table, "合计") == D("129025.32")
    assert table.columns[0] == "小计"


def test_002_empty_fund_table_header_names_label_columns() -> None:
    # only "合计→→0.00→0.00→0.00" under "科目编码→科目名称→小计→其中：→": the blank 科目名称
    # cell must not become a value
    table = corpus_table("002", "政府性基金预算拨款支出预算表")
    assert find_row(table, "合计").values == [D(0), D(0), D(0)]
    assert table.columns == ["小计", "基本支出", "项目支出"]


# ---------------------------------------------------------------------------------------------
# 003: runs of spaces, 公开NN表, wrapped headers, three column groups side by side
# ---------------------------------------------------------------------------------------------


def test_003_form_01_side_by_side_in_spaces() -> None:
    table = corpus_table("003", "收入支出决算总表")
    assert (table.number, table.form, table.title) == (1, "公开01表", "收入支出决算总表")
    assert table.unit_of_measure == "万元"
    assert value(table, "本年收入合计") == D("6521.70")
    assert find_row(table, "本年收入合计").group == "收入"
    assert value(table, "年末结转和结余") == D("308.30")
    assert find_row(table, "年末结转和结余").group == "支出"
    # indented lines have an empty 收入 side
    assert value(table, "九、卫生健康支出", group="支出") == D("5919.96")
    assert find_row(table, "卫生健康支出", group="收入") is None
    assert [n.text for n in table.notes] == [
        "注：1. 本表反映单位本年度的总收支和年末结转结余情况。",
        "2. 本套报表金额单位转换时可能存在尾数误差。",
    ]


def test_003_form_02_wrapped_header_and_class_row() -> None:
    table = corpus_table("003", "收入决算表")
    assert table.form == "公开02表"
    assert table.columns == ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入",
                             "经营收入", "附属单位上缴收入", "其他收入"]
    total = find_row(table, "合计")
    assert total.label == "合计"  # "类 款 项" header residue removed
    assert total.values[0] == D("6521.70")
    assert total.values[column_index(table, "其他收入")] == D("341.71")
    assert find_row(table, code="2101550").values[-1] == D("17.04")
    assert table.notes[0].text == "注：本表反映单位本年度取得的各项收入情况。"


def test_003_form_03_header_line_is_not_a_total_row() -> None:
    table = corpus_table("003", "支出决算表")
    assert table.rows[0].label == "合计"
    assert table.rows[0].values[:3] == [D("6578.02"), D("2594.73"), D("3983.29")]
    assert column_index(table, "项目支出") == 2
    assert find_row(table, code="2210203").values[0] == D("4.06")


def test_003_form_04_groups_have_their_own_columns() -> None:
    table = corpus_table("003", "财政拨款收入支出决算总表")
    assert table.groups == ["收入", "支出"]
    assert table.group_columns[0] == ["金额"]
    assert table.group_columns[1][0] == "合计"
    assert column_index(table, "一般公共预算财政拨款", group="支出") == 1
    assert value(table, "年末财政拨款结转和结余") == D("119.34")
    assert find_row(table, "四、公共安全支出").group == "支出"
    assert len(find_row(table, "四、公共安全支出").values) == 4


def test_003_form_06_three_groups_side_by_side() -> None:
    table = corpus_table("003", "基本支出决算表")
    assert table.form == "公开06表"
    assert table.groups == ["人员经费", "公用经费", "公用经费"]
    reception = find_row(table, code="30217")
    assert (reception.label, reception.values, reception.group) == (
        "公务接待费", [D("2.16")], "公用经费")
    # label wrapped over two lines above its amount
    pension = find_row(table, code="30108")
    assert (pension.label, pension.values) == ("机关事业单位基本养老保险缴费", [D("215.67")])
    # label wrapped below its code, amount on a line of its own
    npo = find_row(table, code="39908")
    assert npo.label == "对民间非营利组织和群众性自治组织补贴"
    assert npo.values == [D("0.00")]
    # an indented line has an empty 人员经费 group
    assert find_row(table, code="30299").group == "公用经费"
    assert value(table, code="30299") == D("22.51")
    assert value(table, "人员经费合计") == D("2422.28")
    assert value(table, "公用经费合计") == D("156.73")
    personnel = [r for r in table.rows if r.group == "人员经费" and r.code and len(r.code) == 3]
    assert [r.code for r in personnel] == ["301", "303"]


def test_003_form_07_drops_the_line_number_column() -> None:
    table = corpus_table("003", "“三公”经费支出决算表")
    assert table.columns == ["决算数"]
    assert find_row(table, "合计").values == [D("2.16")]
    assert value(table, "公务接待费") == D("2.16")


def test_003_form_08_spanning_header_sub_columns_in_place() -> None:
    table = corpus_table("003", "政府性基金预算财政拨款收入支出决算表")
    assert table.columns == ["年初结转和结余", "本年收入", "小计", "基本支出", "项目支出",
                             "年末结转和结余"]
    assert len(table.notes) == 2


# ---------------------------------------------------------------------------------------------
# 004: Markdown headings, <b> cells
# ---------------------------------------------------------------------------------------------


def test_004_bold_cells_and_economic_codes() -> None:
    summary = corpus_table("004", "收支预算总表")
    assert value(summary, "收入合计") == D("902.40")
    assert value(summary, "支出合计") == D("902.40")
    basic = corpus_table("004", "基本支出经济分类情况表")
    assert find_row(basic, code="30101").label == "基本工资"
    assert value(basic, code="30101") == D("149.76")
    assert value(basic, code="301") + value(basic, code="303") == D("806.65")


def test_004_total_in_name_column() -> None:
    table = corpus_table("004", "一般公共预算拨款支出预算表")
    assert find_row(table, "合计").values == [D("902.40"), D("852.40"), D("50.00")]


# ---------------------------------------------------------------------------------------------
# Synthetic layouts
# ---------------------------------------------------------------------------------------------


def test_tab_layout_with_dash_blank_and_thousands() -> None:
    table = snippet("三、支出预算总表\n单位：元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
                    "合计\t\t1,234.50\t-\t1,234.50\n210\t卫生健康支出\t1,234.50\t\t1,234.50")
    assert table.unit_of_measure == "元"
    assert find_row(table, "合计").values == [D("1234.50"), None, D("1234.50")]
    assert find_row(table, code="210").label == "卫生健康支出"


def test_tab_layout_wrapped_label_row_is_merged() -> None:
    table = snippet("九、一般公共预算基本支出经济分类情况表\n科目编码\t科目名称\t预算数\n"
                    "30108\t机关事业单位基本\t72.94\n\t养老保险缴费\t\n30109\t职业年金缴费\t36.47")
    assert [r.label for r in table.rows] == ["机关事业单位基本养老保险缴费", "职业年金缴费"]


@pytest.mark.parametrize("sep", ["\t", "  ", "\n"])
def test_blank_row_without_code_is_not_a_wrapped_label(sep: str) -> None:
    # tab, spaces and one cell per line: "因公出国(境)费用" has no amount, yet is a row
    table = snippet(f"十、“三公”经费支出预算表\n项目{sep}预算数\n合计{sep}2.00\n"
                    f"因公出国(境)费用{sep}\n公务接待费{sep}2.00")
    assert [r.label for r in table.rows] == ["合计", "因公出国(境)费用", "公务接待费"]
    assert value(table, "公务接待费") == D("2.00")


def test_space_layout() -> None:
    table = snippet("五、一般公共预算拨款支出预算表\n单位：万元\n"
                    "科目编码 科目名称 合计 基本支出 项目支出\n合计  100.00  60.00  40.00\n"
                    "2101501 行政运行 60.00 60.00 0.00\n"
                    "2101506 医疗保障经办事务 40.00 - 40.00\n- 3 -")
    assert table.columns == ["合计", "基本支出", "项目支出"]
    assert find_row(table, code="2101506").values == [D("40.00"), None, D("40.00")]
    assert len(table.rows) == 3  # the page number "- 3 -" is no row


def test_markdown_pipe_table_raw_and_normalised() -> None:
    text = ("十、一般公共预算“三公”经费支出预算表\n| 项目 | 预算数 |\n|---|---|\n"
            "| **合计** | 19.50 |\n| 1、因公出国（境）费用 | - |\n"
            "| 其中：（1）公务用车购置费 | 1,000.00 |")
    for normalise in (True, False):
        table = snippet(text, normalise=normalise)
        assert table.columns == ["预算数"]
        assert value(table, "合计") == D("19.50")
        assert value(table, "因公出国(境)费用") is None
        assert value(table, "公务用车购置费") == D("1000.00")


def test_html_bold_cells() -> None:
    table = snippet("一、收支预算总表\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
                    "<b>收入合计</b>\t<b>902.40</b>\t<b>支出合计</b>\t<b>902.40</b>",
                    normalise=False)
    assert find_row(table, "收入合计").values == [D("902.40")]
    assert find_row(table, "支出合计").group == "支出"


def test_html_table_cells() -> None:
    table = snippet("十、一般公共预算“三公”经费支出预算表\n"
                    "<tr><th>项目</th><th>预算数</th></tr>\n"
                    "<tr><td>合计</td><td>2.00</td></tr>\n"
                    "<tr><td>2、公务接待费</td><td>2.00</td></tr>",
                    normalise=False)
    assert value(table, "公务接待费") == D("2.00")


def test_one_cell_per_line() -> None:
    table = snippet("九、一般公共预算基本支出经济分类情况表\n单位：万元\n"
                    "科目编码\n科目名称\n预算数\n"
                    "合计\n852.40\n301\n工资福利支出\n779.46\n30101\n基本工资\n149.76\n30106\n"
                    "伙食补助费\n30108\n机关事业单位基本养老\n保险缴费\n72.94\n注：本表不含对下转移支付支出")
    assert table.columns == ["预算数"]
    assert value(table, code="30101") == D("149.76")
    assert find_row(table, code="30106").values == [None]
    assert find_row(table, code="30108").label == "机关事业单位基本养老保险缴费"
    assert value(table, code="30108") == D("72.94")
    assert table.notes[0].text == "注：本表不含对下转移支付支出"


def test_one_cell_per_line_with_two_cells_on_some_lines() -> None:
    # some extractors put neighbouring cells on one line: "537.64 30201"
    table = snippet("六、一般公共预算财政拨款基本支出决算表\n单位：万元\n"
                    "经济分类\n科目编码\n科目名称\n决算数\n经济分类\n科目编码\n科目名称\n决算数\n"
                    "301\n工资福利支出\n600.00 302\n商品和服务支出\n40.90\n"
                    "30101\n基本工资\n537.64 30201\n办公费\n84.62")
    assert table.groups == ["人员经费", "公用经费"]
    assert value(table, code="30101") == D("537.64")
    assert value(table, code="30201") == D("84.62")
    assert find_row(table, code="30201").group == "公用经费"


def test_one_cell_per_line_side_by_side() -> None:
    table = snippet("一、收支预算总表\n收入\n预算数\n支出\n预算数\n"
                    "一、一般公共预算拨款收入\n100.00\n"
                    "一、一般公共服务支出\n九、卫生健康支出\n40.00\n收入合计\n100.00\n支出合计\n100.00")
    assert table.groups == ["收入", "支出"]
    assert find_row(table, "收入合计").group == "收入"
    assert value(table, "支出合计", group="支出") == D("100.00")
    assert value(table, "九、卫生健康支出") == D("40.00")


def test_space_layout_three_groups_with_empty_first_group() -> None:
    table = snippet(
        "六、一般公共预算财政拨款基本支出决算表\n人员经费 公用经费\n"
        "科目名称 金额\n科目名称 金额\n科目名称 金额\n"
        "301 工资福利支出 10.00 302 商品和服务支出 5.00 310 资本性支出 1.00\n"
        "   30299 其他商品和服务支出 2.00 31002 办公设备购置 1.00\n"
        "人员经费合计 10.00 公用经费合计 6.00",
        normalise=False,
    )
    assert table.groups == ["人员经费", "公用经费", "公用经费"]
    assert [r.group for r in table.rows if r.code == "30299"] == ["公用经费"]
    assert table.group_columns == [["金额"], ["金额"], ["金额"]]
    third = [r.code for r in table.rows if r.code in ("310", "31002")]
    assert third == ["310", "31002"]
    assert table.rows[-1].code == "31002"  # group-major order: the third group comes last


def test_percent_column_is_an_amount_not_a_label() -> None:
    table = snippet("三、支出决算表\n项目\t决算数\t增减率\n合计\t110.00\t10.5%\n"
                    "基本支出\t100.00\t-2.00%")
    assert table.columns == ["决算数", "增减率"]
    assert find_row(table, "合计").values == [D("110.00"), D("10.5")]
    assert find_row(table, "基本支出").values == [D("100.00"), D("-2.00")]


def test_unit_in_title_and_header_repeated_after_page_break() -> None:
    table = snippet("八、一般公共预算支出经济分类情况表（单位：元）\n科目编码\t科目名称\t预算数\n"
                    "301\t工资福利支出\t1.00\n科目编码\t科目名称\t预算数\n302\t商品和服务支出\t2.00")
    assert (table.number, table.title, table.unit_of_measure) == (
        8, "一般公共预算支出经济分类情况表", "元")
    assert [r.code for r in table.rows] == ["301", "302"]


def test_tab_layout_code_in_class_item_columns() -> None:
    table = snippet("二、收入决算表\n单位：万元\n类\t款\t项\t科目名称\t本年收入合计\t财政拨款收入\n"
                    "\t\t\t合计\t2,112.86\t2,106.66\n201\t\t\t一般公共服务支出\t2,112.86\t2,106.66\n"
                    "续表\n201\t06\t01\t行政运行\t1,511.90\t1,511.89")
    assert table.columns == ["本年收入合计", "财政拨款收入"]
    assert [r.code for r in table.rows] == [None, "201", "2010601"]
    assert find_row(table, code="2010601").label == "行政运行"
    assert find_row(table, "合计").values == [D("2112.86"), D("2106.66")]


def test_title_only_block() -> None:
    table = snippet("七、国有资本经营预算拨款支出预算表\n\n"
                    "备注：本单位 2025 年没有使用国有资本经营预算拨款安排的支出\n")
    assert table.number == 7
    assert table.cells_missing is True and table.rows == []
    assert table.notes[0].text.endswith("安排的支出")


def test_note_continuation_lines_join() -> None:
    table = snippet("四、财政拨款收入支出决算总表\n项目 金额\n合计 1.00\n"
                    "注：本表反映单位本年度的总收支和年末结转结\n余情况。")
    assert [n.text for n in table.notes] == ["注：本表反映单位本年度的总收支和年末结转结余情况。"]


def test_find_row_prefers_exact_over_contained() -> None:
    table = snippet("十、一般公共预算“三公”经费支出预算表\n项目\t预算数\n合计\t19.50\n"
                    "3、公务用车购置及运行费\t16.80\n其中：（1）公务用车购置费\t0.00\n"
                    "（2）公务用车运行费\t16.80\n本年收入合计\t5.00")
    assert find_row(table, "公务用车运行费").label == "(2)公务用车运行费"
    assert find_row(table, "公务用车购置及运行费").label == "3、公务用车购置及运行费"
    assert find_row(table, "收入合计").label == "本年收入合计"
    assert find_row(table, "合计").values == [D("19.50")]
    assert find_row(table, "不存在的行") is None
    assert column_index(table, "预算数") == 0
    assert column_index(table, "基本支出") is None


# ---------------------------------------------------------------------------------------------
# One cell per line, from a real PDF: PyMuPDF's text of the 上海市普陀区财政局 2024 决算
# (shared corpus pdf/, pages 6-9), kept as tests/fixtures/pymupdf_putuo_2024_tables.txt
# ---------------------------------------------------------------------------------------------


def _pymupdf_table(title: str) -> Table:
    text = (FIXTURES / "pymupdf_putuo_2024_tables.txt").read_text(encoding="utf-8")
    lines = normalize_text(text)
    titles = ("收入支出决算总表", "收入决算表", "一般公共预算财政拨款基本支出决算表")
    starts = [i for i, ln in enumerate(lines) if ln.text.strip() in titles]
    for k, i in enumerate(starts):
        if lines[i].text.strip() == title:
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            return build_table(lines[i], lines[i + 1:end], [])
    raise AssertionError(title)


def test_pymupdf_summary_sides_follow_the_labels() -> None:
    table = _pymupdf_table("收入支出决算总表")
    assert table.groups == ["收入", "支出"]
    assert value(table, "一、一般公共预算财政拨款收入", group="收入") == D("2940.05")
    assert value(table, "一、一般公共服务支出", group="支出") == D("2106.66")
    assert value(table, "本年收入合计") == D("2946.25")
    assert value(table, "本年支出合计") == D("2940.05")
    # valueless cells of both sides are not glued into one label
    assert find_row(table, "结余分配").group == "支出"
    assert value(table, "年初结转和结余", group="收入") == D("49.14")
    assert value(table, "年末结转和结余", group="支出") == D("55.34")
    assert [r.values[0] for r in table.rows if r.label == "总计"] == [D("2995.39")] * 2


def test_pymupdf_codes_in_class_item_columns_and_wrapped_labels() -> None:
    table = _pymupdf_table("收入决算表")
    assert table.columns[:2] == ["本年收入合计", "财政拨款收入"]
    assert len(table.columns) == 7
    running = find_row(table, code="2010601")  # printed as "201" / "06" / "01"
    assert running.label == "行政运行"
    assert running.values == [D("1511.90"), D("1511.89"), D("0.01")]
    assert find_row(table, code="20106").label == "财政事务"
    assert find_row(table, code="2080505").label == "机关事业单位基本养老保险缴费支出"
    # empty cells are lost in this layout: amounts stay in order, never padded with guesses
    assert find_row(table, code="2210203").values == [D("258.50"), D("258.50")]


def test_pymupdf_basic_expense_sides_from_economic_classes() -> None:
    table = _pymupdf_table("一般公共预算财政拨款基本支出决算表")
    assert table.groups == ["人员经费", "公用经费"]
    personnel = [r for r in table.rows if r.group == "人员经费" and r.code]
    assert {r.code[:3] for r in personnel} == {"301", "303"}
    public = [r for r in table.rows if r.group == "公用经费" and r.code]
    assert {r.code[:3] for r in public} == {"302", "310"}
    # the totals agree with their classes, so nothing was put on the wrong side
    assert value(table, "人员经费合计") == value(table, code="301") + value(table, code="303")
    assert value(table, "公用经费合计") == value(table, code="302") + value(table, code="310")
    # codes printed as "301" / "08" are joined, a label wrapped over two lines too
    pension = find_row(table, code="30108")
    assert (pension.label, pension.values) == ("机关事业单位基本养老保险缴费", [D("160.75")])


def test_pymupdf_basic_expense_columns_named_under_a_split_subject_header() -> None:
    """The header reads "经济分类" / "科目名称" / "决算数" per group; read as one text that is
    "经济分类科目名称", which must still open a column group (golden review fix)."""
    table = _pymupdf_table("一般公共预算财政拨款基本支出决算表")
    assert table.group_columns == [["决算数"], ["决算数"]]
    assert column_index(table, "决算数", group="公用经费") == 0
    # a row printed with no amount is exact when padded: its one cell is blank
    assert find_row(table, code="30103").values == [None]


# ---------------------------------------------------------------------------------------------
# End to end through the structure parser
# ---------------------------------------------------------------------------------------------


def _doc_table(doc: str, title_part: str) -> Table:
    from checker.parse.parser import parse_file

    document = parse_file(FIXTURES / DOCS[doc])
    for table in document.tables:
        if title_part in table.title:
            return table
    raise AssertionError(f"{doc}: parse_file found no table titled {title_part!r}")


def test_end_to_end_spot_values() -> None:
    assert value(_doc_table("001", "收支预算总表"), "收入合计") == D("103349.96")
    assert value(_doc_table("001", "收入预算总表"), code="2101202") == D("94849.00")
    three = _doc_table("002", "“三公”")
    assert value(three, "合计") == D("19.50")
    assert value(three, "公务用车运行费") == D("16.80")
    form01 = _doc_table("003", "收入支出决算总表")
    assert value(form01, "本年收入合计") == D("6521.70")
    assert value(form01, "年末结转和结余") == D("308.30")
    assert value(_doc_table("003", "基本支出决算表"), code="30217") == D("2.16")
    assert value(_doc_table("004", "基本支出经济分类"), code="30101") == D("149.76")


def test_end_to_end_table_counts() -> None:
    from checker.parse.parser import parse_file

    expected = {"000": (10, 0), "001": (10, 10), "002": (10, 10), "003": (9, 9), "004": (10, 10)}
    for doc, (total, with_cells) in expected.items():
        tables = parse_file(FIXTURES / DOCS[doc]).tables
        assert (len(tables), sum(not t.cells_missing for t in tables)) == (total, with_cells), doc


def test_one_cell_per_line_side_by_side_joins_a_coded_label_of_any_length() -> None:
    """PyMuPDF (Shanghai 社会工作部 决算): "30108" / "机关事业单位基本" / "养老保险缴费" / "6.18"
    made "养老保险缴费" a row of its own on the 公用经费 side, and 301 no longer added up."""
    table = snippet(
        "一般公共预算财政拨款基本支出决算表\n单位：万元\n经济分类\n科目名称\n决算数\n经济分类\n"
        "科目名称\n决算数\n科目编码\n科目编码\n301\n工资福利支出\n20.18\n302\n商品和服务支出\n"
        "1.00\n30101\n基本工资\n14.00\n30201\n办公费\n1.00\n30108\n机关事业单位基本\n"
        "养老保险缴费\n6.18\n30202\n印刷费\n人员经费合计\n20.18\n公用经费合计\n1.00")
    pension = find_row(table, code="30108")
    assert (pension.label, pension.group, pension.values) == (
        "机关事业单位基本养老保险缴费", "人员经费", [D("6.18")])
    assert all(r.code for r in table.rows if "合计" not in r.label)
    assert find_row(table, code="30202").values == [None]  # blank: lost, and exact when padded
    assert find_row(table, "人员经费合计").values == [D("20.18")]
