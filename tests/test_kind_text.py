from kindkit import doc, part, run, section, statuses


def _doc(*texts: str):
    return doc(parts=[part("2025年度单位预算情况说明",
                           section("预算收支总体情况", *texts))])


def test_existence_pass_and_fail():
    args = {"mode": "existence", "sections": ["收支总体说明"], "patterns": ["收入预算"]}
    assert statuses(run("text", _doc("收入预算100.00万元。"), **args)) == ["pass"]
    assert statuses(run("text", _doc("支出预算100.00万元。"), **args)) == ["fail"]


def test_absence_reports_each_match():
    args = {"mode": "absence", "patterns": ["待补充"], "message": "{found}"}
    results = run("text", _doc("收入预算待补充。", "支出待补充。"), **args)
    assert statuses(results) == ["fail", "fail"]
    assert statuses(run("text", _doc("收入预算100.00万元。"), **args)) == ["pass"]


def test_occurrence_bounds():
    args = {"mode": "occurrence", "patterns": ["万元"], "min": 1, "max": 2}
    assert statuses(run("text", _doc("100万元"), **args)) == ["pass"]
    assert statuses(run("text", _doc("1万元2万元3万元"), **args)) == ["fail"]


def test_conditional_then_nearby():
    args = {"mode": "conditional", "if": "比上年增加[1-9]", "then": "原因", "within": 40}
    assert statuses(run("text", _doc("比上年增加5万元，主要原因是人员增加。"), **args)) == ["pass"]
    assert statuses(run("text", _doc("比上年增加5万元。"), **args)) == ["fail"]
    # "持平" statements do not trigger the condition at all
    assert statuses(run("text", _doc("与上年持平。"), **args)) == ["not_applicable"]
