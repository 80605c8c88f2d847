"""`budgetlint serve` in-process: upload, progress, verdict, unit page with crops, downloads,
limits and clean-up (the browser test is test_web_chromium.py)."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf
import pytest
from corpus import FIXTURES

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from checker.web.app import Settings, create_app, safe_name, sniff

PDF = FIXTURES / "pdf" / "putuo_guihua_2024_final.pdf"
TEXT = FIXTURES / "001_42ec3e2d2e6a0311.txt"


@pytest.fixture
def client(tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = Settings(work_dir=tmp_path / "work", max_upload_mb=20, max_files=3,
                        keep_minutes=60)
    with ThreadPoolExecutor(2) as pool, TestClient(create_app(settings, pool)) as test:
        yield test


def _wait(client: TestClient, job: str) -> dict:  # type: ignore[type-arg]
    for _ in range(600):
        status = client.get(f"/jobs/{job}/status.json").json()
        if status["finished"]:
            return status
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_upload_check_and_download(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and 'type="file"' in home.text
    assert "default-src 'none'" in home.headers["content-security-policy"]
    with PDF.open("rb") as pdf, TEXT.open("rb") as text:
        response = client.post("/upload", files=[("files", (PDF.name, pdf, "application/pdf")),
                                                 ("files", (TEXT.name, text, "text/plain"))],
                               follow_redirects=False)
    assert response.status_code == 303
    job = response.headers["location"].split("/")[2]
    status = _wait(client, job)
    assert [(u["file"], u["ok"], u["verdict"]) for u in status["units"]] == [
        (PDF.name, True, "不通过"), (TEXT.name, True, "不通过")]
    assert status["units"][0]["unit"] == "上海市普陀区规划和自然资源局"
    page = client.get(status["units"][0]["href"])
    assert page.status_code == 200 and 'data-slot="error"' in page.text
    crop = page.text.split('<img src="')[1].split('"')[0]
    image = client.get(status["units"][0]["href"] + crop)
    assert image.status_code == 200 and image.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'href="source.pdf#page=' in page.text
    annotated = client.get(status["units"][0]["href"] + "annotated.pdf")
    assert "attachment" in annotated.headers["content-disposition"]
    with pymupdf.open(stream=annotated.content, filetype="pdf") as document:
        assert sum(1 for p in document for a in p.annots() if a.type[1] == "Text") > 0
    data = json.loads(client.get(status["units"][0]["href"] + "report.json").text)
    assert data["units"][0]["verdict"] == "fail"
    # The reports name the uploaded file, never the server's folder.
    assert data["units"][0]["source"] == PDF.name and "/work/" not in page.text
    # The job page's counts are the report's, as the gate sees them.
    assert status["units"][0]["errors"] == sum(
        r["status"] == "fail" and r["severity"] == "error" for r in data["units"][0]["results"])
    assert client.get(status["units"][1]["href"] + "report.csv").text.startswith("\ufeff文件")
    # No way out of the job's folder.
    assert client.get(status["units"][0]["href"] + "../../in/1/" + PDF.name).status_code == 404


def test_limits(client: TestClient, tmp_path: Path) -> None:
    binary = tmp_path / "x.exe"
    binary.write_bytes(b"MZ\x00\x00" * 100)
    with binary.open("rb") as handle:
        refused = client.post("/upload", files=[("files", ("x.exe", handle, "application/x"))])
    assert refused.status_code == 400 and "不是 PDF、HTML 或文本文件" in refused.text
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (21 * 1024 * 1024))
    with big.open("rb") as handle:
        refused = client.post("/upload", files=[("files", ("big.txt", handle, "text/plain"))])
    assert refused.status_code == 400 and "超过 20" in refused.text
    assert client.post("/upload", files=[]).status_code == 400
    assert client.get("/jobs/nope/").status_code == 404
    # Rejected uploads leave nothing behind.
    assert list((tmp_path / "work").iterdir()) == []


def test_old_jobs_are_deleted(tmp_path: Path) -> None:
    settings = Settings(work_dir=tmp_path / "work", keep_minutes=0.01)  # 0.6 s
    with ThreadPoolExecutor(1) as pool, TestClient(create_app(settings, pool)) as client:
        with TEXT.open("rb") as text:
            response = client.post("/upload", files=[("files", (TEXT.name, text, "text/plain"))],
                                   follow_redirects=False)
        job = response.headers["location"].split("/")[2]
        assert (tmp_path / "work" / job).is_dir()
        # Checked, then deleted a moment later (the sweep never takes a running job).
        for _ in range(600):
            time.sleep(0.2)
            if client.get(f"/jobs/{job}/status.json").status_code == 404:
                break
        assert not (tmp_path / "work" / job).exists()
        assert client.get(f"/jobs/{job}/").status_code == 404


def test_names_and_types() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\x\\上海 决算.pdf") == "上海_决算.pdf"
    assert sniff(b"%PDF-1.7", "a.bin")
    assert not sniff(b"MZ\x00", "a.txt") and sniff("预算".encode(), "a.txt")
    assert not sniff(b"<html>", "a.pdf")  # a .pdf must be a PDF
