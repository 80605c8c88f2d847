"""HTML pages rendered from templates: escaping, links, verdicts (DOM tests: chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from synthetic_reports import CLEAN_UNIT, FAILING_UNIT, PARTIAL_UNIT, make_batch

from checker.report import html
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
