"""Per-line normalisation: width folding, markup stripping, page numbers, amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.parse.normalize import clean_line, fold_width, normalize_text, parse_amount


def test_fold_width_digits_letters_brackets() -> None:
    assert fold_width("（一）２０８０１０９－ＡＢＣ　９０％") == "(一)2080109-ABC 90%"


def test_fold_width_keeps_prose_punctuation() -> None:
    text = "比上年增加２５４．７８万元，增长１１．８６％；“三公”经费、公务接待费：２万元。"
    assert fold_width(text) == "比上年增加254.78万元，增长11.86%；“三公”经费、公务接待费：2万元。"


def test_fold_width_comparators() -> None:
    assert fold_width("优（S≧90）") == "优(S≥90)"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<b>收入合计</b>\t<b>902.40</b>", "收入合计\t902.40"),
        ("## 一、单位主要职责", "一、单位主要职责"),
        ("### **(二) 公务接待费**", "(二) 公务接待费"),
        ("**一、财政拨款收入：**指财政当年拨付", "一、财政拨款收入：指财政当年拨付"),
        ("- (一) 医疗保障信息系统平台运维技术支持。", "(一) 医疗保障信息系统平台运维技术支持。"),
        ("| 项目 | 预算数 |", "项目\t预算数"),
        ("|---|---:|", ""),
        ("  一、 收入支出决算总表  ", "一、 收入支出决算总表"),
        ("\t\t十一、城乡社区支出\t", "\t\t十一、城乡社区支出\t"),
        ("<p>1、聘用非在编人员&nbsp;充实", "1、聘用非在编人员 充实"),
    ],
)
def test_clean_line(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


def test_page_numbers_dropped_data_kept() -> None:
    text = ("序号 单位名称\n\n1 \n\n业单位\n\n96 \n\n 13 \n\n正文\n\n\n\n2\n\n"
            "一、单位主要职责\n- 7 -\n")
    lines = normalize_text(text)
    kept = [line.text for line in lines if line.text]
    assert kept == ["序号 单位名称", "1", "业单位", "96", "正文", "一、单位主要职责"]


def test_line_numbers_and_raw_preserved() -> None:
    lines = normalize_text("目录\n\n（一）机关运行经费\n")
    assert [(line.number, line.text, line.raw) for line in lines] == [
        (1, "目录", "目录"),
        (2, "", ""),
        (3, "(一)机关运行经费", "（一）机关运行经费"),
    ]


def test_running_header_dropped() -> None:
    header = "福州市医疗保障基金中心2023年度单位预算"
    text = "\n".join([header, "一、收支预算总表", header, "正文。", header, "完。"])
    assert [line.text for line in normalize_text(text)] == ["一、收支预算总表", "正文。", "完。"]


def test_crlf_line_endings() -> None:
    lines = normalize_text("第一部分\r\n单位概况\r\n")
    assert [line.text for line in lines] == ["第一部分", "单位概况"]
    assert lines[1].raw == "单位概况"


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("103,349.96", Decimal("103349.96")),
        ("１０３，３４９．９６".replace("，", ","), Decimal("103349.96")),
        (" 74084.96 ", Decimal("74084.96")),
        ("0.00", Decimal("0")),
        ("-1.5", Decimal("-1.5")),
        ("1226.43万元", Decimal("1226.43")),
        ("-", None),
        ("", None),
        ("—", None),
        (None, None),
        ("合计", None),
        ("≥46人", None),
    ],
)
def test_parse_amount(cell: str | None, amount: Decimal | None) -> None:
    assert parse_amount(cell) == amount


def test_parse_amount_keeps_decimal_places() -> None:
    assert str(parse_amount("44.90")) == "44.90"


def test_class_code_cell_after_blank_lines_is_no_page_number() -> None:
    """PyMuPDF (Shanghai 规划 决算, 基本支出决算表): "28.86" / " " / " " / "310" / "资本性支出":
    the 类 code was dropped as a page number, leaving an uncoded row (golden review fix)."""
    text = "28.86\n \n \n310 \n资本性支出\n39.76\n\n\n\n12\n第三部分\n\n\n\n205\n\n"
    kept = [line.text for line in normalize_text(text) if line.text]
    assert kept == ["28.86", "310", "资本性支出", "39.76", "第三部分"]


def test_one_numeral_parser_for_headings_and_table_numbers():
    from checker.parse.normalize import cn_number

    assert [cn_number(n) for n in ("一", "两", "十", "十一", "二十", "二十六", "12")] == [
        1, 2, 10, 11, 20, 26, 12]
    # Not numerals up to 99: never a guess, never an exception.
    assert [cn_number(n) for n in ("百", "一二十", "二一十", "十十", "")] == [None] * 5
