import pytest
from kindkit import doc, part, run, section, statuses

from checker.kinds.yoy import percent_range


def _doc(text: str):
    return doc(parts=[part("情况说明", section("一般公共预算拨款支出情况", text))])


@pytest.mark.parametrize("text", [
    "2025年度一般公共预算拨款支出2403.42万元，比上年增加254.78万元，增长11.86%，主要原因",
    "机关运行经费支出106.82万元，比上年减少7.84万元，降低6.84%。",
    "2023年度一般公共预算“三公”经费支出2.16万元，完成全年预算的100.00%；较上年增加0.73万元，增长51.05%。",
    "2080801-死亡抚恤支出18.88万元，较上年决算数净增加18.88万元。",
    "公务接待费2.70万元，比上年增加0.00万元，增长0.00%，与上年持平。",
    "社会保险经办机构支出0.00万元，较上年决算数减少0.03万元，下降100%。",
])
def test_consistent_statements_pass(text):
    results = run("yoy", _doc(text), checks=["direction", "percent", "flat"])
    assert "fail" not in statuses(results)


def test_percent_of_the_wrong_base_fails():
    results = run("yoy", _doc("支出2403.42万元，比上年增加254.78万元，增长10.60%。"),
                  message="{expected}|{found}", checks=["percent"])
    assert statuses(results) == ["fail"]
    assert results[0].message == "11.86%|10.60%"


def test_direction_words_must_agree():
    results = run("yoy", _doc("支出2403.42万元，比上年增加254.78万元，下降11.86%。"),
                  checks=["direction"])
    assert statuses(results) == ["fail"]


def test_flat_with_a_change_fails():
    results = run("yoy", _doc("安排2.70万元，比上年增加0.50万元，与上年持平。"), checks=["flat"])
    assert statuses(results) == ["fail"]


def test_percent_range_from_rounding():
    low, high = percent_range("2.16", "0.73", 1)
    # 0.73 / 1.43 = 51.05%; the rounding of the published amounts allows about ±0.7 points
    assert low < 51.05 < high
    assert high - low < 2
