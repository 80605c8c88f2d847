from kindkit import doc, part, run, section, statuses, table

TABLES = ["收支总表", "三公表"]


def _doc(*titles: str):
    return doc(tables=[table(t, [], [], cells_missing=True) for t in titles])


def test_present_tables_pass():
    results = run("presence", _doc("收支预算总表", "一般公共预算“三公”经费支出预算表"),
                  message="缺少{item}", tables=TABLES)
    assert statuses(results) == ["pass", "pass"]


def test_missing_table_fails_naming_it():
    results = run("presence", _doc("收支预算总表"), message="缺少{item}", tables=TABLES)
    assert statuses(results) == ["pass", "fail"]
    # The printed title of documents of this kind, never the pack's alias ("三公表").
    assert results[1].message == "缺少一般公共预算“三公”经费支出预算表"


def test_order_is_checked():
    results = run("presence", _doc("一般公共预算“三公”经费支出预算表", "收支预算总表"),
                  message="{item}", tables=TABLES, ordered=True)
    assert statuses(results) == ["pass", "pass", "fail"]


def test_sections_scoped_to_a_part():
    document = doc(parts=[part("单位概况", section("单位主要职责", "承担经办。"),
                               marker="第一部分")])
    ok = run("presence", document, scope="概况", sections=["主要职责"])
    missing = run("presence", document, scope="概况", sections=["主要职责", "主要工作"])
    assert statuses(ok) == ["pass"]
    assert statuses(missing) == ["pass", "fail"]
