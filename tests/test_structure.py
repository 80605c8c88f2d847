"""Parts, sections, paragraphs, table and performance blocks: synthetic and corpus."""

from __future__ import annotations

import random
import re
from functools import cache

import pytest
from corpus import DOCS, FIXTURES

from checker.model.ast import Document, Section
from checker.parse.lexer import lex
from checker.parse.normalize import normalize_text
from checker.parse.parser import parse_file, parse_text
from checker.parse.structure import wrap_width


@cache
def doc(key: str) -> Document:
    return parse_file(FIXTURES / DOCS[key])


def part(document: Document, number: int) -> Section:
    return next(p for p in document.parts if p.number == number)


def child(section: Section, number: int) -> Section:
    return next(c for c in section.children if c.number == number)


# --- synthetic snippets -------------------------------------------------------------------

def test_hard_wrapped_lines_join_across_blank_lines() -> None:
    text = ("第三部分\n\n一、一般公共预算拨款支出情况\n\n"
            "（六）2101599-其他医疗保障管理事务支出 1226.43 万\n\n元。主要用于福建省医疗保障\n\n"
            "基金中心运行支出。\n\n（七）2210201-住房公积金 167.35 万元。\n")
    section = parse_text(text).parts[0].children[0]
    assert [p.text for p in section.paragraphs] == [
        "(六)2101599-其他医疗保障管理事务支出 1226.43 万元。"
        "主要用于福建省医疗保障基金中心运行支出。",
        "(七)2210201-住房公积金 167.35 万元。",
    ]
    assert [(p.line, p.end_line) for p in section.paragraphs] == [(5, 9), (11, 11)]


def test_sentence_end_and_indent_start_paragraphs() -> None:
    text = ("第一部分 单位概况\n一、单位主要职责\n甲单位的主要职责是：\n承担经办\n工作。\n"
            "    下一段开始\n继续。\n")
    paragraphs = parse_text(text).parts[0].children[0].paragraphs
    assert [p.text for p in paragraphs] == [
        "甲单位的主要职责是：", "承担经办工作。", "下一段开始继续。"]


def test_item_marker_spacing_is_uniform() -> None:
    text = "第一部分\n单位概况\n三、单位主要工作任务\n(一) 抓好思想政治工作。\n（二）深入学习。\n"
    paragraphs = parse_text(text).parts[0].children[0].paragraphs
    assert [p.text for p in paragraphs] == ["(一)抓好思想政治工作。", "(二)深入学习。"]


def test_latin_fragments_keep_a_space() -> None:
    text = "第一部分\n单位概况\n一、单位主要职责\n完善省本级 CHS\nDRG 付费方式\n"
    paragraph = parse_text(text).parts[0].children[0].paragraphs[0]
    assert paragraph.text == "完善省本级 CHS DRG 付费方式"


def test_nested_subsections_and_depths() -> None:
    text = ("第三部分 情况说明\n七、预算绩效目标情况\n（一）绩效目标设置情况\n共设置 1 个项目。\n"
            "（二）绩效目标表及说明\n1. 有关情况说明\n无。\n八、其他重要事项说明\n")
    document = parse_text(text)
    (third,) = document.parts
    assert (third.marker, third.number, third.title, third.depth) == ("第三部分", 3, "情况说明", 1)
    seven = child(third, 7)
    assert [(c.marker, c.title, c.depth) for c in seven.children] == [
        ("(一)", "绩效目标设置情况", 3), ("(二)", "绩效目标表及说明", 3)]
    assert [(c.marker, c.title, c.depth) for c in seven.children[1].children] == [
        ("1.", "有关情况说明", 4)]
    assert child(third, 8).title == "其他重要事项说明"


def test_table_block_notes_and_path() -> None:
    text = ("第二部分\n2025年度单位预算表\n六、政府性基金预算拨款支出预算表\n"
            "备注：本单位 2025 年没有使用政府性基金\n预算拨款安排的支出\n"
            "七、国有资本经营预算拨款支出预算表\n")
    document = parse_text(text)
    six, seven = document.tables
    assert (six.number, six.title, six.cells_missing) == (6, "政府性基金预算拨款支出预算表", True)
    assert [(n.text, n.line) for n in six.notes] == [
        ("备注：本单位 2025 年没有使用政府性基金预算拨款安排的支出", 4)]
    assert seven.notes == []
    assert six.section_path == ["第二部分 2025年度单位预算表"]


def test_text_without_parts_becomes_an_untitled_part() -> None:
    document = parse_text("一段没有结构的文字。\n")
    assert [(p.marker, p.title, p.depth) for p in document.parts] == [("", "", 1)]
    assert document.parts[0].paragraphs[0].text == "一段没有结构的文字。"


def test_empty_structure_parses() -> None:
    document = parse_text("\n\n")
    assert document.parts == [] and document.tables == []


# --- corpus --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("000", [1, 2, 3, 4]),
        ("001", [1, 2, 3, 4]),
        ("002", [1, 2, 3, 4]),
        ("003", [1, 3, 4, 5]),
        ("004", [1, 2, 3, 4]),
    ],
)
def test_corpus_parts(key: str, parts: list[int]) -> None:
    assert [p.number for p in doc(key).parts] == parts


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_budget_part_three_sections(key: str) -> None:
    sections = part(doc(key), 3).children
    assert [s.number for s in sections] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert sections[0].title == "预算收支总体情况"
    assert sections[7].title == "其他重要事项说明"


def test_000_item_paragraphs_of_section_two() -> None:
    section = child(part(doc("000"), 3), 2)
    assert section.title == "一般公共预算拨款支出情况"
    items = [p.text for p in section.paragraphs if p.text.startswith("(")]
    assert len(items) == 8
    assert items[0].startswith("(一)2080109-社会保险经办机构 691.77 万元。")
    assert "(六)2101599-其他医疗保障管理事务支出 1226.43 万元。" in items[5]
    assert section.paragraphs[0].line == 156


def test_003_final_account_sections() -> None:
    third = part(doc("003"), 3)
    assert third.title == "2023 年度决算情况说明"
    assert [s.number for s in third.children] == list(range(1, 10))
    first = child(third, 1)
    assert [c.title for c in first.children] == [
        "收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明"]
    fifth = part(doc("003"), 5)
    assert fifth.title == "附件"
    assert fifth.children[0].title == "《项目支出绩效自评表》"


def test_three_public_expenses_subsections() -> None:
    six = child(part(doc("001"), 3), 6)
    assert [c.title for c in six.children] == [
        "因公出国(境)经费", "公务接待费", "公务用车购置及运行费"]
    assert six.children[1].paragraphs[0].text.startswith("2023年预算安排2万元")


@pytest.mark.parametrize(("key", "count", "with_cells"),
                         [("000", 10, 0), ("001", 10, 10), ("002", 10, 10), ("003", 9, 9),
                          ("004", 10, 10)])
def test_corpus_table_counts(key: str, count: int, with_cells: int) -> None:
    tables = doc(key).tables
    assert len(tables) == count
    assert sum(not t.cells_missing for t in tables) == with_cells
    assert [t.number for t in tables] == list(range(1, count + 1))


@pytest.mark.parametrize("key", list(DOCS))
def test_titles_are_clean(key: str) -> None:
    document = doc(key)
    titles = [s.title for s in document.sections()] + [t.title for t in document.tables]
    for title in titles:
        assert not re.search(r"\.{2,}|·{2,}|#|\*\*|\t|\d+\s*$", title), title


def test_table_notes_attached() -> None:
    notes = {t.number: [n.text for n in t.notes] for t in doc("000").tables}
    assert notes[6] == ["备注：本单位 2025 年没有使用政府性基金预算拨款安排的支出"]
    assert notes[7] == ["备注：本单位 2025 年没有使用国有资本经营预算拨款安排的支出"]
    assert notes[1] == []
    decision = {t.number: [n.text for n in t.notes] for t in doc("003").tables}
    assert decision[8][-1] == "2.本单位 2023 年度没有使用政府性基金预算拨款安排的收支"
    assert decision[4][0].endswith("年末结转结余情况。")  # wrapped note joined


def test_table_section_paths() -> None:
    assert doc("001").tables[0].section_path == ["第二部分 2023年度单位预算表"]
    assert doc("003").tables[0].section_path == ["第一部分 单位概况"]


@pytest.mark.parametrize(("key", "count"),
                         [("000", 5), ("001", 7), ("002", 5), ("003", 4), ("004", 1)])
def test_corpus_performance_tables(key: str, count: int) -> None:
    assert len(doc(key).performance_tables) == count


def test_toc_entries_read() -> None:
    toc = doc("001").toc
    assert len(toc) == 25
    assert (toc[0].title, toc[0].page, toc[0].line) == ("第一部分 单位概况", 4, 13)
    assert (toc[-1].title, toc[-1].page) == ("第四部分名词解释", 38)
    assert doc("000").toc == []


def test_every_node_has_a_source_line() -> None:
    document = doc("002")
    lines = {line.number for line in document.lines}
    for section in document.sections():
        assert section.line in lines
        assert all(p.line in lines for p in section.paragraphs)
    assert all(t.line in lines for t in document.tables)


def test_any_order_of_real_lines_parses() -> None:
    """The grammar accepts every token order the lexer can produce (no structure error)."""
    rng = random.Random(7)
    pool = [line for name in DOCS.values()
            for line in (FIXTURES / name).read_text(encoding="utf-8").split("\n")]
    for _ in range(60):
        sample = rng.sample(pool, rng.randint(1, 300))
        document = parse_text("\n".join(sample))
        assert all(p.depth == 1 for p in document.parts)


def test_text_after_a_numbered_table_belongs_to_the_part() -> None:
    text = ("第二部分\n一、收支预算总表\n合计\t1.00\n（一）补充说明\n说明文字。\n"
            "二、收入预算总表\n")
    (second,) = parse_text(text).parts
    assert [t.title for t in parse_text(text).tables] == ["收支预算总表", "收入预算总表"]
    assert [(c.marker, c.title) for c in second.children] == [("(一)", "补充说明")]
    assert second.children[0].paragraphs[0].text == "说明文字。"


# --- golden review fixes: hard-wrapped paragraphs, number spacing, small lists --------------

def _wrapped_document(lines: list[str]) -> str:
    """A 第一部分 whose paragraph lines are cut at one width, as 000/003's extractor does."""
    return "第一部分 单位概况\n\n一、单位主要职责\n\n" + "\n\n".join(lines) + "\n"


def test_sentence_end_at_the_margin_does_not_end_a_hard_wrapped_paragraph() -> None:
    full = "甲" * 24 + "。"  # reaches the margin: the sentence merely ended there
    filler = ["乙" * 25] * 24  # enough lines of one width to call the layout hard-wrapped
    text = _wrapped_document([*filler, full, "丙" * 25, "丁" * 10 + "。", "戊" * 5 + "。"])
    paragraphs = parse_text(text).parts[0].children[0].paragraphs
    assert paragraphs[-2].text.endswith(full + "丙" * 25 + "丁" * 10 + "。")
    # a short line ending a sentence still ends its paragraph
    assert paragraphs[-1].text == "戊" * 5 + "。"


def test_unwrapped_text_keeps_sentence_end_breaks() -> None:
    text = _wrapped_document(["甲" * 24 + "。", "乙" * 25 + "。"])
    paragraphs = parse_text(text).parts[0].children[0].paragraphs
    assert [p.text for p in paragraphs] == ["甲" * 24 + "。", "乙" * 25 + "。"]


def test_000_duties_are_one_paragraph() -> None:
    duties = child(part(doc("000"), 1), 1)
    assert len(duties.paragraphs) == 1
    assert (duties.paragraphs[0].line, duties.paragraphs[0].end_line) == (11, 21)
    assert "财务独立核算。隶属于福建省医疗保障局。" in duties.paragraphs[0].text


def test_003_reception_cost_paragraph_keeps_its_comparison() -> None:
    """(三)公务接待费 and its "较上年增加" sentence were split at a line ending in "；"."""
    sangong = child(part(doc("003"), 3), 7)
    reception = next(p for p in sangong.paragraphs if p.text.startswith("(三)公务接待费"))
    assert "完成全年预算的100.00%；较上年增加 0.73万元，增长 51.05%。" in reception.text
    assert reception.text.endswith("累计接待 29 批次、213 人次。")


def test_chinese_line_joined_to_a_number_gets_a_space() -> None:
    overview = child(part(doc("000"), 3), 1)
    assert "收入预算 2649.48 万元" in overview.paragraphs[0].text
    text = "第一部分\n单位概况\n一、单位主要职责\n收入预算\n2649.\n48 万\n元，共 8\n个。\n"
    paragraph = parse_text(text).parts[0].children[0].paragraphs[0]
    assert paragraph.text == "收入预算 2649.48 万元，共 8个。"


def test_small_unit_list_gives_a_header_and_one_paragraph_per_row() -> None:
    composition = child(part(doc("003"), 1), 2)
    assert [p.text for p in composition.paragraphs[-2:]] == [
        "序号 单位名称 单位性质 在职人数", "1 泉州市医疗保障基金中心 全额拨款事业单位 96"]
    composition = child(part(doc("000"), 1), 2)
    assert [p.text for p in composition.paragraphs[-2:]] == [
        "序号 单位名称", "1 福建省医疗保障基金中心"]


def test_small_list_rows_split_at_each_serial_number() -> None:
    text = ("第一部分\n单位概况\n二、单位预算单位构成\n序号 单位名称 在职人数\n1\n甲中心\n12\n"
            "2\n乙中\n心\n7\n合计人数见上表。\n")
    paragraphs = parse_text(text).parts[0].children[0].paragraphs
    assert [p.text for p in paragraphs] == [
        "序号 单位名称 在职人数", "1 甲中心 12", "2 乙中心 7", "合计人数见上表。"]


def test_toc_part_title_on_its_own_entry_is_merged() -> None:
    toc = doc("004").toc
    assert [(t.title, t.page, t.line) for t in toc[:3]] == [
        ("第一部分 单位概况", 1, 10), ("一、单位主要职责", 2, 12), ("二、单位预算单位构成", 2, 13)]
    assert ("第二部分 2024 年度部门预算表", 4) in [(t.title, t.page) for t in toc]
    assert len(toc) == 25  # 29 entry lines, four of them part titles


def test_wrap_width_only_for_page_wide_lines_of_one_width() -> None:
    def width(text: str) -> int | None:
        return wrap_width(lex(normalize_text(text)))

    def width_of(key: str) -> int | None:
        return width((FIXTURES / DOCS[key]).read_text(encoding="utf-8"))

    assert (width_of("000"), width_of("003")) == (50, 52)
    assert [width_of(k) for k in ("001", "002", "004")] == [None, None, None]
    # thirty short items of one length are a list, not lines cut at a page margin
    items = "".join(f"甲乙丙丁{i:02d}。\n" for i in range(30))
    short = "第一部分 单位概况\n一、单位主要职责\n" + items
    assert width(short) is None


def test_pageless_toc_gives_toc_entries_not_a_second_outline() -> None:
    text = ("上海市XX局\n2024年度部门决算\n目\n录\n第一部分XX局概况\n一、主要职能\n"
            "第二部分XX局2024年度部门决算表\n一、收入支出决算总表\n二、收入决算表\n"
            "第一部分\nXX局概况\n一、主要职能\n负责全区财政工作。\n"
            "第二部分\nXX局2024年度部门决算表\n一、收入支出决算总表\n收入\t支出\n"
            "本年收入合计\t1.00\t本年支出合计\t1.00\n")
    document = parse_text(text)
    assert [(t.title, t.page) for t in document.toc][:2] == [
        ("第一部分XX局概况", None), ("一、主要职能", None)]
    assert [p.number for p in document.parts] == [1, 2]
    assert [t.title for t in document.tables] == ["收入支出决算总表"]
    assert not document.tables[0].cells_missing


def test_part_title_wrapped_onto_the_next_line_is_joined() -> None:
    """PyMuPDF text of the Shanghai 决算 PDFs: "第三部分 XX局2024 年度部门决算" / "情况说明".
    Left as a paragraph, the part was not recognised as the 情况说明 part (golden review)."""
    text = ("目录\n第一部分XX局概况\n第三部分XX局2024年度部门决算情况\n说明\n"
            "第一部分\nXX局概况\n一、主要职能\n负责财政。\n"
            "第三部分  XX局2024 年度部门决算\n情况说明 \n一、收入支出决算总体情况说明\n无。\n")
    document = parse_text(text)
    third = part(document, 3)
    assert third.title == "XX局2024 年度部门决算情况说明"
    assert third.paragraphs == []
    assert [c.title for c in third.children] == ["收入支出决算总体情况说明"]
    assert [t.title for t in document.toc] == [
        "第一部分XX局概况", "第三部分XX局2024年度部门决算情况说明"]


def test_a_finished_part_title_takes_no_continuation() -> None:
    text = "第一部分 单位概况\n主要职责\n一、单位主要职责\n"
    first = parse_text(text).parts[0]
    assert first.title == "单位概况"
    assert [p.text for p in first.paragraphs] == ["主要职责"]
