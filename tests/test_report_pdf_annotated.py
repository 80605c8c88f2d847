"""`--format pdf`: an annotated copy of a PDF disclosure, a highlight and a note per finding;
and the page crops of the HTML report, boxed where the evidence is."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from clirun import budgetlint
from corpus import FIXTURES

from checker.cli.batch import BatchOptions, run_batch
from checker.report import pages

PDF = FIXTURES / "pdf" / "putuo_guihua_2024_final.pdf"


def test_annotated_copy_has_a_note_per_finding(tmp_path: Path) -> None:
    done = budgetlint("check", "--lang", "zh", "--format", "pdf", "--output", str(tmp_path),
                      str(PDF), str(FIXTURES / "001_42ec3e2d2e6a0311.txt"))
    assert done.returncode == 1
    assert "001_42ec3e2d2e6a0311.txt：不是 PDF 文件，没有批注版" in done.stderr
    (copy,) = tmp_path.glob("*.annotated.pdf")
    unit = run_batch([str(PDF)], BatchOptions()).units[0]
    findings = [r for r in unit.results if r.status in ("fail", "not_verifiable")]
    with pymupdf.open(copy) as document:
        notes = [a.info["content"] for page in document for a in page.annots()
                 if a.type[1] == "Text"]
        highlights = [a.info["content"] for page in document for a in page.annots()
                      if a.type[1] == "Highlight"]
        assert len(document) == len(pymupdf.open(PDF))
    assert len(notes) == len(findings)
    assert highlights  # evidence found on its page is highlighted, not only noted
    xc = next(r for r in findings if r.rule == "COM-XC-001")
    text = next(n for n in notes if "COM-XC-001" in n)
    assert xc.evidence[0].page is not None
    assert "[不通过] COM-XC-001" in text and "差额 +12.88" in text


def test_crop_boxes_the_evidence_on_its_page(tmp_path: Path) -> None:
    unit = run_batch([str(PDF)], BatchOptions()).units[0]
    result = next(r for r in unit.results if r.rule == "COM-XC-001")
    with pymupdf.open(PDF) as document:
        spot = pages.first_spot(document, result)
        assert spot is not None and spot.page == result.evidence[0].page
        assert spot.box is not None
        # The box is where the page says what the evidence quotes.
        words = document[spot.page - 1].get_textbox(pymupdf.Rect(spot.box))
        assert words.replace(" ", "")[:6] == result.evidence[0].text.replace(" ", "")[:6]
        image = pages.render_crop(document, spot, tmp_path / "crop.png")
    pixmap = pymupdf.Pixmap(str(image))
    assert pixmap.width > 400 and pixmap.height < 500  # a band of the page, not all of it
