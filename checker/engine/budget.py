"""A time budget per document, so that a runaway rule becomes "not verifiable (timed out)"
instead of a hang.

RE2 runs rule patterns in linear time, but a pattern RE2 cannot compile runs on Python's
backtracking ``re``, and kinds do arbitrary work; the strict validator is a heuristic. The
budget is the backstop: ``SIGALRM`` (``setitimer``) interrupts even a regex match in
progress (``re`` checks for signals while it backtracks). Signals exist only in the main
thread, so elsewhere (a caller's thread pool) the budget is not enforced.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from checker.limits import DEFAULT_RULE_SECONDS, document_limits


class RuleTimeout(Exception):
    """The rule used up its share of the document's time budget."""


class DocumentBudget:
    """``document_limits().seconds`` for a whole document, at most ``rule_seconds`` of it
    for any one rule."""

    def __init__(self, seconds: float | None = None,
                 rule_seconds: float = DEFAULT_RULE_SECONDS) -> None:
        self.seconds = document_limits().seconds if seconds is None else seconds
        self.rule_seconds = rule_seconds
        self.deadline = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    @contextmanager
    def rule(self) -> Iterator[None]:
        """Run one rule; raise ``RuleTimeout`` when it runs past its allowance."""
        allowance = min(self.rule_seconds, self.remaining())
        if allowance <= 0:
            raise RuleTimeout(f"文档的时间预算（{self.seconds:g} 秒）已用完")
        if threading.current_thread() is not threading.main_thread() \
                or not hasattr(signal, "setitimer"):
            yield
            return

        def expire(_signum: int, _frame: object) -> None:
            raise RuleTimeout(f"超过 {allowance:.3g} 秒仍未完成")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, allowance)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
