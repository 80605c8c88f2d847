"""The ``budgetlint`` command line: one sub-command module per job."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence

from checker import __version__
from checker.cli import check as check_command
from checker.cli import interrupts
from checker.cli import parse as parse_command
from checker.cli import rules as rules_command
from checker.cli import serve as serve_command
from checker.errors import BudgetlintError, InputError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetlint",
        description=("Check Chinese budget/final-account disclosures (预算/决算公开) "
                     "against rule packs."),
    )
    parser.add_argument("--version", action="version", version=f"budgetlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    parse_command.register(commands)
    check_command.register(commands)
    rules_command.register(commands)
    serve_command.register(commands)
    return parser


def _in_report_language(error: InputError, args: argparse.Namespace) -> InputError:
    """A document's problem is for the auditor: in the report language (--lang, else
    $BUDGETLINT_LANG, else Chinese; the config file is not read again for an error). The
    JSON reports keep the English, their stable contract."""
    from checker.report.i18n import LANGUAGES, translate, use_language

    chosen = getattr(args, "lang", None) or os.environ.get("BUDGETLINT_LANG")
    with use_language(chosen if chosen in LANGUAGES else "zh"):
        return InputError(error.path, translate(error.problem), error.line, error.column)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _on_interrupt()
    try:
        return int(args.handler(args))
    except BudgetlintError as error:
        if isinstance(error, InputError):
            error = _in_report_language(error, args)
        for line in error.one_line().splitlines():
            print(f"budgetlint: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # The run has stopped; from here on only the interpreter's exit is left, during which
        # Python puts SIGINT back to its default (a second Ctrl-C would kill the process
        # with -2 instead of exit status 130): ignore it.
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("budgetlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): the result is unknown, so never report success.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # RecursionError and MemoryError included
        if os.environ.get("BUDGETLINT_DEBUG"):
            raise
        # Whatever went wrong, the user gets one line and a failing status, never a traceback
        # (and never exit 0: a CI gate must not pass because budgetlint itself broke).
        name = type(error).__name__
        print(f"budgetlint: 内部错误（{name}: {_short(error)}）；设置 BUDGETLINT_DEBUG=1 "
              "可看到完整的回溯，请报告此问题", file=sys.stderr)
        return 2


def _on_interrupt() -> None:
    """The first Ctrl-C raises KeyboardInterrupt (the run stops cleanly, workers included);
    a second one while that clean-up runs ends the process at once, so nothing can leave
    the user waiting on a hung shutdown (report files are written atomically, and worker
    processes die with their parent)."""
    interrupts.reset()
    if threading.current_thread() is not threading.main_thread():
        return
    interrupts.install()

    def first(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGINT, second)
        interrupts.request()  # raised again between documents if this one is swallowed
        raise KeyboardInterrupt

    def second(_signum: int, _frame: object) -> None:
        os.write(2, b"budgetlint: interrupted\n")
        # The first press's clean-up may not have reached the report being written yet
        # (never imported: no report file was begun).
        atomic = sys.modules.get("checker.report.atomic")
        if atomic is not None:
            atomic.remove_live()
        os._exit(130)

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, first)


def _short(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
