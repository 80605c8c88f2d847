"""The statement rules on the real corpus: every labelled defect they cover is reported at its
line and PDF page; they raise no other error; on the Shanghai 决算 PDFs every 项 paragraph's
决算/预算 statement is checked (and each is right)."""

from __future__ import annotations

from functools import cache

import pytest
from corpus import FIXTURES

from checker.engine.run import check_document, choose_profile, load_pack
from checker.model.ast import Document
from checker.model.results import UnitReport
from checker.parse.parser import parse_file

STATEMENT_RULES = ("COM-ST-", "COM-WORD-", "COM-YOY-", "COM-XC-004", "COM-XT-", "COM-CELL-")


@cache
def checked(name: str) -> tuple[Document, UnitReport]:
    doc = parse_file(FIXTURES / name)
    detection = choose_profile(doc, how="detected")
    return doc, check_document(doc, load_pack(detection.profile.path), detection=detection)


def failures(name: str) -> list[tuple[str, str, int | None, int | None, str]]:
    doc, report = checked(name)
    # the page as `budgetlint check` reports it (checker/cli/batch.py)
    return [(r.rule, r.severity, r.evidence[0].line, doc.page_of(r.evidence[0].line), r.message)
            for r in report.results
            if r.status == "fail" and r.rule.startswith(STATEMENT_RULES)]


# (file, rule, line, page, words of the message) — labels.yaml, one row per occurrence.
RESIDUE_FILL = "(按\"部门预算公开0"
LABELLED = {
    # Line numbers count lines of the extracted text, the tables' rows before the narrative
    # (one line per printed row of a table read from its grid).
    "real/js_jianchayuan_2019_dept_budget.pdf": [
        ("COM-YOY-002", 565, 25, "应为 10.09%，文中为 10.06%"),
        ("COM-YOY-002", 593, 26, "应为 22.21%，文中为 13.22%"),
        ("COM-YOY-002", 657, 29, "应为 34.36%，文中为 34.38%"),
    ],
    "real/js_renda_2018_dept_budget.pdf": [
        ("COM-YOY-002", 433, 21, "应为 1212.56%，文中为 1312.56%"),
        *[("COM-WORD-001", line, page, "“增加(减少)”")
          for line, page in ((398, 19), (400, 19), (404, 20), (406, 20), (567, 28), (585, 28),
                             (608, 29))],
        *[("COM-WORD-001", line, page, "“增长(减少)”")
          # 586: "增长（减" / "少）" broken over two lines, found since the PDF reader
          # joins the lines of a block
          for line, page in ((399, 19), (401, 19), (405, 20), (407, 20), (586, 28))],
        ("COM-WORD-001", 609, 29, "“增长(降低)”"),
        *[("COM-WORD-001", line, page, RESIDUE_FILL)
          for line, page in ((528, 26), (532, 26), (549, 27), (553, 27))],
        ("COM-WORD-002", 509, 25, "“。。”"),
    ],
    "real/js_zhengxie_2019_dept_budget_text.pdf": [
        ("COM-WORD-001", line, page, RESIDUE_FILL)
        for line, page in ((295, 14), (299, 14), (318, 15), (322, 15))],
    "real/sh_putuo_wanli_2024_dept_budget.pdf": [
        ("COM-ST-003", 93, 9, "标题金额 350.35 万元，同段所述为 352.67 万元"),
        ("COM-ST-004", 62, 6, "数额减少，所述原因却是“宣传事务一般行政管理事务经费增加”"),
        # read as a grid: its first row is 合计 47.91 (the other items are rows of their own)
        ("COM-WORD-003", 428, 31, "但表中有数据（47.91）"),
    ],
    "real/sh_putuo_caizhengju_2025_dept_budget.pdf": [
        ("COM-XC-004", 61, 7, "887.36 万元，与一般公共预算支出表 87.36 万元不符"),
    ],
    "real/sh_putuo_wanli_2023_dept_budget.pdf": [
        ("COM-YOY-002", 58, 6, "应为 289.12%，文中为 314.82%"),
        ("COM-ST-003", 73, 7, "标题金额 220.63 万元，同段所述为 441.25 万元"),
        ("COM-YOY-002", 73, 7, "文中为 60.54%"),
    ],
    "real/sh_city_caizhengju_2025_unit_budget.pdf": [],
    "real/cq_jiaowei_2018_dept_budget.html": [],
    "real/js_zhengxie_2019_dept_budget_tables.pdf": [],
    # not labelled (no labels for the 决算 PDFs), checked by hand: “下降（增长）27.78%”
    "pdf/putuo_guihua_2024_final.pdf": [("COM-WORD-001", 461, 25, "“下降(增长)”")],
    # “财政拨款收入支出总计0.3万元” against the table's 总计 2961.68; 2106.66 of the four 类
    # (2940.06, their shares add up to 100.07 %) is 71.65 %, not 71.73 % (checked by hand)
    "pdf/putuo_caizhengju_2024_final.pdf": [
        ("COM-ST-007", 296, 21, "文中 0.30 万元，财政拨款收支总表为 2961.68 万元"),
        ("COM-ST-001", 302, 21, "应为 71.65%，文中为 71.73%")],
    "pdf/putuo_shegongbu_2024_final.pdf": [],
}


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_labelled_defects_found_at_their_line_and_page_and_nothing_else(name):
    found = failures(name)
    expected = LABELLED[name]
    assert len(found) == len(expected), [f[:4] for f in found]
    for rule, line, page, words in expected:
        hits = [f for f in found if (f[0], f[2], f[3]) == (rule, line, page)]
        assert hits, (rule, line, page)
        assert words in hits[0][4], hits[0][4]


@pytest.mark.parametrize(("name", "verified"), [
    ("001_42ec3e2d2e6a0311.txt", 4), ("003_837d346b324402fd.txt", 5),
    # the 决算 PDFs read as grids: every table of a pair has its cells
    ("real/sh_putuo_wanli_2024_dept_budget.pdf", 4), ("pdf/putuo_guihua_2024_final.pdf", 5),
    ("pdf/putuo_caizhengju_2024_final.pdf", 5),
])
def test_tables_agree_with_each_other_where_they_can_be_read(name, verified):
    _doc, report = checked(name)
    statuses = [r.status for r in report.results if r.rule.startswith("COM-XT-")]
    assert statuses.count("pass") == verified and "fail" not in statuses


@pytest.mark.parametrize(("name", "items"), [
    ("pdf/putuo_caizhengju_2024_final.pdf", 11),
    ("pdf/putuo_guihua_2024_final.pdf", 13),
    ("pdf/putuo_shegongbu_2024_final.pdf", 9),
])
def test_every_item_paragraph_final_against_budget_is_checked(name, items):
    doc, report = checked(name)
    statements = [s for s in doc.statements
                  if s.family == "final_vs_budget" and s.item is not None and "cmp" in s.words]
    assert len(statements) == items
    results = {r.evidence[0].line: r.status for r in report.results if r.rule == "COM-ST-002"}
    # every one is checked, and every one is right (checked by hand against the figures)
    assert [results.get(s.line) for s in statements] == ["pass"] * items
    # … and its 决算数 against the 一般公共预算财政拨款支出决算表, found down the chain of codes;
    # 规划 names four 科目 otherwise than its table (“住房保障支出（款）” for 22102 住房改革支出,
    # last year's “其他国土资源事务支出” for 2200199 其他自然资源事务支出, …): matched by
    # elimination and confirmed by the amount (each checked by hand against the table)
    table = {r.evidence[0].line: r.status for r in report.results if r.rule == "COM-XC-004"}
    assert [table.get(s.line) for s in statements] == ["pass"] * items


# “三公” items against the “三公” table: the 决算 tables print the items as columns, each with
# 预算数 and 决算数 under it; the 预算 tables one 预算数 per item. (file, rule) → statuses.
SANGONG = {
    # 决算 0.00 / 0.00 / 0.39 stated three times over (总体, 占比, 逐项), table 0.00/0.00/0.39
    "pdf/putuo_guihua_2024_final.pdf": {r: ["pass"] * 3 for r in
                                        ("COM-XC-007", "COM-XC-008", "COM-XC-009")},
    # every 决算数 cell blank, the text says 0.00 (预算数 0.95 for 公务接待费 is not compared)
    "pdf/putuo_caizhengju_2024_final.pdf": {r: ["pass"] for r in
                                            ("COM-XC-007", "COM-XC-008", "COM-XC-009")},
    # “本年度没有财政拨款“三公”经费支出”: no amount stated
    "pdf/putuo_shegongbu_2024_final.pdf": {r: ["not_applicable"] for r in
                                           ("COM-XC-007", "COM-XC-008", "COM-XC-009")},
    "real/sh_putuo_wanli_2024_dept_budget.pdf": {r: ["pass"] for r in
                                                 ("COM-XC-007", "COM-XC-008", "COM-XC-009")},
    "real/sh_putuo_wanli_2023_dept_budget.pdf": {r: ["pass"] for r in
                                                 ("COM-XC-007", "COM-XC-008", "COM-XC-009")},
    "real/sh_city_caizhengju_2025_unit_budget.pdf": {r: ["pass"] for r in
                                                     ("COM-XC-007", "COM-XC-008",
                                                      "COM-XC-009")},
    "real/sh_putuo_caizhengju_2025_dept_budget.pdf": {r: ["pass"] for r in
                                                      ("COM-XC-007", "COM-XC-008",
                                                       "COM-XC-009")},
}


@pytest.mark.parametrize("name", sorted(SANGONG))
def test_sangong_items_against_a_table_whose_items_are_columns(name):
    _doc, report = checked(name)
    for rule, statuses in SANGONG[name].items():
        assert [r.status for r in report.results if r.rule == rule] == statuses, rule


def test_sangong_item_cell_is_the_column_of_its_role():
    _doc, report = checked("pdf/putuo_guihua_2024_final.pdf")
    found = [(r.evidence[0].line, r.evidence[0].expected) for r in report.results
             if r.rule == "COM-XC-007"]
    # 公务接待费: 预算数 2.85, 决算数 0.39 — the text's 决算 is compared with the 决算数
    assert found == [(456, "0.39"), (469, "0.39"), (479, "0.39")]


@pytest.mark.parametrize("name", [
    "000_0455909f24bddecc.txt", "001_42ec3e2d2e6a0311.txt", "002_24fbb779d4aea8e6.txt",
    "003_837d346b324402fd.txt", "004_01543403f5824e7e.txt",
    "real/js_jianchayuan_2019_dept_budget.pdf", "real/js_renda_2018_dept_budget.pdf",
    "real/js_zhengxie_2019_dept_budget_text.pdf", "real/sh_city_caizhengju_2025_unit_budget.pdf",
    "real/sh_putuo_caizhengju_2025_dept_budget.pdf", "real/sh_putuo_wanli_2023_dept_budget.pdf",
    "real/sh_putuo_wanli_2024_dept_budget.pdf", "pdf/putuo_caizhengju_2024_final.pdf",
    "pdf/putuo_guihua_2024_final.pdf", "pdf/putuo_shegongbu_2024_final.pdf",
])
def test_procurement_split_adds_up_in_every_wording(name):
    # 货物 + 工程 + 服务 = the procurement total in each (added up by hand): Fujian
    # “政府采购预算总额…其中：政府采购货物预算”, Jiangsu “拟采购货物支出”, Shanghai “货物采购金额”
    _doc, report = checked(name)
    assert [r.status for r in report.results if r.rule == "COM-XC-006"] == ["pass"]


@pytest.mark.parametrize(("name", "staff", "other"), [
    # “（一）人员经费13,452.12万元 … （二）公用经费2391.92万元” against 一般公共预算基本支出预算表
    ("real/js_jianchayuan_2019_dept_budget.pdf", "13452.12", "2391.92"),
    ("real/js_renda_2018_dept_budget.pdf", "6298.38", "1579.38"),
])
def test_jiangsu_staff_and_office_funds_against_the_basic_table(name, staff, other):
    _doc, report = checked(name)
    found = {r.rule: (r.status, r.evidence[0].found) for r in report.results
             if r.rule in ("COM-XC-001", "COM-XC-002")}
    assert found == {"COM-XC-001": ("pass", staff), "COM-XC-002": ("pass", other)}
