"""perf_levels, perf_targets, perf_units and perf_funds on synthetic performance tables."""

from kindkit import D, doc, indicator, perf, run, statuses

from checker.model.ast import Funds

GOOD = [
    indicator("成本指标", "经济成本指标", "培训成本", "≤10万元", "≤", "10", "万元"),
    indicator("产出指标", "数量指标", "培训次数", "≥2次", "≥", "2", "次"),
    indicator("产出指标", "质量指标", "合格率", "=100%", "=", "100", "%"),
    indicator("产出指标", "时效指标", "办结及时率", "≥95%", "≥", "95", "%"),
    indicator("效益指标", "社会效益指标", "医疗费用即时结算率（%）", "≥95%", "≥", "95", "%"),
    indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90 百分比", "≥", "90", "百分比"),
]


def test_levels_pass_and_fail():
    args = {"table_kinds": ["target"], "level1": ["产出", "效益", "满意度"],
            "level2": {"产出": ["数量", "质量", "时效"]}}
    assert statuses(run("perf_levels", doc(performance=[perf("p", GOOD)]), **args)) == ["pass"]
    no_time = [i for i in GOOD if i.level2 != "时效指标"]
    results = run("perf_levels", doc(performance=[perf("p", no_time)]), message="{missing}",
                  **args)
    assert statuses(results) == ["fail"]
    assert results[0].message == "“产出”下的二级指标“时效”"


def test_targets_need_a_value_and_unit():
    bad = [indicator("产出指标", "质量指标", "吻合度", None),
           indicator("产出指标", "数量指标", "人数", "≥46", "≥", "46", None)]
    results = run("perf_targets", doc(performance=[perf("p", GOOD[:1] + bad)]),
                  message="{indicator}:{missing}", table_kinds=["target"])
    assert statuses(results) == ["pass", "fail", "fail"]
    assert [r.message for r in results[1:]] == ["吻合度:指标值", "人数:单位"]


def test_rate_measured_in_days_fails():
    days = indicator("产出指标", "时效指标", "经办业务办结及时率", "≤15 天", "≤", "15", "天")
    args = {"table_kinds": ["target"], "suffixes": ["率", "度", "比例"],
            "units": ["%", "百分比"]}
    # Every rate in GOOD (合格率, 办结及时率, 结算率（%）, 满意度) is checked and passes; the
    # others (培训成本, 培训次数) are not rates and give no result.
    good = run("perf_units", doc(performance=[perf("p", GOOD)]), **args)
    assert statuses(good) == ["pass"] * 4
    assert [(r.evidence[0].expected, r.evidence[0].found) for r in good] == [
        ("%", "%"), ("%", "%"), ("%", "%"), ("%", "百分比")]
    results = run("perf_units", doc(performance=[perf("p", [days])]), message="{unit}", **args)
    assert statuses(results) == ["fail"]
    assert results[0].message == "天"


def test_funds_add_up():
    ok = perf("p", GOOD, funds=Funds(total=D("320.28"), fiscal=D("287.90"), other=D("32.38")))
    bad = perf("p", GOOD, funds=Funds(total=D("320.28"), fiscal=D("287.90"), other=D("30.00")))
    unknown = perf("p", GOOD, funds=Funds())
    results = run("perf_funds", doc(performance=[ok, bad, unknown]), table_kinds=["target"])
    assert statuses(results) == ["pass", "fail", "not_verifiable"]


def test_a_target_naming_only_its_measure_has_no_value():
    """"及时率" under 完工及时率 names what is measured, not how much: no 指标值. A judgement
    in words ("满意度高", "有效提升") or a figure is a value."""
    words = [indicator("产出指标", "质量指标", "完工及时率", "及时率"),
             indicator("满意度指标", "服务对象满意度指标", "居民满意度", "满意度"),
             indicator("满意度指标", "服务对象满意度指标", "居民满意度", "满意度高"),
             indicator("效益指标", "社会效益指标", "服务能力", "有效提升"),
             indicator("成本指标", "经济成本指标", "预算内经费", "合规")]
    results = run("perf_targets", doc(performance=[perf("p", words)]),
                  message="{indicator}:{missing}:{found}", table_kinds=["target"])
    assert statuses(results) == ["fail", "fail", "pass", "pass", "pass"]
    assert [r.message for r in results[:2]] == [
        "完工及时率:指标值:及时率", "居民满意度:指标值:满意度"]
