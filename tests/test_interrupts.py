"""A Ctrl-C whose KeyboardInterrupt Python swallowed (raised inside a weak-reference
callback, as the per-document memos use) still stops the batch with status 130."""

from __future__ import annotations

import shutil
import signal
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.cli import batch, interrupts
from checker.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fresh_hook() -> Iterator[None]:
    saved = sys.unraisablehook, interrupts._installed, interrupts._previous
    # ``main`` installs its Ctrl-C handler and, once interrupted, ignores SIGINT: restored,
    # or every later test's child process would inherit an ignored Ctrl-C.
    sigint = signal.getsignal(signal.SIGINT)
    interrupts.reset()
    yield
    sys.unraisablehook, interrupts._installed, interrupts._previous = saved
    signal.signal(signal.SIGINT, sigint)
    interrupts.reset()


def test_a_keyboard_interrupt_swallowed_in_a_weakref_callback_is_recorded(
        fresh_hook: None, capsys: pytest.CaptureFixture[str]) -> None:
    interrupts._installed = False
    interrupts.install()

    class Document:
        pass

    def callback(_gone: object) -> None:
        raise KeyboardInterrupt

    doc = Document()
    ref = weakref.ref(doc, callback)
    del doc  # the callback raises; Python cannot propagate it from here
    assert ref() is None
    assert interrupts.requested
    assert "KeyboardInterrupt" not in capsys.readouterr().err  # recorded, not printed
    with pytest.raises(KeyboardInterrupt):
        interrupts.raise_if_requested()


def test_other_swallowed_exceptions_still_reach_the_previous_hook(fresh_hook: None) -> None:
    seen: list[BaseException | None] = []
    sys.unraisablehook = lambda args: seen.append(args.exc_value)
    interrupts._installed = False
    interrupts.install()

    class Document:
        pass

    def callback(_gone: object) -> None:
        raise ValueError("boom in a callback")

    doc = Document()
    ref = weakref.ref(doc, callback)
    del doc
    assert ref() is None
    assert not interrupts.requested
    assert [str(error) for error in seen] == ["boom in a callback"]


def test_a_swallowed_press_stops_the_batch_at_the_next_document(
        fresh_hook: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    texts = sorted(FIXTURES.glob("0*.txt"))[:3]
    for text in texts:
        shutil.copy(text, tmp_path / text.name)
    checked: list[Path] = []
    real_check_one = batch.check_one

    def check_one(path: Path, options: batch.BatchOptions) -> object:
        checked.append(path)
        outcome = real_check_one(path, options)
        interrupts.request()  # as the handler does when its KeyboardInterrupt is lost
        return outcome

    monkeypatch.setattr(batch, "check_one", check_one)
    status = main(["check", str(tmp_path), "--format", "jsonl", "--quiet"])
    assert status == 130
    assert len(checked) == 1  # the other two documents were never started
    assert "interrupted" in capsys.readouterr().err
    # A new run starts with no press recorded.
    monkeypatch.setattr(batch, "check_one", real_check_one)
    assert main(["check", str(tmp_path / texts[1].name), "--format", "jsonl",
                 "--quiet"]) in (0, 1)


def test_the_ctrl_c_handler_is_left_as_it_was(fresh_hook: None) -> None:
    # The fixture's restoring is what keeps tests/test_robust_io.py's child processes able
    # to receive Ctrl-C after this file's in-process interrupted run.
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
