"""Running a batch: find the documents, check each one (in parallel with ``jobs`` > 1), and
collect unit reports and input failures. A document that cannot be read is recorded as an
``InputFailure`` and the batch goes on, so one bad PDF extraction never hides the others.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.cli import interrupts
from checker.errors import BudgetlintError, InputError, RuleFileError
from checker.model.results import BatchReport, InputFailure, UnitReport

# Folders are walked for text extractions and PDFs (their text layer is read). HTML pages
# (converted by html_text) are read when named explicitly, but not picked up from folders:
# `--format html` writes its report pages into a folder, and a later `budgetlint check .`
# must not try to check its own reports. Recognising the reports by a marker in their
# <title> was the alternative; it would silently break the day a template changes, while a
# page left out of a walk is visible in the report (its unit is missing), so names it is.
FOLDER_SUFFIXES = (".txt", ".md", ".pdf")


@dataclass(frozen=True)
class BatchOptions:
    pack: Path | None = None
    tolerance: Decimal | None = None
    disabled: tuple[str, ...] = ()
    fail_on: str = "error"
    jobs: int = 1
    progress: bool = False
    # Every file named is one disclosure (``--together``); see ``checker.cli.units``.
    together: bool = False
    # A template profile named by --profile ("option") or the config ("config"); None: detect.
    profile: str | None = None
    profile_source: str = "option"


@dataclass
class Inputs:
    """The documents to check and the paths that could not be used, in command-line order."""

    items: list[Path | InputFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        # A FileGroup (several files, one unit) stands where its first file stood.
        return [item for item in self.items if not isinstance(item, InputFailure)]

    @property
    def failures(self) -> list[InputFailure]:
        return [item for item in self.items if isinstance(item, InputFailure)]


def collect_inputs(paths: Iterable[str | Path]) -> Inputs:
    """Expand folders (recursively, sorted, hidden entries skipped); keep files as given."""
    inputs = Inputs()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        try:
            key = path.resolve(strict=True)
        except (OSError, RuntimeError):
            # A dangling link or a link loop named on the command line: check_one says so.
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            inputs.items.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk = _Walk()
            found = sorted(walk.files(path))
            inputs.warnings.extend(walk.warnings)
            inputs.items.extend(walk.failures)
            if not found and not walk.failures:
                suffixes = ", ".join(f"*{s}" for s in FOLDER_SUFFIXES)
                inputs.items.append(InputFailure(str(path), f"no {suffixes} files found"))
            for file in found:
                add(file)
        elif path.exists():
            add(path)
        elif path.is_symlink():
            inputs.items.append(InputFailure(str(path), "符号链接指向不存在的文件（或链接成环）"))
        else:
            inputs.items.append(InputFailure(str(path), "no such file or directory"))
    return inputs


class _Walk:
    """A folder walk that follows links to folders once (a link loop is skipped with a
    warning, not followed forever), warns about dangling links and reports folders it
    cannot read: a document left out silently would make the batch look complete."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.failures: list[InputFailure] = []
        self._visited: set[tuple[int, int]] = set()

    def files(self, folder: Path) -> Iterator[Path]:
        try:
            info = folder.stat()
        except OSError as error:
            self.failures.append(InputFailure(str(folder), f"无法访问文件夹（{_why(error)}）"))
            return
        identity = (info.st_dev, info.st_ino)
        if identity in self._visited:
            self.warnings.append(f"{folder}: 符号链接成环，已跳过")
            return
        self._visited.add(identity)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            self.failures.append(InputFailure(str(folder), f"无法读取文件夹（{_why(error)}）"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if entry.is_symlink() and not (is_dir or is_file):
                self.warnings.append(f"{path}: 符号链接指向不存在的目标（或链接成环），已跳过")
                continue
            if is_dir:
                yield from self.files(path)
            elif is_file and entry.name.lower().endswith(FOLDER_SUFFIXES):
                yield path


def _why(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "权限不足"
    return error.strerror or type(error).__name__


def run_batch(paths: Iterable[str | Path], options: BatchOptions) -> BatchReport:
    """Check every document under ``paths``; units and failures keep the input order."""
    batch = BatchReport()
    for outcome in iter_batch(paths, options):
        if isinstance(outcome, UnitReport):
            batch.units.append(outcome)
        else:
            batch.errors.append(outcome)
    return batch


def iter_batch(paths: Iterable[str | Path], options: BatchOptions
               ) -> Iterator[UnitReport | InputFailure]:
    """The outcome of every document under ``paths`` in input order, each as soon as it and
    those before it are done: a report can be written while the batch runs, and memory does
    not grow with the batch. A broken ``--rules`` pack raises here, before any outcome."""
    paths = list(paths)
    inputs = collect_inputs(paths)
    _group_named(inputs, paths, options.together)
    for warning in inputs.warnings:
        print(f"budgetlint: 警告: {warning}", file=sys.stderr)
    if options.profile:
        from checker.engine.profiles import check_name

        check_name(options.profile)  # a misspelt profile is one line and exit 2, once
    if options.pack is not None:
        # An explicit pack is needed by every document: if it is broken, say so once and stop
        # (the RuleFileError reaches the CLI as one line, exit 2) instead of N times.
        _pack_for(Path(options.pack))
    if options.jobs > 1:
        _preload(options)
    return _in_order(inputs, options)


def _group_named(inputs: Inputs, paths: list[str | Path], together: bool) -> None:
    """Files named on the command line that form one disclosure become one item."""
    from checker.cli.units import group_files

    named = [item for item in inputs.items if isinstance(item, Path)
             and any(Path(p) == item for p in paths)]
    for group in group_files(named, together):
        first = inputs.items.index(group.paths[0])
        members = set(group.paths)
        inputs.items[first] = group  # type: ignore[call-overload]
        inputs.items[:] = [i for i in inputs.items if not (isinstance(i, Path) and i in members)]


def _in_order(inputs: Inputs, options: BatchOptions) -> Iterator[UnitReport | InputFailure]:
    checked = _check_all(inputs.files, options)
    for item in inputs.items:
        outcome = item if isinstance(item, InputFailure) else next(checked)
        if isinstance(outcome, UnitReport):
            outcome.fail_on = options.fail_on  # type: ignore[assignment]
        yield outcome


def _check_all(files: list[Path], options: BatchOptions) -> Iterator[UnitReport | InputFailure]:
    jobs = max(1, min(options.jobs, len(files)))
    with _progress(len(files), options.progress) as advance:
        if jobs == 1:
            for index, file in enumerate(files):
                outcome = check_one(file, options)
                interrupts.raise_if_requested()
                if index == 0 and len(files) > 1:
                    settle()  # the packs and grammar are loaded now
                advance()
                yield outcome
            return
        # Own worker processes, not ProcessPoolExecutor: a killed worker costs only its
        # document, and Ctrl-C stops everything at once (checker/cli/workers.py).
        from checker.cli.workers import run_parallel

        yield from run_parallel(files, check_one, options, jobs, jobs * _WINDOW, advance)


# Documents in flight per worker: enough to keep every worker busy behind a slow document.
_WINDOW = 8


# One cache per process: each worker process loads each pack at most once.
_PACKS: dict[Path, Any] = {}
_PACK_ERRORS: dict[Path, RuleFileError] = {}
_RESOLVED: dict[Path, Path] = {}


def _pack_for(path: Path) -> Any:
    from checker.engine import run as engine

    key = _RESOLVED.get(path)
    if key is None:
        key = path.resolve()
        if path.is_absolute():
            # A profile's pack path: resolved once per process rather than once per
            # document (a relative path depends on the working folder: never kept).
            _RESOLVED[path] = key
    if key in _PACK_ERRORS:
        raise _PACK_ERRORS[key]
    if key not in _PACKS:
        try:
            _PACKS[key] = engine.load_pack(path)
        except RuleFileError as error:
            _PACK_ERRORS[key] = error
            raise
    return _PACKS[key]


def _preload(options: BatchOptions) -> None:
    """Load the packs and the grammar before the workers fork, so they inherit them instead
    of each loading them again (on platforms that spawn, workers read the disk cache)."""
    from checker.engine.expr import compile_expr
    from checker.engine.profiles import shipped_profiles
    from checker.parse.parser import disclosure_parser, disclosure_tables
    from checker.parse.phrasings import shipped_macros

    if disclosure_tables() is None:  # the grammar's tables (lark only on a cache miss)
        disclosure_parser()
    compile_expr("0")  # the expression memo (and lark's expression grammar on a miss)
    shipped_macros()  # the statement phrasings, compiled
    paths = [options.pack] if options.pack is not None else [
        profile.path for profile in shipped_profiles()]
    for path in paths:
        # A broken pack is remembered and reported by the documents that need it.
        with contextlib.suppress(RuleFileError):
            _pack_for(Path(path))
    settle()


def settle() -> None:
    """Move what a batch keeps for its whole run (packs, grammars, compiled patterns,
    imports) out of the garbage collector's sight, once: every full collection would
    otherwise walk all of it again, about a millisecond per document of a batch. Garbage
    already there is collected first, so nothing unreachable is kept. Forked workers
    inherit the frozen objects without the collector touching their pages."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


_settled = False


def check_one(path: Path, options: BatchOptions) -> UnitReport | InputFailure:
    """Parse and check one document. Never raises for a problem with this one document."""
    from checker.cli.units import PARSED, FileGroup, check_group
    from checker.parse.parser import parse_file

    if isinstance(path, FileGroup):
        return _guarded(str(path), lambda: check_group(path, lambda d: check_parsed(d, options)))
    source = str(path)
    try:
        # (resolving costs system calls: only when files named together were parsed)
        doc = (PARSED.pop(path.resolve(), None) if PARSED else None) or parse_file(path)
        report = check_parsed(doc, options)
        if doc.page_starts:
            # A PDF's line numbers are lines of its extracted text: give the page as well, so
            # a reader with the PDF open can find the evidence.
            # Each line read from the page geometry also knows its box there.
            for result in report.results:
                for evidence in result.evidence:
                    place = doc.place_of(evidence.line)
                    if evidence.page is None:
                        evidence.page = place[0] if place else doc.page_of(evidence.line)
                    if evidence.bbox is None and place is not None:
                        evidence.bbox = place[1]
    except InputError as error:
        return InputFailure(source, error.problem)
    except BudgetlintError as error:
        # e.g. the default pack for this document's kind is broken: the other kinds'
        # documents can still be checked, so this is this document's failure only.
        return InputFailure(source, error.one_line())
    except Exception as error:
        if os.environ.get("BUDGETLINT_DEBUG"):
            raise
        # A bug in the parser or a rule must not sink a batch of a hundred units; the exit
        # status is still 2 and the message asks for a report.
        return InputFailure(source, f"internal error ({type(error).__name__}: {error}); "
                                    "set BUDGETLINT_DEBUG=1 for a traceback and please report it")
    # The report names the file as the user gave it, so every format links back to it.
    report.source = source
    return report


def _guarded(source: str, run: Callable[[], UnitReport | InputFailure]
             ) -> UnitReport | InputFailure:
    try:
        return run()
    except Exception as error:
        if os.environ.get("BUDGETLINT_DEBUG"):
            raise
        return InputFailure(source, f"internal error ({type(error).__name__}: {error}); "
                                    "set BUDGETLINT_DEBUG=1 for a traceback and please report it")


def check_parsed(doc: Any, options: BatchOptions) -> UnitReport:
    """Pick the profile (or take ``--rules``), load its pack and check the document."""
    from checker.engine import profiles
    from checker.engine import run as engine

    headed = any(part.title or part.children for part in doc.parts)
    if doc.kind is None and not (headed or doc.tables or doc.performance_tables):
        # Nothing in it is a disclosure's: every rule would be "not applicable" or "not
        # verifiable" and the unit would pass, a CI gate passing by accident.
        # "认不出", not "没有…字样": a stray "年度预算" may be in it without naming the
        # document's own kind.
        raise InputError(doc.source, "不是预算或决算公开文档：认不出文件是预算还是决算，"
                                     "也没有部分、章节或表格")
    if options.pack is not None:
        pack = _pack_for(Path(options.pack))
        detection = profiles.for_pack(Path(options.pack).stem, Path(options.pack))
    else:
        detection = engine.choose_profile(doc, options.profile, options.profile_source)
        pack = _pack_for(detection.profile.path)
    return engine.check_document(doc, pack, tolerance=options.tolerance,
                                 disabled=options.disabled, detection=detection)


class _progress:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1
        self._bar: Any = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress("checking", BarColumn(), MofNCompleteColumn(),
                             TimeRemainingColumn(), console=Console(file=sys.stderr),
                             transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("checking", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def progress_wanted() -> bool:
    """A bar only for a person watching: stderr is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")
