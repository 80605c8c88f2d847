from kindkit import doc, row, run, statuses, table

COLS = ["合计", "基本支出", "项目支出"]


def _table(total: str):
    return table("一般公共预算拨款支出预算表", COLS, [
        row("合计", total, "60.00", "40.00"),
        row("卫生健康支出", "90.00", "50.00", "40.00", code="210"),
        row("住房保障支出", "10.00", "10.00", None, code="221"),
        row("住房公积金", "10.00", "10.00", None, code="2210201"),
    ])


def test_total_equals_top_level_rows():
    results = run("table_sum", doc(tables=[_table("100.00")]), tables=["一般公共预算支出表"])
    assert statuses(results) == ["pass"]


def test_rounding_within_tolerance_passes():
    # 002's 收入预算总表: rows sum to 129025.31 against 合计 129025.32
    t = table("收入预算总表", ["小计"], [row("合计", "129025.32"),
                                         row("a", "129000.00", code="2101202"),
                                         row("b", "25.31", code="2101301")])
    assert statuses(run("table_sum", doc(tables=[t]), tables=["收入总表"])) == ["pass"]


def test_total_differs_fails_with_column():
    results = run("table_sum", doc(tables=[_table("101.00")]),
                  message="{column} {found} {expected}", tables=["一般公共预算支出表"])
    assert statuses(results) == ["fail"]
    assert results[0].message == "合计 101.00 100.00"


def test_image_table_not_verifiable():
    t = table("一般公共预算拨款支出预算表", [], [], cells_missing=True)
    assert statuses(run("table_sum", doc(tables=[t]),
                        tables=["一般公共预算支出表"])) == ["not_verifiable"]
