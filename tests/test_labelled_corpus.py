"""The labelled real corpus (tests/fixtures/real/labels.yaml): nine files, eight disclosures
from Jiangsu, Shanghai and Chongqing, each read by hand. For every disclosure budgetlint must
get the identity, the template profile and the table count right, report every labelled
defect, and report no error-severity finding except the labelled defects: any other error is
a false alarm.

(Where each statement defect is found, line and page, is pinned with the statement checks in
test_statement_findings.py; the defects of other checks are placed here, in PLACES.)
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.cli.batch import BatchOptions, run_batch
from checker.model.results import RuleResult, UnitReport

REAL = Path(__file__).parent / "fixtures" / "real"
LABELS = yaml.safe_load((REAL / "labels.yaml").read_text(encoding="utf-8"))
DOCUMENTS: list[dict[str, Any]] = LABELS["documents"]
# Real defects found beyond the hand-made labels, each confirmed by hand (see the file).
BEYOND = {
    entry["file"]: entry["defects"]
    for entry in yaml.safe_load((REAL / "beyond_labels.yaml").read_text(encoding="utf-8"))[
        "documents"]
}
# labels.yaml names the family by region; the profile's title adds the kind.
TEMPLATE_TITLES = {"江苏": "江苏 预算", "上海": "上海 预算", "重庆": "重庆 预算"}


def _files(entry: dict[str, Any]) -> list[str]:
    return list(entry.get("files") or [entry["file"]])


def _id(entry: dict[str, Any]) -> str:
    return " + ".join(_files(entry))


@cache
def _check(files: tuple[str, ...]) -> UnitReport:
    batch = run_batch([REAL / name for name in files], BatchOptions())
    assert not batch.errors, batch.errors
    assert len(batch.units) == 1, [u.source for u in batch.units]
    return batch.units[0]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("“", '"').replace(
        "”", '"')


_DIRECTIONS = ("增加", "增长", "减少", "降低", "下降")
_WORDS = "|".join(_DIRECTIONS)
_CHOICE = re.compile(rf"(?:{_WORDS})\((?:{_WORDS})\)")


def _keys(defect: dict[str, Any]) -> set[str]:
    """What identifies a labelled defect in a finding: its figures with decimals, or else
    its longer runs of words."""
    text = _norm(defect.get("text", ""))
    keys = set(re.findall(r"\d+\.\d+", text))
    keys |= set(re.findall(r"[\u4e00-\u9fff]{10,}", text))
    if _CHOICE.search(text):
        # "与上年相比增加（减少）": a template's choice left in, wherever it recurs
        # ("增长（降低）" is the same defect).
        keys |= {f"({word})" for word in _DIRECTIONS}
    if not keys:
        keys = set(re.findall(r"[\u4e00-\u9fff]{3,}", text))
    return keys


def _finding_text(result: RuleResult) -> str:
    parts = [result.message]
    for evidence in result.evidence:
        parts += [evidence.text, evidence.found or "", evidence.expected or ""]
    return _norm(" ".join(parts))


def _unlabelled_errors(entry: dict[str, Any], report: UnitReport) -> list[str]:
    defects = [*(entry.get("defects") or []),
               *(d for name in _files(entry) for d in BEYOND.get(name, []))]
    keys = [_keys(d) for d in defects if d.get("text")]
    out = []
    for result in report.results:
        if result.severity != "error" or result.status != "fail":
            continue
        text = _finding_text(result)
        if not any(k in text for group in keys for k in group):
            out.append(f"{result.rule}: {result.message}")
    return out


@pytest.mark.parametrize("entry", DOCUMENTS, ids=_id)
def test_identity_profile_and_tables(entry: dict[str, Any]) -> None:
    report = _check(tuple(_files(entry)))
    identity = entry["identity"]
    assert (report.unit, report.year, report.kind, report.level) == (
        identity["unit"], identity["year"], identity["kind"], identity["level"])
    assert report.profile is not None
    assert report.profile["title"] == TEMPLATE_TITLES[entry["template"]]
    assert report.profile["how"] == "detected"
    tables = int(re.match(r"\d+", str(entry["tables"])).group(0))  # type: ignore[union-attr]
    assert report.profile["tables_found"] == tables


# Labelled defects found by checks other than the statement rules: (file, words of the
# label's text) → (rule, line, page) of the finding. 完工及时率's 指标值 is "及时率", the name
# of the measure without a figure: read from the performance table's grid (page 31).
PLACES = {
    ("sh_putuo_wanli_2023_dept_budget.pdf", "完工及时率"): ("COM-PERF-004", 467, 31),
}


def _failures(report: UnitReport) -> list[RuleResult]:
    return [r for r in report.results if r.status == "fail"]


@pytest.mark.parametrize("entry", DOCUMENTS, ids=_id)
def test_every_labelled_defect_is_reported(entry: dict[str, Any]) -> None:
    """Every labelled defect with a text is a failing finding (of any severity) naming it."""
    report = _check(tuple(_files(entry)))
    texts = [_finding_text(r) for r in _failures(report)]
    for defect in entry.get("defects") or []:
        if defect.get("text"):
            assert any(k in text for k in _keys(defect) for text in texts), defect["text"]


@pytest.mark.parametrize(("name", "words"), sorted(PLACES))
def test_labelled_defects_of_other_checks_at_their_line_and_page(name: str, words: str) -> None:
    entry = next(e for e in DOCUMENTS if name in _files(e))
    assert any(words in d.get("text", "") for d in entry["defects"])
    rule, line, page = PLACES[(name, words)]
    report = _check(tuple(_files(entry)))
    found = [(r.rule, r.evidence[0].line, r.evidence[0].page) for r in _failures(report)
             if words in r.message]
    assert found == [(rule, line, page)]


@pytest.mark.parametrize("entry", DOCUMENTS, ids=_id)
def test_no_error_but_the_labelled_defects(entry: dict[str, Any]) -> None:
    report = _check(tuple(_files(entry)))
    assert _unlabelled_errors(entry, report) == []


def test_findings_beyond_the_labels_are_reported() -> None:
    """Every entry of beyond_labels.yaml is a finding budgetlint really makes: the file lists
    no defect that is not found (it is not a list of excuses)."""
    for name, defects in BEYOND.items():
        report = _check((name,))
        texts = [_finding_text(r) for r in report.results
                 if r.severity == "error" and r.status == "fail"]
        for defect in defects:
            assert any(k in text for k in _keys(defect) for text in texts), defect["text"]


def test_a_split_publication_is_one_unit_with_nothing_missing() -> None:
    entry = next(e for e in DOCUMENTS if e.get("files"))
    report = _check(tuple(_files(entry)))
    assert report.sources == [str(REAL / name) for name in _files(entry)]
    presence = [r for r in report.results if r.rule in ("JS-PRES-001", "COM-PRES-001")]
    assert presence and all(r.status == "pass" for r in presence)
    # Each finding names the file its line is in.
    located = [e for r in report.results for e in r.evidence if e.line is not None]
    assert located and {e.source for e in located} <= set(report.sources)
    # Alone, the tables file would miss the narrative: the merge is what makes it whole.
    alone = _check((_files(entry)[1],))
    assert any(r.rule == "COM-PRES-001" and r.status == "fail" for r in alone.results)


def test_chongqing_tables_as_images_are_never_a_pass() -> None:
    entry = next(e for e in DOCUMENTS if e["template"] == "重庆")
    report = _check(tuple(_files(entry)))
    table_rules = [r for r in report.results if r.rule.startswith(("COM-TBL", "COM-EMPTY"))]
    assert table_rules and {r.status for r in table_rules} == {"not_verifiable"}
    assert "图片" in table_rules[0].message


def test_two_complete_copies_are_not_merged(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "fixtures" / "001_42ec3e2d2e6a0311.txt").read_text(
        encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    batch = run_batch([tmp_path / "a.txt", tmp_path / "b.txt"], BatchOptions())
    assert [u.sources for u in batch.units] == [[], []]
    together = run_batch([tmp_path / "a.txt", tmp_path / "b.txt"], BatchOptions(together=True))
    assert len(together.units) == 1 and len(together.units[0].sources) == 2
