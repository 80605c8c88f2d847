"""`budgetlint serve` and the static HTML report driven in headless Chromium (Debian's
package) over the DevTools protocol: a person's clicks, not HTTP calls.

The app test uploads a corpus PDF through the file input, waits for the verdict, opens the
unit page (its page crops must have loaded), downloads the annotated PDF through the
browser and opens it with PyMuPDF. Set BUDGETLINT_SCREENSHOTS=DIR to keep the screenshots
(docs/ holds the ones shown in the README).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from corpus import FIXTURES

pytest.importorskip("websockets")
pytest.importorskip("starlette")
from cdp import Browser, Page

# CI sets BUDGETLINT_REQUIRE_CHROMIUM: there a missing browser fails instead of skipping.
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("BUDGETLINT_REQUIRE_CHROMIUM"),
    reason="chromium is not installed (apt-get install chromium)")

PDF = FIXTURES / "pdf" / "putuo_guihua_2024_final.pdf"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _shot(page: Page, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BUDGETLINT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(folder / name)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return shot


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "CI": "true"}
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--port", str(port), "--workers", "1",
         "--work-dir", str(tmp_path / "work"), "--keep-minutes", "30"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read() if process.stderr else "") \
                        from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    # The app deletes its work folder's jobs when it stops.
    assert not any((tmp_path / "work").iterdir())


def test_upload_verdict_crop_and_annotated_pdf(server: str, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with Browser(tmp_path) as browser:
        browser.allow_downloads(downloads)
        page = browser.new_page()
        page.goto(server)
        assert page.evaluate("document.querySelector('#send').textContent") == "开始检查"
        _shot(page, "webapp-upload.png", tmp_path)
        page.set_files("#files", [PDF])
        page.evaluate("document.getElementById('send').click()")
        page.wait_for("document.body && document.body.getAttribute('data-finished') === 'yes'",
                      timeout=180)
        row = page.evaluate("Array.from(document.querySelectorAll('#rows tr td'))"
                            ".map(td => td.textContent)")
        assert row[0] == PDF.name and row[1] == "上海市普陀区规划和自然资源局"
        assert row[2] == "不通过" and int(row[3]) > 0
        _shot(page, "webapp-job.png", tmp_path)
        page.goto(page.evaluate("document.querySelector('a.open-unit').href"))
        # Crops load lazily: bring the first into view, as a reader scrolling would.
        assert page.evaluate("document.querySelectorAll('figure.crop img').length") > 0
        page.evaluate("document.querySelector('figure.crop img').scrollIntoView()")
        page.wait_for("document.querySelector('figure.crop img').complete")
        width, height = page.evaluate("[document.querySelector('figure.crop img').naturalWidth,"
                                      " document.querySelector('figure.crop img').naturalHeight]")
        assert width > 400 and height > 50  # decoded, not a broken image
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate("document.querySelector('li.finding').dataset.slot") == "error"
        _shot(page, "webapp-unit.png", tmp_path)
        page.evaluate("document.querySelector('a[href=\"annotated.pdf\"]').click()")
        for _ in range(300):
            done = [p for p in downloads.iterdir() if p.suffix == ".pdf"]
            if done:
                break
            time.sleep(0.2)
        (copy,) = done
    with pymupdf.open(copy) as document:
        notes = [a.info["content"] for p in document for a in p.annots() if a.type[1] == "Text"]
    assert copy.name == f"{PDF.stem}.annotated.pdf"
    assert notes and any(n.startswith("[不通过] ") for n in notes)


def test_static_report_filters_in_the_browser(tmp_path: Path) -> None:
    """The unit page's filters as a person uses them: choosing in a select hides the other
    findings, and the count follows."""
    from clirun import budgetlint

    out = tmp_path / "html"
    done = budgetlint("check", "--lang", "zh", "--format", "html", "--output", str(out),
                      str(FIXTURES / "001_42ec3e2d2e6a0311.txt"), str(PDF))
    assert done.returncode == 1, done.stderr
    with Browser(tmp_path, size=(1280, 1000)) as browser:
        page = browser.new_page()
        page.goto((out / "index.html").as_uri())
        assert page.evaluate("document.querySelectorAll('#overview .ov-cell').length") > 0
        _shot(page, "report-index.png", tmp_path)
        page.goto(next(out.glob("unit-002-*.html")).as_uri())
        visible = ("Array.from(document.querySelectorAll('li.finding'))"
                   ".filter(li => !li.hidden).map(li => li.dataset.slot)")
        everything = page.evaluate(visible)
        assert everything[0] == "error" and "not_verifiable" in everything
        page.evaluate("const s = document.getElementById('f-slot'); s.value = 'error';"
                      "s.dispatchEvent(new Event('change'))")
        errors = page.evaluate(visible)
        assert errors and set(errors) == {"error"} and len(errors) < len(everything)
        assert page.evaluate("document.getElementById('shown').textContent") == \
            f"显示 {len(errors)} 项"
        assert page.evaluate("location.hash") == "#slot=error"
        page.wait_for("Array.from(document.images).filter(i => i.offsetParent !== null &&"
                      " i.getBoundingClientRect().top < innerHeight).every(i => i.complete)")
        _shot(page, "report-unit.png", tmp_path)
