"""Line classification: TOC, headings vs items, table and performance blocks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.parse.lexer import heading_like, lex
from checker.parse.normalize import cn_number, normalize_text
from checker.read.source import read_text

FIXTURES = Path(__file__).parent / "fixtures"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(token.type, token.text) for token in lex(normalize_text(text))]


def test_cn_number() -> None:
    assert [cn_number(n) for n in ("一", "十", "十一", "二十", "二十六", "九十九")] == [
        1, 10, 11, 20, 26, 99]
    assert cn_number("百") is None


def test_heading_like() -> None:
    assert heading_like("2025年度单位预算表")
    assert heading_like("一般公共预算“三公”经费支出情况")
    assert not heading_like("2080109-社会保险经办机构 691.77 万元。主要用")
    assert not heading_like("财政拨款收入：指财政当年拨付的资金")


@pytest.mark.parametrize(
    "entry",
    [
        "一、单位主要职责.....\t5",
        "四、国有资本经营预算拨款支出情况·····\t28",
        "第一部分 单位概况\t4",
        "第四部分名词解释·····",
        "单位概况 .....\t1",
    ],
)
def test_toc_entries_are_never_headings(entry: str) -> None:
    text = f"2023 年度\n某某中心\n单位预算\n目录\n{entry}\n第一部分\n单位概况\n"
    tokens = lex(normalize_text(text))
    assert [t.type for t in tokens] == [
        "COVER", "COVER", "COVER", "TOC_HEAD", "TOC_ENTRY", "PART", "PART_TITLE"]
    entry_token = tokens[4]
    assert "." not in entry_token.title and "·" not in entry_token.title
    assert not entry_token.title.endswith(("4", "5", "1"))


def test_toc_page_number() -> None:
    tokens = lex(normalize_text("目 录\n一、收支预算总表.....\t10\n第一部分\n"))
    assert (tokens[1].title, tokens[1].page) == ("一、收支预算总表", 10)


def test_enumerated_rows_inside_table_are_rows() -> None:
    text = (
        "第二部分\n2023年度单位预算表\n一、收支预算总表\n2023 年度收支预算总表\n单位：万元\n"
        "项目\t预算数\t项目\t预算数\n一、一般公共预算拨款收入\t74084.96\t一、一般公共服务支出\t\n"
        "\t\t十一、城乡社区支出\t\n收入合计\t103349.96\t支出合计\t103349.96\n"
        "二、收入预算总表\n第三部分\n"
    )
    assert kinds(text) == [
        ("PART", "第二部分"),
        ("PART_TITLE", "2023年度单位预算表"),
        ("TABLE_HEADING", "一、收支预算总表"),
        ("TABLE_LINE", "2023 年度收支预算总表"),
        ("TABLE_LINE", "单位：万元"),
        ("TABLE_LINE", "项目\t预算数\t项目\t预算数"),
        ("TABLE_LINE", "一、一般公共预算拨款收入\t74084.96\t一、一般公共服务支出"),
        ("TABLE_LINE", "十一、城乡社区支出"),
        ("TABLE_LINE", "收入合计\t103349.96\t支出合计\t103349.96"),
        ("TABLE_HEADING", "二、收入预算总表"),
        ("PART", "第三部分"),
    ]


def test_space_separated_rows_and_notes_in_decision_table() -> None:
    text = (
        "一、 收入支出决算总表\n收入支出决算总表\n公开 01 表\n"
        "一、一般公共预算财政拨款收入 6179.99 一、一般公共服务支出 0.00\n"
        "  九、卫生健康支出 5919.96\n注：1. 本表反映单位本年度的总收支情况。\n"
        "2. 本套报表金额单位转换时可能存在尾数误差。\n 二、 收入决算表\n"
    )
    assert [t for t, _ in kinds(text)] == [
        "TABLE_HEADING", "TABLE_LINE", "TABLE_LINE", "TABLE_LINE", "TABLE_LINE",
        "TABLE_NOTE", "TABLE_NOTE", "TABLE_HEADING"]


def test_table_ends_at_section_heading() -> None:
    text = "十、一般公共预算“三公”经费支出预算表\n合计\t2.00\n一、预算收支总体情况\n正文。\n"
    assert [t for t, _ in kinds(text)] == ["TABLE_HEADING", "TABLE_LINE", "SECTION", "TEXT"]


def test_title_only_tables_with_notes() -> None:
    text = ("六、政府性基金预算拨款支出预算表\n\n"
            "备注：本单位 2025 年没有使用政府性基金预算拨款安排的支出\n"
            " 七、国有资本经营预算拨款支出预算表\n八、一般公共预算支出经济分类情况表\n")
    assert [t for t, _ in kinds(text)] == [
        "TABLE_HEADING", "TABLE_NOTE", "TABLE_HEADING", "TABLE_HEADING"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("(一)因公出国(境)经费", "SUB1"),
        ("（一）机关运行经费", "SUB1"),
        ("1.项目支出绩效目标表", "SUB2"),
        ("（一）2080109-社会保险经办机构 691.77 万元。主要用", "ITEM"),
        ("（三）2080505-机关事业单位基本养老保险缴费支出", "ITEM"),
        ("（一）深化医保领域“高效办成一件事”。不断提升", "ITEM"),
        ("    （二）配合医疗保障行政主管部门做好全市城镇职工基", "ITEM"),
        ("1.一般公共预算财政拨款收入6179.99万元。", "ITEM"),
        ("一、财政拨款收入：指财政当年拨付的资金", "ITEM"),
        ("一、预算收支总体情况", "SECTION"),
        ("单位名称\t经费性质\t在职人数", "TEXT_ROW"),
        ("备注：本单位无其他需要说明的事项", "NOTE"),
    ],
)
def test_headings_and_items(line: str, kind: str) -> None:
    tokens = lex(normalize_text(f"第三部分\n一、预算绩效目标情况\n{line}\n"))
    assert tokens[-1].type == kind


def test_performance_block_with_split_title() -> None:
    text = (
        "(二)绩效目标表及说明\n1. 项目支出绩效目标表\n城乡居民医保财政补助(含市本级和区县补助)\n"
        "绩效目标表\n项目资金 (万元)\t资金总额:\t\t67000.00\n"
        "\t成本指标\t经济成本指标\t居民医保人均财政补助标准\t≥700元/人\n"
        "城乡医疗救助绩效目标表\n项目资金（万元）\t资金总额：\t2474.36\n"
        "2. 有关情况说明\n本单位无其他需要说明的绩效目标情况\n"
    )
    assert [t for t, _ in kinds(text)] == [
        "SUB1", "SUB2", "PERF_START", "PERF_LINE", "PERF_LINE", "PERF_LINE",
        "PERF_START", "PERF_LINE", "SUB2", "TEXT"]


def test_cover_only_before_toc_or_first_part() -> None:
    tokens = lex(normalize_text("第一部分\n单位概况\n一、单位主要职责\n"))
    assert [t.type for t in tokens] == ["PART", "PART_TITLE", "SECTION"]


@pytest.mark.parametrize(
    ("name", "headings", "perf_starts"),
    [
        ("000_0455909f24bddecc.txt", 10, 5),
        ("001_42ec3e2d2e6a0311.txt", 10, 7),
        ("002_24fbb779d4aea8e6.txt", 10, 5),
        ("003_837d346b324402fd.txt", 9, 4),
        ("004_01543403f5824e7e.txt", 10, 1),
    ],
)
def test_corpus_blocks(name: str, headings: int, perf_starts: int) -> None:
    tokens = lex(normalize_text(read_text(FIXTURES / name)))
    counts = Counter(token.type for token in tokens)
    assert counts["TABLE_HEADING"] + counts["TABLE_TITLE"] == headings
    assert counts["PERF_START"] == perf_starts
    # TOC entries never appear after the first part
    first_part = next(i for i, t in enumerate(tokens) if t.type == "PART")
    assert all(t.type != "TOC_ENTRY" for t in tokens[first_part:])


def test_toc_without_pages_ends_where_the_first_part_comes_round_again() -> None:
    """PyMuPDF text of the Shanghai 决算 PDFs: a TOC with neither leaders nor page numbers,
    its head split over two lines; its entries must not become parts, sections or tables."""
    text = ("上海市XX局\n2024年度部门决算\n目\n录\n第一部分XX局概况\n一、主要职能\n"
            "第二部分XX局2024年度部门决算表\n一、收入支出决算总表\n第三部分XX局决算情况说明\n"
            "第一部分\nXX局概况\n一、主要职能\n负责全区财政工作。\n")
    types = [t.type for t in lex(normalize_text(text))]
    assert types == ["COVER", "COVER", "TOC_HEAD", "TOC_HEAD"] + ["TOC_ENTRY"] * 5 + [
        "PART", "PART_TITLE", "SECTION", "TEXT"]


def test_heading_lines_after_toc_head_stay_headings_without_a_repeat() -> None:
    """No second 第一部分: nothing says the lines are a TOC, so they are the body."""
    text = "目录\n第一部分 概况\n一、主要职能\n负责全区财政工作。\n"
    assert [t.type for t in lex(normalize_text(text))] == ["TOC_HEAD", "PART", "SECTION", "TEXT"]


def test_heading_with_a_wrapped_bracketed_remark_is_a_heading() -> None:
    """PyMuPDF text of the Shanghai 决算 template: "二、部门决算单位构成（仅有一个单位的部门，
    本部分内容" / "为“机构设置”）". The remark's comma must not make the heading prose."""
    text = ("第一部分 XX局概况\n一、主要职能\n负责全区财政工作。\n"
            "二、部门决算单位构成（仅有一个单位的部门，本部分内容\n为“机构设置”）\n"
            "从预算单位构成看，XX局部门决算包括：本级决算。\n")
    tokens = lex(normalize_text(text))
    assert [t.type for t in tokens] == ["PART", "SECTION", "TEXT", "SECTION", "TEXT", "TEXT"]
    assert tokens[3].title.startswith("部门决算单位构成")


def test_enumerated_sentence_with_an_open_bracket_stays_an_item() -> None:
    """Only a complete heading before the open bracket counts: a wrapped paragraph does not."""
    text = ("第一部分 XX局概况\n一、主要职能\n"
            "一、本年收入合计（含上年结转，下同）为100万元，比上年增加（主要是\n人员增加）。\n")
    types = [t.type for t in lex(normalize_text(text))]
    assert "SECTION" not in types[2:]
