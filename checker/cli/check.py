"""`budgetlint check PATH...`: check disclosures and report in one of seven formats.

Exit status: 0 every unit passes, 1 a unit fails the gate (``--fail-on``), 2 an input,
rule pack, config or waiver file could not be used (the other inputs are still checked and
reported). Folders are walked for ``*.txt``, ``*.md`` and ``*.pdf`` (a PDF's text layer is
read); other files (an ``.html`` page, converted to text by ``html_text``) are checked when
named explicitly.

Settings come from, in order of precedence: the command line, ``--config FILE`` or the
nearest ``budgetlint.toml`` / ``[tool.budgetlint]`` in pyproject.toml, the defaults.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker import limits
from checker.cli import selection
from checker.cli.batch import FOLDER_SUFFIXES, BatchOptions, iter_batch, progress_wanted
from checker.cli.config import FAIL_ON_CHOICES, load_config, parse_tolerance
from checker.engine.waivers import Waiving, load_waivers
from checker.errors import ConfigError, OutputError
from checker.model.results import BatchReport, InputFailure, UnitReport
from checker.report import FORMATS
from checker.report.atomic import describe, ensure_folder, write_atomic
from checker.report.i18n import LANGUAGES, label, translate, use_language
from checker.resources import DEFAULT_REPORTS_DIR

# The file a machine-readable format is written to when --output DIR is given.
OUTPUT_NAMES = {"text": "budgetlint.txt", "json": "budgetlint.json", "markdown": "budgetlint.md",
                "junit": "budgetlint-junit.xml", "sarif": "budgetlint.sarif",
                "csv": "budgetlint.csv", "jsonl": "budgetlint.jsonl"}


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "check", help="check disclosures against rule packs and report",
        description="Check 预算/决算 disclosures. Exit status 0: all units pass; 1: a unit "
                    "fails; 2: an input, rule, config or waiver file could not be used.")
    sub.add_argument("paths", nargs="+", metavar="PATH",
                     help=f"files, or folders to walk for {', '.join(FOLDER_SUFFIXES)} files")
    sub.add_argument("--rules", metavar="PACK", type=Path,
                     help="rule pack for every document (default: by the document's kind)")
    sub.add_argument("--profile", metavar="NAME",
                     help="template profile for every document, e.g. shanghai_budget or "
                          "'上海 预算' (default: detected from each document; see "
                          "docs/profiles.md)")
    sub.add_argument("--together", action="store_true",
                     help="the files named are one disclosure published as several files "
                          "(files of the same unit, kind and year are grouped anyway)")
    sub.add_argument("--format", choices=FORMATS, default="text", help="report format")
    sub.add_argument("--output", metavar="DIR", type=Path,
                     help=f"folder to write the report to (html, pdf: {DEFAULT_REPORTS_DIR}/;"
                          " other formats default to standard output)")
    sub.add_argument("--jobs", "-j", metavar="N", type=_jobs, default=1,
                     help="check N documents in parallel (0: one per CPU)")
    sub.add_argument("--fail-on", choices=FAIL_ON_CHOICES, default=None,
                     help="lowest severity that fails a unit (default: error)")
    sub.add_argument("--config", metavar="FILE", type=Path,
                     help="budgetlint.toml or pyproject.toml to read instead of searching")
    sub.add_argument("--waivers", metavar="FILE", type=Path,
                     help="YAML list of accepted findings (unit, rule, reason, expires)")
    sub.add_argument("--tolerance", metavar="X", type=_tolerance, default=None,
                     help="arithmetic tolerance in 万元 (default: the engine's, 0.01)")
    sub.add_argument("--disable", metavar="RULE", action="append", default=[],
                     help="rule id or category to skip (repeatable; adds to the config's list)")
    sub.add_argument("--select", metavar="RULES", action="append", default=[],
                     help="run only these rule ids or categories (comma-separated, repeatable; "
                          "ids may use wildcards: COM-XC-*)")
    sub.add_argument("--ignore", metavar="RULES", action="append", default=[],
                     help="skip these rule ids or categories (comma-separated, repeatable)")
    sub.add_argument("--quiet", "-q", action="store_true",
                     help="text: only failing units and their blocking findings, and the "
                          "closing line; no notes on stderr")
    sub.add_argument("--statistics", action="store_true",
                     help="after the report, how many findings each rule has")
    sub.add_argument("--lang", choices=LANGUAGES, default=None,
                     help="language of the report: zh (中文, default) or en")
    sub.set_defaults(handler=run)


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return jobs or (os.cpu_count() or 1)


def _tolerance(value: str) -> Decimal:
    try:
        return parse_tolerance(value)
    except ConfigError as error:
        raise argparse.ArgumentTypeError(error.problem) from None


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    limits.configure(config.max_document_mb, config.max_line_chars)
    waiver_file = args.waivers or config.waivers
    # Read the waivers before checking: a broken waiver file should fail in a second,
    # not after a batch of a hundred documents.
    waivers = load_waivers(waiver_file) if waiver_file else []
    pack = args.rules or config.pack
    disabled = _selection(args, config, pack, waivers)
    options = BatchOptions(
        pack=pack,
        tolerance=args.tolerance if args.tolerance is not None else config.tolerance,
        disabled=disabled,
        fail_on=args.fail_on or config.fail_on or "error",
        jobs=args.jobs,
        progress=progress_wanted() and not args.quiet,
        together=args.together,
        profile=args.profile or config.profile,
        profile_source="option" if args.profile else "config",
    )
    from checker.report.text import quiet as text_quiet

    outcomes = iter_batch(args.paths, options)
    with use_language(report_language(args.lang, config.lang)), text_quiet(args.quiet):
        return stream_reports(outcomes, Waiving(waivers), args.format, args.output,
                              quiet=args.quiet, statistics=args.statistics)


def _names(values: list[str]) -> list[str]:
    return [n.strip() for value in values for n in value.split(",") if n.strip()]


def _selection(args: argparse.Namespace, config: Any, pack: Path | None,
               waivers: list[Any]) -> tuple[str, ...]:
    """The rule ids not to run; every rule or category named anywhere (config, options,
    waivers) must exist, and a ``--rules`` pack that leaves the default packs out says so."""
    where = str(config.path) if config.path else "config"
    named = [(n, where) for n in config.disable] + [(n, "--disable") for n in args.disable]
    select, ignore = _names(args.select), _names(args.ignore)
    disabled: tuple[str, ...] = ()
    if named or select or ignore or waivers:
        known = selection.catalogue(pack)
        disabled = selection.disabled_rules(known, disable=named, ignore=ignore, select=select)
        selection.check_waiver_rules(known, [(w.rule, f"{w.source}:{w.line}") for w in waivers])
    if pack is not None and not args.quiet:
        chain = selection.pack_chain(pack)
        if chain is not None and selection.dropped_defaults(chain):
            print(f"budgetlint: 注意：规则包 {pack} 没有继承默认规则包（common、budget、final），"
                  "只运行它自己的规则；要保留默认检查，在包中写 extends: final（或 budget、"
                  "common）", file=sys.stderr)
    return disabled


def report_language(flag: str | None, configured: str | None) -> str:
    """--lang, else the config's ``lang``, else $BUDGETLINT_LANG, else Chinese."""
    chosen = flag or configured or os.environ.get("BUDGETLINT_LANG") or "zh"
    if chosen not in LANGUAGES:
        raise ConfigError("BUDGETLINT_LANG", f"unknown language {chosen!r}; "
                          f"choose one of {', '.join(LANGUAGES)}")
    return chosen


def stream_reports(outcomes: Iterable[UnitReport | InputFailure], waiving: Waiving, fmt: str,
                   output: Path | None, *, quiet: bool = False, statistics: bool = False) -> int:
    """Write each unit's report as it comes (memory stays flat however large the batch);
    the bytes are those ``emit`` writes for the whole batch. Returns the exit status."""
    from checker.report import stream

    file = out = None
    tally: Counter[str] = Counter()
    titles: dict[str, str] = {}
    errors: list[InputFailure] = []
    failed = units = 0
    try:
        if fmt in ("html", "pdf"):
            writer = stream.open_writer(fmt, out_dir=output or DEFAULT_REPORTS_DIR)
        elif output is None:
            out = sys.stdout if fmt == "text" else stream.stdout_text()
            # On a terminal the input errors are printed to stderr; a redirected report must
            # carry them itself.
            writer = stream.open_writer(fmt, out, show_errors=not sys.stdout.isatty())
        else:
            file = stream.AtomicTextFile(output / OUTPUT_NAMES[fmt])
            out = file.stream
            writer = stream.open_writer(fmt, out, colour=False)
        for outcome in outcomes:
            if isinstance(outcome, UnitReport):
                waiving.unit(outcome)
                tally.update(r.rule for r in outcome.results
                             if r.status == "fail" and not r.waived)
                titles.update({r.rule: r.title for r in outcome.results})
                failed += outcome.verdict == "fail"
                units += 1
                writer.unit(outcome)
            else:
                errors.append(outcome)
        for note in [] if quiet else waiving.notes():
            print(f"budgetlint: note: {note}", file=sys.stderr)
        for failure in errors:
            print(f"budgetlint: {failure.source}: {translate(failure.message)}", file=sys.stderr)
        writer.finish(errors)
        if out is not None:
            out.flush()
    except BaseException as error:
        if file is not None:  # a failure or Ctrl-C: no half report, no temporary file
            file.abort()
        # Stop the batch now (its worker processes included), not when the generator is
        # garbage-collected at some later point of the interpreter's exit.
        close = getattr(outcomes, "close", None)
        if callable(close):
            with contextlib.suppress(BaseException):
                close()
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
            where = str(file.target) if file is not None else "<stdout>"
            raise OutputError(where, f"无法写出报告：{describe(error)}") from None
        raise
    if file is not None:
        file.commit()
        if not quiet:
            print(f"budgetlint: {label('wrote', target=file.target)}", file=sys.stderr)
    if fmt == "html" and not quiet:
        index = (output or DEFAULT_REPORTS_DIR) / "index.html"
        print(f"budgetlint: {label('wrote_pages', index=index, n=units)}",
              file=sys.stderr)
    if statistics:
        # Beside the findings on a terminal's stdout; on stderr when stdout is a report file.
        target = sys.stdout if fmt == "text" and output is None else sys.stderr
        for rule, count in sorted(tally.items(), key=lambda item: (-item[1], item[0])):
            print(f"{count:6d}  {rule:<14} {titles.get(rule, '')}", file=target)
    return 2 if errors else 1 if failed else 0


def emit(batch: BatchReport, fmt: str, output: Path | None) -> None:
    if fmt == "html":
        from checker.report import html

        index = html.write(batch, output or DEFAULT_REPORTS_DIR)
        print(f"budgetlint: {label('wrote_pages', index=index, n=len(batch.units))}",
              file=sys.stderr)
        return
    if fmt == "pdf":
        from checker.report import pdf

        for unit, target, count in pdf.write(batch, output or DEFAULT_REPORTS_DIR):
            if target is None:
                print(f"budgetlint: {label('no_annotated_copy', source=unit.source)}",
                      file=sys.stderr)
            else:
                print(f"budgetlint: {label('wrote_notes', target=target, n=count)}",
                      file=sys.stderr)
        return
    if fmt == "text" and output is None:
        from checker.report import text

        # On a terminal the input errors were just printed to stderr; a redirected report
        # must carry them itself.
        try:
            text.write(batch, sys.stdout, show_errors=not sys.stdout.isatty())
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError("<stdout>", f"无法写出报告：{describe(error)}") from None
        return
    content = render(batch, fmt)
    # The formats are UTF-8 by definition (csv with its BOM), whatever the locale says.
    data = content.encode("utf-8")
    if output is None:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError("<stdout>", f"无法写出报告：{describe(error)}") from None
        return
    ensure_folder(output)
    target = output / OUTPUT_NAMES[fmt]
    write_atomic(target, data)
    print(f"budgetlint: {label('wrote', target=target)}", file=sys.stderr)


def render(batch: BatchReport, fmt: str) -> str:
    """The report as text; ``html`` is a folder and has no single text."""
    from checker.report import csv, json, junit, markdown, sarif, text

    renderers = {"text": text.render, "json": json.render, "markdown": markdown.render,
                 "junit": junit.render, "sarif": sarif.render, "csv": csv.render,
                 "jsonl": _jsonl}
    return renderers[fmt](batch)


def _jsonl(batch: BatchReport) -> str:
    import io

    from checker.report.stream import JsonLinesWriter

    buffer = io.StringIO()
    writer = JsonLinesWriter(buffer)
    for unit in batch.units:
        writer.unit(unit)
    writer.finish(batch.errors)
    return buffer.getvalue()
