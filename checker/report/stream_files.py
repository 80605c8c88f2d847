"""Where a streamed report goes: a file written under a temporary name and renamed into
place when complete, or standard output as UTF-8 whatever the locale."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

from checker.errors import OutputError
from checker.report.atomic import (
    describe,
    describe_in,
    ensure_folder,
    forget,
    publish,
    temporary_file,
)


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
            raise OutputError(str(target),
                              f"无法写入报告：{describe_in(target.parent, error)}") from None
        self.stream: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            publish(self.temporary, self.target)
        except OSError as error:
            self.abort()
            raise OutputError(str(self.target), f"无法写入报告：{describe(error)}") from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)
        forget(self.temporary)


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
