"""HTML pages rendered from templates: escaping, links, verdicts (DOM tests: chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from synthetic_reports import CLEAN_UNIT, FAILING_UNIT, PARTIAL_UNIT, make_batch

from checker.model.results import Evidence, RuleResult, UnitReport
from checker.report import html, pages
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield


def test_index_links_every_unit_page(tmp_path: Path) -> None:
    index = html.write(make_batch(), tmp_path)
    page = index.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(unit-[^"]+)">([^<]+)</a>', page)
    assert [name for _, name in links] == [FAILING_UNIT, PARTIAL_UNIT, CLEAN_UNIT]
    for href, _ in links:
        assert (tmp_path / href).is_file()
    assert "corpus/broken.txt" in page and "binary file (not text)" in page


def test_pages_are_self_contained(tmp_path: Path) -> None:
    html.write(make_batch(), tmp_path)
    for page in tmp_path.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(link|script)[^>]+(href|src)=', text), page.name
        assert "http://" not in text and "https://" not in text


def test_unit_page_escapes_document_text() -> None:
    page = html.render_unit(make_batch().units[0])
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'class="banner fail"' in page


def test_partial_pass_is_not_shown_as_a_clean_pass() -> None:
    page = html.render_unit(make_batch().units[1])
    assert 'class="banner partial"' in page
    assert "PASS (2 not verifiable)" in page
    assert "some checks could not be made, so this pass is incomplete" in page


def test_page_names_are_unique_and_url_safe() -> None:
    units = make_batch().units
    names = [html.page_name(i, u) for i, u in enumerate(units + units, start=1)]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"unit-\d{3}-[A-Za-z0-9_.-]+\.html", n) for n in names)


def test_identical_findings_are_grouped() -> None:
    # The partial unit has the same not-verifiable finding twice (two tables): one entry ×2
    # that keeps both pieces of evidence.
    page = html.render_unit(make_batch().units[1])
    assert page.count('<li class="finding') == 1
    assert '<span class="times">×2</span>' in page
    assert "公开01表" in page and "公开02表" in page


def test_counts_match_the_gate() -> None:
    failing, _, clean = make_batch().units
    assert html.counts(failing) == {"error": 1, "warning": 1, "waived": 0,
                                    "not_verifiable": 1, "pass": 1, "not_applicable": 1}
    # A waived error is counted as waived, not as a failure; the page says so.
    assert html.counts(clean)["waived"] == 1 and html.counts(clean)["error"] == 0
    failing.fail_on = "warning"
    assert html.counts(failing)["error"] == 2 and html.counts(failing)["warning"] == 0


def test_figures_and_offsets_on_the_unit_page(tmp_path: Path) -> None:
    from corpus import FIXTURES

    from checker.cli.batch import BatchOptions, run_batch

    batch = run_batch([str(FIXTURES / "001_42ec3e2d2e6a0311.txt")], BatchOptions())
    page = html.render_unit(batch.units[0])
    personnel = page[page.index('data-rule="COM-XC-001"'):page.index('data-rule="COM-XC-002"')]
    figures = re.sub(r"<[^>]+>|\s+", " ", personnel[personnel.index('class="figures"'):])
    assert re.search(r"3000\.30 .*76\.01 .*3076\.31 .*3044\.01 .*-32\.30", figures)
    assert "COM-XC-002" in personnel and "+32.30" in personnel  # the offsetting finding


def _repeated_unit(source: Path, findings: int) -> UnitReport:
    results = [RuleResult("YOY-001", "增减表述", "error", "fail", "增减额与增长率不符",
                          [Evidence(2, "比上年增加12.5万元，增长3.2%")])
               for _ in range(findings)]
    return UnitReport(str(source), "某中心", 2025, "预算", "单位", results)


def test_a_repeated_finding_shows_its_surroundings_a_few_times(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One sentence repeated on a long line: thousands of findings in one group. The source
    # is read once for the page, and only the first occurrences carry the lines around them
    # (each carried the whole line before: a 0.4 MB document made a 2 GB page).
    source = tmp_path / "doc.txt"
    source.write_text("2025年某中心单位预算\n" + "收入合计100万元。" * 60
                      + "比上年增加12.5万元，增长3.2%。" * 2000 + "\n第三行\n", encoding="utf-8")
    reads = []
    real = pages.source_lines
    monkeypatch.setattr(pages, "source_lines", lambda unit: reads.append(1) or real(unit))
    (finding,) = html.findings(_repeated_unit(source, 50))
    assert finding.count == 50 and len(reads) == 1
    with_context = [o for o in finding.occurrences if o.context]
    assert len(with_context) == html.CONTEXTS_PER_FINDING
    shown = dict(with_context[0].context)
    assert list(shown) == [1, 2, 3]
    hit = shown[2]
    # The long line is cut around the evidence, marked at both ends.
    assert hit.startswith("…") and hit.endswith("…")
    assert len(hit) == pages.CONTEXT_CHARS + 2 and "比上年增加12.5万元" in hit
    assert shown[3] == "第三行"


def test_short_lines_are_shown_whole(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("标题\n比上年增加12.5万元，增长3.2%。\n下一行\n", encoding="utf-8")
    (finding,) = html.findings(_repeated_unit(source, 1))
    assert finding.occurrences[0].context == [
        (1, "标题"), (2, "比上年增加12.5万元，增长3.2%。"), (3, "下一行")]
