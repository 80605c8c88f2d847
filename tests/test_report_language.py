"""Chinese reports for auditors: no English prose and no regex in any format, on the whole
corpus (the five texts, the Shanghai 决算 PDFs and the real disclosures); ``--lang en``
gives the English interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clirun import budgetlint, unwrap
from corpus import FIXTURES

from checker.cli.batch import BatchOptions, run_batch
from checker.cli.check import render
from checker.model.results import BatchReport
from checker.report import html
from checker.report.i18n import translate, use_language

CORPUS = [*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "pdf").glob("*.pdf")),
          *sorted((FIXTURES / "real").glob("*.pdf")),
          *sorted((FIXTURES / "real").glob("*.html"))]

# What may be ASCII in a Chinese report: file paths, rule ids, the product's name, option
# names, "PDF", and text quoted from the documents themselves (their evidence).
_PATH = re.compile(r"[\w./-]*(?:tests/fixtures|/tmp)[^\s,|`)\]]*|\S+\.(?:txt|pdf|html)\b")
_RULE = re.compile(r"\b[A-Z]{2,}(?:-[A-Z]+)*-\d{3}\b")
_ALLOWED = re.compile(r"budgetlint|--fail-on|PDF|L\d+|p\.\d+")
ENGLISH = re.compile(r"[A-Za-z]{3,}(?:[ \-/][A-Za-z]{2,})+")
REGEX = re.compile(r"\\[dswDSW]|\(\?[:P<!=]|\[\^|\]\{|\{\d+,\d*\}|[\w)]\|[\w(]")


@pytest.fixture(scope="module")
def batch() -> BatchReport:
    return run_batch([str(p) for p in CORPUS], BatchOptions(jobs=2))


def _documents_text(batch: BatchReport) -> set[str]:
    """Quoted document text (evidence, titles, unit names) may hold anything: take it out."""
    quoted = {e.text for u in batch.units for r in u.results for e in r.evidence}
    quoted |= {u.unit or "" for u in batch.units}
    return {q for q in quoted if q}


def _prose(text: str, quoted: set[str]) -> str:
    for snippet in sorted(quoted, key=len, reverse=True):
        if len(snippet) > 3:
            text = text.replace(snippet, " ")
    text = _PATH.sub(" ", text)
    text = _RULE.sub(" ", text)
    return _ALLOWED.sub(" ", text)


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
def test_chinese_reports_have_no_english_and_no_regex(batch: BatchReport, fmt: str) -> None:
    # Every file reported (the two halves of one split publication as one unit).
    assert sum(len(u.sources) or 1 for u in batch.units) == len(CORPUS)
    with use_language("zh"):
        out = unwrap(render(batch, fmt)) if fmt == "text" else render(batch, fmt)
    rest = _prose(out, _documents_text(batch))
    assert sorted(set(ENGLISH.findall(rest))) == []
    assert sorted(set(REGEX.findall(rest))) == []
    assert "不通过" in out and "无法核验" in out


def test_chinese_html_has_no_english_and_no_regex(batch: BatchReport, tmp_path: Path) -> None:
    with use_language("zh"):
        index = html.write(batch, tmp_path)
    quoted = _documents_text(batch)
    for page in [index, *sorted(tmp_path.glob("unit-*.html"))]:
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)  # tags and attributes are markup, not prose
        text = re.sub(r"&\w+;|&#\d+;", " ", text)
        rest = _prose(text, quoted)
        assert ENGLISH.findall(rest) == [], page.name
        assert REGEX.findall(rest) == [], page.name


def test_no_broken_phrases_or_internal_names(batch: BatchReport) -> None:
    with use_language("zh"):
        messages = [translate(r.message) for u in batch.units for r in u.results]
    text = "\n".join(messages)
    assert "购置辆" not in text  # a pattern stripped of its \d+ reads broken
    assert "三公表" not in text  # the pack's alias, not a title any document prints
    assert "缺少 产出" not in text


def test_english_on_request() -> None:
    done = budgetlint("check", "--lang", "en", str(FIXTURES / "001_42ec3e2d2e6a0311.txt"))
    english = unwrap(done.stdout)
    assert "): FAIL" in english and "computed 3076.31" in english
    chinese = unwrap(budgetlint("check", "--lang", "zh",
                                str(FIXTURES / "001_42ec3e2d2e6a0311.txt")).stdout)
    assert "): 不通过" in chinese and "计算值 3076.31" in chinese
    assert "差额 -32.30" in chinese and "相互抵消" in chinese


def test_figures_side_by_side_in_csv() -> None:
    done = budgetlint("check", "--lang", "zh", "--format", "csv",
                      str(FIXTURES / "001_42ec3e2d2e6a0311.txt"))
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    personnel = next(r for r in rows if r["规则"] == "COM-XC-001")
    assert (personnel["计算值"], personnel["文中数"], personnel["差额"]) == (
        "3076.31", "3044.01", "-32.30")
    assert personnel["涉及数字"] == "301 工资福利支出 3000.30 + 303 对个人和家庭的补助 76.01"
    assert "COM-XC-002" in personnel["相互抵消"] and "+32.30" in personnel["相互抵消"]


def test_figures_in_sarif_and_junit() -> None:
    import json as json_module

    sarif = json_module.loads(budgetlint("check", "--lang", "zh", "--format", "sarif",
                                         str(FIXTURES / "001_42ec3e2d2e6a0311.txt")).stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "COM-XC-001")
    assert result["properties"]["figures"] == {
        "rows": [{"row": "301 工资福利支出", "value": "3000.30"},
                 {"row": "303 对个人和家庭的补助", "value": "76.01"}],
        "computed": "3076.31", "stated": "3044.01", "difference": "-32.30"}
    assert "差额 -32.30" in result["message"]["text"]
    junit = budgetlint("check", "--format", "junit", str(FIXTURES / "001_42ec3e2d2e6a0311.txt"))
    assert "computed 3076.31" in junit.stdout or "计算值 3076.31" in junit.stdout


def test_a_document_no_template_fits_is_reported_in_chinese(tmp_path: Path) -> None:
    # The fallback reason lists the closest profiles, each with its matches and score: a long
    # composed reason that must come out whole in Chinese, not half English.
    doc = tmp_path / "unknown.txt"
    doc.write_text("2025年福州市某中心单位预算\n第一部分 概况\n", encoding="utf-8")
    batch = run_batch([str(doc)], BatchOptions())
    assert batch.units[0].profile is not None and batch.units[0].profile["how"] == "fallback"
    with use_language("zh"):
        out = unwrap(render(batch, "text"))
    assert "没有相符的模板" in out and "得分" in out
    rest = _prose(out, _documents_text(batch))
    assert sorted(set(ENGLISH.findall(rest))) == []
    assert "score" not in rest and "matched" not in rest
