"""What every kind needs: finding tables/sections by alias, narrative text with line numbers,
amounts, table cells, and building results. Table cells by row and column are read in
``checker.kinds._cells``, pattern scans of the narrative done in ``checker.kinds._scan``."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import is_
from typing import Any

from checker.engine.expr import Unavailable, Value
from checker.engine.rule_model import Pack, Rule
from checker.kinds._cells import column_value, find_row
from checker.kinds._joined import join_document
from checker.model.ast import Document, Line, Row, Section, Statement, Table
from checker.model.results import Evidence, RuleResult
from checker.parse.normalize import comparable, parse_amount

# A table's unit as a multiple of 万元, longest name first ("万元" before "元").
_UNIT_FACTORS = (("亿元", Decimal("0.0001")), ("千元", Decimal(10)), ("万元", Decimal(1)),
                 ("元", Decimal(10000)))
AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_CENT = Decimal("0.01")


# Comparable text: full-width folded (NFKC), quotes unified, all whitespace removed
# (``checker.parse.normalize.comparable``, cached). The cached function itself, not a
# wrapper: kinds call it about two thousand times per document.
norm = comparable


# One amount parser for the whole code base (full-width, commas, "%", "万元").
to_amount = parse_amount


def fmt(value: Any) -> str:
    """Amounts as published: integers bare, otherwise two decimals."""
    if isinstance(value, Decimal):
        # The usual figures, read off their printed form: a whole number (exponent 0) or
        # two decimals (exponent -2) print as published already. (Short ones only: within
        # the context's 28 digits, where ``quantize`` cannot fail.)
        text = str(value)
        if len(text) <= 24 and "E" not in text:
            point = text.find(".")
            if point >= 0 and len(text) - point == 3:  # two decimals
                return text
            if point < 0 and text.lstrip("-").isdigit():  # a whole number
                return text
        exponent = value.as_tuple().exponent  # (once: it copies every digit)
        if exponent >= 0 and value == value.to_integral_value():
            return str(value.to_integral_value())
        return str(value.quantize(_CENT)) if exponent >= -2 else str(value.normalize())
    return "" if value is None else str(value)


class _Fill(dict[str, Any]):
    """A rule's values, each formatted (``fmt``) only when its message uses it; a
    placeholder without a value stays as written."""

    def __getitem__(self, key: str) -> str:
        if dict.__contains__(self, key):
            return fmt(dict.__getitem__(self, key))
        return "{" + key + "}"


def render(template: str, values: dict[str, Any]) -> str:
    return template.format_map(_Fill(values))


# (id of a pack's alias map, title) → (that map, its best alias): ``Context._best``.
_BEST: dict[tuple[int, str], tuple[dict[str, list[str]], str | None]] = {}


@dataclass
class Segment:
    """A stretch of narrative: ``text`` is normalised (see ``norm``) for matching."""

    text: str
    raw: str
    line: int
    end_line: int
    section: str


def _section_piece(section: Section, headed: bool) -> tuple[str, str, int, int] | None:
    """One segment's (text, raw, line, end line) for a section: its heading (items often
    start on it, "(二)公务接待费") when ``headed``, and its paragraphs joined, so a sentence
    split by a page break still matches; None when there is no text."""
    heading = f"{section.marker}{section.title}" if headed else ""
    raws = [heading] if heading else []
    raws.extend(p.text for p in section.paragraphs)
    if not raws:
        return None
    end = max([section.line, *((p.end_line or p.line) for p in section.paragraphs)])
    start = section.line if heading else section.paragraphs[0].line
    return "".join(norm(r) for r in raws), "\n".join(raws), start, end


_UNBUILT = object()


@dataclass
class Context:
    """One document under one pack. Every look-up a kind repeats per finding goes through an
    index built once here, so checking stays linear in the document's size."""

    doc: Document
    pack: Pack
    tolerance: Decimal
    _alias_cache: dict[tuple[str, int], str | None] = field(default_factory=dict)
    _raw_lines: Sequence[Line] = field(default_factory=list)
    _joined: str = ""
    _numbers: Sequence[int] = field(default_factory=list)
    _starts: Sequence[int] = field(default_factory=list)
    _by_table_alias: dict[str | None, list[Table]] | None = None
    _by_section_alias: dict[str | None, list[Section]] | None = None
    _segments: dict[tuple[str, ...] | None, list[Segment]] = field(default_factory=dict)
    _paragraphs: list[Segment] | None = None
    _statements: list[Statement] | None = None
    _last_message: dict[str, str] = field(default_factory=dict)  # rule id → (see ``result``)
    _raw_memo: dict[int | None, str] = field(default_factory=dict)
    _row_memo: dict[tuple[int, str], tuple[Table, Row | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The normalised lines joined once, with each line's offset: ``locate`` slices this
        # instead of joining the lines of a range again for every finding.
        # (Built with the title lines when detection ran on this document.)
        self._raw_lines, self._numbers, self._starts, self._joined = join_document(self.doc)

    # --- aliases ----------------------------------------------------------------------
    def _best(self, title: str, aliases: dict[str, list[str]]) -> str | None:
        # Remembered across documents: titles repeat from one disclosure to the next
        # ("一、部门主要职能"), and each is otherwise compared with every alias variant.
        known = _BEST.get((id(aliases), title))
        if known is not None and known[0] is aliases:
            return known[1]
        text = norm(title)
        found = next((name for name, variant in self._ordered(aliases) if variant in text),
                     None)
        if len(_BEST) >= 8192:  # bounded: a long batch's titles do not pile up
            _BEST.clear()
        _BEST[(id(aliases), title)] = (aliases, found)
        return found

    def _ordered(self, aliases: dict[str, list[str]]) -> list[tuple[str, str]]:
        """Every (alias, normalised variant), longest variant first and in pack order among
        equals: the first one found in a title is the longest (earliest on a tie), as a
        scan keeping the longest would pick. Built once per document, not per title."""
        memo = self.__dict__.setdefault("_ordered_memo", {})
        key = id(aliases)
        if key not in memo:
            pairs = [(name, norm(variant)) for name, variants in aliases.items()
                     for variant in (name, *variants)]
            memo[key] = sorted([(n, v) for n, v in pairs if v], key=lambda p: -len(p[1]))
        return memo[key]

    def table_alias(self, table: Table) -> str | None:
        key = ("table", id(table))
        if key not in self._alias_cache:
            found = self._best(table.title, self.pack.table_aliases)
            if found is None and table.form:
                found = self._best(table.form, self.pack.table_aliases)
            self._alias_cache[key] = found
        return self._alias_cache[key]

    def tables(self, alias: str) -> list[Table]:
        if self._by_table_alias is None:
            self._by_table_alias = {}
            for table in self.doc.tables:
                self._by_table_alias.setdefault(self.table_alias(table), []).append(table)
        return list(self._by_table_alias.get(alias, ()))

    def section_alias(self, section: Section) -> str | None:
        key = ("section", id(section))
        if key not in self._alias_cache:
            self._alias_cache[key] = self._best(section.title, self.pack.section_aliases)
        return self._alias_cache[key]

    def sections(self, alias: str) -> list[Section]:
        if self._by_section_alias is None:
            self._by_section_alias = {}
            for section in self.doc.sections():
                self._by_section_alias.setdefault(self.section_alias(section), []).append(
                    section)
        return list(self._by_section_alias.get(alias, ()))

    def statements(self) -> list[Statement]:
        """The document's statements; read again, once, when the pack adds phrasings."""
        if self._statements is None:
            if self.pack.phrasings or not self.doc.statements:
                # a pack's own phrasings, or a document built without the parser
                from checker.parse.statements import extract
                self._statements = extract(self.doc, self.pack.phrasings)
            else:
                self._statements = self.doc.statements
        return self._statements

    def printed_name(self, alias: str) -> str:
        """What a table of ``alias`` is titled in documents of this kind (预算/决算), for
        messages about a table that is not there; the alias itself when no title fits."""
        variants = self.pack.table_aliases.get(alias, [])
        kind = self.doc.kind or ""
        titled = [v for v in variants if kind and kind in v] or [
            v for v in variants if not re.fullmatch(r"公开\d+表", v)]
        return titled[0] if titled else alias

    # --- narrative --------------------------------------------------------------------
    def segments(self, aliases: Iterable[str] | None = None) -> list[Segment]:
        """Paragraphs (and sub-headings) of the sections named by ``aliases``, or of the
        whole narrative; headings are included because items often start on them."""
        key = tuple(aliases) if aliases else None
        if key not in self._segments:
            self._segments[key] = self._build_segments(key)
        return list(self._segments[key])

    def _build_segments(self, aliases: tuple[str, ...] | None) -> list[Segment]:
        roots: list[Section]
        if aliases:
            roots = []
            for alias in aliases:
                roots.extend(s for s in self.sections(alias)
                             if all(s is not r for r in roots))
        else:
            roots = list(self.doc.parts)
        out: list[Segment] = []
        seen: set[int] = set()
        # A section's texts, built once per document: the whole narrative's segments and
        # each rule's sections hold the same sections (sections live as long as the
        # document, so their ids stay theirs).
        pieces = self.__dict__.setdefault("_section_pieces", {})
        for root in roots:
            for section in root.walk():
                if id(section) in seen:
                    continue
                seen.add(id(section))
                headed = section is not root or not aliases
                piece = pieces.get((id(section), headed), _UNBUILT)
                if piece is _UNBUILT:
                    piece = pieces[(id(section), headed)] = _section_piece(section, headed)
                if piece is not None:
                    out.append(Segment(*piece, root.title))
        if not aliases and not out and self.doc.lines:
            out = [Segment(norm(li.text), li.text, li.number, li.number, "")
                   for li in self.doc.lines]
        return out

    def paragraph_segments(self) -> list[Segment]:
        """Every heading and paragraph on its own (for checks that must not match across a
        heading and the text under it, such as duplicated words)."""
        if self._paragraphs is None:
            self._paragraphs = self._build_paragraph_segments()
        return list(self._paragraphs)

    def _build_paragraph_segments(self) -> list[Segment]:
        out: list[Segment] = []
        for section in self.doc.sections():
            heading = f"{section.marker}{section.title}"
            out.append(Segment(norm(heading), heading, section.line, section.line, section.title))
            out.extend(Segment(norm(p.text), p.text, p.line, p.end_line or p.line, section.title)
                       for p in section.paragraphs)
        if not out:  # no outline recovered: fall back to the lines themselves
            out = [Segment(norm(li.text), li.text, li.number, li.number, "")
                   for li in self.doc.lines]
        return out

    def locate(self, snippet: str, lo: int, hi: int, occurrence: int = 0) -> int:
        """The source line (between lo and hi) where the ``occurrence``-th copy of normalised
        ``snippet`` starts; the lines are joined first so a snippet broken across lines (and
        repeated sentences) still land on the right line."""
        probe = norm(snippet)[:12]
        if not probe:
            return lo
        # The lines numbered lo..hi are one slice of the joined text.
        first = self._starts[bisect_left(self._numbers, lo)]
        end = self._starts[bisect_right(self._numbers, max(lo, hi))]
        joined = self._joined
        position = first - 1
        done = 0
        # Scans ask for the 1st, 2nd, ... copy in turn: resume from the last one found, or
        # a text repeating one sentence 30,000 times costs 30,000² finds.
        memo = self.__dict__.setdefault("_locate_memo", {})
        known = memo.get((probe, first, end))
        if known is not None and known[0] <= occurrence:
            done, position = known[0] + 1, known[1]
        for index in range(done, occurrence + 1):
            position = joined.find(probe, position + 1, end)
            if position < 0:
                break
            memo[(probe, first, end)] = (index, position)
        if position < 0:
            position = joined.find(probe, first, end)
        if position < 0:
            return lo
        return self._numbers[bisect_right(self._starts, position) - 1]

    def lines_between(self, lo: int, hi: int) -> list[Line]:
        """The document's lines numbered ``lo <= number < hi``, in document order: a slice
        of the line index when the numbers rise line by line (the usual case)."""
        rising = self.__dict__.get("_rising")
        if rising is None:
            lines = self.doc.lines
            # join_lines keeps the lines as they are exactly when their numbers rise.
            rising = self._raw_lines is lines or (len(self._raw_lines) == len(lines) and all(
                map(is_, self._raw_lines, lines)))
            self.__dict__["_rising"] = rising
        if not rising:
            return [li for li in self.doc.lines if lo <= li.number < hi]
        return self._raw_lines[bisect_left(self._numbers, lo):bisect_left(self._numbers, hi)]

    def raw_line(self, number: int | None) -> str:
        # One stripped copy per line asked for, shared by all its evidence; asked again
        # (most lines are: a row's evidence in several rules), one dict look-up.
        memo = self._raw_memo
        found = memo.get(number)
        if found is not None:
            return found
        if number is None:
            return ""
        index = bisect_left(self._numbers, number)
        found = ""
        if index < len(self._numbers) and self._numbers[index] == number:
            found = self._raw_lines[index].raw.strip()
        memo[number] = found
        return found

    # --- tables -----------------------------------------------------------------------
    def table_tolerance(self, table: Table | None) -> Decimal:
        """The pack's tolerance, stated in 万元, in the table's own unit: 0.01 万元 is 100 元
        for a table in 元 (so whole-元 display rounding passes), 0.1 千元, 0.000001 亿元."""
        unit = (table.unit_of_measure or "") if table is not None else ""
        for name, factor in _UNIT_FACTORS:
            if name in unit:
                return self.tolerance * factor
        return self.tolerance

    @staticmethod
    def has_cells(table: Table) -> bool:
        return not table.cells_missing and bool(table.rows)

    def _find_row(self, table: Table, key: str) -> Row | None:
        """``find_row``, remembered for the document (the table is kept with its id)."""
        memo = self._row_memo
        known = memo.get((id(table), key))
        if known is not None and known[0] is table:
            return known[1]
        found = find_row(table, key)
        memo[(id(table), key)] = (table, found)
        return found

    def functions(self, table: Table | None = None, row: Row | None = None,
                  absent_rows: str = "not_verifiable",
                  trace: list[Row] | None = None) -> dict[str, Callable[..., Value]]:
        """The context functions of expressions; rows they read are appended to ``trace``
        so results can show the table lines they compared against."""
        def _read(where: Table, key: str, column: Value) -> Value:
            # The row is looked up once, for its cell and for the trace; and once per
            # document: rules read the same rows (a table's 合计) again and again.
            found = self._find_row(where, key)
            value = cell_value(where, key, column, absent_rows, found)
            if trace is not None and found is not None and found not in trace:
                trace.append(found)
            return value

        def _row(key: Value, column: Value = None) -> Value:
            if table is None:
                raise Unavailable("row() used outside a table")
            return _read(table, str(key), column)

        def _col(column: Value) -> Value:
            if table is None or row is None:
                raise Unavailable("col() used outside a table row")
            return column_value(table, row, column)

        def _cell(alias: Value, key: Value, column: Value = None) -> Value:
            found = self.tables(str(alias))
            if not found:
                raise Unavailable(f"table {self.printed_name(str(alias))} not found")
            usable = [t for t in found if self.has_cells(t)]
            if not usable:
                # The printed title, not the pack's alias ("三公表"): the reader looks for it.
                raise Unavailable(f"table {found[0].title} has no cells "
                                  "(image or lost in extraction)")
            return _read(usable[0], str(key), column)

        def _count(kind: Value = "target") -> Value:
            return Decimal(sum(1 for p in self.doc.performance_tables if p.kind == kind))

        return {"row": _row, "col": _col, "cell": _cell, "count_performance": _count}

    # --- results ----------------------------------------------------------------------
    def tables_with_cells(self, rule: Rule, aliases: list[str],
                          results: list[RuleResult]) -> Iterator[Table]:
        """The tables of ``aliases`` whose cells survived extraction.

        A table held as an image cannot be checked: it gets a not_verifiable result in
        ``results`` (never a pass) and is not yielded.
        """
        for alias in aliases:
            for table in self.tables(alias):
                if self.has_cells(table):
                    yield table
                else:
                    results.append(self.result(
                        rule, "not_verifiable", values={"table": table.title},
                        evidence=[table_evidence(table)],
                        reason=f"{table.title}: cells missing (image or lost)"))

    def result(self, rule: Rule, status: str, *, values: dict[str, Any] | None = None,
               evidence: list[Evidence] | None = None, reason: str | None = None) -> RuleResult:
        if status == "fail":
            message = render(rule.message, values or {})
        elif status == "pass":
            message = f"{rule.title}: ok" + (f" ({reason})" if reason else "")
        elif status == "not_verifiable":
            message = f"{rule.title}: not verifiable — {reason or 'data missing'}"
        else:
            message = f"{rule.title}: not applicable — {reason or 'nothing to check'}"
        # A message equal to the rule's previous one is that same string: a text repeating a
        # sentence has the same message for every copy, each a copy of ~1.5x the sentence
        # (issue #14). One string per rule is kept for the comparison.
        last = self._last_message.get(rule.id)
        if last is not None and last == message:
            message = last
        else:
            self._last_message[rule.id] = message
        # (positional: half the cost of keywords, for the hundreds of results of a document)
        return RuleResult(rule.id, rule.title, rule.severity, status,  # type: ignore[arg-type]
                          message, evidence or [], rule.category, rule.reference)


def cell_value(table: Table, key: str, column: Value, absent_rows: str,
               row: Row | None = None) -> Decimal:
    """The cell of row ``key`` (``row``: that row, already looked up) in ``column``."""
    if row is None:
        row = find_row(table, key)
    if row is None:
        if absent_rows == "zero":
            return Decimal(0)
        raise Unavailable(f"row {key} not found in {table.title}")
    if column is None:
        if row.cells:
            # Read from the PDF's geometry: the row's first figure, blank or not (a 决算
            # “三公” item's 决算数 comes first; a blank one is zero, not its 预算数).
            return row.values[0] if row.values and row.values[0] is not None else Decimal(0)
        for value in row.values:
            if value is not None:
                return value
        return Decimal(0)
    return column_value(table, row, column)


def row_evidence(ctx: Context, rows: list[Row]) -> list[Evidence]:
    """The table rows a check read, as evidence lines."""
    # Evidence(line, text, expected, found, page, source, bbox), positionally (see ``result``)
    return [Evidence(r.line, ctx.raw_line(r.line) or f"{r.code or ''} {r.label}", None,
                     " ".join(fmt(v) for v in r.values if v is not None) or None,
                     r.page, None, r.bbox)  # PDF: the row's own page and box
            for r in rows]


def table_evidence(table: Table, text: str | None = None, *, line: int | None = None,
                   expected: Any = None, found: Any = None) -> Evidence:
    return Evidence(line=line or table.line, text=text or table.title,
                    expected=None if expected is None else fmt(expected),
                    found=None if found is None else fmt(found))
