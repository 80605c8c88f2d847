"""Hostile input and output around the checks: line endings, UTF-16, size limits, folder
walks with bad links, atomic report writes and output escaping (issue #14)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli.batch import collect_inputs
from checker.errors import InputError, OutputError
from checker.model.results import BatchReport, Evidence, InputFailure, RuleResult, UnitReport
from checker.read.source import read_source
from checker.report import csv as csv_report
from checker.report import markdown, text
from checker.report.atomic import write_atomic
from checker.report.escape import csv_cell, terminal_text
from tests.clirun import budgetlint

DOC = "2025年度\n示例单位\n单位预算\n第一部分 单位概况\n一、主要职能\n负责示例工作。\n"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending_ends_a_line(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(DOC.replace("\n", ending).encode("utf-8"))
    assert read_source(path).text == DOC


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    data = DOC.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert read_source(path).text == DOC


def test_cr_only_file_parses_like_lf(tmp_path: Path) -> None:
    lf, cr = tmp_path / "lf.txt", tmp_path / "cr.txt"
    lf.write_text(DOC, encoding="utf-8")
    cr.write_text(DOC.replace("\n", "\r"), encoding="utf-8", newline="")
    out_lf = budgetlint("parse", str(lf), "--format", "json")
    out_cr = budgetlint("parse", str(cr), "--format", "json")
    assert out_cr.returncode == 0
    cr_doc, lf_doc = json.loads(out_cr.stdout), json.loads(out_lf.stdout)
    assert cr_doc.pop("source") != lf_doc.pop("source")
    assert cr_doc == lf_doc
    assert cr_doc["year"] == 2025 and cr_doc["parts"]


def test_document_and_line_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(DOC + "一" * 3000 + "\n", encoding="utf-8")
    monkeypatch.setenv("BUDGETLINT_MAX_LINE_CHARS", "2000")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert "第 7 行有 3000 个字符" in caught.value.problem
    monkeypatch.setenv("BUDGETLINT_MAX_LINE_CHARS", "5000")
    assert read_source(path).text.endswith("一\n")
    monkeypatch.setenv("BUDGETLINT_MAX_DOCUMENT_MB", "0.001")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert "上限" in caught.value.problem


def test_endless_device_is_refused_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_MAX_DOCUMENT_MB", "1")
    with pytest.raises(InputError) as caught:
        read_source("/dev/zero")
    assert "超过 1 MB" in caught.value.problem


def test_folder_walk_skips_loops_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "sub" / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    inputs = collect_inputs([tmp_path])
    assert [p.name for p in inputs.files] == ["a.txt"]
    assert inputs.failures == []
    assert len(inputs.warnings) == 3
    assert any("loop" in w and "成环" in w for w in inputs.warnings)
    assert any("gone.txt" in w for w in inputs.warnings)


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = collect_inputs([tmp_path])
    assert [p.name for p in inputs.files] == ["a.txt"]
    assert [(Path(f.source).name, f.message) for f in inputs.failures] == [
        ("locked", "无法读取文件夹（权限不足）")]


def test_atomic_write_replaces_a_symlink_instead_of_writing_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "report.json"
    target.symlink_to(victim)
    write_atomic(target, "{}")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not target.is_symlink() and target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_write_keeps_the_old_report(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old complete report", encoding="utf-8")

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, "new")
    assert caught.value.problem == "无法写入报告：磁盘已满"
    assert target.read_text(encoding="utf-8") == "old complete report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


# A report is being written when Ctrl-C comes; the first press's clean-up has not reached
# it yet (a loaded machine) when the second press ends the process with os._exit.
_SECOND_PRESS = """
import os, signal, sys, time
from pathlib import Path
from checker.cli import main
from checker.report.stream_files import AtomicTextFile
main._on_interrupt()
report = AtomicTextFile(Path(sys.argv[1]))
report.stream.write("half a report")
try:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
except KeyboardInterrupt:
    os.kill(os.getpid(), signal.SIGINT)  # the second press, before any clean-up ran
    time.sleep(5)
sys.exit(0)
"""


def test_second_ctrl_c_leaves_no_temporary_report(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", _SECOND_PRESS, str(folder / "report.json")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 130, done.stderr
    assert "interrupted" in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == []


def test_temporary_files_are_forgotten_once_done(tmp_path: Path) -> None:
    from checker.report import atomic
    write_atomic(tmp_path / "a.json", "{}")
    handle, path = atomic.temporary_file(tmp_path / "b.json")
    os.close(handle)
    live = atomic._LIVE
    assert live == {path}
    atomic.remove_live()
    assert live == set()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


@pytest.mark.parametrize("problem", ["file", "full", "proc", "proc-subfolder", "read-only"])
def test_unwritable_output_exits_2(tmp_path: Path, problem: str) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    if problem == "file":
        out = tmp_path / "taken"
        out.write_text("", encoding="utf-8")
        result = budgetlint("check", str(doc), "--format", "json", "--output", str(out))
        assert "该路径已存在且不是文件夹" in result.stderr
    elif problem == "proc":
        if not Path("/proc/self").is_dir():
            pytest.skip("no /proc")
        result = budgetlint("check", str(doc), "--format", "json", "--output", "/proc")
        # The folder exists: the reason is what it is, not "folder does not exist".
        assert result.stderr.strip().splitlines()[-1] == (
            "budgetlint: /proc/budgetlint.json: 无法写入报告："
            "/proc 不是普通文件夹（系统的虚拟文件夹），不能在其中新建报告")
    elif problem == "proc-subfolder":
        if not Path("/proc/self").is_dir():
            pytest.skip("no /proc")
        result = budgetlint("check", str(doc), "--format", "html", "--output", "/proc/a/b")
        assert result.stderr.strip().splitlines()[-1] == (
            "budgetlint: /proc/a/b: 无法创建报告文件夹："
            "/proc 不是普通文件夹（系统的虚拟文件夹），不能在其中新建报告")
    elif problem == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes into a read-only folder")
        out = tmp_path / "locked"
        out.mkdir()
        out.chmod(0o555)
        try:
            result = budgetlint("check", str(doc), "--format", "json", "--output", str(out))
        finally:
            out.chmod(0o755)
        assert "无法写入报告：权限不足" in result.stderr
        assert list(out.iterdir()) == []
    else:
        with open("/dev/full", "wb") as sink:
            result = subprocess.run([sys.executable, "-m", "checker", "check", str(doc),
                                     "--format", "json"], stdout=sink, stderr=subprocess.PIPE,
                                    text=True, timeout=120, check=False,
                                    env={**os.environ, "CI": "true"})
        assert "磁盘已满" in result.stderr
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_html_batch_with_one_unwritable_page_writes_the_others(tmp_path: Path) -> None:
    docs = []
    for name in ("a", "b", "c"):
        doc = tmp_path / f"{name}.txt"
        doc.write_text(DOC.replace("示例单位", f"示例单位{name}"), encoding="utf-8")
        docs.append(str(doc))
    out = tmp_path / "out"
    first = budgetlint("check", *docs, "--format", "html", "--output", str(out))
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert len(pages) == 3, first.stderr
    # The second unit's page cannot be written: a folder stands where the file goes.
    for page in pages:
        (out / page).unlink()
    (out / pages[1]).mkdir()
    result = budgetlint("check", *docs, "--format", "html", "--output", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and pages[1] in result.stderr
    assert (out / pages[0]).stat().st_size > 0 and (out / pages[2]).stat().st_size > 0
    assert (out / "index.html").is_file()


def _report(text_value: str) -> BatchReport:
    result = RuleResult(rule="R1", title="t", severity="error", status="fail",
                        message=text_value, evidence=[Evidence(3, text_value)])
    unit = UnitReport(source="=cmd|'/c calc'!A1.txt", unit=text_value, year=2025,
                      kind="预算", level="单位", results=[result])
    return BatchReport(units=[unit], errors=[InputFailure("@bad.txt", "-1+1")])


def test_csv_cells_never_start_a_formula() -> None:
    rows = list(csv.reader(io.StringIO(csv_report.render(_report("=HYPERLINK(\"x\")"))[1:])))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][0] == "'=cmd|'/c calc'!A1.txt"
    assert csv_cell("-12.50") == "-12.50"  # a number is not a formula
    assert csv_cell("\tx") == "'\tx"


def test_markdown_carries_no_raw_html() -> None:
    out = markdown.render(_report("<img src=x onerror=alert(1)>&"))
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;&amp;" in out


def test_text_output_has_no_ansi_or_control_characters() -> None:
    hostile = "红\x1b[31m字\x1b]0;title\x07\x1b[2K\r清行\x00\x08"
    assert terminal_text(hostile) == "红字清行"
    out = text.render(_report(hostile))
    assert "\x1b" not in out and "\r" not in out and "\x00" not in out
    assert "红字清行" in out


def test_internal_error_is_one_line_unless_debug(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from checker.cli import check, main

    def broken(_: object) -> int:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(check, "run", broken)
    monkeypatch.delenv("BUDGETLINT_DEBUG", raising=False)
    parser_argv = ["check", str(tmp_path)]
    monkeypatch.setattr(main, "build_parser", _parser_with(main.build_parser, broken))
    assert main.main(parser_argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "内部错误（RecursionError" in err
    assert "BUDGETLINT_DEBUG=1" in err
    monkeypatch.setenv("BUDGETLINT_DEBUG", "1")
    with pytest.raises(RecursionError):
        main.main(parser_argv)


def _parser_with(build: object, handler: object) -> object:
    def patched() -> object:
        parser = build()  # type: ignore[operator]
        parser.set_defaults(handler=handler)
        return parser
    return patched
