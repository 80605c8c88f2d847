"""Batches that survive (issue #14): Ctrl-C (once or twice) with --jobs 4 ends the run and its
workers, a killed worker costs only its document, killing the main process leaves no orphan,
and kill -9 mid-write leaves the previous report (and the next run removes the temporary
file). Real processes and real signals; assertions on what happened, with generous timeouts
(a hang fails the test by timing out), never on how fast."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.cli.check import OUTPUT_NAMES
from checker.cli.workers import WORKER_DIED

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DOCUMENTS = 24

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="signals and /proc as on Linux")


def _folder(factory: pytest.TempPathFactory, count: int) -> Path:
    out = factory.mktemp("batch")
    sources = sorted(EXAMPLES.glob("*.txt"))
    for index in range(count):
        shutil.copy(sources[index % len(sources)], out / f"doc{index:03}.txt")
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _folder(tmp_path_factory, DOCUMENTS)


@pytest.fixture(scope="module")
def long_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch far from done when it is interrupted (the tests never let it finish)."""
    return _folder(tmp_path_factory, 400)


def _start(folder: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CI": "true"}
    env.pop("BUDGETLINT_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "checker", "check", str(folder), "--jobs",
                             "4", "--format", "json", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, env=env,
                            preexec_fn=_default_sigint)


def _default_sigint() -> None:
    # A shell without job control starts background jobs (a CI script's, say) with SIGINT
    # ignored, and children inherit that: give the run Ctrl-C as a terminal would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, state) of the processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append((int(entry), fields[0]))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for_workers(process: subprocess.Popen[str], running: bool = False) -> list[int]:
    for _ in range(600):
        time.sleep(0.1)
        workers = _children(process.pid)
        busy = [pid for pid, state in workers if state == "R"]
        if len(workers) >= 4 and (busy or not running):
            return busy if running else [pid for pid, _ in workers]
    pytest.fail("the workers never started")


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_ends_the_run_and_its_workers(long_batch: Path, tmp_path: Path,
                                            presses: int) -> None:
    """Twice: the second press must not deadlock; once: the queued documents are not
    checked first (400 of them would take minutes)."""
    out = tmp_path / "out"
    process = _start(long_batch, "--output", str(out))
    workers = _wait_for_workers(process)
    for press in range(presses):
        if press:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
    pressed = time.monotonic()
    _out, err = process.communicate(timeout=60)  # a deadlock fails here
    # A generous bound (measured: well under a second, docs/robustness.md); it only tells
    # "ends promptly" from "checks the queued documents first".
    assert time.monotonic() - pressed < 15
    assert process.returncode == 130
    assert "Traceback" not in err and "interrupted" in err
    # Interrupted mid-batch: no report and no temporary file (never half a report).
    assert sorted(p.name for p in out.iterdir()) == []
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


@pytest.fixture(scope="module")
def slow_last(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few small documents, then one that takes seconds (the examples concatenated):
    once the small ones are done, its worker is the only one at work."""
    out = _folder(tmp_path_factory, 8)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))
    (out / "zz_large.txt").write_text(text * 12, encoding="utf-8")
    return out


def _sole_busy_worker(process: subprocess.Popen[str], workers: int) -> int:
    """The one worker still running while the others wait for work, the same one three
    samples in a row (so it is mid-document, not between two)."""
    seen: list[int] = []
    for _ in range(1200):
        time.sleep(0.1)
        states = _children(process.pid)
        busy = [pid for pid, state in states if state == "R"]
        idle = [pid for pid, state in states if state == "S"]
        if len(states) == workers and len(busy) == 1 and len(idle) == workers - 1:
            seen = [*seen, busy[0]] if seen and seen[-1] == busy[0] else [busy[0]]
            if len(seen) == 3:
                return seen[0]
        else:
            seen = []
    pytest.fail("never saw one worker at work and the others idle")


def test_killed_worker_loses_only_its_document(slow_last: Path, tmp_path: Path) -> None:
    # Killed mid-document, deterministically: a worker killed between two documents loses
    # nothing (and the run rightly exits 1), so the victim is the large document's worker
    # once the small documents are done. The report goes to a file: a report streamed into
    # a pipe nobody reads yet stops the batch when the pipe is full, every worker idle.
    process = _start(slow_last, "--output", str(tmp_path))
    victim = _sole_busy_worker(process, workers=4)
    os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
    _out, err = process.communicate(timeout=600)
    assert process.returncode == 2, err
    report = json.loads((tmp_path / OUTPUT_NAMES["json"]).read_text(encoding="utf-8"))
    assert "Traceback" not in err
    died = [e for e in report["errors"] if e["message"] == WORKER_DIED]
    assert [e["source"] for e in died] == [str(slow_last / "zz_large.txt")]
    assert sorted(u["source"] for u in report["units"]) == sorted(
        str(p) for p in slow_last.glob("doc*.txt"))


def test_killing_the_main_process_leaves_no_orphan(long_batch: Path) -> None:
    process = _start(long_batch)
    workers = _wait_for_workers(process)
    process.kill()
    process.communicate(timeout=60)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_parallel_report_equals_serial(folder: Path) -> None:
    env = {**os.environ, "CI": "true"}
    runs = [subprocess.run([sys.executable, "-m", "checker", "check", str(folder), "--jobs",
                            jobs, "--format", "json"], capture_output=True, text=True,
                           timeout=600, check=False, env=env) for jobs in ("1", "3")]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout


def test_kill_9_mid_write_keeps_the_old_report_and_the_next_run_cleans_up(
        long_batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(EXAMPLES.glob("*.txt"))[0], one / "doc.txt")
    env = {**os.environ, "CI": "true"}
    command = [sys.executable, "-m", "checker", "check", "--format", "json", "--output",
               str(out)]
    first = subprocess.run([*command, str(one)], capture_output=True, text=True, env=env,
                           timeout=300, check=False)
    target = out / "budgetlint.json"
    assert first.returncode == 1, first.stderr
    old = target.read_bytes()
    assert len(json.loads(old)["units"]) == 1
    process = _start(long_batch, "--output", str(out))
    # Kill -9 (main process and workers) once the new report is well under way.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        written = [p for p in out.glob(".budgetlint.json.*.tmp") if p.stat().st_size > 65536]
        if written:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the report was never being written")
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert target.read_bytes() == old  # the previous complete report, untouched
    assert [p.name for p in out.glob("*.tmp")] == [written[0].name]  # nothing ran to clean it
    again = subprocess.run([*command, str(one)], capture_output=True, text=True, env=env,
                           timeout=300, check=False)
    assert again.returncode == 1, again.stderr
    # The next run into the folder removes what the killed writer left.
    assert sorted(p.name for p in out.iterdir()) == ["budgetlint.json"]
    assert len(json.loads(target.read_text(encoding="utf-8"))["units"]) == 1


def test_a_worker_killed_while_idle_takes_no_document_and_no_batch() -> None:
    """Killed between two documents, a worker cannot take the next one: ``give`` says so
    (the batch replaces it) instead of raising BrokenPipeError, which ended the whole batch
    as if standard output had been closed (exit 141, no report)."""
    import multiprocessing

    from checker.cli.workers import _Worker

    worker = _Worker(multiprocessing.get_context(), os.path.join, None)
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(timeout=30)
    assert not worker.give(0, Path("doc.txt"))
    assert worker.task is None
    worker.kill()
