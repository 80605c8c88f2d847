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
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from checker.limits import DEFAULT_RULE_SECONDS, document_limits


class RuleTimeout(Exception):
    """The rule used up its share of the document's time budget."""


class DocumentBudget:
    """``document_limits().seconds`` for a whole document, at most ``rule_seconds`` of it
    for any one rule.

    Used as a context manager around a document's rules, the alarm handler is installed
    once and the timer armed lazily: a rule only notes its deadline, and the timer, when
    it fires, raises if the running rule is past its deadline or else re-arms for it. A
    timer armed for an earlier rule always fires no later than a later rule's deadline
    (rules start later and their deadlines are never earlier), so every rule is still
    stopped on time, without two system calls per rule. Outside a ``with`` each rule arms
    and disarms the timer itself."""

    def __init__(self, seconds: float | None = None,
                 rule_seconds: float = DEFAULT_RULE_SECONDS) -> None:
        self.seconds = document_limits().seconds if seconds is None else seconds
        self.rule_seconds = rule_seconds
        self.deadline = time.monotonic() + self.seconds
        self._installed = False
        self._previous: Any = None
        self._fires_at: float | None = None  # when the armed timer goes off (monotonic)
        self._rule_deadline: float | None = None  # the running rule's, None between rules
        self._allowance = 0.0

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def __enter__(self) -> DocumentBudget:
        if _signals_usable():
            self._previous = signal.signal(signal.SIGALRM, self._expire)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            self._installed = False
            self._rule_deadline = None
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._fires_at = None

    def _expire(self, _signum: int, _frame: object) -> None:
        self._fires_at = None
        deadline = self._rule_deadline
        if deadline is None:
            return  # between rules: the next rule arms the timer again
        left = deadline - time.monotonic()
        # Within a millisecond counts as reached: setitimer rounds to microseconds, and a
        # zero there would disarm the timer instead of arming it.
        if left <= _EARLY:
            raise RuleTimeout(f"超过 {self._allowance:.3g} 秒仍未完成")
        signal.setitimer(signal.ITIMER_REAL, left)
        self._fires_at = deadline

    def rule(self) -> AbstractContextManager[None]:
        """Run one rule (``with budget.rule(): ...``); raise ``RuleTimeout`` when it runs
        past its allowance."""
        allowance = min(self.rule_seconds, self.remaining())
        if allowance <= 0:
            raise RuleTimeout(f"文档的时间预算（{self.seconds:g} 秒）已用完")
        if self._installed:
            return _Window(self, allowance)
        return _alone(allowance)


class _Window:
    """One rule under a document's installed handler: a plain object with ``__enter__``
    and ``__exit__``, cheaper than a generator-based context manager per rule."""

    __slots__ = ("allowance", "budget")

    def __init__(self, budget: DocumentBudget, allowance: float) -> None:
        self.budget = budget
        self.allowance = allowance

    def __enter__(self) -> None:
        budget = self.budget
        deadline = time.monotonic() + self.allowance
        budget._allowance = self.allowance
        budget._rule_deadline = deadline
        if budget._fires_at is None or budget._fires_at > deadline:
            signal.setitimer(signal.ITIMER_REAL, self.allowance)
            budget._fires_at = deadline

    def __exit__(self, *exc: object) -> None:
        self.budget._rule_deadline = None


@contextmanager
def _alone(allowance: float) -> Iterator[None]:
    """One rule with no handler installed for its document: arm and disarm around it."""
    if not _signals_usable():
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


_EARLY = 0.001


def _signals_usable() -> bool:
    return threading.current_thread() is threading.main_thread() \
        and hasattr(signal, "setitimer")
