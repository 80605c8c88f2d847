"""`budgetlint rules list|show|validate|test`: tools for the people who write rule packs.

Rule authors are finance staff, not programmers, so every problem with a pack is printed as
``file:line:column: problem`` (all of them, one per line) with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from checker.cli.rules_test import run_examples_report, shown
from checker.engine.loader import pack_files
from checker.engine.packs import PackError, Rule, list_rules, load_pack, validate_pack_files
from checker.engine.rule_model import Pack
from checker.errors import RuleFileError
from checker.resources import RULES_DIR

EXIT_OK, EXIT_FAILED, EXIT_BAD_PACK = 0, 1, 2


def register(commands: Any) -> None:
    rules = commands.add_parser(
        "rules", help="list, show, validate and test rule packs",
        description="Tools for rule-pack authors: list, show, validate and test rule packs.")
    sub = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    sub.required = True

    listing = sub.add_parser("list", help="one line per rule: id, severity, kind, title")
    listing.add_argument("pack", nargs="?", metavar="PACK",
                         help="a pack file or a shipped pack name (default: all shipped packs)")
    listing.set_defaults(handler=run_list)

    show = sub.add_parser("show", help="a rule with its reference and examples")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--rules", metavar="PACK",
                      help="look in this pack (default: all shipped packs)")
    show.set_defaults(handler=run_show)

    validate = sub.add_parser("validate", help="check pack files against the schema and rules")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="pack files or folders (default: the shipped packs)")
    validate.set_defaults(handler=run_validate)

    test = sub.add_parser("test", help="run every rule's examples")
    test.add_argument("paths", nargs="*", metavar="PATH",
                      help="pack files or folders (default: the shipped packs)")
    test.add_argument("-v", "--verbose", action="store_true",
                      help="one line per example instead of one dot")
    test.add_argument("-k", dest="select", metavar="TEXT",
                      help="only rules whose id contains TEXT (case-insensitive)")
    test.set_defaults(handler=run_test)


# --- helpers ------------------------------------------------------------------------------------

def problem_line(problem: RuleFileError) -> str:
    """``file:line:column: problem``. A problem of the whole file (empty, undecodable) has no
    position of its own; it is pinned to 1:1 so editors and CI annotations, which parse this
    format, still place it on the file."""
    line = problem.line if problem.line is not None else 1
    column = problem.column if problem.column is not None else 1
    if problem.path is None:
        return problem.one_line()
    return RuleFileError(shown(problem.path), problem.problem, line, column).one_line()


def print_problems(problems: Iterable[RuleFileError], out: TextIO, prefix: str = "") -> None:
    ordered = sorted(problems, key=lambda p: (shown(p.path), p.line or 0, p.column or 0))
    for problem in ordered:
        out.write(prefix + problem_line(problem) + "\n")


def resolve_pack(reference: str) -> Path:
    """A pack file path, or the name of a shipped pack (``budget`` → rules/budget.yaml)."""
    path = Path(reference)
    if path.exists():
        return path
    for suffix in (".yaml", ".yml"):
        shipped = RULES_DIR / f"{reference}{suffix}"
        if shipped.exists():
            return shipped
    raise RuleFileError(reference, "no such rule pack (give a file, or one of: "
                        + ", ".join(p.stem for p in shipped_packs()) + ")")


def shipped_packs() -> list[Path]:
    return pack_files([RULES_DIR])


def load_packs(paths: Sequence[Path]) -> list[Pack]:
    """Load every pack; on problems raise one ``PackError`` holding all of them."""
    packs: list[Pack] = []
    problems: list[RuleFileError] = []
    for path in paths:
        try:
            packs.append(load_pack(path))
        except PackError as error:
            problems.extend(error.problems)
        except RuleFileError as error:
            problems.append(error)
    if problems:
        raise PackError(_unique(problems))
    return packs


def _unique(problems: Iterable[RuleFileError]) -> list[RuleFileError]:
    seen: set[str] = set()
    out = []
    for problem in problems:
        if problem.one_line() not in seen:
            seen.add(problem.one_line())
            out.append(problem)
    return out


def unique_rules(packs: Iterable[Pack]) -> list[Rule]:
    """Each rule once, in pack order; packs that extend others repeat their parents' rules."""
    seen: set[str] = set()
    out = []
    for pack in packs:
        for rule in list_rules(pack):
            if rule.id not in seen:
                seen.add(rule.id)
                out.append(rule)
    return out


def _bad_pack(error: PackError) -> int:
    # On stderr, like every other error of the CLI (see cli.main); validate and test print
    # problems on stdout instead, because there they are the report itself.
    print_problems(error.problems, sys.stderr, prefix="budgetlint: ")
    return EXIT_BAD_PACK


# --- list ---------------------------------------------------------------------------------------

def run_list(args: argparse.Namespace) -> int:
    paths = [resolve_pack(args.pack)] if args.pack else shipped_packs()
    try:
        rules = unique_rules(load_packs(paths))
    except PackError as error:
        return _bad_pack(error)
    width_id = max((len(r.id) for r in rules), default=0)
    width_kind = max((len(r.kind) for r in rules), default=0)
    for rule in rules:
        sys.stdout.write(f"{rule.id:<{width_id}}  {rule.severity:<7}  "
                         f"{rule.kind:<{width_kind}}  {rule.title}\n")
    return EXIT_OK


# --- show ---------------------------------------------------------------------------------------

def run_show(args: argparse.Namespace) -> int:
    paths = [resolve_pack(args.rules)] if args.rules else shipped_packs()
    try:
        rules = unique_rules(load_packs(paths))
    except PackError as error:
        return _bad_pack(error)
    wanted = args.rule_id.upper()  # ids are capitals; accept what people type
    rule = next((r for r in rules if r.id.upper() == wanted), None)
    if rule is None:
        close = [r.id for r in rules if wanted in r.id.upper()]
        hint = f" (did you mean: {', '.join(close[:5])})" if close else ""
        sys.stderr.write(f"budgetlint: no rule {args.rule_id!r} in "
                         + ", ".join(shown(p) for p in paths) + hint + "\n")
        return EXIT_BAD_PACK
    write_rule(rule, sys.stdout)
    return EXIT_OK


def write_rule(rule: Rule, out: TextIO) -> None:
    where = f"{shown(rule.source)}:{rule.line}" if rule.line else shown(rule.source)
    out.write(f"{rule.id}  {rule.title}\n")
    out.write(f"  severity:   {rule.severity}\n")
    out.write(f"  kind:       {rule.kind}\n")
    if rule.category:
        out.write(f"  category:   {rule.category}\n")
    out.write(f"  applies to: {rule.applies_to.describe()}\n")
    out.write(f"  defined in: {where} (pack {rule.pack})\n")
    out.write(f"  reference:  {rule.reference}\n")
    out.write(f"  message:    {rule.message}\n")
    if rule.description:
        out.write("  description:\n")
        _indented(rule.description, "    ", out)
    if rule.params:
        out.write("  parameters:\n")
        for key, value in rule.params.items():
            out.write(f"    {key}: {_inline(value)}\n")
    out.write(f"  examples ({len(rule.examples)}):\n")
    for example in rule.examples:
        out.write(f"    - {example.status}: {example.name}\n")
        _indented(example.document, "        | ", out)


def _indented(text: str, prefix: str, out: TextIO) -> None:
    for line in text.rstrip("\n").splitlines():
        out.write(f"{prefix}{line}".rstrip() + "\n")


def _inline(value: Any) -> str:
    """A parameter as it would be written in the pack (flow-style YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    return str(value)


# --- validate -----------------------------------------------------------------------------------

def _files_or_error(paths: Sequence[str]) -> list[Path]:
    """Expand folders; a folder with no pack in it is an error, not a silent success.
    No path means the packs shipped with budgetlint, wherever it is installed."""
    if not paths:
        return shipped_packs()
    files: list[Path] = []
    for item in paths:
        found = pack_files([item])
        if Path(item).is_dir() and not found:
            raise RuleFileError(item, "no rule packs (*.yaml, *.yml) in this folder")
        files.extend(found)
    return files


def run_validate(args: argparse.Namespace) -> int:
    files = _files_or_error(args.paths)
    problems = _unique(validate_pack_files(files))
    if problems:
        print_problems(problems, sys.stdout)
        # the count goes to stderr so that stdout stays one problem per line, for tools
        sys.stderr.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found\n")
        return EXIT_BAD_PACK
    rules = unique_rules(load_packs(files))
    sys.stdout.write(f"OK: {len(files)} pack file{'s' if len(files) != 1 else ''}, "
                     f"{len(rules)} rules, no problems\n")
    return EXIT_OK


# --- test ---------------------------------------------------------------------------------------

def run_test(args: argparse.Namespace) -> int:
    files = _files_or_error(args.paths)
    problems = validate_pack_files(files)
    if problems:
        print_problems(_unique(problems), sys.stdout)
        return EXIT_BAD_PACK
    packs = load_packs(files)
    failed = run_examples_report(files, packs, sys.stdout, verbose=args.verbose,
                                 select=args.select)
    return EXIT_FAILED if failed else EXIT_OK
