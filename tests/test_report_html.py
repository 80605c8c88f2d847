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


def test_page_names_are_unique_and_url_safe() -> None:
    units = make_batch().units
    names = [html.page_name(i, u) for i, u in enumerate(units + units, start=1)]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"unit-\d{3}-[A-Za-z0-9_.-]+\.html", n) for n in names)
