"""Batch reports written unit by unit, so a batch of any size runs in flat memory.

Each format's writer takes the units one at a time (``unit``) and the input failures at the
end (``finish``); what a format prints before its units and what depends on the whole batch
(totals, the summary table, SARIF's rule list, JUnit's counts) is built from small per-unit
digests, never from the reports themselves. A part that must come before the units but
depends on all of them (Markdown's details after the summary table, SARIF's results after
the rule list, JUnit's suites inside the counted root) is spooled to a temporary file and
copied in at the end.

The bytes are those of the format's ``render`` on the whole batch: each unit's part is
that format's own rendering of a one-unit batch, cut at known seams, so the content stays
defined in one place (tests compare both ways on the corpus).

``jsonl`` exists only here: one JSON object per line, a unit report (``UnitReport.to_dict``)
or an input failure (``{"source": ..., "input_error": ...}``); shards of a batch run on
several machines are merged by concatenating their files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from checker.errors import OutputError
from checker.model.results import BatchReport, InputFailure, UnitReport
from checker.report.atomic import describe, ensure_folder, temporary_file, write_atomic
from checker.report.escape import cleaned

Verdict = Literal["pass", "fail"]


@dataclass
class UnitDigest(UnitReport):
    """What summaries need of a unit (names, verdict, counts, waived failures), without
    its results and evidence: kept for every unit of the batch, it must stay small."""

    digest_verdict: Verdict = "pass"
    digest_summary: dict[str, int] = field(default_factory=dict)

    @property
    def verdict(self) -> Verdict:  # type: ignore[override]
        return self.digest_verdict

    @property
    def summary(self) -> dict[str, int]:  # type: ignore[override]
        return dict(self.digest_summary)

    @classmethod
    def of(cls, unit: UnitReport) -> UnitDigest:
        waived = [replace(r, evidence=[], message="") for r in unit.results
                  if r.status == "fail" and r.waived]
        return cls(source=unit.source, unit=unit.unit, year=unit.year, kind=unit.kind,
                   level=unit.level, results=waived, fail_on=unit.fail_on,
                   digest_verdict=unit.verdict, digest_summary=unit.summary)


class Writer:
    """Base of the per-format writers: ``unit`` per unit in order, then ``finish`` once."""

    def __init__(self) -> None:
        self.digests: list[UnitDigest] = []

    def unit(self, unit: UnitReport) -> None:
        self.digests.append(UnitDigest.of(unit))
        self._unit(unit)

    def _unit(self, unit: UnitReport) -> None:
        raise NotImplementedError

    def finish(self, errors: list[InputFailure]) -> None:
        raise NotImplementedError

    def summary(self, errors: list[InputFailure]) -> BatchReport:
        return BatchReport(units=list(self.digests), errors=list(errors))


class _Spool:
    """A temporary text file for a part written before it can be placed."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def write(self, text: str) -> None:
        self.file.write(text)

    def copy_to(self, out: IO[str]) -> None:
        self.file.seek(0)
        shutil.copyfileobj(self.file, out)
        self.file.close()


class TextWriter(Writer):
    def __init__(self, out: IO[str], colour: bool | None, show_errors: bool) -> None:
        super().__init__()
        from checker.report import text

        self._text = text
        self.console = text.make_console(out, colour)
        self.show_errors = show_errors

    def _unit(self, unit: UnitReport) -> None:
        # No ANSI or control characters from a document reach a terminal (as text.write).
        self._text.write_unit(self.console, cleaned(unit))

    def finish(self, errors: list[InputFailure]) -> None:
        self._text.write_end(self.console, cleaned(self.summary(errors)), self.show_errors)


class JsonWriter(Writer):
    """``{"units": [...], "errors": [...]}`` with the units written as they come."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out
        self.count = 0
        self.head, _ = self._skeleton([])
        out.write(self.head)

    @staticmethod
    def _skeleton(errors: list[InputFailure]) -> tuple[str, str]:
        from checker.report import json as json_report

        whole = json_report.render(BatchReport(errors=errors))
        head, seam, tail = whole.partition('"units": []')
        assert seam, "the JSON report no longer has a top-level units list"
        return head + '"units": [', tail

    def _unit(self, unit: UnitReport) -> None:
        self.out.write(("," if self.count else "") + "\n    ")
        _dump_indented(_unit_dict(unit), self.out, 4)
        self.count += 1

    def finish(self, errors: list[InputFailure]) -> None:
        head, tail = self._skeleton(errors)
        assert head == self.head, "the JSON report's head depends on the batch"
        self.out.write(("\n  ]" if self.count else "]") + tail)


class JsonLinesWriter(Writer):
    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out

    def unit(self, unit: UnitReport) -> None:  # no digests: nothing comes at the end
        self.out.write(json.dumps(unit.to_dict(), ensure_ascii=False) + "\n")

    def finish(self, errors: list[InputFailure]) -> None:
        for failure in errors:
            self.out.write(json.dumps({"source": failure.source, "input_error": failure.message},
                                      ensure_ascii=False) + "\n")


class CsvWriter(Writer):
    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import csv as csv_report

        self._render = csv_report.render
        self.out = out
        self.head = self._render(BatchReport())
        out.write(self.head)

    def unit(self, unit: UnitReport) -> None:  # rows only: the header says everything else
        self.out.write(self._cut(self._render(BatchReport(units=[unit]))))

    def finish(self, errors: list[InputFailure]) -> None:
        if errors:
            self.out.write(self._cut(self._render(BatchReport(errors=errors))))

    def _cut(self, whole: str) -> str:
        assert whole.startswith(self.head)
        return whole[len(self.head):]


class MarkdownWriter(Writer):
    """Totals, the summary table and input errors first, then each unit's findings: the
    findings are spooled until the table is known."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import markdown

        self._markdown = markdown
        self.out = out
        self.spool = _Spool()

    def _unit(self, unit: UnitReport) -> None:
        # The report is its lines joined by newlines: each unit's part starts a new line.
        self.spool.write("\n" + "\n".join(self._markdown.unit_lines(unit)))

    def finish(self, errors: list[InputFailure]) -> None:
        head = "\n".join(self._markdown.summary_lines(self.summary(errors)))
        if not self.digests:
            self.out.write(head.rstrip() + "\n")
            return
        # ``render`` strips the end of the whole report, which lies in the last unit's part.
        self.out.write(head)
        tail = _Trailing(self.out)
        self.spool.file.seek(0)
        for chunk in iter(lambda: self.spool.file.read(1 << 16), ""):
            tail.write(chunk)
        self.spool.file.close()
        self.out.write("\n")


class JunitWriter(Writer):
    """The root element carries the batch's counts: suites are spooled, then wrapped."""

    _ROOT = re.compile(r'<testsuites name="budgetlint" tests="(\d+)" failures="(\d+)" '
                       r'errors="(\d+)" skipped="(\d+)"')

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import junit

        self._render = junit.render
        self.out = out
        self.spool = _Spool()
        self.counts = [0, 0, 0, 0]
        self.parts = 0

    def unit(self, unit: UnitReport) -> None:
        self._add(self._render(BatchReport(units=[unit])))

    def _add(self, whole: str) -> None:
        lines = whole.split("\n")
        # <?xml ...?>, <testsuites ...>, the suites, </testsuites>, "".
        counts = self._ROOT.match(lines[1])
        assert counts is not None and lines[-2] == "</testsuites>", "unexpected JUnit layout"
        self.counts = [a + int(b) for a, b in zip(self.counts, counts.groups(), strict=True)]
        self.spool.write("\n".join(lines[2:-2]) + "\n")
        self.parts += 1

    def finish(self, errors: list[InputFailure]) -> None:
        if errors:
            self._add(self._render(BatchReport(errors=errors)))
        empty = self._render(BatchReport())
        if not self.parts:
            self.out.write(empty)
            return
        declaration, root = empty.split("\n")[:2]
        tests, failures, errors_, skipped = self.counts
        root = self._ROOT.sub(f'<testsuites name="budgetlint" tests="{tests}" '
                              f'failures="{failures}" errors="{errors_}" '
                              f'skipped="{skipped}"', root).replace(" />", ">")
        self.out.write(f"{declaration}\n{root}\n")
        self.spool.copy_to(self.out)
        self.out.write("</testsuites>\n")


class SarifWriter(Writer):
    """Rules are listed before results: results are spooled, rules kept (one per rule)."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import sarif

        self._render = sarif.render
        self.out = out
        self.spool = _Spool()
        self.rules: dict[str, Any] = {}
        self.results = 0
        self.failed = False

    def _unit(self, unit: UnitReport) -> None:
        self.failed |= unit.verdict == "fail"
        log = json.loads(self._render(BatchReport(units=[unit])))
        run = log["runs"][0]
        local = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
        for rule in run["tool"]["driver"]["rules"]:
            self.rules.setdefault(rule["id"], rule)
        order = list(self.rules)
        for result in run["results"]:
            result["ruleIndex"] = order.index(local[result["ruleIndex"]])
            body = json.dumps(result, ensure_ascii=False, indent=2)
            self.spool.write(("," if self.results else "") + "\n" + _indent(body, 8))
            self.results += 1

    def finish(self, errors: list[InputFailure]) -> None:
        log = json.loads(self._render(BatchReport(errors=errors)))
        run = log["runs"][0]
        run["tool"]["driver"]["rules"] = list(self.rules.values())
        if not errors:
            run["invocations"][0]["exitCode"] = 1 if self.failed else 0
        whole = json.dumps(log, ensure_ascii=False, indent=2) + "\n"
        head, seam, tail = whole.partition('"results": []')
        assert seam, "the SARIF log no longer ends its run with the results"
        self.out.write(head + '"results": [')
        if self.results:
            self.spool.copy_to(self.out)
            self.out.write("\n      ]")
        else:
            self.out.write("]")
        self.out.write(tail)


class HtmlWriter(Writer):
    """One page per unit as it comes, the index (from digests) at the end. As in
    ``html.write``, a page that cannot be written does not stop the others; the run then
    ends in an ``OutputError`` naming the first missing file and how many more."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        from checker.report import html

        self._html = html
        self.out_dir = out_dir
        self.pages: list[str] = []
        self.facts: list[Any] = []
        self.failed: list[OutputError] = []
        ensure_folder(out_dir)

    def _unit(self, unit: UnitReport) -> None:
        page = self._html.page_name(len(self.pages) + 1, unit)
        try:
            self._html.write_unit_page(unit, page, self.out_dir)
        except OutputError as error:
            self.failed.append(error)
        self.pages.append(page)
        self.facts.append(self._html.facts(unit))  # counts and overview cells: small

    def finish(self, errors: list[InputFailure]) -> None:
        index = self.out_dir / "index.html"
        try:
            write_atomic(index, self._html.render_index(self.summary(errors), self.pages,
                                                        unit_facts=self.facts))
        except OutputError as error:
            self.failed.append(error)
        if self.failed:
            first, more = self.failed[0], len(self.failed) - 1
            raise OutputError(first.path, first.problem + (
                f"（另有 {more} 个报告文件未能写入）" if more else ""))


class _Trailing:
    """Writes text but holds back trailing whitespace until more text follows, so the end
    of the output is ``rstrip``-ed like ``render``'s."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.pending = ""

    def write(self, text: str) -> None:
        stripped = text.rstrip()
        if stripped:
            self.out.write(self.pending + stripped)
            self.pending = text[len(stripped):]
        else:
            self.pending += text


class _Results(list):  # type: ignore[type-arg]
    """A unit's results that the JSON encoder turns into dicts one at a time."""

    def __iter__(self) -> Any:
        return (result.to_dict() for result in super().__iter__())


def _unit_dict(unit: UnitReport) -> dict[str, Any]:
    """``unit.to_dict()`` whose results become dicts only as they are written (a large
    document's tens of thousands of results never exist twice)."""
    results = unit.results
    try:
        unit.results = []
        data = unit.to_dict()
    finally:
        unit.results = results
    data.update(verdict=unit.verdict, summary=unit.summary, results=_Results(results))
    return data


def _dump_indented(data: Any, out: IO[str], spaces: int) -> None:
    """``_indent(json.dumps(data, indent=2), spaces)`` written piece by piece: a unit with
    100,000 evidence lines never exists as one string (and then as its indented copy), which
    tripled the peak memory of a large document's report (docs/robustness.md). A JSON string
    never holds a raw newline, so every newline in a piece is a line break of the layout."""
    pad = "\n" + " " * spaces
    batch: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        batch.append(piece)
        if len(batch) >= 4096:
            out.write("".join(batch).replace("\n", pad))
            batch.clear()
    out.write("".join(batch).replace("\n", pad))


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


FORMATS_STREAMED = ("text", "json", "jsonl", "markdown", "junit", "sarif", "csv")


def open_writer(fmt: str, out: IO[str] | None = None, *, out_dir: Path | None = None,
                colour: bool | None = None, show_errors: bool = True) -> Writer:
    """The writer of ``fmt`` onto ``out`` (``html``: into ``out_dir``)."""
    if fmt == "html":
        assert out_dir is not None
        return HtmlWriter(out_dir)
    if fmt == "pdf":
        from checker.report.pdf import PdfWriter

        assert out_dir is not None
        return PdfWriter(out_dir)
    assert out is not None
    factories: dict[str, Callable[[], Writer]] = {
        "text": lambda: TextWriter(out, colour, show_errors),
        "json": lambda: JsonWriter(out),
        "jsonl": lambda: JsonLinesWriter(out),
        "markdown": lambda: MarkdownWriter(out),
        "junit": lambda: JunitWriter(out),
        "sarif": lambda: SarifWriter(out),
        "csv": lambda: CsvWriter(out),
    }
    return factories[fmt]()


class AtomicTextFile:
    """A report file written as it is produced, into a temporary file in the target folder
    that ``commit`` renames over the target (as ``atomic.write_atomic`` does for a whole
    report): a reader sees the old complete report or the new one, never half; ``abort``
    (a failure or Ctrl-C) leaves no temporary file behind."""

    def __init__(self, target: Path) -> None:
        self.target = target
        ensure_folder(target.parent)
        if target.is_dir() and not target.is_symlink():
            raise OutputError(str(target), "无法写入报告：目标是一个文件夹")
        try:
            handle, self.temporary = temporary_file(target)
        except OSError as error:
            raise OutputError(str(target), f"无法写入报告：{describe(error)}") from None
        self.stream: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            # mkstemp makes the file 0600; a report is for sharing, as a plain write would be.
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.temporary, 0o666 & ~mask)
            os.replace(self.temporary, self.target)
        except OSError as error:
            self.abort()
            raise OutputError(str(self.target), f"无法写入报告：{describe(error)}") from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


class _Utf8Stdout:
    """Standard output's byte stream as a text sink in UTF-8, whatever the locale says
    (the formats are UTF-8 by definition, csv with its BOM)."""

    def write(self, text: str) -> int:
        sys.stdout.buffer.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        sys.stdout.buffer.flush()


def stdout_text() -> IO[str]:
    sys.stdout.flush()
    return _Utf8Stdout()  # type: ignore[return-value]
