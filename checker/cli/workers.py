"""Worker processes for ``--jobs N`` that survive what ``ProcessPoolExecutor`` does not.

- **A dead worker** (kill -9, the out-of-memory killer) breaks a ``ProcessPoolExecutor`` and
  every pending future with it: the whole batch was lost. Here each worker runs one document
  at a time and the pool knows which: that document becomes an input error ("the checking
  process died"), a new worker takes its place, and the batch goes on.
- **Ctrl-C**: workers ignore SIGINT (the terminal sends it to the whole process group); the
  main process stops handing out documents at once, kills the workers and re-raises. While it
  kills them a second Ctrl-C is ignored, so it can never interrupt the clean-up half-way
  (the executor's shutdown could deadlock there).
- **The main process killed**: each worker asks the kernel for SIGKILL when its parent dies
  (``PR_SET_PDEATHSIG``, Linux) and, wherever that is unavailable, notices that its parent is
  gone within a second while it waits for work. No orphan keeps burning CPU.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from checker.model.results import InputFailure, UnitReport

Outcome = UnitReport | InputFailure
Check = Callable[[Path, Any], Outcome]

WORKER_DIED = "检查进程意外终止（可能因内存不足被系统结束），该文档未能检查"
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))


def _worker_main(conn: Connection, check: Check, options: Any, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    while True:
        # Wake up every second to notice a parent that is gone (where PDEATHSIG is missing).
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        conn.send((index, check(path, options)))


class _Worker:
    def __init__(self, context: Any, check: Check, options: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main,
                                       args=(child, check, options, os.getpid()), daemon=True)
        # The child must ignore SIGINT from its first instruction: a Ctrl-C while it is being
        # forked would otherwise raise inside its start-up code and print a traceback.
        previous = None
        with contextlib.suppress(ValueError):  # not the main thread
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self.process.start()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        child.close()
        self.task: tuple[int, Path] | None = None

    def give(self, index: int, path: Path) -> bool:
        """Hand over a document; False when the worker is gone (killed while idle, between
        two documents): nothing was handed over. Sending to it raised BrokenPipeError, which
        the command line takes for a closed standard output and the whole batch was lost."""
        try:
            self.conn.send((index, path))
        except OSError:
            return False
        self.task = (index, path)
        return True

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(timeout=2)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


def run_parallel(files: list[Path], check: Check, options: Any, jobs: int,
                 window: int, advance: Callable[[], None]) -> Iterator[Outcome]:
    """``check(path, options)`` for every file in ``jobs`` processes; outcomes in input
    order, at most ``window`` finished ones held back waiting for an earlier one."""
    context = multiprocessing.get_context()
    workers = [_Worker(context, check, options) for _ in range(min(jobs, len(files)))]
    done: dict[int, Outcome] = {}
    following = 0  # the next index to hand out
    wanted = 0  # the next index to yield
    finished = False
    try:
        while wanted < len(files):
            for position, worker in enumerate(workers):
                if worker.task is None and following < len(files) \
                        and following - wanted < window:
                    if not worker.give(following, files[following]):
                        worker.kill()
                        worker = workers[position] = _Worker(context, check, options)
                        if not worker.give(following, files[following]):
                            worker.task = (following, files[following])  # reported as died
                    following += 1
            busy = [w for w in workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for position, worker in enumerate(workers):
                if worker.task is None:
                    continue
                index, path = worker.task
                if worker.conn in ready or worker.process.sentinel in ready:
                    outcome = _collect(worker, path)
                    if outcome is None:
                        continue
                    done[index] = outcome
                    advance()
                    if not worker.process.is_alive() or (isinstance(outcome, InputFailure) \
                            and outcome.message == WORKER_DIED):
                        worker.kill()
                        workers[position] = _Worker(context, check, options)
                    else:
                        worker.task = None
            while wanted in done:
                yield done.pop(wanted)
                wanted += 1
        finished = True
    finally:
        _shut_down(workers, gently=finished)


def _collect(worker: _Worker, path: Path) -> Outcome | None:
    """The worker's result, or an input error when it died before sending one; None when
    nothing is there yet."""
    try:
        if worker.conn.poll():
            _index, outcome = worker.conn.recv()
            return outcome  # type: ignore[no-any-return]
    except (EOFError, OSError):
        pass
    if worker.process.is_alive():
        return None
    return InputFailure(str(path), WORKER_DIED)


def _shut_down(workers: list[_Worker], gently: bool) -> None:
    """Stop every worker; on Ctrl-C or an error kill them, with SIGINT ignored meanwhile so a
    second Ctrl-C cannot leave them half-stopped."""
    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for worker in workers:
            if gently:
                worker.stop()
            else:
                worker.kill()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
