from kindkit import doc, part, perf, row, run, section, statuses, table

PATTERN = r"人员经费(?P<amount>\d[\d,]*(?:\.\d+)?)万元"
EXPECTED = 'cell("基本支出表", "301") + cell("基本支出表", "303")'


def _doc(stated: str, *, cells_missing: bool = False):
    rows = [] if cells_missing else [row("合计", "3329.60"),
                                     row("工资福利支出", "3000.30", code="301"),
                                     row("商品和服务支出", "253.29", code="302"),
                                     row("对个人和家庭的补助", "76.01", code="303")]
    return doc(tables=[table("一般公共预算基本支出经济分类情况表", ["预算数"], rows,
                             cells_missing=cells_missing)],
               parts=[part("2023年度单位预算情况说明", section(
                   "一般公共预算拨款基本支出情况", f"(一)人员经费{stated}万元，主要包括：工资。"))])


def test_001_personnel_funds_mismatch_fails_with_evidence():
    results = run("cross_check", _doc("3044.01"), message="{found} vs {expected}",
                  sections=["基本支出说明"], pattern=PATTERN, expected=EXPECTED)
    assert statuses(results) == ["fail"]
    assert results[0].message == "3044.01 vs 3076.31"
    assert (results[0].evidence[0].found, results[0].evidence[0].expected) == ("3044.01",
                                                                               "3076.31")
    # followed by the table rows it read
    assert [e.found for e in results[0].evidence[1:]] == ["3000.30", "76.01"]


def test_agreeing_amount_passes():
    assert statuses(run("cross_check", _doc("3,076.31"), sections=["基本支出说明"],
                        pattern=PATTERN, expected=EXPECTED)) == ["pass"]


def test_image_table_not_verifiable_never_pass():
    assert statuses(run("cross_check", _doc("3044.01", cells_missing=True),
                        sections=["基本支出说明"], pattern=PATTERN,
                        expected=EXPECTED)) == ["not_verifiable"]


def test_statement_absent_is_not_applicable_unless_required():
    document = _doc("3044.01")
    args = {"sections": ["基本支出说明"], "pattern": "公用经费(?P<amount>\\d+)万元",
            "expected": "1"}
    assert statuses(run("cross_check", document, **args)) == ["not_applicable"]
    assert statuses(run("cross_check", document, required=True, **args)) == ["fail"]


def test_count_of_target_tables():
    document = doc(parts=[part("情况说明", section("预算绩效目标情况",
                                                   "共设置2个项目绩效目标。"))],
                   performance=[perf("a", []), perf("b", [])])
    args = {"sections": ["绩效说明"], "pattern": r"共设置(?P<amount>\d+)个项目绩效目标",
            "expected": 'count_performance("target")'}
    assert statuses(run("cross_check", document, **args)) == ["pass"]
    document.performance_tables.pop()
    assert statuses(run("cross_check", document, **args)) == ["fail"]
