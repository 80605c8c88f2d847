"""Performance-target tables: target parsing, table splitting, every row layout of the corpus."""

from __future__ import annotations

from decimal import Decimal

import pytest
from corpus import DOCS, FIXTURES

from checker.model.ast import Line, PerformanceTable
from checker.parse.normalize import normalize_text
from checker.parse.perf_head import _clean, _split_tables
from checker.parse.performance import build_performance_tables, parse_target


def _lines(text: str, first: int = 1) -> list[Line]:
    """Synthetic snippet → Lines, numbered from ``first`` (text already comparable)."""
    return [Line(first + i, row, row) for i, row in enumerate(text.strip("\n").split("\n"))]


def _region(doc: str) -> list[Line]:
    """The performance region of a corpus document, as the structure step will hand it over.

    预算: from the heading "七、预算绩效目标情况" to the next section "八、…"; 决算 (003): the
    "第五部分 附件" to the end of the file.
    """
    lines = normalize_text((FIXTURES / DOCS[doc]).read_text(encoding="utf-8"))
    compact = ["".join(line.text.split()) for line in lines]
    if doc == "003":
        start = compact.index("第五部分")
        return lines[start:]
    start = compact.index("七、预算绩效目标情况")
    end = next(i for i in range(start + 1, len(lines)) if compact[i].startswith("八、"))
    return lines[start:end]


@pytest.fixture(scope="module")
def tables() -> dict[str, list[PerformanceTable]]:
    return {doc: build_performance_tables(_region(doc), ["预算绩效目标情况"]) for doc in DOCS}


def _indicator(table: PerformanceTable, level3: str):
    found = [i for i in table.indicators if i.level3 == level3]
    assert len(found) == 1, f"{level3!r} in {[i.level3 for i in table.indicators]}"
    return found[0]


# --- parse_target -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "op", "value", "unit"),
    [
        ("≥46 人", "≥", Decimal("46"), "人"),
        ("≤15 天", "≤", Decimal("15"), "天"),
        ("=100%", "=", Decimal("100"), "%"),
        ("≥700元/人", "≥", Decimal("700"), "元/人"),
        ("≥700元/ 人", "≥", Decimal("700"), "元/人"),
        (">=90%", "≥", Decimal("90"), "%"),
        ("<=5 起", "≤", Decimal("5"), "起"),
        ("≥90%", "≥", Decimal("90"), "%"),
        (">5520 卷", ">", Decimal("5520"), "卷"),
        ("<3次", "<", Decimal("3"), "次"),
        ("≥14.5 亿元", "≥", Decimal("14.5"), "亿元"),
        ("≥90 百分比", "≥", Decimal("90"), "百分比"),
        ("≥460万 人", "≥", Decimal("460"), "万人"),
        ("≤4500 元/人月", "≤", Decimal("4500"), "元/人月"),
        ("≥103,349.96万元", "≥", Decimal("103349.96"), "万元"),
        ("＞９０％", ">", Decimal("90"), "%"),  # full-width, as a raw extraction may give it
        ("≧90%", "≥", Decimal("90"), "%"),
        ("100%", None, Decimal("100"), "%"),  # no comparator written: op stays None
        ("12", None, Decimal("12"), None),
        ("90%以上", "≥", Decimal("90"), "%"),
        ("1300 万元以内", "≤", Decimal("1300"), "万元"),
        ("不低于90%", "≥", Decimal("90"), "%"),
        ("大于等于 46 人", "≥", Decimal("46"), "人"),
        ("不超过15天", "≤", Decimal("15"), "天"),
        ("低于5%", "<", Decimal("5"), "%"),
    ],
)
def test_parse_target_quantitative(raw: str, op: str | None, value: Decimal, unit: str | None):
    target = parse_target(raw)
    assert (target.op, target.value, target.unit) == (op, value, unit)
    assert target.raw == raw


@pytest.mark.parametrize(
    "raw", ["有效提升", "好", "宣传方式多样，跟进宣传及时。", "", "2023年底前全部完成",
            "3个工作日内办结，不超时"])
def test_parse_target_qualitative_keeps_raw_only(raw: str):
    target = parse_target(raw)
    assert (target.op, target.value, target.unit) == (None, None, None)
    assert target.raw == raw


def test_parse_target_json_shape():
    assert parse_target("≥46 人").to_dict() == {
        "raw": "≥46 人", "op": "≥", "value": 46, "unit": "人"}
    assert parse_target("≤28.5 万元").to_dict()["value"] == 28.5


# --- where a table starts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("省医保服务站工作经费项目绩效目标表", True),
        (" 医保稽核督察工作经费项目绩效目标表", True),
        ("单位整体绩效目标表", True),
        ("专项资金绩效自评表  ", True),
        ("困难企业职工、濒破企业人员医保补助项目绩效目标 表", True),
        ("综合工作经费绩效目标表\t\t\t\t", True),
        ("项目名称 省医保服务站工作经费", True),
        ("专项名称 特殊人群医疗费 ", True),
        ("1. 项目支出绩效目标表", False),  # a numbered heading over the tables
        ("1.项目支出绩效目标表", False),
        ("(二)绩效目标表及说明", False),
        (" 一、《项目支出绩效自评表》 ", False),
        ("资金共计 3355.00万元。(《项目支出绩效自评表》详见附件", False),
        ("七、预算绩效目标情况", False),
        ("\t成本指标\t经济成本指标\t预算执行率\t≥90%", False),
    ],
)
def test_a_table_starts_at_its_title_or_project_line(text: str, expected: bool):
    # The line after some prose: it starts a table (a chunk beginning at line 2) or nothing.
    chunks = _split_tables([(1, "前文说明。"), (2, _clean(text))])
    assert [chunk[0][0] for chunk in chunks] == ([2] if expected else [])


# --- synthetic layouts --------------------------------------------------------------------

ONE_CELL_PER_LINE = """\
某某工作经费项目绩效目标表
项目名称 某某工作经费
主管部门 某某局 实施单位
某某
中心
专项资金情
况(万元)
资金总额 100.50
财政拨款 90.00
其他资金 10.50
年度目标
完成甲，
完成乙。
绩效目标指
标
一级指标 二级指标 三级指标 指标值
产出指标
数量指标 工作人员人数 ≥46 人
质量指标
专业工作人员
人数
≥23 人
满意度指标
服务对象满意
度指标
服务对象满意度 ≥90%
备注
"""


def test_one_cell_per_line_with_wrapped_names():
    [table] = build_performance_tables(_lines(ONE_CELL_PER_LINE, first=10), [])
    assert (table.kind, table.project, table.line) == ("target", "某某工作经费", 10)
    assert (table.department, table.implementer) == ("某某局", "某某中心")
    assert (table.funds.total, table.funds.fiscal, table.funds.other) == (
        Decimal("100.50"), Decimal("90.00"), Decimal("10.50"))
    assert table.goal == "完成甲，完成乙。"
    rows = [(i.level1, i.level2, i.level3, i.target.raw if i.target else None, i.line)
            for i in table.indicators]
    assert rows == [
        ("产出指标", "数量指标", "工作人员人数", "≥46 人", 27),
        ("产出指标", "质量指标", "专业工作人员人数", "≥23 人", 29),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", 35),
    ]


TAB_SHIFTED = """\
某项目
绩效目标表
项目资金 (万元)\t资金总额:\t\t67000.00\t
\t财政拨款:\t\t67000.00\t
\t其他资金:\t\t0.00\t
总体目标\t完成任务。\t\t\t
绩效目标 指标\t一级指标\t二级指标\t三级指标\t目标值
\t成本指标\t经济成本 指标\t人均补助标准\t≥700元/ 人
\t\t\t个人缴费标准\t≥390元/人
\t产出指标\t数量指标\t参保人数\t≥460万人
\t\t\t质量指标\t对象与依据文件吻合度
\t\t时效指标\t支付到位率\t=100%
\t资金拨付及时率\t\t=100%\t
\t效益指标\t社会效益指标\t社会知晓度\t有效提升
满意度指 标\t服务对象 满意度指 标\t纠纷次数\t≤1次\t
2. 有关情况说明
本单位无其他需要说明的绩效目标情况
"""


def test_tab_rows_with_shifted_cells_are_read_by_content():
    [table] = build_performance_tables(_lines(TAB_SHIFTED), [])
    assert table.project == "某项目"
    assert table.title == "某项目绩效目标表"
    assert table.funds.total == Decimal("67000.00") and table.funds.other == Decimal("0.00")
    assert table.goal == "完成任务。"
    got = [(i.level1, i.level2, i.level3, i.target.raw if i.target else None)
           for i in table.indicators]
    assert got == [
        ("成本指标", "经济成本指标", "人均补助标准", "≥700元/ 人"),
        ("成本指标", "经济成本指标", "个人缴费标准", "≥390元/人"),
        ("产出指标", "数量指标", "参保人数", "≥460万人"),
        # the 二级 name sits in the 三级 column and the 三级 name in the target column:
        # the target is absent — it must not be taken from the next row
        ("产出指标", "质量指标", "对象与依据文件吻合度", None),
        ("产出指标", "时效指标", "支付到位率", "=100%"),
        # 三级 name shifted into the 一级 column: levels carried from above
        ("产出指标", "时效指标", "资金拨付及时率", "=100%"),
        ("效益指标", "社会效益指标", "社会知晓度", "有效提升"),
        ("满意度指标", "服务对象满意度指标", "纠纷次数", "≤1次"),
    ]
    qualitative = table.indicators[6].target
    assert qualitative is not None and (qualitative.op, qualitative.value) == (None, None)


def test_comparator_and_unit_in_columns_of_their_own():
    text = """\
X绩效目标表
一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位
产出指标\t数量指标\t培训人数\t≥\t46\t人
\t质量指标\t合格率\t=\t100\t%
\t时效指标\t办结时限\t不超过\t15\t天
"""
    [table] = build_performance_tables(_lines(text), [])
    got = [(i.level2, i.level3, i.target.op, i.target.value, i.target.unit)
           for i in table.indicators]
    assert got == [
        ("数量指标", "培训人数", "≥", Decimal("46"), "人"),
        ("质量指标", "合格率", "=", Decimal("100"), "%"),
        ("时效指标", "办结时限", "≤", Decimal("15"), "天"),
    ]


def test_an_ambiguous_level_name_is_placed_by_its_column():
    text = """\
X绩效目标表
绩效目标指标\t一级指标\t二级指标\t三级指标\t指标值
\t产出指标\t数量指标\t人数\t≥1人
\t成本指标\t\t人均成本\t≤5万元
\t\t成本指标\t总成本\t≤9万元
"""
    [table] = build_performance_tables(_lines(text), [])
    assert [(i.level1, i.level2) for i in table.indicators] == [
        ("产出指标", "数量指标"), ("成本指标", None), ("成本指标", "成本指标")]


def test_a_new_level1_clears_the_carried_level2():
    text = """\
X绩效目标表
绩效目标指标\t一级指标\t二级指标\t三级指标\t目标值
\t产出指标\t数量指标\t人数\t≥1人
\t效益指标\t\t覆盖率\t≥90%
"""
    [table] = build_performance_tables(_lines(text), [])
    assert [(i.level1, i.level2) for i in table.indicators] == [
        ("产出指标", "数量指标"), ("效益指标", None)]


SELF_EVALUATION = """\
专项资金绩效自评表
(2023 年度)
专项名称 某专项
主管部门 某局 实施单位 某中心
项目概况 项目资金 520 万元
项目资金(万元)
 年初预算数 全年预算数 全年执行数 分值 执行率(%) 得分
年度资金总额 0.00 520.00 500.26 10 96.20 10
其中：当年财政拨款 0.00 520.00 500.26 — 96.20
其他资金 0.00 0.00 0.00 — 0.00
年度总体目标
预期目标 实际完成情况
有效提升服务能
力。
实际支出 500.26 万元。
绩效 指标
一级指标 二级指标 三级指标 年度指标值 实际完成值 指标分值 自评得分
偏差原因分析及
改进措施
成本指标 经济成本指标 硬件投入 =150 万元 196.25 10 10
产出指标
数量指标 配备电脑数量 ≥520 台 506 10 9.73
因中标价与预
算价存在差异。
二级及以上公立医
院覆盖率
=100% 100 5 5
时效指标 政策宣传
宣传及时，知晓率高。项
通过多样化宣传
方式
10 10
总分值、评价总分 (S) 99.73
评价等级  优(S≥90)
"""


def test_self_evaluation_rows_weights_scores_and_deviation():
    [table] = build_performance_tables(_lines(SELF_EVALUATION), [])
    assert table.kind == "self_evaluation"
    assert (table.project, table.department, table.implementer) == ("某专项", "某局", "某中心")
    # funds of the year are the 全年预算数 column, not 年初预算数; "—" cells keep their place
    assert (table.funds.total, table.funds.fiscal, table.funds.other) == (
        Decimal("520.00"), Decimal("520.00"), Decimal("0.00"))
    assert (table.funds.executed, table.funds.weight, table.funds.score) == (
        Decimal("500.26"), Decimal("10"), Decimal("10"))
    assert table.goal == "有效提升服务能力。"
    assert table.total_score == Decimal("99.73")
    hardware, computers, coverage, publicity = table.indicators
    assert (hardware.level3, hardware.target.raw, hardware.actual) == (
        "硬件投入", "=150 万元", "196.25")
    assert (hardware.weight, hardware.score, hardware.deviation_reason) == (
        Decimal("10"), Decimal("10"), None)
    assert (computers.level1, computers.level2, computers.score) == (
        "产出指标", "数量指标", Decimal("9.73"))
    assert computers.deviation_reason == "因中标价与预算价存在差异。"
    # text after a deviation reason but before the next value is the next row's 三级 name
    assert (coverage.level2, coverage.level3, coverage.actual) == (
        "数量指标", "二级及以上公立医院覆盖率", "100")
    assert publicity.level2 == "时效指标" and publicity.level3 == "政策宣传"
    assert publicity.target is not None and publicity.target.value is None
    assert publicity.target.raw == "宣传及时，知晓率高。项"
    assert publicity.actual == "通过多样化宣传方式"
    assert (publicity.weight, publicity.score) == (Decimal("10"), Decimal("10"))


ONE_CELL_EACH = """\
某工作经费绩效目标表
项目名称
某工作经费
主管部门
某局
实施单位
某中心
资金总额
12.50
财政拨款
12.50
其他资金
0.00
年度目标
完成工作。
一级指标
二级指标
三级指标
指标值
产出指标
数量指标
培训人数
46 人
质量指标
验收合格率
100%
效益指标
社会效益指标
群众知晓度
有效提升
满意度指标
服务对象满意度指标
服务对象满意度 90%
备注
"""


def test_strictly_one_cell_per_line_with_opless_and_qualitative_targets():
    [table] = build_performance_tables(_lines(ONE_CELL_EACH), [])
    assert (table.project, table.department, table.implementer, table.goal) == (
        "某工作经费", "某局", "某中心", "完成工作。")
    assert (table.funds.total, table.funds.fiscal, table.funds.other) == (
        Decimal("12.50"), Decimal("12.50"), Decimal("0.00"))
    got = [(i.level1, i.level2, i.level3, i.target and (i.target.op, i.target.value, i.target.unit))
           for i in table.indicators]
    assert got == [
        ("产出指标", "数量指标", "培训人数", (None, Decimal("46"), "人")),
        ("产出指标", "质量指标", "验收合格率", (None, Decimal("100"), "%")),
        ("效益指标", "社会效益指标", "群众知晓度", (None, None, None)),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", (None, Decimal("90"), "%")),
    ]
    assert table.indicators[2].target.raw == "有效提升"


def test_stream_name_without_any_target_keeps_target_null():
    text = "X绩效目标表\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 参保人数\n" \
        "质量指标 合格率 ≥95%\n备注"
    [table] = build_performance_tables(_lines(text), [])
    first, second = table.indicators
    assert (first.level3, first.target) == ("参保人数", None)
    assert (second.level2, second.level3, second.target.raw) == ("质量指标", "合格率", "≥95%")


def test_self_evaluation_one_cell_per_line():
    text = """\
某专项绩效自评表
一级指标
二级指标
三级指标
年度指标值
实际完成值
指标分值
自评得分
偏差原因分析及
改进措施
产出指标
数量指标
电脑数量
≥520 台
506
10
9.73
质量指标
验收合格率
=100%
100
质量指标 重复后缺值
≥1 个
总分值、评价总分 (S) 99.73
"""
    [table] = build_performance_tables(_lines(text), [])
    assert table.kind == "self_evaluation"
    got = [(i.level2, i.level3, i.target.raw, i.actual, i.weight, i.score)
           for i in table.indicators]
    assert got == [
        ("数量指标", "电脑数量", "≥520 台", "506", Decimal("10"), Decimal("9.73")),
        # the next row starts before 分值/得分 were seen: they stay None, nothing is borrowed
        ("质量指标", "验收合格率", "=100%", "100", None, None),
        ("质量指标", "重复后缺值", "≥1 个", None, None, None),
    ]
    assert table.total_score == Decimal("99.73")


def test_self_evaluation_in_tab_rows():
    text = """\
某专项绩效自评表
专项名称\t某专项
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标\t数量指标\t电脑数量\t≥520台\t506\t10\t9.73\t中标价低于预算价
\t\t覆盖率\t=100%\t100\t5\t5\t
效益指标\t社会效益指标\t知晓率\t有效提升\t明显提升\t10\t10\t
"""
    [table] = build_performance_tables(_lines(text), [])
    assert (table.kind, table.project) == ("self_evaluation", "某专项")
    got = [(i.level1, i.level2, i.level3, i.target.raw, i.actual, i.weight, i.score,
            i.deviation_reason) for i in table.indicators]
    assert got == [
        ("产出指标", "数量指标", "电脑数量", "≥520台", "506", Decimal("10"), Decimal("9.73"),
         "中标价低于预算价"),
        ("产出指标", "数量指标", "覆盖率", "=100%", "100", Decimal("5"), Decimal("5"), None),
        ("效益指标", "社会效益指标", "知晓率", "有效提升", "明显提升", Decimal("10"),
         Decimal("10"), None),
    ]


def test_rows_end_at_the_next_heading_but_not_at_numbered_cell_prose():
    text = """\
X专项绩效自评表
一级指标 二级指标 三级指标 年度指标值 实际完成值 指标分值 自评得分 偏差原因分析及改进措施
产出指标 数量指标 电脑数量 ≥520 台 506 10 9.73
1.因中标价低于预算价，
少采购 14 台。
质量指标 合格率 =100% 100 10 10
2. 有关情况说明
质量指标 不属于表格 =1 个 1 1 1
"""
    [table] = build_performance_tables(_lines(text), [])
    assert [i.level3 for i in table.indicators] == ["电脑数量", "合格率"]
    assert table.indicators[0].deviation_reason == "1.因中标价低于预算价，少采购 14 台。"


def test_region_without_tables_gives_none():
    text = "七、预算绩效目标情况\n(一)绩效目标设置情况\n本单位未设置绩效目标。"
    assert build_performance_tables(_lines(text), []) == []


def test_indicator_without_level_names_keeps_them_null():
    text = "X绩效目标表\n一级指标 二级指标 三级指标 指标值\n孤立指标 ≥1 个\n备注"
    [table] = build_performance_tables(_lines(text), [])
    [only] = table.indicators
    assert (only.level1, only.level2, only.level3, only.target.value) == (
        None, None, "孤立指标", Decimal("1"))


# --- the corpus ---------------------------------------------------------------------------


def test_table_counts_per_document(tables):
    assert {doc: len(found) for doc, found in tables.items()} == {
        "000": 5, "001": 7, "002": 5, "003": 4, "004": 1}
    assert [t.kind for t in tables["000"]] == ["target"] * 4 + ["unit_target"]
    assert {t.kind for t in tables["003"]} == {"self_evaluation"}
    assert {t.kind for doc in ("001", "002", "004") for t in tables[doc]} == {"target"}


def test_every_indicator_has_level1_and_level3(tables):
    for doc, found in tables.items():
        for table in found:
            assert table.indicators, (doc, table.title)
            for indicator in table.indicators:
                assert indicator.level1 and indicator.level3, (doc, indicator)


def test_every_quantitative_target_in_the_text_is_parsed(tables):
    for doc, found in tables.items():
        for table in found:
            for indicator in table.indicators:
                if indicator.target is None:
                    continue
                raw = indicator.target.raw
                if any(op in raw for op in "≥≤=<>"):
                    assert indicator.target.op and indicator.target.value is not None, (doc, raw)


def test_indicator_counts_per_table(tables):
    counts = {doc: [len(t.indicators) for t in found] for doc, found in tables.items()}
    assert counts == {
        "000": [6, 6, 6, 6, 9],
        "001": [10, 10, 10, 10, 10, 8, 11],
        "002": [6, 10, 9, 8, 10],
        "003": [7, 6, 9, 9],
        "004": [6],
    }


def test_section_path_is_kept(tables):
    assert tables["004"][0].section_path == ["预算绩效目标情况"]
    assert tables["004"][0].to_dict()["section_path"] == ["预算绩效目标情况"]


def test_000_one_cell_per_line(tables):
    station, centre, audit, capacity, unit = tables["000"]
    assert station.project == "省医保服务站工作经费"
    assert station.title == "省医保服务站工作经费项目绩效目标表"
    assert (station.department, station.implementer) == (
        "福建省医疗保障局", "福建省医疗保障基金中心")
    assert (station.funds.total, station.funds.fiscal, station.funds.other) == (
        Decimal("320.28"), Decimal("287.90"), Decimal("32.38"))
    assert station.goal.startswith("完善我省基本医疗保障服务体系")
    assert station.goal.endswith("不断提高和完善医保服务站管理和服务水平。")
    staff = _indicator(station, "服务站工作人员人数")
    assert (staff.level1, staff.level2) == ("产出指标", "数量指标")
    assert (staff.target.op, staff.target.value, staff.target.unit) == ("≥", Decimal("46"), "人")
    assert staff.line == 320
    wrapped = _indicator(station, "服务站专业工作人员人数")
    assert (wrapped.level2, wrapped.target.value, wrapped.line) == ("质量指标", Decimal("23"), 323)
    # the defect the rules must see: a 率 measured in 天, kept exactly as written
    timely = _indicator(station, "经办业务办结及时率")
    assert (timely.target.op, timely.target.value, timely.target.unit) == ("≤", Decimal("15"), "天")
    satisfaction = _indicator(station, "服务对象满意度")
    assert (satisfaction.level1, satisfaction.level2) == ("满意度指标", "服务对象满意度指标")

    assert _indicator(centre, "12345 诉求件按时办结率").target.value == Decimal("98")
    assert _indicator(audit, "业主对服务采购承办方的满意度").level2 == "服务对象满意度指标"
    assert capacity.title == "医疗服务与保障能力提升补助资金项目绩效目标表"
    assert capacity.funds.other == Decimal("0.12")
    assert _indicator(capacity, "任务完成率").target.op == ">"

    assert unit.kind == "unit_target" and unit.project is None
    assert unit.department == "福建省医疗保障基金中心"
    assert unit.funds.total == Decimal("2649.48")
    assert unit.goal.startswith("进一步全面深化医疗保障制度改革")
    three = _indicator(unit, "“三公”经费违规使用次数")
    assert (three.level1, three.level2, three.target.raw) == (
        "一般性支出情况", "一般性支出情况", "≤0 次")
    assert _indicator(unit, "控制物业费支出").target.value == Decimal("28.5")


def test_001_shifted_tab_cells(tables):
    found = tables["001"]
    assert [t.project for t in found] == [
        "城乡居民医保财政补助(含市本级和区县补助)",
        "城乡居民医保财政补助(省级财政补助)",
        "城乡居民医疗救助",
        "城乡医疗救助(省级财政补助)",
        "高技能人才和综合型企业高管财政补助",
        "市属困难企业在职职工财政补助",
        "综合工作经费",
    ]
    first = found[0]
    assert first.funds.total == Decimal("67000.00")
    assert _indicator(first, "居民医保人均财政补助标准").target.unit == "元/人"
    # 二级 name shifted into the 三级 column, 三级 name into the target column: no target
    match = _indicator(first, "奖励(补助、补贴)对象与依据文件吻合度")
    assert (match.level2, match.target) == ("质量指标", None)
    assert _indicator(first, "城乡居民医保覆盖城区").target.unit == "个"
    # 三级 name shifted into the 一级 column
    talent = found[4]
    shifted = _indicator(talent, "资金拨付(下达、结算)及时率")
    assert (shifted.level1, shifted.level2, shifted.target.raw) == ("产出指标", "时效指标", "=100%")
    poor = found[5]
    late = _indicator(poor, "项目(工程)完成及时率")
    assert (late.level2, late.target) == ("时效指标", None)
    assert _indicator(poor, "资金在规定时间内下达率").target.raw == "=100%"
    general = found[6]
    assert _indicator(general, "人均工资标准").target.unit == "元/人月"
    assert _indicator(general, "纠纷数").level2 == "生态效益指标"
    assert _indicator(general, "12345 满意度").level1 == "满意度指标"


def test_002_tab_cells(tables):
    found = tables["002"]
    assert found[0].project == "医保制度改革、医改政策落实及医保工作能力提升经费"
    assert found[3].project == "困难企业职工、濒破企业人员医保补助"
    assert found[1].goal.startswith("目标 1: 持续实施重特大疾病医疗救助")
    assert "<p>" not in found[2].goal and found[2].goal.startswith("1、聘用非在编人员")
    assert _indicator(found[0], "派遣人员工资支付及时率").target.unit == "百分比"
    dip = _indicator(found[2], "DIP 支付医疗机构覆盖率")
    assert (dip.level1, dip.level2, dip.target.raw) == ("产出指标", "质量指标", "≥100%")
    assert _indicator(found[2], "全市城乡居民个人缴费征缴额").target.value == Decimal("14.5")
    last = found[4]
    assert last.funds.total == Decimal("107000.00")
    missing = _indicator(last, "参保居民个人缴费标准")
    assert (missing.level2, missing.target) == ("数量指标", None)
    assert _indicator(last, "参保人政策范围内住院费用报销比例(%)").target.value == Decimal("66")


def test_003_self_evaluations(tables):
    found = tables["003"]
    assert [t.project for t in found] == [
        "特殊人群医疗费",
        "2023 年医疗服务与保障能力提升补助资金(第三批)",
        "中央财政医疗服务与保障能力提升补助资金",
        "购买经办服务费",
    ]
    assert [t.total_score for t in found] == [
        Decimal("100"), Decimal("99.73"), Decimal("100"), Decimal("100")]
    # 全年预算数 of the four add up to the narrative's 3355.00 万元
    assert sum(t.funds.total for t in found) == Decimal("3355.00")
    assert all(t.implementer == "泉州市医疗保障基金中心" for t in found)
    assert [t.funds.executed for t in found] == [
        Decimal("300.00"), Decimal("314.00"), Decimal("500.26"), Decimal("2221.00")]
    # the funds row's score plus the indicators' scores give the stated total score
    for table in found:
        assert table.funds.score + sum(i.score for i in table.indicators) == table.total_score
    central = found[2]
    hardware = _indicator(central, "硬件投入")
    target = hardware.target
    assert (target.op, target.value, target.unit) == ("=", Decimal("150"), "万元")
    # actual far above an "=" target with full score and no 偏差原因: a rule flags this
    assert (hardware.actual, hardware.weight, hardware.score) == (
        "196.25", Decimal("10"), Decimal("10"))
    assert hardware.deviation_reason is None
    assert hardware.line == 1601
    coverage = _indicator(central, "二级及以上公立医院医保服务站覆盖率")
    assert (coverage.level2, coverage.target.raw, coverage.weight) == (
        "数量指标", "=100%", Decimal("5"))
    publicity = _indicator(central, "医保政策宣传")
    assert publicity.target.value is None
    assert publicity.actual.endswith("提高参保人政策知晓率。")
    computers = _indicator(found[1], "配备专用电脑数量")
    assert computers.score == Decimal("9.73")
    assert computers.deviation_reason == (
        "因台式电脑实际中标结算价与预算价存在差异，实际采购 506 台。")
    special = found[0]
    repeated = _indicator(special, "服务对象满意度指标")  # 三级 repeats the 二级 name
    assert (repeated.level2, repeated.actual, repeated.line) == ("服务对象满意度指标", "100", 1417)
    assert special.goal.endswith("服务对象满意度 90%以上。")


def test_004_markdown_document(tables):
    [table] = tables["004"]
    assert (table.project, table.funds.total, table.funds.fiscal) == (
        "综合工作经费", Decimal("50.00"), Decimal("50.00"))
    assert _indicator(table, "培训班次").target.raw == "≥2 次"


def test_whole_document_gives_the_same_tables(tables):
    """Handing over too much (the whole document) must not invent or lose tables."""
    for doc, expected in tables.items():
        lines = normalize_text((FIXTURES / DOCS[doc]).read_text(encoding="utf-8"))
        found = build_performance_tables(lines, ["预算绩效目标情况"])
        assert [t.to_dict() for t in found] == [t.to_dict() for t in expected], doc


# --- end to end through parse_file --------------------------------------------------------


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[PerformanceTable]]:
    from checker.parse.parser import parse_file

    return {doc: parse_file(FIXTURES / name).performance_tables for doc, name in DOCS.items()}


def test_parse_file_counts_and_kinds(parsed):
    assert {doc: len(found) for doc, found in parsed.items()} == {
        "000": 5, "001": 7, "002": 5, "003": 4, "004": 1}
    assert [t.kind for t in parsed["000"]] == ["target"] * 4 + ["unit_target"]
    assert [t.kind for t in parsed["003"]] == ["self_evaluation"] * 4


def test_parse_file_matches_the_region_reading(parsed, tables):
    """The structure step's blocks give exactly what the whole region gives."""
    for doc in DOCS:
        def strip(found: list[PerformanceTable]) -> list[dict]:
            return [{k: v for k, v in t.to_dict().items() if k != "section_path"} for t in found]

        assert strip(parsed[doc]) == strip(tables[doc]), doc


def test_parse_file_places_tables_in_their_sections(parsed):
    assert "七、预算绩效目标情况" in parsed["000"][0].section_path
    assert parsed["000"][4].section_path[-1] == "2.单位整体绩效目标"
    assert parsed["003"][0].section_path[0] == "第五部分 附件"


def test_parse_file_spot_values(parsed):
    staff = _indicator(parsed["000"][0], "服务站工作人员人数")
    assert staff.target.to_dict() == {"raw": "≥46 人", "op": "≥", "value": 46, "unit": "人"}
    timely = _indicator(parsed["000"][0], "经办业务办结及时率")
    assert (timely.target.op, timely.target.value, timely.target.unit) == ("≤", Decimal("15"), "天")
    assert parsed["000"][0].funds.to_dict()["total"] == 320.28
    hardware = _indicator(parsed["003"][2], "硬件投入")
    assert hardware.to_dict() | {"line": 0} == {
        "level1": "成本指标", "level2": "经济成本指标", "level3": "硬件投入",
        "target": {"raw": "=150 万元", "op": "=", "value": 150, "unit": "万元"},
        "actual": "196.25", "weight": 10, "score": 10, "deviation_reason": None, "line": 0,
    }
    assert parsed["001"][0].indicators[0].target.unit == "元/人"
    assert parsed["004"][0].funds.fiscal == Decimal("50.00")


def test_parse_file_every_indicator_complete(parsed):
    for doc, found in parsed.items():
        for table in found:
            for indicator in table.indicators:
                assert indicator.level1 and indicator.level3, (doc, indicator.line)
                if indicator.target and any(op in indicator.target.raw for op in "≥≤=<>"):
                    assert indicator.target.value is not None, (doc, indicator.line)
