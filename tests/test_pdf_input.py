"""PDF input: the text layer of a published PDF is extracted with PyMuPDF and parsed.

The fixture is a real disclosure, copied from the shared corpus (pdf/中共上海市普陀区委社会工作部
2024 年度部门决算.pdf). The spot values below were read by hand from its extracted text
(one cell per line): 收入支出决算总表 line 71/72 "一、一般公共预算财政拨款收入" / "307.82";
一般公共预算财政拨款支出决算表 lines 465-468 "合计" / "307.82" / "105.58" / "202.24"; 基本支出决算表
lines 517-520 "30108" / "机关事业单位基本" / "养老保险缴费" / "6.18".
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from clirun import budgetlint as cli

from checker.cli.batch import collect_inputs
from checker.errors import InputError
from checker.parse.parser import parse_file
from checker.parse.tables import find_row
from checker.read.pdf import NO_TEXT_LAYER, extract_pdf_text, is_pdf, page_of
from checker.read.source import read_source

pymupdf = pytest.importorskip("pymupdf")

FIXTURES = Path(__file__).parent / "fixtures"
PDF = FIXTURES / "pdf" / "putuo_shegongbu_2024_final.pdf"
ROOT = Path(__file__).parent.parent


def blank_pdf() -> bytes:
    document = pymupdf.open()
    document.new_page()
    return document.tobytes()


def test_identity_of_a_real_pdf() -> None:
    document = parse_file(PDF)
    assert (document.unit, document.year, document.kind, document.level) == (
        "中共上海市普陀区委社会工作部", 2024, "决算", "部门")


def test_tables_of_a_real_pdf() -> None:
    document = parse_file(PDF)
    titles = [table.title for table in document.tables]
    assert len(titles) == 9
    assert titles[0] == "收入支出决算总表"
    assert titles[5] == "一般公共预算财政拨款基本支出决算表"
    # Read from the page geometry, every table has its cells, the blank ones too (三公 prints
    # its items as columns; 政府性基金 and 国有资本经营 have only a blank 合计 row).
    assert [t.cells_missing for t in document.tables] == [False] * 9
    assert all(t.grid for t in document.tables)

    summary = document.tables[0]
    assert summary.groups == ["收入", "支出"]
    income = find_row(summary, label="一般公共预算财政拨款收入", group="收入")
    assert income is not None and income.values == [Decimal("307.82")]

    spending = document.tables[4]
    assert spending.columns == ["合计", "基本支出", "项目支出"]
    total = find_row(spending, label="合计")
    assert total is not None
    assert total.values == [Decimal("307.82"), Decimal("105.58"), Decimal("202.24")]
    assert find_row(spending, code="2013901") is not None

    basic = document.tables[5]
    pension = find_row(basic, code="30108")
    assert pension is not None and pension.values == [Decimal("6.18")]
    assert pension.group == "人员经费"


def test_line_numbers_count_extracted_lines_and_pages_are_recorded() -> None:
    source = read_source(PDF)
    lines = source.text.split("\n")
    assert len(source.page_starts) == 24  # the PDF has 24 pages
    assert source.page_starts[0] == 1
    document = parse_file(PDF)
    assert document.page_starts == list(source.page_starts)
    table = document.tables[0]
    # The table's line is a line of the extracted text, and it lies on page 5.
    assert lines[table.line - 1].strip() == "收入支出决算总表"
    assert document.page_of(table.line) == 5
    assert document.to_dict()["page_starts"] == list(source.page_starts)


def test_text_input_has_no_page_starts_in_json() -> None:
    document = parse_file(FIXTURES / "001_42ec3e2d2e6a0311.txt")
    assert document.page_starts == []
    assert "page_starts" not in document.to_dict()
    assert document.page_of(10) is None


def test_pages_are_joined_with_a_blank_line_and_counted() -> None:
    from checker.read.pdf import _join

    joined = _join(["a\nb\n", "", "c"])
    assert joined.text == "a\nb\n\n\nc\n"
    assert joined.page_starts == (1, 4, 5)
    assert joined.text.split("\n")[4] == "c"
    assert [page_of(joined.page_starts, n) for n in (1, 3, 4, 5, 9)] == [1, 1, 2, 3, 3]
    assert page_of(joined.page_starts, 0) is None


def test_pdf_detected_by_magic_not_by_name(tmp_path: Path) -> None:
    disguised = tmp_path / "download.bin"
    disguised.write_bytes(PDF.read_bytes())
    assert parse_file(disguised).unit == "中共上海市普陀区委社会工作部"
    assert is_pdf(b"\xef\xbb\xbf%PDF-1.7\n")
    assert not is_pdf(b"text first, then %PDF-1.7")
    assert is_pdf(b"junk\n%PDF-1.7\n", named_pdf=True)


def test_a_pdf_name_without_pdf_content_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "report.pdf"
    page.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_source(page)
    assert caught.value.problem == "not a PDF (no %PDF- header)"


def test_blank_pdf_has_no_text_layer() -> None:
    with pytest.raises(InputError) as caught:
        extract_pdf_text(blank_pdf(), "scan.pdf")
    assert caught.value.problem == NO_TEXT_LAYER


def test_encrypted_pdf_is_refused() -> None:
    locked = pymupdf.open(PDF).tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256,
                                       user_pw="user", owner_pw="owner")
    with pytest.raises(InputError) as caught:
        extract_pdf_text(locked, "locked.pdf")
    assert caught.value.problem == "PDF is encrypted (password required)"


@pytest.mark.parametrize("kind", ["truncated", "blank"])
def test_unusable_pdf_exits_2_with_one_line(tmp_path: Path, kind: str) -> None:
    bad = tmp_path / f"{kind}.pdf"
    if kind == "truncated":
        bad.write_bytes(PDF.read_bytes()[:4000])
    else:
        bad.write_bytes(blank_pdf())
    done = cli("parse", str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"budgetlint: {bad}: ")
    if kind == "blank":
        assert NO_TEXT_LAYER in done.stderr
    else:
        assert "PDF" in done.stderr


def test_parse_cli_reads_the_pdf() -> None:
    done = cli("parse", str(PDF))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["unit"] == "中共上海市普陀区委社会工作部"
    assert len(data["tables"]) == 9
    assert len(data["page_starts"]) == 24


def test_check_cli_gives_a_unit_report_with_pages() -> None:
    done = cli("check", "--format", "json", str(PDF))
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(done.stdout)
    assert data["errors"] == []
    [unit] = data["units"]
    assert (unit["unit"], unit["year"], unit["kind"], unit["level"]) == (
        "中共上海市普陀区委社会工作部", 2024, "决算", "部门")
    assert unit["summary"]["pass"] > 50
    located = [e for r in unit["results"] for e in r["evidence"] if e["line"] is not None]
    assert located and all(1 <= e["page"] <= 24 for e in located)
    # ... and the box of the line on that page, in PDF points
    assert all(len(e["bbox"]) == 4 and e["bbox"][0] <= e["bbox"][2] for e in located)


def test_folders_are_walked_for_pdf(tmp_path: Path) -> None:
    (tmp_path / "a.PDF").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.html").write_text("x", encoding="utf-8")
    assert sorted(p.name for p in collect_inputs([tmp_path]).files) == ["a.PDF", "b.txt"]


def test_lines_format_numbers_the_extracted_text_as_evidence_does() -> None:
    done = cli("parse", "--format", "lines", str(PDF))
    assert done.returncode == 0, done.stderr
    output = done.stdout.splitlines()
    assert output[0] == "--- page 1 ---"
    assert output.count("--- page 5 ---") == 1
    numbered = dict(line.split("\t", 1) for line in output if not line.startswith("---"))
    table = parse_file(PDF).tables[0]
    assert numbered[f"{table.line:>6}"] == "收入支出决算总表"
    marker = output.index("--- page 5 ---")
    assert output[marker + 1].startswith(f"{read_source(PDF).page_starts[4]:>6}\t")


def test_markdown_and_html_show_the_page_of_pdf_evidence(tmp_path: Path) -> None:
    from checker.model.results import BatchReport, Evidence, RuleResult, UnitReport
    from checker.report import html, markdown

    def batch(page: int | None) -> BatchReport:
        result = RuleResult("R-1", "title", "error", "fail", "message",
                            [Evidence(63, "收入支出决算总表", page=page)])
        return BatchReport([UnitReport("x.pdf", "单位", 2024, "决算", "部门", [result])])

    assert "p.5 L63: 收入支出决算总表" in markdown.render(batch(5))
    assert "p.5" not in markdown.render(batch(None))
    html.write(batch(5), tmp_path / "with")
    html.write(batch(None), tmp_path / "without")
    pages = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "with").glob("unit-*"))]
    assert any("第 5 页，第 63 行：收入支出决算总表" in page for page in pages)
    plain = [p.read_text(encoding="utf-8") for p in (tmp_path / "without").glob("unit-*")]
    assert plain and all("第 5 页" not in page and "第 63 行：" in page for page in plain)
