from kindkit import doc, row, run, statuses, table

ROW_ASSERT = 'col("合计|小计") == col("基本支出") + col("项目支出")'


def _spending(basic: str):
    return table("一般公共预算拨款支出预算表", ["合计", "基本支出", "项目支出"], [
        row("合计", "100.00", basic, "40.00"),
        row("行政运行", "60.00", "60.00", None, code="2101501"),
    ])


def test_row_identity_pass_and_fail():
    ok = run("table_formula", doc(tables=[_spending("60.00")]), tables=["一般公共预算支出表"],
             for_each="row", **{"assert": ROW_ASSERT})
    bad = run("table_formula", doc(tables=[_spending("50.00")]), message="{row}",
              tables=["一般公共预算支出表"], for_each="row", **{"assert": ROW_ASSERT})
    assert statuses(ok) == ["pass"]
    assert statuses(bad) == ["fail"]
    assert bad[0].message == "合计"


def _balance(expense_total: str):
    return table("收支预算总表", ["预算数"], [
        row("一般公共预算拨款收入", "10.00", group="收入"),
        row("收入合计", "10.00", group="收入"),
        row("一般公共服务支出", expense_total, group="支出"),
        row("支出合计", expense_total, group="支出"),
    ], groups=["收入", "支出"], group_columns=[["预算数"], ["预算数"]])


def test_side_by_side_groups():
    formula = {"assert": 'row("收入:收入合计") == row("支出:支出合计")'}
    assert statuses(run("table_formula", doc(tables=[_balance("10.00")]), tables=["收支总表"],
                        **formula)) == ["pass"]
    results = run("table_formula", doc(tables=[_balance("12.00")]), message="{found}≠{expected}",
                  tables=["收支总表"], **formula)
    assert statuses(results) == ["fail"]
    assert results[0].message == "10.00≠12.00"


def test_missing_column_is_not_verifiable():
    t = table("一般公共预算拨款支出预算表", ["预算数"], [row("合计", "1.00")])
    assert statuses(run("table_formula", doc(tables=[t]), tables=["一般公共预算支出表"],
                        for_each="row", **{"assert": ROW_ASSERT})) == ["not_verifiable"]


def test_one_amount_per_row_read_from_the_page_is_not_applicable():
    """A PDF table read from its grid (科目代码 | 科目名称 | 金额, as Jiangsu prints
    财政拨款支出预算表) has no 基本支出/项目支出 columns for a row identity to relate; the same
    table rebuilt from a text stream (above) may have lost them, and stays not verifiable."""
    t = table("一般公共预算拨款支出预算表", ["金额"], [row("合计", "1.00"),
                                                  row("行政运行", "1.00", code="2010101")])
    t.grid = [["科目代码", "科目名称", "金额"], ["合计", None, "1.00"],
              ["2010101", "行政运行", "1.00"]]
    results = run("table_formula", doc(tables=[t]), tables=["一般公共预算支出表"],
                  for_each="row", **{"assert": ROW_ASSERT})
    assert statuses(results) == ["not_applicable"]
    assert "每行只有一栏金额" in results[0].message
    t.rows[1].values.append(None)  # a second value: not one amount per row
    assert statuses(run("table_formula", doc(tables=[t]), tables=["一般公共预算支出表"],
                        for_each="row", **{"assert": ROW_ASSERT})) == ["not_verifiable"]
