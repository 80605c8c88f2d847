"""Errors caused by the user's input: reported as one line, never as a traceback."""

from __future__ import annotations


class BudgetlintError(Exception):
    """Base of every error that is the user's to fix (bad input, bad rule file, bad config)."""

    def __init__(self, path: str | None, problem: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.problem}"


class InputError(BudgetlintError):
    """A document that cannot be read: missing, binary, empty, undecodable."""


class RuleFileError(BudgetlintError):
    """A rule pack that cannot be used: not YAML, schema violation, bad regex, ..."""


class ConfigError(BudgetlintError):
    """A configuration or waiver file that cannot be used."""


class OutputError(BudgetlintError):
    """A report that could not be written (folder missing or read-only, disk full, ...)."""
