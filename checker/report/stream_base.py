"""The parts every streamed writer shares: the ``Writer`` protocol (``unit`` per unit in
order, ``finish`` once), the small per-unit digest the summaries are built from, and the
spool for a part that is written before it can be placed. See ``checker.report.stream``."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from typing import IO, Literal

from checker.model.results import BatchReport, InputFailure, UnitReport

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
    """Base of the per-format writers: ``unit`` per unit in order, then ``finish`` once.

    Only a format that lists every unit at the end (text's summary table, Markdown's,
    HTML's index) keeps a digest per unit; the others keep counts at most, so their memory
    does not grow with the batch (``keeps_digests``)."""

    keeps_digests = True

    def __init__(self) -> None:
        self.digests: list[UnitDigest] = []

    def unit(self, unit: UnitReport) -> None:
        if self.keeps_digests:
            self.digests.append(UnitDigest.of(unit))
        self._unit(unit)

    def _unit(self, unit: UnitReport) -> None:
        raise NotImplementedError

    def finish(self, errors: list[InputFailure]) -> None:
        raise NotImplementedError

    def summary(self, errors: list[InputFailure]) -> BatchReport:
        return BatchReport(units=list(self.digests), errors=list(errors))


class Spool:
    """A temporary text file for a part written before it can be placed."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def write(self, text: str) -> None:
        self.file.write(text)

    def copy_to(self, out: IO[str]) -> None:
        self.file.seek(0)
        shutil.copyfileobj(self.file, out)
        self.file.close()


class Trailing:
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


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))




def indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))
