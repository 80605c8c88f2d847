"""The faster paths of the check stage (issue 12, second round) answer exactly what the
plain code they replace answered, on every corpus document: profile detection's title
look-ups, the shared title-line index, and the kinds' per-document indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import profiles
from checker.engine.profiles import (
    _endings,
    _matches,
    _Titles,
    _wanted_for,
    shipped_profiles,
    title_key,
    title_lines,
)
from checker.model.ast import Document
from checker.parse.parser import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = sorted(FIXTURES.glob("0*.txt")) + sorted((FIXTURES / "real").glob("*.html"))


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return [parse_file(path) for path in DOCS]


@pytest.fixture(scope="module", params=range(len(DOCS)), ids=[p.name[:12] for p in DOCS])
def doc(request: pytest.FixtureRequest, docs: list[Document]) -> Document:
    return docs[request.param]


def _plain_title_lines(doc: Document) -> tuple[list[str], list[str]]:
    toc_lines = {entry.line for entry in doc.toc}
    every, body = [], []
    for line in doc.lines:
        key = title_key(line.text)
        if not key or len(key) > 60:
            continue
        every.append(key)
        if line.number not in toc_lines:
            body.append(key)
    every.extend(title_key(t.title) for t in doc.tables)
    every.extend(title_key(e.title) for e in doc.toc)
    return every, body


def test_title_lines_as_the_plain_scan(doc: Document) -> None:
    assert profiles._title_lines(doc) == _plain_title_lines(doc)
    assert title_lines(doc) is title_lines(doc)  # built once per document
    numbers, keys = title_lines(doc)
    assert list(zip(numbers, keys, strict=True)) == [
        (li.number, title_key(li.text)) for li in doc.lines
        if 0 < len(title_key(li.text)) <= 60]


def test_profile_counts_as_the_plain_matching(doc: Document) -> None:
    shipped = list(shipped_profiles())
    wanted = _wanted_for(shipped)
    every_keys, body_keys = _plain_title_lines(doc)
    every, body = _Titles(every_keys, wanted), _Titles(body_keys, wanted)
    plain_every, plain_body = _endings(every_keys), _endings(body_keys)
    found = 0
    for index, profile in enumerate(shipped):
        for items, fast in ((profile.tables, wanted.tables[index]),
                            (profile.sections, wanted.sections[index])):
            plain = sum(1 for t in items if _matches(t, plain_every))
            assert every.count(fast) == plain
            assert body.count(fast) == sum(1 for t in items if _matches(t, plain_body))
            found += plain
    assert found > 0


def test_empty_and_prefixed_titles_as_the_plain_matching() -> None:
    profile = profiles.Profile(name="p", title="p", path=Path("p.yaml"),
                               tables=(("收入总表",), ("*",), ("预算表", "x")))
    for keys in (["部门收入总表", "2025年" + "很" * 30 + "收入总表", "", "预算表"], ["甲" * 30],
                 [], [""], ["表", "总表", "x", "收入总表"]):
        titles = _Titles(keys, _wanted_for([profile]))
        assert titles.count(_wanted_for([profile]).tables[0]) == sum(
            1 for t in profile.tables if _matches(t, _endings(keys)))


def test_title_lines_rebuilt_for_another_document() -> None:
    first = parse_text("2025年部门预算\n一、部门收入预算总表\n")
    second = parse_text("2025年部门预算\n二、部门支出预算总表\n")
    assert title_lines(first).keys != title_lines(second).keys
    assert title_lines(first).keys == [title_key(li.text) for li in first.lines
                                       if title_key(li.text)]
    first.lines = first.lines[:1]  # the same document, other lines: built again
    assert title_lines(first).keys == [title_key(first.lines[0].text)]


# --- toc: the body's title lines from the shared index, endings of the looked-up lengths --

def _plain_toc_body(doc: Document) -> set[str]:
    from checker.kinds.toc import _core

    after = max(entry.line for entry in doc.toc)
    body = {_core(line.text) for line in doc.lines
            if line.number > after and 0 < len(title_key(line.text)) <= 60}
    return body | {_core(t.title) for t in doc.tables if t.line > after}


def test_toc_verdicts_as_the_plain_scan(doc: Document) -> None:
    from checker.kinds import toc

    if not doc.toc:
        pytest.skip("no table of contents")
    body = _plain_toc_body(doc)
    assert toc._body(doc) == body
    for tail in (2, 4, 6, 9):
        cores = [toc._core(entry.title) for entry in doc.toc]
        sizes = {len(e) for core in cores for e in toc._endings_of(core, tail)}
        every = toc.endings(body, tail)
        fast = toc.endings(body, tail, sizes)
        assert fast <= every
        for core in cores:
            assert toc._found(core, tail, body, fast) == toc._found(core, tail, body, every)
            for ending in toc._endings_of(core, tail):
                assert (ending in fast) == any(line.endswith(ending) for line in body)


def test_toc_endings_of_some_lengths_answer_as_endswith() -> None:
    from checker.kinds.toc import endings

    body = {"上海市财政局主要职能", "部门预算表", "说明"}
    for sizes in ({0}, {2, 4}, {6, 5}, {3, 9}):
        ends = endings(body, 6, sizes)
        for probe in ("主要职能", "局主要职能", "预算表", "说明", "明", "", "职能表", "要职能"):
            if len(probe) in sizes or not probe:
                assert (probe in ends) == any(line.endswith(probe) for line in body), probe


# --- table_formula: one environment per table; column_value: the names looked up once ---

def _contexts(doc: Document) -> list:
    from checker.engine.run import default_pack_path, load_pack
    from checker.kinds._context import Context
    from checker.resources import RULES_DIR

    packs = {default_pack_path(doc.kind), *sorted(RULES_DIR.glob("*.yaml"))}
    out = []
    for path in sorted(packs):
        pack = load_pack(path)
        out.append(Context(doc, pack, pack.tolerance))
    return out


def _outcome(node: object, env: object) -> object:
    from checker.engine.expr import Unavailable, evaluate

    try:
        return evaluate(node, env)  # type: ignore[arg-type]
    except Unavailable as error:
        return f"unavailable: {error}"


def test_row_environment_as_one_per_row(docs: list[Document]) -> None:
    from checker.engine.expr import compile_expr
    from checker.kinds.table_formula import _env, _row_env

    compared = 0
    for ctx in (ctx for doc in docs for ctx in _contexts(doc)):
        for rule in ctx.pack.enabled_rules():
            if rule.kind != "table_formula" or rule.params.get("for_each") != "row":
                continue
            node = compile_expr(rule.params["assert"])
            for table in (t for alias in rule.params["tables"] for t in ctx.tables(alias)):
                env, at = _row_env(ctx, table)
                for row in table.rows:
                    at[0] = row
                    assert _outcome(node, env) == _outcome(node, _env(ctx, table, row))
                    compared += 1
    assert compared > 100


def test_column_value_as_index_then_alignment(docs: list[Document]) -> None:
    from decimal import Decimal

    from checker.engine.expr import Unavailable
    from checker.kinds._cells import aligned, column_index, column_value

    def plain(table: object, row: object, column: str) -> object:
        index = column_index(table, column, row)  # type: ignore[arg-type]
        if index is None:
            return "not found"
        if index > 0 and not aligned(table, row):  # type: ignore[arg-type]
            return "not aligned"
        if index >= len(row.values):  # type: ignore[attr-defined]
            return Decimal(0)
        value = row.values[index]  # type: ignore[attr-defined]
        return Decimal(0) if value is None else value

    def fast(table: object, row: object, column: str) -> object:
        try:
            return column_value(table, row, column)  # type: ignore[arg-type]
        except Unavailable as error:
            return "not found" if "not found" in str(error) else "not aligned"

    compared = 0
    for table in (table for doc in docs for table in doc.tables):
        names = [*table.columns, *(c for group in table.group_columns for c in group)]
        for row in table.rows:
            for column in {*names, "合计|小计", "不存在的栏"}:
                assert fast(table, row, column) == plain(table, row, column)
                compared += 1
    assert compared > 1000


def test_raw_line_asked_again_answers_the_same(doc: Document) -> None:
    from checker.engine.run import default_pack_path, load_pack
    from checker.kinds._context import Context

    pack = load_pack(default_pack_path(doc.kind))
    ctx = Context(doc, pack, pack.tolerance)
    numbers = [li.number for li in doc.lines] + [0, -1, max(li.number for li in doc.lines) + 1]
    first = [ctx.raw_line(n) for n in [*numbers, None]]
    assert [ctx.raw_line(n) for n in [*numbers, None]] == first
    raw = {}
    for line in doc.lines:
        raw.setdefault(line.number, line.raw.strip())
    assert first == [raw.get(n, "") for n in numbers] + [""]


def test_column_reader_as_column_value(docs: list[Document]) -> None:
    from decimal import Decimal

    from checker.engine.expr import Unavailable
    from checker.kinds._cells import _value_columns, aligned, column_reader, column_value

    def outcome(read: object, *args: object) -> object:
        try:
            return read(*args)  # type: ignore[operator]
        except Unavailable as error:
            return str(error)

    compared = 0
    for table in (table for doc in docs for table in doc.tables):
        read = column_reader(table)
        names = [*table.columns, *(c for group in table.group_columns for c in group)]
        for row in table.rows:
            assert aligned(table, row) == (not _value_columns(table, row) or len(
                row.values) >= len(_value_columns(table, row)))
            for column in [*names, "合计|小计", "不存在的栏", Decimal(1), Decimal(-1),
                           Decimal(9)] * 2:  # twice: the second from the reader's memo
                assert outcome(read, row, column) == outcome(column_value, table, row, column)
                compared += 1
    assert compared > 1000


def test_row_look_ups_remembered_as_found(doc: Document) -> None:
    from checker.kinds._cells import find_row

    ctx = _contexts(doc)[0]
    for table in doc.tables:
        keys = [r.label for r in table.rows] + [r.code or "" for r in table.rows] + [
            "合计", "支出:合计", "公务接待", "不存在"]
        for key in keys * 2:
            assert ctx._find_row(table, key) is find_row(table, key)


def test_applies_remembered_as_matched() -> None:
    from checker.engine.rule_model import AppliesTo
    from checker.engine.run import _applies, default_pack_path, load_pack

    rules = load_pack(default_pack_path("预算")).rules + load_pack(
        default_pack_path("决算")).rules
    rules.append(type(rules[0])(**{**{f: getattr(rules[0], f) for f in rules[0].__slots__},
                                   "applies_to": AppliesTo(kinds=("预算",), year_from=2024)}))
    for kind in ("预算", "决算", None):
        for level in ("部门", "单位", None):
            for year in (2023, 2025, None):
                for _ in range(2):
                    assert [_applies(r, kind, level, year) for r in rules] == [
                        r.applies_to.matches(kind, level, year) for r in rules]


def test_presence_scope_as_inside(doc: Document) -> None:
    from checker.kinds.presence import _inside

    compared = 0
    for ctx in _contexts(doc):
        for alias in ctx.pack.section_aliases:
            scope = ctx.sections(alias)
            within = {id(s) for root in scope for s in root.walk()}
            for section in doc.sections():
                assert (id(section) in within) == _inside(section, scope)
                compared += 1
    assert compared > 0 or not doc.sections()


@pytest.mark.parametrize("chunk", [4096, 3])
def test_join_lines_in_order_as_by_number(doc: Document, chunk: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.kinds import _joined
    from checker.kinds._context import norm

    monkeypatch.setattr(_joined, "CHUNK", chunk)
    first: dict[int, object] = {}
    for line in doc.lines:
        first.setdefault(line.number, line)
    plain = [first[n] for n in sorted(first)]
    for lines in (doc.lines, [*doc.lines[:3], doc.lines[1], *doc.lines[3:]]):  # rising; not
        raw, numbers, starts, joined = _joined.join_lines(lines)
        assert raw == plain and list(numbers) == sorted(first)
        assert joined == "".join(norm(line.text) for line in plain)  # type: ignore[attr-defined]
        assert list(starts)[-1] == len(joined)


def test_best_alias_remembered_across_documents(docs: list[Document]) -> None:
    from checker.kinds._context import _BEST, Context, norm

    def plain(title: str, aliases: dict[str, list[str]]) -> str | None:
        best, length = None, 0
        for name, variants in aliases.items():
            for variant in (name, *variants):
                if norm(variant) and norm(variant) in norm(title) and len(norm(variant)) > length:
                    best, length = name, len(norm(variant))
        return best

    _BEST.clear()
    for ctx in (ctx for doc in docs for ctx in _contexts(doc)):
        titles = [t.title for t in ctx.doc.tables] + [s.title for s in ctx.doc.sections()]
        for title in titles * 2:
            for aliases in (ctx.pack.table_aliases, ctx.pack.section_aliases):
                assert ctx._best(title, aliases) == plain(title, aliases)
    assert _BEST
    other = Context.__new__(Context)
    assert other._best("部门收入总表", {"b": ["收入总表"]}) == "b"
    assert other._best("部门收入总表", {"c": ["收入总表"]}) == "c"  # another map: not b


def test_lines_between_as_a_scan(doc: Document) -> None:
    from checker.kinds._context import Context

    pack = _contexts(doc)[0].pack
    shuffled = Document(**{**doc.__dict__, "lines": [*doc.lines[5:], *doc.lines[:5]]})
    for document in (doc, shuffled):
        ctx = Context(document, pack, pack.tolerance)
        last = max(li.number for li in document.lines)
        for lo, hi in [(0, 5), (3, 40), (last - 10, last + 40), (20, 10), (7, 8)] + [
                (t.line, t.line + 40) for t in document.tables]:
            assert ctx.lines_between(lo, hi) == [
                li for li in document.lines if lo <= li.number < hi]


def test_fmt_as_formatted_before(docs: list[Document]) -> None:
    from decimal import Decimal

    from checker.kinds._context import fmt

    def plain(value: object) -> str:
        if isinstance(value, Decimal):
            if value.as_tuple().exponent >= 0 and value == value.to_integral_value():  # type: ignore[operator]
                return str(value.to_integral_value())
            return str(value.quantize(Decimal("0.01"))) if value.as_tuple().exponent >= -2 \
                else str(value.normalize())  # type: ignore[operator]
        return "" if value is None else str(value)

    values = [v for doc in docs for t in doc.tables for r in t.rows for v in r.values]
    values += [Decimal(x) for x in ("1E+2", "-0.50", "3044.010", "1.23456", "0E-3", "-0")]
    assert len(values) > 1000
    for value in values:
        assert fmt(value) == plain(value)


def test_rule_test_as_search(docs: list[Document]) -> None:
    from checker.kinds._context import norm
    from checker.kinds.table_sum import TOTAL
    from checker.regex import rule_regex, rule_test
    from tests.test_check_fast import PATTERNS

    patterns = [*PATTERNS, TOTAL, r"没有(?:使用)?.{0,30}(?:安排的|经费)|[本此]表(?:为空表?|无数据)",
                r"原因|主要是", r"上年", r"^$", r"(?<=\d)万"]
    texts = ["", "合计", "一、合计", "×", *(norm(li.text) for doc in docs for li in doc.lines)]
    found = 0
    for pattern in patterns:
        test, regex = rule_test(pattern), rule_regex(pattern)
        for text in texts:
            assert test(text) == (regex.search(text) is not None), (pattern, text)
            found += test(text)
    assert found > 100


def test_byte_finder_as_search_on_bytes(docs: list[Document]) -> None:
    from checker.kinds._probe import probe_for
    from checker.regex import byte_finder
    from tests.test_check_fast import PATTERNS

    data = "\n".join(li.text for doc in docs for li in doc.lines).encode("utf-8")
    compared = 0
    for pattern in PATTERNS:
        probe = probe_for(pattern, True)
        if probe is None:
            continue
        find = byte_finder(probe)
        assert find is not None
        for pos in (0, 1, 7, len(data) // 3, len(data) - 2, len(data), len(data) + 5, -3):
            found = probe.search(data, pos)
            assert find(data, pos) == (-1 if found is None else found.start()), (pattern, pos)
            compared += 1
    assert compared > 50
    assert byte_finder(__import__("re").compile("x")) is None


def test_compare_sum_as_every_row_aligned(docs: list[Document]) -> None:
    from decimal import Decimal

    from checker.kinds._arith import column_name, compare_sum
    from checker.kinds._cells import aligned
    from checker.kinds.code_hierarchy import children_by_parent

    def plain(table, total, parts, tol):  # type: ignore[no-untyped-def]
        width = max([len(total.values), *(len(r.values) for r in parts)])
        if not all(aligned(table, r) for r in (total, *parts)):
            width = min(width, 1)
        out = []
        for index in range(width):
            found = total.values[index] if index < len(total.values) else None
            expected = sum((r.values[index] or Decimal(0) for r in parts
                            if index < len(r.values)), Decimal(0))
            if abs((found or Decimal(0)) - expected) > tol:
                out.append((column_name(table, total, index), found or Decimal(0), expected))
        return out

    compared = 0
    for table in (t for doc in docs for t in doc.tables):
        coded = [r for r in table.rows if r.code]
        for (code, _group), children in children_by_parent(coded).items():
            parent = next((r for r in coded if r.code == code), None)
            if parent is None:
                continue
            for tol in (Decimal(0), Decimal("0.01")):
                assert compare_sum(table, parent, children, tol) == plain(
                    table, parent, children, tol)
                compared += 1
        if table.rows:
            rows = table.rows[1:8]
            assert compare_sum(table, table.rows[0], rows, Decimal(0)) == plain(
                table, table.rows[0], rows, Decimal(0))
    assert compared > 50


def _plain_segments(ctx: object, aliases: tuple[str, ...] | None) -> list[tuple]:
    from checker.kinds._context import norm

    if aliases:
        roots: list = []
        for alias in aliases:
            roots.extend(s for s in ctx.sections(alias)  # type: ignore[attr-defined]
                         if all(s is not r for r in roots))
    else:
        roots = list(ctx.doc.parts)  # type: ignore[attr-defined]
    out, seen = [], set()
    for root in roots:
        for section in root.walk():
            if id(section) in seen:
                continue
            seen.add(id(section))
            heading = f"{section.marker}{section.title}" if (
                section is not root or not aliases) else ""
            raws = [heading] if heading else []
            raws.extend(p.text for p in section.paragraphs)
            if not raws:
                continue
            end = max([section.line, *((p.end_line or p.line) for p in section.paragraphs)])
            start = section.line if heading else section.paragraphs[0].line
            out.append(("".join(norm(r) for r in raws), "\n".join(raws), start, end,
                        root.title))
    return out


def test_segments_built_from_shared_pieces_as_plainly(doc: Document) -> None:
    compared = 0
    for ctx in _contexts(doc):
        names = list(ctx.pack.section_aliases)
        sets = [None, *((name,) for name in names), tuple(names[:3]), tuple(names[-4:])]
        for aliases in sets + sets[::-1]:  # built, then from the pieces already built
            got = [(s.text, s.raw, s.line, s.end_line, s.section)
                   for s in ctx._build_segments(aliases)]
            assert got == _plain_segments(ctx, aliases)
            compared += len(got)
    assert compared > 0


def test_subject_keys_as_a_scan(docs: list[Document]) -> None:
    from checker.kinds._context import norm
    from checker.kinds._named_rows import subject_keys

    def plain(subjects: dict[str, list[str]], name: str) -> list[str] | None:
        for key, rows in subjects.items():
            if norm(name) in (norm(k) for k in key.split("|")):
                return rows
        return None

    found = 0
    for ctx in (ctx for doc in docs[:2] for ctx in _contexts(doc)):
        for rule in ctx.pack.enabled_rules():
            subjects = rule.params.get("subjects")
            if not isinstance(subjects, dict):
                continue
            names = [w for key in subjects for w in key.split("|")] + ["不存在", " 人员 经费 "]
            for name in names * 2:
                assert subject_keys(subjects, name) == plain(subjects, name)
                found += plain(subjects, name) is not None
    assert found > 0
    twice = {"a|b": ["1"], "b|c": ["2"]}
    assert subject_keys(twice, "b") == ["1"] and subject_keys(twice, "c") == ["2"]


def test_cell_plausible_decimals_as_each_cell_judged_alone() -> None:
    from decimal import Decimal

    from checker.kinds.cell_plausible import _bad, _cells
    from checker.model.ast import Row, Table

    values = [Decimal(x) for x in ("1.000", "0.001", "NaN", "Infinity", "1E+2", "1E-7",
                                   "12.50", "-0.00", "7", "3.1", "-2.125", "0E-3")]
    table = Table(number=None, title="t", section_path=[], unit_of_measure=None,
                  columns=["金额"] * len(values), cells_missing=False, line=1,
                  rows=[Row("a", None, values, 2), Row("b", None, [None, *values[:3]], 3)])
    for check in ("decimals", "negative"):
        if check == "negative":  # (a NaN has no order: both raise; no such cell is read)
            for row in table.rows:
                row.values = [v for v in row.values if v is None or not v.is_nan()]
        alone = [(row, found) for row in table.rows for index, value in enumerate(row.values)
                 if value is not None and (found := _bad(check, table, row, index, value))]
        assert _cells(check, table) == alone
    assert [f for _r, f in _cells("decimals", table)] == [
        "1.000", "0.001", "1E-7", "-2.125", "0.000", "1.000", "0.001"]
    assert [f for _r, f in _cells("negative", table)] == ["-2.125"]


def test_scan_each_as_each_scan(doc: Document) -> None:
    from checker.kinds._scan import _none_anywhere, scan, scan_each
    from checker.kinds.editorial import _segments
    from tests.test_check_fast import PATTERNS

    def key(hits: list) -> list:
        return [(id(h.segment), h.match.start(), h.text, h.line) for h in hits]

    ruled_out = 0
    for ctx in _contexts(doc)[:2]:
        sets = [list(rule.params["patterns"]) for rule in ctx.pack.enabled_rules()
                if len(rule.params.get("patterns") or []) > 1]
        sets += [PATTERNS, PATTERNS[1:5], ["某某", "×{2,}", "。{3,}"],
                 ["(?P<year>20\\d{2})年", "(?P<year>19\\d{2})年"], ["(?i)x+", "[Xx]{2,}"]]
        for segments in (ctx.paragraph_segments(), ctx.segments(), _segments(ctx, "all")):
            for patterns in sets:
                got = scan_each(ctx, patterns, segments)
                assert [key(h) for h in got] == [key(scan(ctx, p, segments)) for p in patterns]
                ruled_out += _none_anywhere(ctx, tuple(patterns), segments)
    assert ruled_out > 0
