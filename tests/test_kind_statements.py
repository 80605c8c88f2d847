"""The statement kinds on small synthetic documents: statement_check (each check, including
the cases the former yoy kind covered), statement_table and empty_note."""

from __future__ import annotations

from decimal import Decimal

import pytest
from kindkit import doc, part, row, run, section, statuses, table

from checker.kinds._statements import change_range, ratio_range


def _doc(*texts: str, tables=None, kind: str = "预算"):
    return doc(parts=[part("情况说明", section("一般公共预算拨款支出情况", *texts))],
               tables=tables or [], kind=kind)


def check(name: str, *texts: str, message: str = "{expected}|{found}", **params):
    return run("statement_check", _doc(*texts), message=message, check=name, **params)


@pytest.mark.parametrize("text", [
    "2025年度一般公共预算拨款支出2403.42万元，比上年增加254.78万元，增长11.86%，主要原因",
    "机关运行经费支出106.82万元，比上年减少7.84万元，降低6.84%。",
    "2023年度一般公共预算“三公”经费支出2.16万元，完成全年预算的100.00%；较上年增加0.73万元，增长51.05%。",
    "2080801-死亡抚恤支出18.88万元，较上年决算数净增加18.88万元。",
    "公务接待费2.70万元，比上年增加0.00万元，增长0.00%，与上年持平。",
    "社会保险经办机构支出0.00万元，较上年决算数减少0.03万元，下降100%。",
    "2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。",
    "2022年当年预算执行数为15.00万元，2023年预算安排15.00万元，比2022年预算执行数持平。",
])
@pytest.mark.parametrize("name", ["direction", "percent", "flat"])
def test_consistent_year_on_year_statements_pass(text, name):
    assert "fail" not in statuses(check(name, text))


@pytest.mark.parametrize(("text", "message"), [
    ("支出2403.42万元，比上年增加254.78万元，增长10.60%。", "11.86%|10.60%"),
    # Shanghai: 11.67 → 45.41 is +289.12 %
    ("2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。",
     "289.12%|314.82%"),
    # Jiangsu: 1442.74 with +368.97 on 1073.77 is 34.36 %
    ("住房公积金（项）支出1442.74万元，与上年相比增加368.97万元，增加34.38 %。",
     "34.36%|34.38%"),
    ("项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22 %。", "22.21%|13.22%"),
])
def test_a_percent_that_does_not_follow_from_the_amounts_fails(text, message):
    results = check("percent", text)
    assert statuses(results) == ["fail"]
    assert results[0].message == message


def test_percent_from_the_heading_amount_is_left_to_the_headline_check():
    text = ("1.“住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元，主要用于公积金。"
            "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。")
    assert statuses(check("percent", text)) == ["pass"]
    headline = check("headline", text)
    assert statuses(headline) == ["fail"]
    assert headline[0].message == "352.67|350.35"


def test_percent_with_no_base_is_not_verifiable():
    text = "2022年当年预算执行数为0万元，2023年预算安排60.13万元，比2022年预算执行数增加100.00%。"
    assert statuses(check("percent", text)) == ["not_verifiable"]


WANLI = "2023年当年预算执行数为114.00万元，2024年预算安排110.60万元，"


@pytest.mark.parametrize(("text", "status"), [
    ("支出2403.42万元，比上年增加254.78万元，下降11.86%。", "fail"),
    (WANLI + "比2023年预算执行数增加2.98%。", "fail"),
    (WANLI + "比2023年预算执行数减少2.98%。", "pass"),
])
def test_direction_words_must_fit(text, status):
    assert statuses(check("direction", text)) == [status]


def test_flat_with_a_change_fails():
    assert statuses(check("flat", "安排2.70万元，比上年增加0.50万元，与上年持平。")) == ["fail"]


@pytest.mark.parametrize(("text", "status"), [
    ("年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员。", "pass"),
    ("年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因：人员。", "fail"),
    ("年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。", "pass"),
    ("全年预算为202.24万元，支出决算为202.24万元。决算数与全年预算数持平。", "pass"),
    ("全年预算为202.24万元，支出决算为200.24万元。决算数与全年预算数持平。", "fail"),
    # 年初 0, 全年 321.02: "小于预算数" is true of one and false of the other
    ("年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。"
     "决算数小于预算数的主要原因：人员经费。", "not_verifiable"),
])
def test_final_against_budget_comparison(text, status):
    assert statuses(check("comparison", text)) == [status]


@pytest.mark.parametrize(("text", "expected"), [
    ("全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。", ["pass"]),
    ("全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的96.69%。", ["fail"]),
    ("年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。",
     ["not_verifiable"]),
])
def test_completion_percent(text, expected):
    assert statuses(check("percent", text, families=["final_vs_budget"])) == expected


def test_share_of_the_total_listed_before_it():
    text = ("本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；"
            "项目支出202.24万元，占75.70%。")
    results = check("percent", text, families=["share"])
    assert statuses(results) == ["pass", "fail"]
    assert results[1].message == "65.70%|75.70%"


@pytest.mark.parametrize(("text", "status"), [
    ("比2023年预算执行数减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。", "fail"),
    ("比2023年预算执行数减少2.98%。主要原因是：宣传经费减少。", "pass"),
    # a reason that names both directions is not judged
    ("比2023年预算执行数减少2.98%。主要原因是：人员增加，但项目压减，经费增加。", "pass"),
])
def test_reason_against_direction(text, status):
    full = "2023年当年预算执行数为114.00万元，2024年预算安排110.60万元，" + text
    assert statuses(check("reason", full)) == [status]


def test_parts_more_than_the_total_fail_fewer_are_not_judged():
    assert statuses(check("parts", "合计100.00万元，其中：甲60.00万元、乙50.00万元。")) == ["fail"]
    assert statuses(check("parts", "合计100.00万元，其中：甲60.00万元、乙40.00万元。")) == ["pass"]
    assert statuses(check("parts", "合计100.00万元，其中：甲60.00万元、乙30.00万元。")) == [
        "not_verifiable"]


def test_a_complete_split_must_add_up():
    words = {"complete_parts": ["货物", "工程", "服务"]}
    short = ("政府采购预算总额800万元，其中：政府采购货物预算4万元、政府采购工程预算0万元、"
             "政府采购服务预算790万元。")
    assert statuses(check("parts", short, **words)) == ["fail"]
    # Shanghai 决算 wording; 4.79 + 0 + 246.47 = 251.26 is 251.25 within rounding
    whole = ("政府采购支出总额为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、"
             "服务采购金额246.47万元。")
    assert statuses(check("parts", whole, **words)) == ["pass"]
    # a list that is not the split (a part named otherwise) is not judged by the sum
    other = "合计100.00万元，其中：服务费60.00万元、业务费30.00万元。"
    assert check("parts", other, **words)[0].status == "not_applicable"


def test_rounding_ranges():
    low, high = change_range(Decimal("45.41"), Decimal("11.67"))
    assert low < Decimal("289.12") < high and high - low < 1
    assert ratio_range(Decimal("1"), Decimal("0.00")) is None


# ---------------------------------------------------------------- statement_table
def _expenditure(unit: str = "万元", *rows):
    t = table("一般公共预算支出功能分类预算表", ["科目编码", "科目名称", "合计"], list(rows))
    t.unit_of_measure = unit
    return t


SH_ROWS = (row("社会保障和就业支出", "3508644", code="208"),
           row("行政事业单位养老支出", "3508644", code="20805"),
           row("机关事业单位职业年金缴费支出", "873617", code="2080506"),
           row("行政运行", "100000", code="2010601"))


def table_check(text: str, *tables, **params):
    params.setdefault("tables", ["一般公共预算支出表"])
    return run("statement_table", _doc(text, tables=list(tables)),
               message="{subject}|{expected}|{found}", **params)


def test_item_amount_against_a_table_in_yuan():
    bad = ("7.“社会保障和就业支出（类）行政事业单位养老支出（款）"
           "机关事业单位职业年金缴费支出（项）”887.36万元，主要用于缴纳职业年金支出。")
    results = table_check(bad, _expenditure("元", *SH_ROWS))
    assert statuses(results) == ["fail"]
    assert results[0].message == ("社会保障和就业支出/行政事业单位养老支出/"
                                  "机关事业单位职业年金缴费支出|87.36|887.36")
    good = bad.replace("887.36", "87.36")
    assert statuses(table_check(good, _expenditure("元", *SH_ROWS))) == ["pass"]


def test_a_name_not_down_the_code_chain_is_not_verifiable():
    text = "“住房保障支出（类）住房保障支出（款）住房公积金（项）”2.00万元，主要用于公积金。"
    assert statuses(table_check(text, _expenditure("元", *SH_ROWS))) == ["not_verifiable"]


HOUSING = (row("住房保障支出", "461.08", code="221"), row("住房改革支出", "461.08", code="22102"),
           row("住房公积金", "289.59", code="2210201"), row("购房补贴", "171.49", code="2210203"))


def test_a_name_the_table_does_not_use_is_matched_by_elimination_and_only_confirmed():
    # “住房保障支出（款）”: under 221 the only 款 is 22102 住房改革支出, named by no statement
    text = "1、住房保障支出（类）住房保障支出（款）住房公积金（项）289.59万元。"
    results = table_check(text, _expenditure("万元", *HOUSING))
    assert statuses(results) == ["pass"]
    assert "排除法" in results[0].message and "22102" in results[0].message
    # the amounts disagree: the match is not certain enough to fail on
    assert statuses(table_check(text.replace("289.59", "298.59"),
                                _expenditure("万元", *HOUSING))) == ["not_verifiable"]
    # two different unknown names under one parent: nothing is eliminated
    two = text + "2、住房保障支出（类）住房其他（款）购房补贴（项）171.49万元。"
    assert statuses(table_check(two, _expenditure("万元", *HOUSING))) == [
        "not_verifiable", "not_verifiable"]


def test_named_rows_sum_optional_rows_and_role_columns():
    basic = table("一般公共预算基本支出表", ["科目编码", "科目名称", "合计"],
                  [row("工资福利支出", "80.00", code="301"),
                   row("商品和服务支出", "15.00", code="302")])
    params = {"tables": ["基本支出表"], "families": ["named_amount"],
              "subjects": {"人员经费": ["301 + 303|对个人和家庭的补助?"]}}
    # 303 absent: nothing spent, the sum is 301 alone
    assert statuses(table_check("人员经费80.00万元。", basic, **params)) == ["pass"]
    assert statuses(table_check("人员经费85.00万元。", basic, **params)) == ["fail"]
    sangong = table("一般公共预算财政拨款“三公”经费支出决算表", ["项目", "预算数", "决算数"],
                    [row("公务接待费", "2.85", "0.39")])
    params = {"tables": ["三公表"], "families": ["named_amount"], "roles": ["final", "budget"],
              "columns": {"final": "决算数", "budget": "预算数"},
              "subjects": {"公务接待费": ["公务接待费"]}}
    # the 决算 is compared with the 决算数 column, not the row's first figure
    assert statuses(table_check("公务接待费支出决算为0.39万元。", sangong, **params)) == ["pass"]
    assert statuses(table_check("公务接待费支出决算为2.85万元。", sangong, **params)) == ["fail"]


def test_code_item_blank_and_absent_rows():
    rows = (row("行政运行", None, code="2101501"),)
    assert statuses(table_check("2101501-行政运行 60.00万元。", _expenditure("万元", *rows))) == [
        "fail"]
    absent = "2101506（医疗保障经办事务）0.00万元。"
    assert statuses(table_check(absent, _expenditure("万元", *rows), absent_rows="zero")) == [
        "pass"]
    assert statuses(table_check(absent, _expenditure("万元", *rows))) == ["not_verifiable"]


def test_table_as_image_is_not_verifiable():
    image = table("一般公共预算支出功能分类预算表", [], [], cells_missing=True)
    assert statuses(table_check("2101501-行政运行 60.00万元。", image)) == ["not_verifiable"]


# ---------------------------------------------------------------- empty_note
NOTE = "注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"


def test_empty_note_under_figures_fails():
    full = table("部门“三公”经费和机关运行经费预算表", ["合计"], [row("预算数", "47.91", "443.18")],
                 notes=[NOTE])
    results = run("empty_note", doc(tables=[full]), message="{table}|{found}")
    assert statuses(results) == ["fail"]
    assert results[0].message == "部门“三公”经费和机关运行经费预算表|47.91 443.18"
    empty = table("部门“三公”经费和机关运行经费预算表", ["合计"], [row("预算数", "0", None)],
                  notes=[NOTE])
    assert statuses(run("empty_note", doc(tables=[empty]))) == ["pass"]


# ---------------------------------------------------------------- table_agree, cell_plausible
def _agree(tables, left, right):
    return run("table_agree", doc(tables=tables), message="{found}|{expected}",
               left=left, right=right)


def test_tables_agree_across_units_and_skip_blank_header_rows():
    expenditure = table("一般公共预算支出功能分类预算表", ["合计", "基本支出"],
                        [row("合计", None, None), row("合计", "1562.11", "997.06")])
    basic = table("一般公共预算基本支出经济分类情况表", ["合计"], [row("合计", "9970600")])
    basic.unit_of_measure = "元"
    left, right = 'cell("一般公共预算支出表", "合计", "基本支出")', 'cell("基本支出表", "合计")'
    assert statuses(_agree([expenditure, basic], left, right)) == ["pass"]
    basic.rows = [row("合计", "9870600")]
    results = _agree([expenditure, basic], left, right)
    assert statuses(results) == ["fail"] and results[0].message == "997.06|987.06"


def test_tables_that_cannot_be_read_are_not_verifiable():
    disagreeing = table("一般公共预算支出功能分类预算表", ["合计"],
                        [row("合计", "1"), row("合计", "2")])
    assert statuses(_agree([disagreeing], 'cell("一般公共预算支出表", "合计")', "1")) == [
        "not_verifiable"]
    assert statuses(_agree([], 'cell("基本支出表", "合计")', "1")) == ["not_verifiable"]


@pytest.mark.parametrize(("check_name", "values", "status"), [
    ("decimals", ("100.00", "60.00"), "pass"),
    ("decimals", ("100.001", "60.00"), "fail"),
    ("negative", ("100.00", "-60.00"), "fail"),
    ("negative", ("100.00", "0.00"), "pass"),
])
def test_implausible_cells(check_name, values, status):
    t = table("一般公共预算支出功能分类预算表", ["合计", "基本支出"], [row("合计", *values)])
    assert statuses(run("cell_plausible", doc(tables=[t]), check=check_name)) == [status]


def test_a_share_over_a_hundred():
    t = table("支出预算总表", ["合计", "占比(%)"], [row("行政运行", "60.00", "160.00")])
    results = run("cell_plausible", doc(tables=[t]), message="{found}", check="share")
    assert statuses(results) == ["fail"] and results[0].message == "占比(%) 160.00"


def test_a_fund_without_money_has_an_empty_fund_table():
    totals = table("财政拨款收支预算总表", ["预算数"],
                   [row("二、政府性基金预算拨款收入", None, group="收入")],
                   groups=["收入", "支出"], group_columns=[["预算数"], ["预算数"]])
    fund = table("政府性基金预算拨款支出预算表", ["合计"], [row("合计", None)])
    params = {"left": 'cell("财政拨款收支总表", "收入:政府性基金预算拨款收入")',
              "right": 'cell("政府性基金支出表", "合计")', "blank": "zero",
              "when": "left_is_zero"}
    assert statuses(run("table_agree", doc(tables=[totals, fund]), **params)) == ["pass"]
    fund.rows = [row("合计", "12.00")]
    assert statuses(run("table_agree", doc(tables=[totals, fund]), **params)) == ["fail"]
    totals.rows = [row("二、政府性基金预算拨款收入", "12.00", group="收入")]
    assert statuses(run("table_agree", doc(tables=[totals, fund]), **params)) == [
        "not_applicable"]


@pytest.mark.parametrize(("text", "expected"), [
    # a run of shares adding up to 100 %: their amounts add up to the total
    ("一般公共服务支出（类）264.87万元，占86.05%；社会保障和就业支出（类）10.82万元，占3.52%；"
     "卫生健康支出（类）2.71万元，占0.88%；住房保障支出（类）29.42万元，占9.55%。",
     ["pass", "pass", "pass", "pass"]),
    ("一般公共服务支出（类）2106.66万元，占71.73%；社会保障和就业支出（类）326.72万元，占11.11%；"
     "卫生健康支出（类）60.99万元，占2.07%；住房保障支出（类）445.69万元，占15.16%。",
     ["fail", "pass", "pass", "pass"]),
    # shares that do not add up to 100 %: the total is not known
    ("一般公共服务支出（类）264.87万元，占86.05%；卫生健康支出（类）2.71万元，占0.88%。",
     ["not_verifiable", "not_verifiable"]),
    # 占…的 names the total stated before
    ("本年支出合计307.82万元。一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。",
     ["pass"]),
])
def test_shares_of_a_total_the_text_makes_certain(text, expected):
    assert statuses(check("percent", text, families=["share"])) == expected
