"""The table of contents in every layout: recognised as ``toc`` and never part of the outline."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine.run import check_document, load_pack
from checker.parse.parser import parse_file, parse_text
from checker.resources import RULES_DIR

FIXTURES = Path(__file__).parent / "fixtures"

BODY = ("第一部分 部门概况\n一、主要职能\n负责示例工作。\n二、部门机构设置\n本部门包括1家单位。\n"
        "第二部分 2019年度部门预算表\n一、收支预算总表\n")
COVER = "江苏省示例厅\n2019年度部门预算公开\n"


def _titles(text: str) -> list[tuple[str, int | None]]:
    return [(e.title, e.page) for e in parse_text(text).toc]


def test_dot_leaders_with_pages() -> None:
    toc = ("目录\n第一部分 部门概况 ........ 3\n一、主要职能 ........ 3\n"
           "二、部门机构设置 ........ 4\n第二部分 2019年度部门预算表 ........ 5\n")
    assert _titles(COVER + toc + BODY) == [
        ("第一部分 部门概况", 3), ("一、主要职能", 3), ("二、部门机构设置", 4),
        ("第二部分 2019年度部门预算表", 5)]


def test_no_page_numbers_and_the_outline_starts_at_the_body() -> None:
    toc = "目  录\n第一部分 部门概况\n一、主要职能\n二、部门机构设置\n第二部分 2019年度部门预算表\n"
    doc = parse_text(COVER + toc + BODY)
    assert [e.page for e in doc.toc] == [None] * 4
    # The TOC's lines are no part, section or table: each part appears once, in the body.
    assert [p.title for p in doc.parts] == ["部门概况", "2019年度部门预算表"]
    assert min(p.line for p in doc.parts) > max(e.line for e in doc.toc)


def test_laid_out_as_a_table_one_cell_per_line() -> None:
    toc = "目\n录\n第一部分 部门概况\n3\n一、主要职能\n3\n二、部门机构设置\n4\n"
    assert _titles(COVER + toc + BODY) == [
        ("第一部分 部门概况", 3), ("一、主要职能", 3), ("二、部门机构设置", 4)]


def test_spanning_two_pages() -> None:
    toc = ("目录\n一、部门主要职能\n二、部门机构设置\n三、名词解释\n- 2 -\n目录\n"
           "四、部门预算编制说明\n五、其他相关情况说明\n")
    body = ("上海市示例局主要职能\n负责示例工作。\n上海市示例局机构设置\n本部门包括1家单位。\n")
    doc = parse_text("上海市普陀区2025年区级部门预算\n预算主管部门：上海市示例局\n" + toc + body)
    assert [e.title for e in doc.toc] == ["一、部门主要职能", "二、部门机构设置", "三、名词解释",
                                          "四、部门预算编制说明", "五、其他相关情况说明"]
    assert (doc.unit, doc.year, doc.kind, doc.level) == ("上海市示例局", 2025, "预算", "部门")


@pytest.mark.parametrize(("name", "entries", "tables"), [
    ("real/js_renda_2018_dept_budget.pdf", 19, None),
    ("real/sh_putuo_wanli_2023_dept_budget.pdf", 17, 9),
    ("real/sh_putuo_caizhengju_2025_dept_budget.pdf", 16, 9),
    ("real/js_zhengxie_2019_dept_budget_text.pdf", 19, 0),
])
def test_real_tocs(name: str, entries: int, tables: int | None) -> None:
    doc = parse_file(FIXTURES / name)
    assert len(doc.toc) == entries
    last = max(e.line for e in doc.toc)
    assert all(p.line > last for p in doc.parts if p.title)
    if tables is not None:  # no phantom table from a TOC line
        assert len(doc.tables) == tables
    assert all(t.line > last for t in doc.tables)


def test_toc_and_body_check() -> None:
    pack = load_pack(RULES_DIR / "common.yaml")
    toc = ("目录\n第一部分 部门概况 ........ 3\n一、主要职能 ........ 3\n"
           "二、部门机构设置 ........ 4\n三、部门主要工作任务 ........ 4\n")
    report = check_document(parse_text(COVER + toc + BODY), pack)
    toc_results = [r for r in report.results if r.rule == "COM-TOC-001"]
    failed = [r.message for r in toc_results if r.status == "fail"]
    assert failed == ["目录中的“三、部门主要工作任务”在正文中找不到"]
    assert sum(r.status == "pass" for r in toc_results) == 3
    assert all(r.severity == "warning" for r in toc_results)
