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
    for keys in (["部门收入总表", "2025年" + "很" * 30 + "收入总表", "预算表"], ["甲" * 30], []):
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
