"""The parts every streamed writer shares: the ``Writer`` protocol (``unit`` per unit in
order, ``finish`` once), the spool for a part that is written before it can be placed and
the spool of one small record per unit for what lists every unit at the end. See
``checker.report.stream``."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from typing import IO, Any

from checker.model.results import InputFailure, UnitReport


class Writer:
    """Base of the per-format writers: ``unit`` per unit in order, then ``finish`` once.

    No writer keeps anything per unit in memory: what comes at the end (totals, text's and
    Markdown's summary table, HTML's index) is built from counts and from a line per unit
    spooled to a temporary file (``LineSpool``), so memory does not grow with the batch."""

    def unit(self, unit: UnitReport) -> None:
        self._unit(unit)

    def _unit(self, unit: UnitReport) -> None:
        raise NotImplementedError

    def finish(self, errors: list[InputFailure]) -> None:
        raise NotImplementedError


class Spool:
    """A temporary text file for a part written before it can be placed.

    ``tempfile.TemporaryFile`` in the system temporary folder, as every spool here: on
    POSIX it has no name from the start, so nothing is left behind whatever ends the run
    (success, an error, Ctrl-C, kill -9); elsewhere it is deleted when closed."""

    def __init__(self) -> None:
        import tempfile  # here, not at the top: a one-file text check never needs it

        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def write(self, text: str) -> None:
        self.file.write(text)

    def copy_to(self, out: IO[str]) -> None:
        import shutil

        self.file.seek(0)
        shutil.copyfileobj(self.file, out)
        self.file.close()

    def close(self) -> None:
        self.file.close()


class LineSpool:
    """One small JSON record per unit (a summary row, an index entry) in a temporary file
    (as ``Spool``), read back in order at the end, as often as needed, a block at a time.

    The first ``IN_MEMORY`` bytes stay in memory: a small batch (a one-file check) then never
    creates a file, nor loads ``tempfile``; memory stays bounded by that size."""

    IN_MEMORY = 1 << 20

    def __init__(self) -> None:
        self.file: IO[bytes] = io.BytesIO()
        self.count = 0
        self._at_end = True

    def append(self, record: Any) -> None:
        if not self._at_end:  # a pass read part of the file: write after the last record
            self.file.seek(0, os.SEEK_END)
            self._at_end = True
        self.file.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        self.count += 1
        if isinstance(self.file, io.BytesIO) and self.file.tell() > self.IN_MEMORY:
            self._to_disk()

    def _to_disk(self) -> None:
        import tempfile

        disk = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        disk.write(self.file.getvalue())  # type: ignore[attr-defined]
        self.file = disk

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        # Each pass keeps its own position, so two passes may interleave (the HTML index
        # reads the records once for its overview and once for its table).
        self.file.flush()
        self._at_end = False
        position = 0
        while True:
            self.file.seek(position)
            block = self.file.readlines(1 << 16)
            if not block:
                return
            position = self.file.tell()
            for line in block:
                yield json.loads(line)

    def close(self) -> None:
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


def indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))
