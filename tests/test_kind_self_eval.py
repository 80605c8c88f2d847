from kindkit import D, doc, indicator, perf, run, statuses

from checker.model.ast import Funds


def _table(**hardware):
    spec = {"actual": "196.25", "weight": D("10"), "score": D("10"), "deviation_reason": None}
    spec.update(hardware)
    return perf("中央财政医疗服务与保障能力提升补助资金", [
        indicator("成本指标", "经济成本指标", "硬件投入", "=150 万元", "=", "150", "万元", **spec),
        indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥", "90", "%",
                  actual="100", weight=D("10"), score=D("10")),
    ], kind="self_evaluation", funds=Funds(weight=D("10"), score=D("10")), total_score="30")


def test_003_missed_target_full_score_no_reason_fails():
    results = run("self_eval", doc(performance=[_table()], kind="决算"),
                  message="{indicator}:{problem}", check="deviation")
    assert statuses(results) == ["fail", "pass"]
    assert results[0].message == "硬件投入:未说明偏差原因，仍得满分"
    assert results[0].evidence[0].found == "196.25"


def test_missed_target_explained_and_scored_down_passes():
    table = _table(score=D("8"), deviation_reason="实际中标价高于预算价。")
    assert statuses(run("self_eval", doc(performance=[table], kind="决算"),
                        check="deviation")) == ["pass", "pass"]


def test_total_counts_the_funds_score():
    assert statuses(run("self_eval", doc(performance=[_table()], kind="决算"),
                        check="total")) == ["pass"]
    table = _table()
    table.total_score = D("29")
    assert statuses(run("self_eval", doc(performance=[table], kind="决算"),
                        check="total")) == ["fail"]
