"""A Ctrl-C that Python swallowed still stops the batch.

A KeyboardInterrupt raised while a weak-reference callback or a ``__del__`` runs (the
per-document memos drop their entries through such callbacks) is not propagated: Python
reports it as "Exception ignored" and the batch would go on checking every document. The
signal handler records the press as well, the batch raises it again between documents, and
a swallowed KeyboardInterrupt is recorded instead of printed."""

from __future__ import annotations

import sys
from typing import Any

requested = False
_installed = False
_previous: Any = sys.unraisablehook


def request() -> None:
    """Called by the SIGINT handler before it raises KeyboardInterrupt."""
    global requested
    requested = True


def raise_if_requested() -> None:
    """Between documents: a press whose KeyboardInterrupt was swallowed stops the run now."""
    if requested:
        raise KeyboardInterrupt


def reset() -> None:
    """A new run (``main`` may be called more than once in one process: tests, the web app)."""
    global requested
    requested = False


def _unraisable(args: Any) -> None:
    if args.exc_type is not None and issubclass(args.exc_type, KeyboardInterrupt):
        request()  # raised again at the next document boundary; nothing to print
        return
    _previous(args)


def install() -> None:
    """Route swallowed KeyboardInterrupts here, once per process."""
    global _installed, _previous
    if not _installed:
        _installed = True
        _previous = sys.unraisablehook
        sys.unraisablehook = _unraisable
