"""Performance tables of PDFs read from the page geometry (checker/parse/perf_grid.py): the
Shanghai 财政项目支出绩效目标填报表, one per page, label and value cells in a ruled grid."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest
from corpus import FIXTURES

from checker.engine.run import check_document, choose_profile, load_pack
from checker.model.ast import Document
from checker.parse.parser import parse_file
from checker.parse.perf_target import parse_target

WANLI_2023 = "real/sh_putuo_wanli_2023_dept_budget.pdf"


@cache
def parsed(name: str) -> Document:
    return parse_file(FIXTURES / name)


# Performance tables per corpus PDF and indicators per table (counted by hand on the pages).
# wanli 2024, 普陀区财政局 2025 and 上海市财政局 2025 print no performance table (普陀区财政局
# only refers to them: "详见单位的项目绩效目标表"), nor does any 决算 PDF or Jiangsu PDF.
COUNTS = {
    WANLI_2023: [5, 4, 4, 43, 9],
    "real/sh_putuo_wanli_2024_dept_budget.pdf": [],
    "real/sh_putuo_caizhengju_2025_dept_budget.pdf": [],
    "real/sh_city_caizhengju_2025_unit_budget.pdf": [],
    "real/js_jianchayuan_2019_dept_budget.pdf": [],
    "pdf/putuo_caizhengju_2024_final.pdf": [],
}


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_performance_tables_and_indicators_per_document(name: str) -> None:
    assert [len(t.indicators) for t in parsed(name).performance_tables] == COUNTS[name]


def test_wanli_2023_heads_funds_in_wan_yuan() -> None:
    doc = parsed(WANLI_2023)
    tables = doc.performance_tables
    assert [t.project for t in tables] == [
        "新建万里街道社区公共服务中心", "就业援助基地补贴", "社区环境整治和建设经费",
        "各类工作经费", "公共服务设施运行经费"]
    assert {t.kind for t in tables} == {"target"}
    assert {t.department for t in tables} == {"上海市普陀区人民政府万里街道办事处"}
    # the project's funds (项目资金总额 = 财政资金 + 其他资金), printed in 元, kept in 万元
    assert [(t.funds.total, t.funds.fiscal, t.funds.other) for t in tables[:2]] == [
        (Decimal("410"), Decimal("410"), Decimal("0")),
        (Decimal("635.1"), Decimal("635.1"), Decimal("0"))]
    assert tables[4].funds.total == Decimal("1090.3043")
    assert tables[1].goal == "管理各类下拨费用，实报实销"
    # every table starts at its title, on its own page; the title of page 33 is not in the
    # text (the page reader joined that table to the one before): the table starts at its
    # year line
    assert [(t.line, doc.page_of(t.line)) for t in tables] == [
        (454, 31), (472, 32), (489, 33), (505, 34), (561, 35)]
    assert [t.title for t in tables] == ["财政项目支出绩效目标填报表"] * 2 + [None] + [
        "财政项目支出绩效目标填报表"] * 2


def test_wanli_2023_tables_carry_page_and_box() -> None:
    """Each grid-read table is placed on its page (JSON ``page``/``bbox``, PDF points): the
    box spans the printed grid, from its title row near the top of an A4 page downwards."""
    tables = parsed(WANLI_2023).performance_tables
    assert [t.page for t in tables] == [31, 32, 33, 34, 35]
    for table in tables:
        assert table.bbox is not None
        x0, y0, x1, y1 = table.bbox
        assert 30 < x0 < 110 and 480 < x1 < 560 and 35 < y0 < 60 and 450 < y1 < 800
        data = table.to_dict()
        assert data["page"] == table.page and data["bbox"] == [round(v, 2) for v in table.bbox]
    # page 35's grid ends below its last indicator row (工作人员满意度), about 558 pt down
    assert tables[4].bbox is not None and 540 < tables[4].bbox[3] < 575


def test_text_performance_tables_have_no_page_or_box() -> None:
    doc = parse_file(sorted(FIXTURES.glob("002*.txt"))[0])
    assert doc.performance_tables
    assert all("page" not in t.to_dict() and "bbox" not in t.to_dict()
               for t in doc.performance_tables)


def _row(name: str, level3: str) -> tuple[object, ...]:
    doc = parsed(name)
    found = [i for t in doc.performance_tables for i in t.indicators if i.level3 == level3]
    assert len(found) == 1, found
    i = found[0]
    target = i.target
    return (i.level1, i.level2, target.raw if target else None,
            target.op if target else None, target.value if target else None,
            target.unit if target else None, i.line, doc.page_of(i.line))


@pytest.mark.parametrize(("level3", "expected"), [
    # the labelled defect: the 指标值 names the measure, with no figure
    ("完工及时率", ("产出指标", "质量指标", "及时率", None, None, None, 467, 31)),
    ("规划建筑面积", ("产出指标", "数量指标", "≥13459.00(平方米)", "≥", Decimal("13459.00"),
                    "平方米", 466, 31)),
    ("补贴对象满意度", ("满意度指标", "服务对象满意度指标", "≥80.00(%)", "≥", Decimal("80.00"),
                     "%", 487, 32)),
    # 一级 and 二级 printed as one text over both cells ("满意度指标服务对象满意度指标"),
    # spanning the six rows below: split by the vocabulary, carried down by the span
    ("提升社区居民满意度", ("满意度指标", "服务对象满意度指标", "提升", None, None, None, 554, 34)),
    ("党员群众满意度", ("满意度指标", "服务对象满意度指标", "党员群众满意度不少于80%", None, None,
                     None, 559, 34)),
    # the 效益指标 cell spans 14 rows
    ("促进经济发展", ("效益指标", "社会效益指标", "有效", None, None, None, 550, 34)),
    ("居民满意度", None),  # twice (tables 1 and 5): looked up below
])
def test_wanli_2023_indicators(level3: str, expected: tuple[object, ...] | None) -> None:
    if expected is None:
        doc = parsed(WANLI_2023)
        found = [(i.target.raw if i.target else None, i.line) for t in doc.performance_tables
                 for i in t.indicators if i.level3 == level3]
        assert found == [("满意度", 470), ("90%", 580)]
        return
    assert _row(WANLI_2023, level3) == expected


def test_bracketed_units_are_the_unit() -> None:
    assert (parse_target("=100.00(%)").unit, parse_target("≥1.00（个）").unit) == ("%", "个")
    assert parse_target("≥13459.00(平方米)").value == Decimal("13459.00")


def test_wanli_2023_year_funds_and_their_sum() -> None:
    """Shanghai prints the year's funds beside the project's: 年度资金申请总额 = 当年财政拨款 +
    上年结转资金 + 其他资金. On p.35 the 当年财政拨款 (11,419,043.00 元) exceeds the total
    (10,903,043.00 元): checked by hand, listed in beyond_labels.yaml."""
    tables = parsed(WANLI_2023).performance_tables
    year = tables[4].year_funds
    assert year is not None
    assert (year.total, year.fiscal, year.carried, year.other) == (
        Decimal("1090.3043"), Decimal("1141.9043"), Decimal("0"), Decimal("0"))
    assert all(t.year_funds is not None for t in tables)
    assert "year_funds" in tables[4].to_dict() and "carried" in tables[4].to_dict()["year_funds"]
    doc = parsed(WANLI_2023)
    detection = choose_profile(doc, how="detected")
    report = check_document(doc, load_pack(detection.profile.path), detection=detection)
    results = [(r.status, r.evidence[0].line) for r in report.results if r.rule == "COM-PERF-006"]
    assert results == [("pass", 454)] * 2 + [("pass", 472)] * 2 + [("pass", 489)] * 2 + [
        ("pass", 505)] * 2 + [("pass", 561), ("fail", 561)]
    (failure,) = [r for r in report.results if r.rule == "COM-PERF-006" and r.status == "fail"]
    assert failure.message == (
        "公共服务设施运行经费：年度资金申请总额 1090.3043 万元 ≠ 当年财政拨款 1141.9043 + "
        "上年结转资金 0.00 + 其他资金 0.00 = 1141.9043 万元")
