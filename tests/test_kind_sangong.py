from kindkit import doc, part, run, section, statuses

ITEMS = [{"name": "因公出国", "match": "因公出国"}, {"name": "公务接待", "match": "公务接待"},
         {"name": "公务用车", "match": "公务用车"}]


def _doc(reception: str):
    sangong = section("一般公共预算“三公”经费支出情况", children=[
        section("因公出国（境）经费", "2025年度无预算安排，与上年持平。", marker="(一)", depth=3),
        section("公务接待费", reception, marker="(二)", depth=3),
        section("公务用车购置及运行费", "2025年预算安排0万元，与上年持平。", marker="(三)",
                depth=3),
    ])
    return doc(parts=[part("情况说明", sangong)])


def test_flat_items_need_no_reason():
    results = run("sangong", _doc("2025年度预算安排2万元，与上年持平。"), sections=["三公说明"],
                  items=ITEMS, compare=["上年"])
    assert statuses(results) == ["pass", "pass", "pass"]


def test_changed_item_without_reason_fails():
    results = run("sangong", _doc("2025年预算安排2万元，比上年减少1万元，降低33.33%。"),
                  message="{item}:{missing}", sections=["三公说明"], items=ITEMS,
                  compare=["上年"])
    assert statuses(results) == ["pass", "fail", "pass"]
    assert results[1].message == "公务接待:变动原因"


def test_final_requires_budget_comparison_and_extra_facts():
    items = [{"name": "公务接待", "match": "公务接待", "require": ["批次", "人次"]}]
    document = doc(kind="决算", parts=[part("情况说明", section(
        "一般公共预算财政拨款“三公”经费支出决算情况说明",
        "(一)公务接待费支出2.16万元，较上年增加0.73万元，增长51.05%。主要原因是来访增加。"))])
    results = run("sangong", document, message="{missing}", sections=["三公说明"],
                  items=items, compare=["上年", "预算"])
    assert statuses(results) == ["fail"]
    assert results[0].message == "与预算比较、批次、人次"


def test_items_in_running_text():
    # 上海's layout: the items are named inside sentences, not enumerated (一)(二)(三)
    text = ("“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，其中：因公出国（境）费"
            "决算为0.00万元，完成预算的0%，比上年减少0.50万元，主要原因是无出访；公务用车购置及运行"
            "维护费支出决算为0.00万元，完成预算的0%，与上年持平；公务接待费支出决算为0.00万元，"
            "完成预算的0%，比上年减少0.45万元。")
    document = doc(kind="决算", parts=[part("情况说明", section(
        "财政拨款“三公”经费支出决算情况说明", text))])
    results = run("sangong", document, message="{item}:{missing}", sections=["三公说明"],
                  items=ITEMS, compare=["上年", "预算"])
    assert statuses(results) == ["pass", "fail", "pass"]
    assert results[1].message == "公务接待:变动原因"


def test_no_sangong_spending_at_all_answers_every_item():
    document = doc(kind="决算", parts=[part("情况说明", section(
        "财政拨款“三公”经费支出决算情况说明", "本部门2024年度无“三公”经费财政拨款支出。"))])
    args = {"sections": ["三公说明"], "items": ITEMS, "compare": ["上年", "预算"]}
    assert statuses(run("sangong", document, **args)) == ["fail", "fail", "fail"]
    assert statuses(run("sangong", document, none='无"三公"经费(?:财政拨款)?支出',
                        **args)) == ["pass"]
