"""The check stage's third round of faster paths (issue 12) answer exactly what the plain
code answered, on every corpus document and on constructed edge cases: a parsed text's
lines normalised once for the title keys and the joined text, title keys taken from the
normalised lines, and ``toc``'s endings looked up in one joined text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.engine import title_keys
from checker.engine.profiles import title_key, title_lines
from checker.engine.title_keys import key_of_normalised
from checker.kinds import _joined
from checker.kinds._context import Context, norm
from checker.model.ast import Document, Line
from checker.model.lines import Lines
from checker.parse.parser import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = sorted(FIXTURES.glob("0*.txt")) + sorted((FIXTURES / "real").glob("*.html"))

# Leaders, pages and notes as title keys meet them, several across line ends.
EDGE_LINES = [
    "", " ", "一、部门收入预算总表", "目录..........3", "目录‥‥12", "目录……5", "目录···7",
    "二、支出表---", "---三、说明", "四、说明--", "-五、表", "表_", "__表", "六、表(功能科目)",
    "七、表(单位:万元)", "八、表（功能科目）", "(一)", "说明)", "说明(", ")", "()", "x" * 61,
    "甲" * 60 + ")", "甲" * 59 + "..1", "2025年部门预算.", ".", "..", "…", "·", "·", "_",
    "__", "-", "--", "a.b.c", "第一部分 部门概况 ........ 3 ", "（二）机构设置……………………5",
    "表…(功能科目)", "..(功能科目)", "1.2", "一般公共预算支出表 (1)", "*", "**表**",
]


def _plain_title_key(text: str) -> str:
    """``title_key`` as it was written before ``key_of_normalised``."""
    key = title_keys._LEADERS.sub("", norm(text))
    key = title_keys._TRAILING_PAGE.sub("", key) if title_keys._LEADERS.search(norm(text)) \
        else key
    return title_keys._TRAILING_NOTE.sub("", key)


def _plain_titles(lines: list[Line]) -> list[tuple[int, str]]:
    return [(li.number, _plain_title_key(li.text)) for li in lines
            if 0 < len(_plain_title_key(li.text)) <= title_keys.MAX_TITLE_LINE]


def _plain_join(lines: list[Line]) -> tuple[list[int], list[int], str]:
    parts = [norm(li.text) for li in lines]
    starts, at = [], 0
    for part in parts:
        starts.append(at)
        at += len(part)
    return [li.number for li in lines], [*starts, at], "".join(parts)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return [parse_file(path) for path in DOCS]


def test_title_key_of_the_normalised_text_as_the_plain_key() -> None:
    texts = [*EDGE_LINES, *(a + b for a in EDGE_LINES for b in EDGE_LINES[:12])]
    for text in texts:
        assert key_of_normalised(norm(text)) == _plain_title_key(text), text
        assert title_key(text) == _plain_title_key(text), text


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 4096])
def test_one_pass_as_the_plain_keys_and_join(monkeypatch: pytest.MonkeyPatch, chunk: int,
                                             docs: list[Document]) -> None:
    monkeypatch.setattr(_joined, "CHUNK", chunk)
    edge = [Line(number, text, text) for number, text in enumerate(EDGE_LINES * 3, 1)]
    cases = [list(doc.lines) for doc in docs] if chunk in (3, 4096) else []
    cases += [edge, edge[:1], [], list(reversed(edge))[:0]]
    # Every ordering of line ends: each edge line after each other one.
    cases += [[Line(1, a, a), Line(2, b, b)] for a in EDGE_LINES[:20] for b in EDGE_LINES]
    for plain_lines in cases:
        lines = Lines(plain_lines)
        (raw, numbers, starts, text), titles = _joined._join_with_titles(lines)
        assert raw is lines
        assert (list(numbers), list(starts), text) == _plain_join(plain_lines)
        assert list(zip(titles.numbers, titles.keys, strict=True)) == \
            _plain_titles(plain_lines)
        joined = _joined.join_lines(lines)
        assert (list(joined[2]), joined[3]) == (list(starts), text)


def test_detection_hands_its_join_to_the_check_once(docs: list[Document]) -> None:
    from checker.engine.run import default_pack_path, load_pack

    for doc in docs:
        plain = _plain_titles(list(doc.lines))
        title_keys._TITLE_LINES = None
        found = title_lines(doc)  # as detection does first
        assert list(zip(found.numbers, found.keys, strict=True)) == plain
        pack = load_pack(default_pack_path(doc.kind))
        first = Context(doc, pack, pack.tolerance)
        assert _joined._SHARED is None  # taken by the check
        second = Context(doc, pack, pack.tolerance)  # built again, alike
        expected = _plain_join(list(doc.lines))
        for ctx in (first, second):
            assert (list(ctx._numbers), list(ctx._starts), ctx._joined) == expected
            assert ctx._raw_lines is doc.lines
        assert title_lines(doc) is found


def test_a_check_without_detection_remembers_the_title_lines(docs: list[Document]) -> None:
    from checker.engine.run import default_pack_path, load_pack

    doc = docs[0]
    title_keys._TITLE_LINES = None
    _joined._SHARED = None
    pack = load_pack(default_pack_path(doc.kind))
    ctx = Context(doc, pack, pack.tolerance)
    assert (list(ctx._numbers), list(ctx._starts), ctx._joined) == \
        _plain_join(list(doc.lines))
    found = title_lines(doc)
    assert list(zip(found.numbers, found.keys, strict=True)) == \
        _plain_titles(list(doc.lines))
    assert _joined._SHARED is None  # nothing kept for a check already built


def test_the_shared_join_is_not_used_for_other_lines_or_kept_past_its_document() -> None:
    doc = parse_text("2025年部门预算\n一、部门收入预算总表\n目录......3\n")
    title_lines(doc)
    assert _joined._SHARED is not None
    doc.lines = Lines(list(doc.lines)[:1])  # the same document, other lines
    joined = _joined.join_document(doc)
    assert joined[3] == norm("2025年部门预算")
    other = parse_text("2024年部门决算\n一、收入支出决算总表\n")
    title_keys._TITLE_LINES = None
    title_lines(other)
    assert _joined._SHARED is not None
    del other
    assert _joined._SHARED is None  # dropped with its document


def test_pdf_lines_keep_the_plain_path() -> None:
    doc = parse_text("2025年部门预算\n一、部门收入预算总表\n")
    plain_lines = [Line(3, "二、表", "二、表"), Line(1, "一、表......2", "一、表......2"),
                   Line(3, "重复", "重复")]
    doc.lines = plain_lines
    title_keys._TITLE_LINES = None
    found = title_lines(doc)
    assert list(zip(found.numbers, found.keys, strict=True)) == _plain_titles(plain_lines)
    assert _joined.join_document(doc) == _joined.join_lines(plain_lines)


# --- toc: the body's endings looked up in one joined text --------------------------------

def test_toc_body_endings_answer_as_endswith(docs: list[Document]) -> None:
    from checker.kinds import toc

    compared = 0
    for doc in docs:
        if not doc.toc:
            continue
        body = toc._body(doc)
        cores = [toc._core(entry.title) for entry in doc.toc]
        for tail in (2, 4, 6, 9):
            ends = toc._body_endings(body, cores, tail)
            assert isinstance(ends, toc._Ends)
            every = toc.endings(body, tail)
            for core in cores:
                assert toc._found(core, tail, body, ends) == \
                    toc._found(core, tail, body, every)
                for ending in toc._endings_of(core, tail):
                    assert (ending in ends) == any(line.endswith(ending) for line in body)
                    compared += 1
    assert compared > 100


def test_toc_endings_constructed() -> None:
    from checker.kinds import toc

    bodies = [set(), {""}, {"上海市财政局主要职能", "部门预算表", "说明"}, {"表", "预算表"},
              {"a\nb"}]
    probes = ["主要职能", "局主要职能", "预算表", "说明", "明", "", "职能表", "要职能",
              "表", "a", "b", "\n", "a\nb", "x\n"]
    for body in bodies:
        ends = toc._body_endings(body, [p for p in probes if "\n" not in p], 6)
        for probe in probes:
            if "\n" in probe and isinstance(ends, toc._Ends):
                continue  # looked up only by cores, which hold no line break
            assert (probe in ends) == any(line.endswith(probe) for line in body), (
                body, probe)
    # A line break in a line or a core: the plain endings.
    assert not isinstance(toc._body_endings({"a\nb"}, ["b"], 6), toc._Ends)
    assert not isinstance(toc._body_endings({"ab"}, ["a\nb"], 6), toc._Ends)
    assert re.fullmatch(r"_Ends", type(toc._body_endings({"ab"}, ["b"], 6)).__name__)


# --- compare_sum: a column's sum read column by column -------------------------------------

def _plain_compare_sum(table, total, parts, tol):  # type: ignore[no-untyped-def]
    """``compare_sum`` as it was written before ``_column_sums``."""
    from decimal import Decimal

    from checker.kinds._arith import column_name
    from checker.kinds._cells import value_width

    width = max([len(total.values), *(len(r.values) for r in parts)])
    widths: dict = {}
    for row in (total, *parts):
        if row.group not in widths:
            widths[row.group] = value_width(table, row)
        if widths[row.group] and len(row.values) < widths[row.group]:
            width = min(width, 1)
            break
    out = []
    for index in range(width):
        found = total.values[index] if index < len(total.values) else None
        expected = sum((r.values[index] or Decimal(0) for r in parts
                        if index < len(r.values)), Decimal(0))
        if abs((found or Decimal(0)) - expected) > tol:
            out.append((column_name(table, total, index), found or Decimal(0), expected))
    return out


def _exact(found: list) -> list:  # the same digits and exponents, not only equal values
    return [(name, str(a), str(b)) for name, a, b in found]


def test_compare_sum_as_the_plain_loop(docs: list[Document]) -> None:
    from decimal import Decimal

    from checker.kinds._arith import compare_sum
    from checker.kinds.code_hierarchy import children_by_parent

    compared = 0
    for doc in docs:
        for table in doc.tables:
            rows = list(table.rows)
            coded = [r for r in rows if r.code]
            groups = [(parent, children) for parent in coded for children in
                      [children_by_parent(coded).get((parent.code, parent.group))] if children]
            groups += [(rows[i], rows[i + 1:i + 1 + n]) for i in range(len(rows))
                       for n in (0, 1, 3, 40)]
            for total, parts in groups:
                for tol in (Decimal(0), Decimal("0.01"), Decimal(-1)):
                    assert _exact(compare_sum(table, total, parts, tol)) == \
                        _exact(_plain_compare_sum(table, total, parts, tol))
                    compared += 1
    assert compared > 1000


def test_column_sums_constructed() -> None:
    from decimal import Decimal as D

    from checker.kinds._arith import _column_sums, _plain_sums

    cases = [[], [[]], [[None]], [[D("0.00"), D("1.5")], [D("-0"), None]],
             [[D("1.10"), D("2")], [D("0E+2"), D("3.000")], [None, D("-3.000")]],
             [[D("1"), D("2"), D("3")], [D("4")]], [[D("1")], [D("2"), D("3")]],
             [[D("9" * 30), D("1")], [D("1"), D("1E+40")]], [[D("1E-40")], [D("1")]]]
    for rows in cases:
        for width in range(0, 5):
            assert [str(v) for v in _column_sums(rows, width)] == \
                [str(v) for v in _plain_sums(rows, width)], (rows, width)
