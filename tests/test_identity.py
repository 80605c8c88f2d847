"""Unit, year, kind and level from the cover, titles and text."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.parse.identity import canonical_unit
from checker.parse.parser import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "unit", "year", "kind", "level"),
    [
        ("000_0455909f24bddecc.txt", "福建省医疗保障基金中心", 2025, "预算", "单位"),
        ("001_42ec3e2d2e6a0311.txt", "福州市医疗保障基金中心", 2023, "预算", "单位"),
        ("002_24fbb779d4aea8e6.txt", "漳州市医疗保障局（汇总）", 2025, "预算", "部门"),
        ("003_837d346b324402fd.txt", "泉州市医疗保障基金中心", 2023, "决算", "单位"),
        ("004_01543403f5824e7e.txt", "福州市医疗保障数据技术中心", 2024, "预算", "单位"),
    ],
)
def test_corpus_identity(name: str, unit: str, year: int, kind: str, level: str) -> None:
    document = parse_file(FIXTURES / name)
    assert (document.unit, document.year, document.kind, document.level) == (
        unit, year, kind, level)


def test_cover_split_over_lines() -> None:
    document = parse_text("2024 年度\n\n某市医疗保障数据技术  \n中心部门决算\n\n目录\n"
                          "第一部分 部门概况\t1\n第一部分\n部门概况\n")
    assert (document.unit, document.year, document.kind, document.level) == (
        "某市医疗保障数据技术中心", 2024, "决算", "部门")


def test_no_cover_uses_duty_sentence_and_titles() -> None:
    text = ("第一部分\n单位概况\n一、单位主要职责\n某省医疗保障基金中心系财政核拨的\n事业单位。\n"
            "第二部分\n2025年度单位预算表\n一、收支预算总表\n")
    document = parse_text(text)
    assert (document.unit, document.year, document.kind, document.level) == (
        "某省医疗保障基金中心", 2025, "预算", "单位")


def test_final_account_table_header_names_unit() -> None:
    text = ("第一部分\n部门概况\n一、 收入支出决算总表\n公开01表\n单位：某市财政局 单位：万元\n")
    document = parse_text(text)
    assert (document.unit, document.kind, document.level) == ("某市财政局", "决算", "部门")


def test_unknown_identity_is_none() -> None:
    document = parse_text("一段文字。\n")
    assert (document.unit, document.year, document.kind, document.level) == (
        None, None, None, None)


def test_canonical_unit() -> None:
    assert canonical_unit("漳州市医疗保障局 (汇总)") == "漳州市医疗保障局（汇总）"


@pytest.mark.parametrize(
    ("cover", "unit"),
    [
        # PyMuPDF text of the Shanghai 决算 covers (shared corpus pdf/)
        ("上海市普陀区财政局\n2024年度部门决算\n", "上海市普陀区财政局"),
        ("中共上海市普陀区委\n社会工作部2024 年度\n部门决算\n", "中共上海市普陀区委社会工作部"),
    ],
)
def test_cover_year_takes_its_du_along(cover: str, unit: str) -> None:
    """"2024年度" is removed whole: the unit was "上海市普陀区财政局度" (golden review fix)."""
    document = parse_text(cover + "\n目\n录\n第一部分概况\n第一部分\n概况\n一、主要职能\n职能。\n")
    assert (document.unit, document.year, document.kind, document.level) == (
        unit, 2024, "决算", "部门")
