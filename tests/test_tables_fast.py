"""The table readers' fast paths give exactly what the plain definitions give: each is
compared with the slower definition it replaced, on synthetic edge cases and on every
tab-separated row and space-separated line of the corpus texts."""

from __future__ import annotations

import re
from dataclasses import astuple
from decimal import Decimal
from pathlib import Path

import pytest

from checker.model.ast import Line
from checker.parse.normalize import fold_width, normalize_text, parse_amount
from checker.parse.tables import _COLUMN_NUMBER_KINDS_RE, build_table
from checker.parse.tables_cells import (
    _CJK_SPACE_RE,
    _CODE_RE,
    _NULL_CELLS,
    _NUM_RE,
    _TAG_RE,
    _clean_label,
    _compact,
    _compact_folded,
    _fold,
    _is_column_numbers,
    _is_number,
    _join_code_parts,
    number_value,
    parse_cell,
)
from checker.parse.tables_positional import (
    _cells,
    _group_starts,
    _label_of,
    _label_width_of,
    _positional_segments,
    _row_kinds,
    _split_code,
    _value,
)
from checker.parse.tables_stream import _stream_segments, _tokens

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = [
    ["", "-", "201", "行政运行", "12.50", "0.00"],
    ["2010101", "", "1,234.5", "301", "工资福利支出", "—"],
    ["301", "302", "5%", "+7", "\u22123", ".5", "-.5", "30101"],
    ["合计", "30101"],
    ["123", "－", "/", "abc"],
    ["201", "06", "", "行政运行", "1.00", "执行", "2.00", "项目", "3"],
    ["12\n", "301\n", "文字"],
]
NUMBERS = ["0", "0.00", "12.50", "1,234.5", "103,349.96", "5%", "+7", "-3", "\u22123", ".5",
           "-.5", "+.25%", "2010101", "١٢", "１２.５０"]
SPACE_LINES = ["  一、一般公共服务支出  12.50   0.00 0.00 ", "201 01 01 行政运行 1,234.5 5%",
               "12.5abc 3 - — ６ 1,23", "", "   ", "\u3000合计\u3000１２３\t4",
               "类 款 项 合计 6521.70", "<b>7</b> 301 02 办公费 1.5"]


def _corpus_rows() -> list[list[str]]:
    rows = []
    for path in sorted(FIXTURES.glob("0*.txt")):
        rows.extend(_cells(line, "tab") for line in path.read_text(encoding="utf-8").splitlines()
                    if "\t" in line)
    return rows


def _corpus_lines() -> list[str]:
    lines = list(SPACE_LINES)
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines.extend(ln.text for ln in normalize_text(path.read_text(encoding="utf-8")))
    return lines


def _plain_kind(cells: list[str], i: int) -> str:
    """The per-cell definition ``_row_kinds`` replaced, as its one-character kinds."""
    cell = cells[i]
    if not cell:
        return " "
    if cell in _NULL_CELLS:
        return "-"
    if _is_number(cell):
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        if _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            return "C"
        return "N"
    return "T"


def test_row_kinds_agree_with_the_per_cell_definition() -> None:
    rows = ROWS + _corpus_rows()
    assert len(rows) > 300
    for cells in rows:
        assert _row_kinds(cells) == "".join(_plain_kind(cells, i) for i in range(len(cells)))
    assert _row_kinds(ROWS[0]) == " -CTNN"
    assert _row_kinds(ROWS[3]) == "TN"
    assert _row_kinds(ROWS[6]) == "NCT"


def _plain_label_width(kinds: str) -> int:
    """The loop ``_label_width_of`` replaced: the last label cell before the first amount,
    the group's last cell read without its neighbour (a code there is an amount)."""
    last = -1
    for i, kind in enumerate(kinds):
        if kind == "N" or (kind == "C" and i == len(kinds) - 1):
            break
        if kind in ("T", "C"):
            last = i
    return last + 1


def test_label_width_agrees_with_the_loop() -> None:
    kinds = {_row_kinds(cells) for cells in ROWS + _corpus_rows()}
    samples = {k[s:e] for k in kinds for s in range(len(k)) for e in range(s, len(k) + 1)}
    samples |= {"", "C", "TC", "TCN", "CT", " T-N", "NT"}
    for sample in samples:
        assert _label_width_of(sample) == _plain_label_width(sample), sample
    assert _label_width_of("CTNN") == 2 and _label_width_of("TC") == 1


def _plain_group_starts(data: list[list[str]]) -> list[int]:
    """The data evidence of ``_group_starts`` as it was: a cell-by-cell walk."""
    starts = {0}
    for cells in data:
        kinds = [_plain_kind(cells, i) for i in range(len(cells))]
        parts = set()
        for i, cell in enumerate(cells):
            if not re.fullmatch(r"\d{3}", cell):
                continue
            j = i + 1
            while j < len(cells) and j - i <= 2 and (not cells[j] or re.match(r"^\d{2}$",
                                                                                cells[j])):
                j += 1
            if j > i + 1 and j < len(cells) and cells[j] and not _is_number(cells[j]):
                parts.update(range(i, j))
        seen_value = False
        for i in range(len(cells)):
            kind = "C" if i in parts else kinds[i]
            if kind == "N":
                seen_value = True
            elif kind in ("T", "C") and seen_value:
                starts.add(i)
                seen_value = False
    return sorted(starts)


def test_group_starts_agree_with_the_cell_walk() -> None:
    tables = [ROWS, *([row] for row in ROWS + _corpus_rows())]
    for rows in tables:
        width = max(len(c) for c in rows)
        padded = [c + [""] * (width - len(c)) for c in rows]
        got = _group_starts([], padded, False, [_row_kinds(c) for c in padded])
        assert got == _plain_group_starts(padded), rows
    assert _group_starts([], [ROWS[5]], False, [_row_kinds(ROWS[5])]) == [0, 5, 7]


def test_given_kinds_cut_the_same_segments() -> None:
    """``build_table`` hands the kinds it read to ``_positional_segments``: the same cut."""
    class _Line:
        def __init__(self, number: int) -> None:
            self.number = number

    rows = _corpus_rows()
    data = [(_Line(i), cells) for i, cells in enumerate(rows) if any(cells)]
    plain = _positional_segments([], data, False)  # type: ignore[arg-type]
    given = _positional_segments([], data, False,  # type: ignore[arg-type]
                                 data_kinds=[_row_kinds(c) for _, c in data])
    assert plain[1] == given[1]
    assert [astuple(s) for s in plain[0]] == [astuple(s) for s in given[0]]
    assert len(plain[0]) > 300


def test_number_value_is_what_parse_amount_reads() -> None:
    cells = NUMBERS + [c for row in _corpus_rows() for c in row if _NUM_RE.match(c)]
    assert len(cells) > 1000
    for cell in cells:
        assert _NUM_RE.match(cell), cell
        expected = parse_amount(cell.replace("\u2212", "-"))
        got = number_value(cell)
        assert got == expected and str(got) == str(expected), cell
    assert number_value("1,234.5") == Decimal("1234.5")
    assert number_value("5%") == Decimal(5)
    assert number_value("\u22123") == Decimal(-3)
    assert number_value(".5") is None and number_value("-.5") is None


def test_cell_values_by_kind_are_what_parse_cell_reads() -> None:
    for cells in ROWS + _corpus_rows():
        for cell, kind in zip(cells, _row_kinds(cells), strict=True):
            expected = parse_cell(cell)
            assert _value(cell, kind) == expected, cell
            if kind in "NC" and cell[-1] != "\n":
                assert str(number_value(cell)) == str(expected), cell


def test_amounts_share_parse_amounts_decimals() -> None:
    """One ``Decimal`` per distinct amount text, whichever reader met it first."""
    for text in ("98765.43", "1,234.56", "-0.00", "12%"):
        assert number_value(text) is parse_amount(text)
    assert parse_amount("43,210.98") is number_value("43,210.98")


@pytest.mark.parametrize("cell", ["", " 12 ", "－", "１２．５", "<b>7</b>", "abc", "0.00"])
def test_parse_cell_keeps_its_reading(cell: str) -> None:
    expected = {"": None, " 12 ": Decimal(12), "－": None, "１２．５": Decimal("12.5"),
                "<b>7</b>": Decimal(7), "abc": None, "0.00": Decimal("0.00")}[cell]
    assert parse_cell(cell) == expected


def test_tab_cells_fold_the_line_once_as_each_cell_alone() -> None:
    lines = ["（一）工资\t１２３．４５\t\u3000－\t<b>合计</b>\t",
             "a <x\tb> c\t ３０１ ",
             "\u200b项目\t\ufeff金额"]
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines.extend(ln for ln in path.read_text(encoding="utf-8").splitlines() if "\t" in ln)
    for line in lines:
        assert _cells(line, "tab") == [_fold(c).strip() for c in line.split("\t")], line
    assert _cells(lines[0], "tab") == ["(一)工资", "123.45", "-", "合计", ""]


def _plain_tokens(text: str) -> list[tuple[str, str, int]]:
    """``_tokens`` as it was: word by word."""
    raw: list[tuple[str, int]] = []
    end = None
    for match in re.finditer(r"\S+", _fold(text)):
        raw.append((match.group(), -1 if end is None else match.start() - end))
        end = match.end()
    out = []
    for word, index in _join_code_parts([w for w, _ in raw]):
        kind = "null" if word in _NULL_CELLS else "num" if _is_number(word) else "text"
        out.append((word, kind, raw[index][1]))
    return out


def test_tokens_agree_with_the_word_by_word_definition() -> None:
    lines = _corpus_lines()
    assert len(lines) > 1000
    for line in lines:
        assert [astuple(t) for t in _tokens(line)] == _plain_tokens(line), line
    assert [astuple(t) for t in _tokens(SPACE_LINES[1])] == [
        ("2010101", "num", -1), ("行政运行", "text", 1), ("1,234.5", "num", 1), ("5%", "num", 1)]
    assert [t.gap for t in _tokens(SPACE_LINES[0])] == [-1, 2, 3, 1]


def test_stream_amounts_are_what_parse_cell_reads() -> None:
    """``_stream_segments`` reads a number word with ``number_value``, a dash as None."""
    numbers = [t.text for line in _corpus_lines() for t in _tokens(line) if t.kind == "num"]
    assert len(numbers) > 1000
    for text in numbers:
        assert str(number_value(text)) == str(parse_cell(text)), text
    segments = _stream_segments(_tokens("301 工资福利支出 1,234.50 - 5% 0.00"), 7, 0)
    assert [(s.code, s.label, s.values) for s in segments] == [
        ("301", "工资福利支出", [Decimal("1234.50"), None, Decimal(5), Decimal("0.00")])]


def test_fold_is_fold_width_then_the_tag_pass() -> None:
    for line in [*_corpus_lines(), "＜b＞７＜/b＞", "a<b>c", "\u3000１\u200b"]:
        folded = fold_width(line)
        assert _fold(line) == (_TAG_RE.sub("", folded) if "<" in folded else folded)


@pytest.mark.parametrize("text", ["", "项  目", "本年\t收入\u3000合计", "**合计**", " a\u00a0b\n",
                                  "x\x1cy\u2028z", "（一）　基本支出", "<<b>a>b", "１ <i>２</i>"])
def test_compact_removes_what_the_whitespace_pattern_removed(text: str) -> None:
    expected = re.sub(r"\s+", "", _fold(text)).replace("**", "")
    assert _compact(text) == expected
    assert _compact_folded(_fold(text)) == _compact(_fold(text))


@pytest.mark.parametrize(("tokens", "expected"), [
    (["1", "2", "3"], True), (["栏次", "1", "2"], True), (["行次", "5", "6", "7"], True),
    (["1", "3"], False), (["栏次", "1"], False), (["1", "2", "合计"], False), ([], False),
    (["栏次"], False), (["2", "3", "4"], True), (["①", "②"], False), (["1", "²"], False),
    (["１", "２"], True)])
def test_column_numbers(tokens: list[str], expected: bool) -> None:
    assert _is_column_numbers(tokens) is expected


def test_labels_clean_as_before_and_codes_start_with_a_digit() -> None:
    """``_clean_label`` skips the space pass on a label without spaces, and ``_split_code`` is
    only asked about labels that start with a digit: neither shortcut changes a label."""
    labels = [c for row in ROWS + _corpus_rows() for c in row if c]
    labels += ["社会保障和就业支 出", "项    目", "**合计**", " #标题 ", "2080501-行政单位离退休",
               "301 工资福利支出", "１２３ 文字", "\u3000 (一) 基本支出"]
    for label in labels:
        plain = _fold(label).strip().strip("#").strip().replace("**", "")
        assert _clean_label(label) == _CJK_SPACE_RE.sub("", plain).strip(), label
        if not label.lstrip()[:1].isdecimal():
            assert _split_code(label) == (None, label), label
    assert _clean_label("社会保障和就业支 出") == "社会保障和就业支出"
    assert _split_code("2080501-行政单位离退休") == ("2080501", "行政单位离退休")


def test_a_line_of_circled_numbers_is_read() -> None:
    """ "①→②" once stopped the parse (``int("①")``): it is read as any line of text (here
    a header line, as no amount stands on it)."""
    body = [Line(2, "项目\t金额", "项目\t金额"), Line(3, "①\t②", "①\t②"),
            Line(4, "合计\t5.00", "合计\t5.00")]
    table = build_table(Line(1, "一、收支总表", "一、收支总表"), body, [])
    assert [(r.label, r.values) for r in table.rows] == [("合计", [Decimal("5.00")])]


def _plain_label(cells: list[str], kinds: str) -> tuple[str | None, list[str]]:
    """The label cut ``_label_of`` replaced (every row joined when a number stood in it)."""
    label_cells = [c for c in cells if c]
    if "N" in kinds or "C" in kinds:
        label_cells = [c for c, _ in _join_code_parts(label_cells)]
    code, parts = None, []
    for k, cell in enumerate(label_cells):
        if k == 0 and len(label_cells) > 1 and _CODE_RE.match(cell):
            code = cell
        elif not (parts and (cell == "无" or cell in parts)):
            parts.append(cell)
    if code is None and parts and parts[0].lstrip()[:1].isdecimal():
        found, rest = _split_code(parts[0])
        if found:
            code, parts[0] = found, rest
    return code, parts


def test_label_cut_agrees_with_the_plain_loop_on_every_slice() -> None:
    rows = ROWS + _corpus_rows() + [["201", "", "06", "01", "行政运行"], ["301", "02", "5"],
                                    ["201", "-", "06", "行政"], ["2010101", "无", "无"]]
    seen = 0
    for cells in rows:
        kinds = _row_kinds(cells)
        for s in range(len(cells)):
            for e in range(s, len(cells) + 1):
                assert _label_of(cells[s:e], kinds[s:e]) == _plain_label(cells[s:e], kinds[s:e])
                seen += 1
    assert seen > 10000
    cells = ["201", "", "06", "01", "行政运行"]
    assert _label_of(cells, _row_kinds(cells)) == ("2010601", ["行政运行"])


def _plain_positional_rows(data: list[tuple[object, list[str]]],
                           layout: list[tuple[int, int, int]]) -> list[tuple[object, ...]]:
    """The per-row cut of ``_positional_segments`` as it was (every value cell read), before
    wrapped labels are merged: (line, group, code, parts, values)."""
    width = max(len(c) for _, c in data)
    out = []
    for line, cells in data:
        cells = cells + [""] * (width - len(cells))
        kinds = _row_kinds(cells)
        for g, (s, e, lw) in enumerate(layout):
            code, parts = _plain_label(cells[s:s + lw], kinds[s:s + lw])
            values = [parse_cell(c) for c in cells[s + lw:e]]
            if parts or code or any(v is not None for v in values):
                out.append((line, g, code, parts, values))
    return out


def test_positional_rows_agree_with_the_plain_cut() -> None:
    """Each corpus table's tab rows, cut with the layout the reader chose, give the segments
    the plain cut gives (blank value runs, the common code-and-name label, joined codes)."""
    from checker.parse import tables_positional

    cut: list[tuple[object, ...]] = []
    original = tables_positional._merge_wrapped

    def keep(segments: list, adopt: bool = False) -> list:  # type: ignore[type-arg]
        cut.extend((s.line, s.group, s.code, list(s.label_parts), list(s.values))
                   for s in segments)
        return original(segments, adopt)

    tables_positional._merge_wrapped = keep  # type: ignore[assignment]
    checked = 0
    try:
        for path in sorted(FIXTURES.glob("0*.txt")):
            rows = [(i, _cells(line, "tab")) for i, line in
                    enumerate(path.read_text(encoding="utf-8").splitlines()) if "\t" in line]
            for start in range(0, len(rows), 15):  # tables of 15 rows: varied layouts
                data = [(Line(i, "", ""), cells) for i, cells in rows[start:start + 15]]
                cut.clear()
                _, layout = _positional_segments([], data, False)  # type: ignore[arg-type]
                plain = _plain_positional_rows([(ln.number, c) for ln, c in data], layout)
                assert cut == plain
                checked += len(plain)
    finally:
        tables_positional._merge_wrapped = original  # type: ignore[assignment]
    assert checked > 500


def test_column_number_rows_are_only_asked_when_their_kinds_allow() -> None:
    """``build_table`` asks ``_is_column_numbers`` only about rows whose kinds fit
    ``_COLUMN_NUMBER_KINDS_RE``: no row outside it is column numbers."""
    rows = ROWS + _corpus_rows() + [["栏次", "1", "2", "3"], ["", "1", "", "2"], ["1", "2"],
                                    ["行次", "5", "6"], ["1", "2", "合计"]]
    asked = 0
    for cells in rows:
        kinds = _row_kinds(cells)
        if not _COLUMN_NUMBER_KINDS_RE.fullmatch(kinds):
            assert not _is_column_numbers([c for c in cells if c]), cells
        else:
            asked += 1
    assert asked < len(rows) / 2
    assert _COLUMN_NUMBER_KINDS_RE.fullmatch(_row_kinds(["栏次", "1", "2", "3"]))


def _corpus_blocks() -> list[tuple[Line, list[Line]]]:
    """Every table block (title line, body lines) the parser hands ``build_table`` in the
    corpus texts."""
    from checker.parse import parser, structure

    blocks: list[tuple[Line, list[Line]]] = []
    original = structure.build_table

    def keep(title: Line, body: list[Line], path: list[str]):  # type: ignore[no-untyped-def]
        blocks.append((title, list(body)))
        return original(title, body, path)

    structure.build_table = keep  # type: ignore[assignment]
    try:
        for path in sorted(FIXTURES.glob("0*.txt")):
            parser.parse_text(path.read_text(encoding="utf-8"), str(path))
    finally:
        structure.build_table = original  # type: ignore[assignment]
    return blocks


def test_furniture_is_only_looked_for_in_lines_with_its_words() -> None:
    """``read_block`` passes a content line holding none of 公/续/单位/注/说明 straight on:
    every corpus block reads the same as when every line is asked about every piece."""
    from checker.parse import tables_block

    blocks = _corpus_blocks()
    assert len(blocks) > 40
    texts = ["项目\t金额", "合计\t5.00", "续表", "公开01表", "单位：元", "项目\t金额",
             "一、工资\t3.00", "注：1.说明文字", "第二行"]
    blocks.append((Line(1, "一、收支总表", "一、收支总表"),
                   [Line(k, t, t) for k, t in enumerate(texts, 2)]))
    fast = [tables_block.read_block(title, body) for title, body in blocks]
    original = tables_block._FURNITURE_RE
    tables_block._FURNITURE_RE = re.compile("")  # (matches every line: the plain path)
    try:
        plain = [tables_block.read_block(title, body) for title, body in blocks]
    finally:
        tables_block._FURNITURE_RE = original
    assert fast == plain
    assert sum(len(b.content) for b in fast) > 800 and any(b.unit for b in fast)
    made = fast[-1]
    assert [ln.text for ln in made.content] == ["项目\t金额", "合计\t5.00", "项目\t金额",
                                                "一、工资\t3.00"]
    assert (made.form, made.unit, [n.text for n in made.notes]) == (
        "公开01表", "元", ["注：1.说明文字第二行"])


def _plain_detect_layout(lines: list[Line]) -> str:
    """``_detect_layout`` as it was: every line's tokens counted."""
    texts = [ln.text for ln in lines if ln.text.strip()]
    if not texts:
        return "empty"
    if any("\t" in t for t in texts):
        return "tab"
    if sum(1 for t in texts if re.search(r"<t[dh][\s>]", t, re.IGNORECASE)) >= 2:
        return "html"
    if sum(1 for t in texts if t.strip().startswith("|") and t.count("|") >= 2) >= 2:
        return "pipe"
    multi = 0
    for t in texts:
        toks = _tokens(t)
        kinds = {tok.kind for tok in toks}
        if len(toks) >= 2 and "num" in kinds and ("text" in kinds or len(toks) >= 3):
            multi += 1
    return "space" if multi >= max(2, len(texts) // 5) or multi == len(texts) else "lines"


def test_layout_told_as_by_counting_every_line() -> None:
    from checker.parse.tables_block import _detect_layout, read_block

    blocks = [read_block(title, body).content for title, body in _corpus_blocks()]
    made = [["<td>a</td><td>1</td>", "<TD>b</td><th>2</th>"], ["| a | 1 |", "|b|2|"],
            ["合计 1.00", "文字"], ["合计 1.00", "文字", "文字", "文字", "文字", "文字", "x 2"],
            ["1 2 3"], ["文字"], ["a | b", "c | d"]]
    blocks += [[Line(k, t, t) for k, t in enumerate(texts)] for texts in made]
    layouts = [_detect_layout(lines) for lines in blocks]
    assert layouts == [_plain_detect_layout(lines) for lines in blocks]
    assert {"tab", "space", "empty", "html", "pipe", "lines"} <= set(layouts)


def test_codes_in_token_streams_as_the_pattern_tells() -> None:
    from checker.parse.tables_stream import _is_code_at

    lines = [*_corpus_lines(), "201 06 01 行政运行 1.5", "301 1234567 12345 30101"]
    seen = 0
    for line in lines:
        toks = _tokens(line)
        for i, tok in enumerate(toks):
            plain = tok.kind == "num" and bool(_CODE_RE.match(tok.text)) and (
                i + 1 >= len(toks) or toks[i + 1].kind == "text")
            assert _is_code_at(toks, i) == plain, line
            seen += plain
    assert seen > 100
