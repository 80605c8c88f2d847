"""The HTML report as a reader sees it: rendered by headless Chromium (Debian's `chromium`),
asserting on the DOM after the page's JavaScript ran, and screenshotted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clirun import budgetlint
from synthetic_reports import CLEAN_UNIT, FAILING_UNIT, PARTIAL_UNIT, make_batch

from checker.report import html
from checker.report.i18n import use_language

# CI (CI or BUDGETLINT_REQUIRE_CHROMIUM set) must run these: there a missing browser fails
# instead of skipping, so a broken install can never turn them into a green skip.
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("BUDGETLINT_REQUIRE_CHROMIUM")
    and os.environ.get("CI", "").lower() in ("", "0", "false"),
    reason="chromium is not installed (apt-get install chromium)")

VOID = {"br", "meta", "img", "input", "hr", "link", "wbr"}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def dump_dom(tmp_path: Path, url: str) -> str:
    return chromium(tmp_path, "--dump-dom", url)


class _Text(HTMLParser):
    """Collects the text of elements with a given id, and the index table's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.by_id: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self._in_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if tag not in VOID:
            self.stack.append(ident or "")
        elif tag == "br":
            self.handle_data(" ")
        if ident:
            self.by_id.setdefault(ident, "")
        if tag == "tr" and "unit-row" in (dict(attrs).get("class") or ""):
            self.rows.append([])
            self._in_row = True
        if tag == "td" and self._in_row:
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()
        if tag == "tr":
            self._in_row = False

    def handle_data(self, data: str) -> None:
        for ident in self.stack:
            if ident:
                self.by_id[ident] += data
        if self._in_row and self.rows[-1]:
            self.rows[-1][-1] += data


def parse(dom: str) -> _Text:
    parser = _Text()
    parser.feed(dom)
    return parser


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    with use_language("zh"):
        return html.write(make_batch(), tmp_path / "reports")


def test_index_shows_units_and_verdicts(tmp_path: Path, report: Path) -> None:
    page = parse(dump_dom(tmp_path, report.as_uri()))
    assert squash(page.by_id["banner"]).startswith("1 / 3 个单位不通过")
    assert [(squash(r[0]), squash(r[3])) for r in page.rows] == [
        (f"{FAILING_UNIT} corpus/001_fund.txt", "不通过"),
        (f"{PARTIAL_UNIT} corpus/样例/乙单位.txt", "通过（2 项无法核验）"),
        (f"{CLEAN_UNIT} corpus/003_finance.txt", "通过")]
    # Counts as the gate sees them: the failing unit has 1 error and 1 warning below the
    # gate; the clean unit's failure is waived, not an error.
    assert [(squash(r[4]), squash(r[5]), squash(r[8])) for r in page.rows] == [
        ("1", "1", "0"), ("0", "0", "0"), ("0", "0", "1")]
    assert "二进制文件（不是文本）" in page.by_id["input-errors"]
    # The overview picture: one row per unit, one cell per category.
    overview = squash(page.by_id["overview"])
    assert "表内勾稽" in overview and "绩效" in overview and FAILING_UNIT in overview


def test_index_sorts_by_a_column(tmp_path: Path, report: Path) -> None:
    # Column 6 is 无法核验; the page applies a sort named in the address on load,
    # through the same function a header click calls.
    dom = dump_dom(tmp_path, report.as_uri() + "#sort=6-desc")
    page = parse(dom)
    assert [squash(r[0]).split()[0] for r in page.rows] == [PARTIAL_UNIT, FAILING_UNIT,
                                                             CLEAN_UNIT]
    assert re.search(r'<th[^>]*aria-sort="descending"[^>]*>无法核验', dom)
    ascending = parse(dump_dom(tmp_path, report.as_uri() + "#sort=3"))
    assert [squash(r[3]) for r in ascending.rows] == ["不通过", "通过（2 项无法核验）", "通过"]


def test_unit_page_shows_verdict_and_evidence(tmp_path: Path, report: Path) -> None:
    unit_page = next(report.parent.glob("unit-001-*.html"))
    dom = dump_dom(tmp_path, unit_page.as_uri())
    page = parse(dom)
    assert squash(page.by_id["banner"]).startswith(f"不通过: {FAILING_UNIT} 2023 单位预算")
    assert "第 812 行：人员经费 3044.01 万元 → 应为 3076.31，实为 3044.01" in squash(dom)
    # Errors first, then warnings below the gate, then checks that could not be made.
    assert re.findall(r'<li class="finding[^"]*" data-slot="([^"]+)"', dom) == [
        "error", "warning", "not_verifiable"]
    assert squash(page.by_id["shown"]) == "显示 3 项"
    # The escaped <script> from the document text did not become an element.
    assert "alert(1)" in dom and "<script>alert(1)</script>" not in dom


def test_unit_page_filters(tmp_path: Path, report: Path) -> None:
    """The filters run in the page: a choice in the address is applied on load, through the
    same function a change of the select calls; hidden findings carry ``hidden``."""
    unit_page = next(report.parent.glob("unit-001-*.html"))
    for fragment, visible in (("#slot=warning", ["editorial.duplicate-word"]),
                              ("#rule=budget.table-sum", ["budget.table-sum"]),
                              ("#category=" + "文字错误", ["editorial.duplicate-word"]),
                              ("#slot=error&rule=budget.table-sum", [])):
        dom = dump_dom(tmp_path, unit_page.as_uri() + fragment)
        shown = re.findall(r'<li class="finding[^"]*" data-slot="[^"]+" data-category="[^"]*" '
                           r'data-rule="([^"]+)">', dom)
        assert shown == visible, fragment
        assert squash(parse(dom).by_id["shown"]) == f"显示 {len(visible)} 项"


def test_corpus_report_in_chromium(tmp_path: Path) -> None:
    """Corpus texts and a PDF through the real parser and engine, rendered by Chromium: the
    verdicts match the JSON, a PDF finding shows its page crop and links to its page."""
    from corpus import FIXTURES

    pdf = FIXTURES / "pdf" / "putuo_guihua_2024_final.pdf"
    inputs = [FIXTURES / "001_42ec3e2d2e6a0311.txt", pdf]
    out = tmp_path / "html"
    done = budgetlint("check", "--lang", "zh", "--format", "html", "--output", str(out),
                      *map(str, inputs))
    assert done.returncode == 1, done.stderr
    report = json.loads(budgetlint("check", "--format", "json", *map(str, inputs)).stdout)
    page = parse(dump_dom(tmp_path, (out / "index.html").as_uri()))
    expected = [(u["unit"], "不通过" if u["verdict"] == "fail" else "通过")
                for u in report["units"]]
    assert [(squash(r[0]).split()[0], squash(r[3])) for r in page.rows] == expected
    unit = report["units"][1]
    unit_page = next(out.glob("unit-002-*.html"))
    dom = dump_dom(tmp_path, unit_page.as_uri())
    assert squash(parse(dom).by_id["banner"]).startswith(f"不通过: {unit['unit']}")
    shown = set(re.findall(r'data-slot="error" data-category="[^"]*" data-rule="([^"]+)"', dom))
    assert shown == {r["rule"] for r in unit["results"] if r["status"] == "fail"}
    crops = re.findall(r'<img src="(crops/[^"]+\.png)"', dom)
    assert crops and all((out / c).is_file() for c in crops)
    assert re.search(r'href="[^"]*putuo_guihua_2024_final\.pdf#page=\d+"', dom)
    # The text input shows the lines around its evidence instead.
    text_dom = dump_dom(tmp_path, next(out.glob("unit-001-*.html")).as_uri())
    assert '<pre class="context"' in text_dom


def test_screenshots(tmp_path: Path) -> None:
    """Screenshots of the report (the ones in docs/ are made this way, see
    docs/screenshots.md): real PNGs with content, not blank pages."""
    from corpus import FIXTURES

    out = tmp_path / "html"
    budgetlint("check", "--format", "html", "--output", str(out),
               str(FIXTURES / "001_42ec3e2d2e6a0311.txt"),
               str(FIXTURES / "pdf" / "putuo_guihua_2024_final.pdf"))
    unit_page = next(out.glob("unit-002-*.html"))
    for name, url in (("index.png", (out / "index.html").as_uri()),
                      ("unit.png", unit_page.as_uri())):
        shot = tmp_path / name
        chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,900", url)
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 20_000  # a blank page compresses to a few kB
