"""HTML input: a published web page is converted to lines (``checker/read/html.py``) and
parsed like a text extraction.

The main fixture is an HTML twin of tests/fixtures/004_01543403f5824e7e.txt built here: every
tab-separated line becomes a table row, every other line a ``<p>``. Read as raw text (tags
stripped line by line) this page gave 29 not-verifiable checks; converted, it must read exactly
like the text it was made from.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from clirun import budgetlint as cli

from checker.cli.batch import BatchOptions, check_one, collect_inputs
from checker.errors import InputError
from checker.model.results import UnitReport
from checker.parse.parser import parse_file
from checker.parse.tables import find_row
from checker.read.html import html_to_text
from checker.read.sniff import declared_charset, is_html
from checker.read.source import read_source

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = FIXTURES / "004_01543403f5824e7e.txt"


def twin(text: str, grouped: bool) -> str:
    """The HTML twin of a text: one ``<table>`` per tab-separated line, or (``grouped``) one
    per run of such lines, the way a page lays out a whole table. Runs of spaces, which some
    extractions use as column separators, become ``&nbsp;`` runs, as a page would need them
    to show."""
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>福州市医疗保障局</title>',
           "<style>td { border: 1px solid }</style></head><body>"]
    in_table = False
    for line in text.split("\n"):
        if "\t" in line:
            row = "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t"))
            if not grouped:
                out.append(f"<table><tr>{row}</tr></table>")
                continue
            if not in_table:
                out.append("<table><tbody>")
                in_table = True
            out.append(f"<tr>{row}</tr>")
            continue
        if in_table:
            out.append("</tbody></table>")
            in_table = False
        if line.strip():
            shown = re.sub(r" {2,}|^ +", lambda run: "&nbsp;" * len(run.group()),
                           html.escape(line.rstrip()))
            out.append(f"<p>{shown}</p>")
    out.append("</body></html>")
    return "\n".join(out)


@pytest.fixture(scope="module", params=[False, True], ids=["row-tables", "grouped"])
def page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "004.html"
    path.write_text(twin(TEXT.read_text(encoding="utf-8"), request.param), encoding="utf-8")
    return path


def test_twin_parses_like_the_text(page: Path) -> None:
    text, converted = parse_file(TEXT), parse_file(page)
    assert (converted.unit, converted.year, converted.kind, converted.level) == (
        text.unit, text.year, text.kind, text.level)
    assert converted.unit == "福州市医疗保障数据技术中心"
    assert len(converted.tables) == len(text.tables) == 10
    assert [t.cells_missing for t in converted.tables] == [t.cells_missing for t in text.tables]
    assert sum(not t.cells_missing for t in converted.tables) >= 5
    assert [len(t.rows) for t in converted.tables] == [len(t.rows) for t in text.tables]
    rows = [row for table in converted.tables if (row := find_row(table, code="30101"))]
    assert rows and rows[0].label == "基本工资" and rows[0].values[0] == Decimal("149.76")


def _outcome(path: Path) -> tuple[str, list[str], int]:
    report = check_one(path, BatchOptions())
    assert isinstance(report, UnitReport), report
    data = report.to_dict()
    failing = sorted(r["rule"] for r in data["results"] if r["status"] == "fail")
    return data["verdict"], failing, data["summary"]["not_verifiable"]


def test_twin_checks_like_the_text(page: Path) -> None:
    expected = _outcome(TEXT)
    assert _outcome(page) == expected
    assert expected[2] == 0  # raw-text reading of the page gave 29 here


@pytest.mark.parametrize("name", ["000_0455909f24bddecc.txt", "001_42ec3e2d2e6a0311.txt",
                                  "002_24fbb779d4aea8e6.txt", "003_837d346b324402fd.txt"])
def test_twins_of_the_other_fixtures_check_like_their_texts(name: str, tmp_path: Path) -> None:
    # Other layouts: Markdown pipe tables, runs of spaces with indentation (003), one cell
    # per line. As <p> lines they must survive the conversion unchanged.
    page = tmp_path / "twin.html"
    page.write_text(twin((FIXTURES / name).read_text(encoding="utf-8"), grouped=True),
                    encoding="utf-8")
    assert _outcome(page) == _outcome(FIXTURES / name)


def test_nbsp_runs_are_spacing_in_prose_and_padding_in_cells() -> None:
    page = ("<p>&nbsp;&nbsp;30299 其他商品和服务支出&nbsp;&nbsp;&nbsp;22.51\n  续</p>"
            "<table><tr><td>&nbsp;&nbsp;基本&nbsp;&nbsp;工资</td><td>1</td></tr></table>")
    assert html_to_text(page).splitlines() == [
        "  30299 其他商品和服务支出   22.51 续", "基本 工资\t1"]


def test_check_cli_reads_a_named_html_page(page: Path) -> None:
    done = cli("check", "--format", "json", str(page))
    data = json.loads(done.stdout)
    assert data["errors"] == []
    [unit] = data["units"]
    assert unit["unit"] == "福州市医疗保障数据技术中心"
    assert unit["summary"]["not_verifiable"] == 0


def test_lines_format_shows_the_converted_text(page: Path) -> None:
    done = cli("parse", "--format", "lines", str(page))
    assert done.returncode == 0, done.stderr
    numbered = dict(line.split("\t", 1) for line in done.stdout.splitlines())
    document = parse_file(page)
    table = next(t for t in document.tables if not t.cells_missing)
    assert numbered[f"{table.line:>6}"].strip().endswith(table.title)
    # No markup of the page left (the fixture's own "<b>" cells are text in the twin).
    assert "<td" not in done.stdout and "<p>" not in done.stdout
    assert len(done.stdout.splitlines()) == len(read_source(page).text.splitlines())


def test_colspan_keeps_columns_aligned() -> None:
    page = ("<table><tr><th colspan=2>科目</th><th>合计</th><th>基本支出</th></tr>"
            "<tr><td colspan='3'>合计</td><td>5.00</td></tr>"
            "<tr><td>30101</td><td>基本工资</td><td>3.00</td><td>3.00</td></tr></table>")
    lines = html_to_text(page).splitlines()
    assert lines == ["科目\t\t合计\t基本支出", "合计\t\t\t5.00", "30101\t基本工资\t3.00\t3.00"]
    assert {len(line.split("\t")) for line in lines} == {4}


def test_rowspan_leaves_an_empty_cell_below() -> None:
    page = ("<table><tr><td rowspan=2>201</td><td>一般公共服务</td><td>9</td></tr>"
            "<tr><td>人大事务</td><td>9</td></tr></table>")
    assert html_to_text(page).splitlines() == ["201\t一般公共服务\t9", "\t人大事务\t9"]


def test_lone_cell_row_has_no_padding_and_cells_collapse_whitespace() -> None:
    page = ("<table><tr><td colspan=3>单位：万元</td></tr>"
            "<tr><td><p class=MsoNormal>机关事业单位\n   基本</p><p>养老保险缴费</p></td>"
            "<td>&nbsp;6.18&nbsp;</td><td>&lt;0&gt;</td></tr></table>")
    assert html_to_text(page).splitlines() == [
        "单位：万元", "机关事业单位 基本 养老保险缴费\t6.18\t<0>"]


def test_script_style_head_and_nav_are_dropped() -> None:
    page = ("<!DOCTYPE html><html><head><title>网站名称</title><style>p { color: red }</style>"
            "<script>var s = '<p>不是正文</p>';</script></head><body><nav>首页 &gt; 预算公开</nav>"
            "<h1>一、主要职责</h1><p>正文<b>加粗</b>继续<br>下一行<p>未闭合段落<div>块</div>"
            "<script>document.write('x')</script></body></html>")
    assert html_to_text(page).splitlines() == [
        "一、主要职责", "正文加粗继续", "下一行", "未闭合段落", "块"]


def test_layout_table_is_read_as_blocks() -> None:
    # Old government sites wrap the whole article in a one-cell table holding the real ones.
    page = ("<table><tr><td><p>一、收支预算总表</p>"
            "<table><tr><td>合计</td><td>9.00</td></tr></table><p>说明文字</p></td></tr></table>")
    assert html_to_text(page).splitlines() == ["一、收支预算总表", "合计\t9.00", "说明文字"]


def test_detection_by_name_or_doctype() -> None:
    assert is_html(b"\xef\xbb\xbf\n  <!DOCTYPE HTML PUBLIC>")
    assert is_html(b"<HTML lang=zh>")
    assert not is_html(b"2024 \xe5\xb9\xb4 <html> in prose")
    assert is_html(b"<p>fragment</p>", named_html=True)
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; '
                            b'charset=GB2312">') == "gb18030"
    assert declared_charset(b"<p>no meta</p>") is None


def test_gbk_page_with_meta_charset(tmp_path: Path) -> None:
    page = tmp_path / "gbk.htm"
    body = '<html><head><meta charset="gbk"></head><body><p>一般公共预算拨款支出</p></body></html>'
    page.write_bytes(body.encode("gbk"))
    assert read_source(page).text == "一般公共预算拨款支出\n"


def test_wrong_declared_charset_falls_back_to_detection(tmp_path: Path) -> None:
    # A site moved to UTF-8 but kept its gb2312 meta: the declared codec fails, detection wins.
    page = tmp_path / "moved.html"
    page.write_bytes('<meta charset="gb2312"><p>公务接待费 2 万元</p>'.encode())
    assert read_source(page).text == "公务接待费 2 万元\n"


def test_html_content_in_a_txt_file_is_converted(tmp_path: Path) -> None:
    saved = tmp_path / "saved.txt"
    saved.write_text("<!doctype html><table><tr><td>a</td><td>1</td></tr></table>",
                     encoding="utf-8")
    assert read_source(saved).text == "a\t1\n"


def test_empty_page_is_one_line_input_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_source(page)
    assert "no text" in caught.value.problem
    done = cli("parse", str(page))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"budgetlint: {page}: HTML page has no text"]


def test_folder_walks_leave_html_to_named_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    assert [p.name for p in collect_inputs([tmp_path]).files] == ["a.txt"]
    named = tmp_path / "index.html"
    assert collect_inputs([named]).files == [named]


def test_a_latin1_declaration_on_a_chinese_page_is_not_believed(tmp_path: Path) -> None:
    page = tmp_path / "cms.html"
    page.write_bytes('<meta charset="iso-8859-1"><p>基本支出</p>'.encode("gb18030"))
    assert read_source(page).text == "基本支出\n"


def test_missing_head_end_and_deep_nesting() -> None:
    # No </head>: the body still counts (browsers close <head> at the first body element).
    assert html_to_text("<html><head><title>站名</title><body><p>正文</p>") == "正文\n"
    # Thousands of unclosed <font> tags must not exhaust the recursion limit.
    deep = "<font>" * 5000 + "深层文字<br/>下一行<p/>"
    assert html_to_text(deep).splitlines() == ["深层文字", "下一行"]
