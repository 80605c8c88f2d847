from kindkit import doc, row, run, statuses, table


def _table(kuan: str):
    return table("一般公共预算财政拨款支出决算表", ["小计", "基本支出", "项目支出"], [
        row("合计", "368.20", "368.20", "0.00"),
        row("社会保障和就业支出", "368.20", "368.20", "0.00", code="208"),
        row("行政事业单位养老支出", kuan, kuan, "0.00", code="20805"),
        row("事业单位离退休", "128.82", "128.82", "0.00", code="2080502"),
        row("机关事业单位基本养老保险缴费支出", "208.67", "208.67", "0.00", code="2080505"),
        row("机关事业单位职业年金缴费支出", "11.82", "11.82", "0.00", code="2080506"),
        row("抚恤", "18.88", "18.88", "0.00", code="20808"),
        row("死亡抚恤", "18.88", "18.88", "0.00", code="2080801"),
    ])


def test_003_row_208_within_rounding_passes():
    # 003 公开05表: 208 is 368.20, its 款 sum to 349.31 + 18.88 = 368.19
    results = run("code_hierarchy", doc(tables=[_table("349.31")], kind="决算"),
                  tables=["一般公共预算支出表"])
    assert statuses(results) == ["pass", "pass", "pass"]


def test_kuan_not_matching_its_xiang_fails():
    results = run("code_hierarchy", doc(tables=[_table("359.31")], kind="决算"),
                  message="{row}|{found}|{expected}", tables=["一般公共预算支出表"])
    assert "fail" in statuses(results)
    assert "20805 行政事业单位养老支出|359.31|349.31" in [r.message for r in results]


def test_table_without_hierarchy_is_not_applicable():
    t = table("收入预算总表", ["小计"], [row("合计", "1.00"), row("a", "1.00", code="2101202")])
    assert statuses(run("code_hierarchy", doc(tables=[t]), tables=["收入总表"])) == [
        "not_applicable"]
