"""Writers of the formats whose head depends on the whole batch: Markdown (the summary
table before the findings), JUnit (the counts on the root element) and SARIF (the rule list
before the results). The later part is spooled to a temporary file and copied in at the end."""

from __future__ import annotations

import json
from typing import IO, Any

from checker.model.results import BatchReport, InputFailure, UnitReport
from checker.regex_cache import compile_re
from checker.report.stream_base import Spool, Trailing, Writer, indent


class MarkdownWriter(Writer):
    """Totals, the summary table and input errors first, then each unit's findings: the
    table's rows and the findings are spooled until the totals are known."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import markdown
        from checker.report.common import Tally

        self._markdown = markdown
        self.out = out
        self.tally = Tally()
        self.rows = Spool()
        self.spool = Spool()

    def _unit(self, unit: UnitReport) -> None:
        self.tally.add(unit)
        # ``render`` joins its lines with newlines: each row and each unit's part starts
        # a new line.
        self.rows.write("\n" + self._markdown.summary_row(unit))
        self.spool.write("\n" + "\n".join(self._markdown.unit_lines(unit)))

    def finish(self, errors: list[InputFailure]) -> None:
        markdown = self._markdown
        head = markdown.summary_head(self.tally.totals(len(errors)))
        if not self.tally.units:
            self.rows.close()
            self.spool.close()
            self.out.write("\n".join(head + markdown.error_lines(errors)).rstrip() + "\n")
            return
        self.out.write("\n".join(head + markdown.table_head()))
        self.rows.copy_to(self.out)
        self.out.write("\n" + "\n".join(["", *markdown.error_lines(errors)]))
        # ``render`` strips the end of the whole report, which lies in the last unit's part.
        tail = Trailing(self.out)
        self.spool.file.seek(0)
        for chunk in iter(lambda: self.spool.file.read(1 << 16), ""):
            tail.write(chunk)
        self.spool.close()
        self.out.write("\n")


class JunitWriter(Writer):
    """The root element carries the batch's counts: suites are spooled, then wrapped."""

    _ROOT = compile_re(r'<testsuites name="budgetlint" tests="(\d+)" failures="(\d+)" '
                       r'errors="(\d+)" skipped="(\d+)"')

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import junit

        self._render = junit.render
        self.out = out
        self.spool = Spool()
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
        self.spool = Spool()
        self.rules: dict[str, Any] = {}
        self.order: dict[str, int] = {}  # a rule's index in ``rules``
        self.results = 0
        self.failed = False

    def _unit(self, unit: UnitReport) -> None:
        # Result by result, as ``sarif.render`` builds them (rules described in the order
        # first seen, the first description of a rule kept): a unit with tens of thousands
        # of findings is never one log, its text and its parsed copy at once.
        from checker.report import sarif

        self.failed |= unit.verdict == "fail"
        for result in unit.results:
            if result.rule not in self.rules:
                sarif.describe_rule(self.rules, result)
                self.order[result.rule] = len(self.order)
            if result.status not in ("fail", "not_verifiable"):
                continue
            body = json.dumps(sarif.sarif_result(unit, result, self.order[result.rule]),
                              ensure_ascii=False, indent=2)
            self.spool.write(("," if self.results else "") + "\n" + indent(body, 8))
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


