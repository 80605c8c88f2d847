"""The statement layer: per corpus document, how many statements of each family the parser
finds, and a few parsed examples checked by hand against the text."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache

import pytest
from corpus import FIXTURES

from checker.engine.examples import run_examples
from checker.engine.packs import PackError, load_pack
from checker.model.ast import Document, Statement
from checker.parse.parser import parse_file, parse_text
from checker.parse.phrasings import PhrasingError, phrasings
from checker.parse.statements import extract

# Reviewed against each text: e.g. wanli 2023 has 34 numbered 项 paragraphs, each with a
# 预算执行数 statement (34 of its 44 yoy); the 决算 PDFs have one 决算/预算 statement per 项
# paragraph plus the overall one (and, in two, the 三公 公务接待 one).
FAMILIES = {
    "000_0455909f24bddecc.txt": {"count": 4, "headline_total": 2, "item_amount": 8,
                                 "total_parts": 2, "yoy": 5, "named_amount": 5},
    "001_42ec3e2d2e6a0311.txt": {"count": 11, "headline_total": 2, "item_amount": 11,
                                 "total_parts": 2, "yoy": 7, "named_amount": 7},
    "002_24fbb779d4aea8e6.txt": {"count": 10, "headline_total": 2, "item_amount": 13,
                                 "total_parts": 3, "yoy": 8, "named_amount": 9},
    "003_837d346b324402fd.txt": {"count": 14, "headline_total": 6, "item_amount": 13,
                                 "share": 2, "total_parts": 2, "yoy": 26, "named_amount": 10},
    "004_01543403f5824e7e.txt": {"count": 17, "headline_total": 2, "item_amount": 7,
                                 "total_parts": 3, "yoy": 8, "named_amount": 9},
    "real/js_jianchayuan_2019_dept_budget.pdf": {"count": 6, "headline_total": 8,
                                                 "item_amount": 10, "share": 8,
                                                 "total_parts": 6, "yoy": 22, "named_amount": 7},
    "real/js_renda_2018_dept_budget.pdf": {"count": 1, "headline_total": 11, "item_amount": 9,
                                           "share": 13, "total_parts": 6, "yoy": 27,
                                           "named_amount": 7},
    "real/js_zhengxie_2019_dept_budget_tables.pdf": {},
    "real/js_zhengxie_2019_dept_budget_text.pdf": {"count": 7, "headline_total": 11,
                                                   "item_amount": 10, "share": 14,
                                                   "total_parts": 6, "yoy": 24, "named_amount": 9},
    "real/sh_city_caizhengju_2025_unit_budget.pdf": {"count": 18, "headline_total": 4,
                                                     "item_amount": 4, "total_parts": 3,
                                                     "yoy": 9, "named_amount": 5},
    "real/sh_putuo_caizhengju_2025_dept_budget.pdf": {"count": 18, "headline_total": 6,
                                                      "item_amount": 11, "total_parts": 5,
                                                      "yoy": 10, "named_amount": 4},
    # count 5: the vehicles; the performance tables' 指标值 cells ("不低于50人次…") are
    # targets of a table, not statements of the narrative
    "real/sh_putuo_wanli_2023_dept_budget.pdf": {"count": 5, "headline_total": 6,
                                                 "item_amount": 34, "total_parts": 5,
                                                 "yoy": 44, "named_amount": 4},
    "real/sh_putuo_wanli_2024_dept_budget.pdf": {"count": 18, "headline_total": 6,
                                                 "item_amount": 33, "total_parts": 3,
                                                 "yoy": 43, "named_amount": 5},
    "real/cq_jiaowei_2018_dept_budget.html": {"total_parts": 1, "yoy": 6, "named_amount": 3},
    "pdf/national_final_template.pdf": {"item_amount": 4},
    "pdf/putuo_caizhengju_2024_final.pdf": {"count": 9, "final_vs_budget": 13,
                                            "headline_total": 4, "item_amount": 11,
                                            "share": 9, "total_parts": 4, "yoy": 3,
                                            "named_amount": 8},
    "pdf/putuo_guihua_2024_final.pdf": {"count": 13, "final_vs_budget": 15,
                                        "headline_total": 4, "item_amount": 13, "share": 12,
                                        "total_parts": 6, "yoy": 4, "named_amount": 14},
    "pdf/putuo_shegongbu_2024_final.pdf": {"count": 9, "final_vs_budget": 10,
                                           "headline_total": 4, "item_amount": 9, "share": 8,
                                           "total_parts": 4, "yoy": 4, "named_amount": 5},
}


@cache
def doc(name: str) -> Document:
    return parse_file(FIXTURES / name)


def find(name: str, family: str, text: str = "", **numbers: str) -> Statement:
    wanted = {k: Decimal(v) for k, v in numbers.items()}
    hits = [s for s in doc(name).statements if s.family == family and text in s.text
            and all(s.numbers.get(k) == v for k, v in wanted.items())]
    assert len(hits) == 1, (family, numbers, hits)
    return hits[0]


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_statements_per_family(name):
    assert dict(Counter(s.family for s in doc(name).statements)) == FAMILIES[name]


def test_shanghai_budget_item_and_its_executed_statement():
    name = "real/sh_putuo_wanli_2023_dept_budget.pdf"
    item = find(name, "item_amount", amount="220.63")
    assert item.subject == {"class": "社会保障和就业支出", "kuan": "行政事业单位养老支出",
                            "name": "机关事业单位职业年金缴费支出"}
    # the PDF reader gives one line per paragraph: the item and its yoy share line 73
    assert item.line == 73
    yoy = find(name, "yoy", last_year="132.59")
    assert yoy.phrasing == "yoy-executed"
    assert yoy.numbers == {"last_year": Decimal("132.59"), "budget": Decimal("441.25"),
                           "percent": Decimal("60.54")}
    assert yoy.words == {"pdir": "增加"}
    assert yoy.item == doc(name).statements.index(item)
    assert yoy.reason == "事业单位离退休经费增加"
    assert (yoy.line, doc(name).page_of(yoy.line)) == (73, 7)


def test_final_vs_budget_item_paragraph():
    name = "pdf/putuo_caizhengju_2024_final.pdf"
    fvb = find(name, "final_vs_budget", budget="1560.05")
    assert fvb.numbers == {"budget": Decimal("1560.05"), "final": Decimal("1511.89")}
    assert fvb.words["cmp"] == "小于"
    assert fvb.reason == "人员进出及退休变化,减少人员经费开支"
    item = doc(name).statements[fvb.item]
    assert item.subject == {"class": "一般公共服务支出", "kuan": "财政事务", "name": "行政运行"}
    flat = find(name, "final_vs_budget", budget="10.00")
    assert (flat.words["cmp"], flat.words["cmp_flat"]) == ("与", "基本持平")


def test_completion_percent_and_adjusted_budget():
    name = "pdf/putuo_shegongbu_2024_final.pdf"
    overall = find(name, "final_vs_budget", adjusted_budget="321.02")
    assert overall.numbers == {"budget": Decimal("0"), "adjusted_budget": Decimal("321.02"),
                               "final": Decimal("307.82"), "percent": Decimal("95.89")}
    assert overall.words["pbase"] == "年初"
    assert overall.percent_kind == "completion"


def test_fujian_code_item_and_jiangsu_yoy():
    item = find("003_837d346b324402fd.txt", "item_amount", amount="128.82")
    assert item.subject == {"code": "2080502", "name": "事业单位离退休"}
    yoy = find("real/js_jianchayuan_2019_dept_budget.pdf", "yoy", amount="1442.74")
    assert (yoy.numbers["change"], yoy.numbers["percent"]) == (Decimal("368.97"),
                                                               Decimal("34.38"))
    assert yoy.words == {"dir": "增加", "pdir": "增加"}


def test_shares_and_parts():
    name = "pdf/putuo_shegongbu_2024_final.pdf"
    total = find(name, "total_parts", text="本年支出合计", amount="307.82")
    assert total.parts == [("基本支出", Decimal("105.58")), ("项目支出", Decimal("202.24"))]
    share = find(name, "share", amount="105.58")
    assert (share.subject["name"], share.numbers["share"]) == ("基本支出", Decimal("34.30"))


def test_statements_are_in_the_parse_json_with_pages():
    data = doc("pdf/putuo_shegongbu_2024_final.pdf").to_dict()
    first = next(s for s in data["statements"] if s["family"] == "final_vs_budget")
    assert first["numbers"] == {"budget": 0, "adjusted_budget": 321.02, "final": 307.82,
                                "percent": 95.89}
    assert (first["line"], first["page"]) == (308, 18)


SNIPPET = """2025年度
示例单位
单位预算
第三部分 2025年度单位预算情况说明
一、预算收支总体情况
本单位车辆保有量3辆，较上年增加1辆。
"""


def test_a_pack_adds_a_phrasing_as_data():
    document = parse_text(SNIPPET)
    assert [s.family for s in document.statements] == ["count"]
    extra = [{"id": "fleet-change", "family": "yoy",
              "pattern": r"保有量(?P<amount>\d+)辆,较{LAST}(?P<dir>{DIR})(?P<change>\d+)辆"}]
    added = [s for s in extract(document, extra) if s.family == "yoy"]
    assert [(s.phrasing, s.numbers, s.words) for s in added] == [
        ("fleet-change", {"amount": Decimal(3), "change": Decimal(1)}, {"dir": "增加"})]


@pytest.mark.parametrize(("entry", "problem"), [
    ({"id": "x", "family": "nonsense", "pattern": "a"}, "family must be one of"),
    ({"id": "x", "family": "yoy", "pattern": "(?P<weird>a)"}, "unknown group name(s) weird"),
    ({"id": "x", "family": "yoy", "pattern": "{NOPE}"}, "unknown macro {NOPE}"),
    ({"id": "x", "family": "yoy", "pattern": "(unclosed"}, "does not compile"),
])
def test_bad_phrasings_are_refused_with_a_reason(entry, problem):
    with pytest.raises(PhrasingError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        phrasings([entry])


def test_the_documented_pack_with_a_phrasing_runs_as_documented(tmp_path):
    text = (FIXTURES.parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# pack that adds a phrasing\n.*?)```", text, re.S)
    assert block is not None
    pack_file = tmp_path / "fleet.yaml"
    pack_file.write_text(block.group(1), encoding="utf-8")
    pack = load_pack(pack_file)
    assert [p["id"] for p in pack.phrasings] == ["fleet-change"]
    outcomes = run_examples(pack)
    assert {(o.rule, o.expected, o.actual) for o in outcomes if o.rule == "FLEET-001"} == {
        ("FLEET-001", "pass", "pass"), ("FLEET-001", "fail", "fail")}


def test_a_bad_phrasing_in_a_pack_is_reported_at_its_position(tmp_path):
    pack_file = tmp_path / "bad.yaml"
    pack_file.write_text(
        "pack: {name: bad, version: '1', description: d, extends: [common]}\n"
        "phrasings:\n"
        "  - id: broken\n"
        "    family: yoy\n"
        "    pattern: '(?P<amount>{NOPE})'\n", encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack(pack_file)
    assert "bad.yaml:3:" in error.value.one_line()
    assert "unknown macro {NOPE}" in error.value.one_line()


@pytest.mark.parametrize(("text", "families"), [
    # the change repeats the subject: one statement
    ("收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%。",
     ["headline_total", "yoy"]),
    # the change names another subject (基本支出): not a statement about 2403.42 (its amount
    # is a named amount, nothing more)
    ("一般公共预算拨款支出2403.42万元，与上年相比，基本支出增加254.78万元，增长11.86%。",
     ["named_amount"]),
])
def test_words_between_the_comparison_and_the_change_must_repeat_the_subject(text, families):
    document = parse_text(SNIPPET.replace("本单位车辆保有量3辆，较上年增加1辆。", text))
    assert [s.family for s in document.statements] == families


def test_named_amounts_of_funds_and_sangong_items():
    staff = find("pdf/putuo_guihua_2024_final.pdf", "named_amount", "人员经费", amount="4896.98")
    assert (staff.line, staff.subject["name"]) == (440, "人员经费")
    final = find("pdf/putuo_guihua_2024_final.pdf", "named_amount", "公务接待费支出决算为",
                 final="0.39")
    assert (final.line, final.subject["name"], final.phrasing) == (
        456, "公务接待费", "sangong-final")
    # Fujian 预算: the item is the heading, its 预算安排 the paragraph under it
    budget = find("001_42ec3e2d2e6a0311.txt", "named_amount", "公务接待费", budget="2")
    assert (budget.line, budget.phrasing) == (505, "sangong-budget")
    plain = find("real/sh_putuo_wanli_2024_dept_budget.pdf", "named_amount",
                 "公务用车购置及运行费", amount="46.56")
    assert (plain.line, plain.subject["name"]) == (434, "公务用车购置及运行费")
