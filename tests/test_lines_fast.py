"""The text path's fast paths (reading, normalising, lexing, paragraphs) give exactly what
their plain definitions give.

Each reference is the straightforward version a fast path replaced (kept here, not in the
package); both run on every corpus text or line and on made-up inputs built to reach the
cases a pre-check skips."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read import source

FIXTURES = Path(__file__).parent / "fixtures"


def _corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("0*.txt"))]


# ---------------------------------------------------------------- reading
def _plain_read_bounded(file: Path, limit: int) -> bytes | None:
    with file.open("rb") as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 12, 50])
def test_bounded_read_as_one_read(tmp_path: Path, size: int) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(bytes(range(48, 48 + size)))
    for limit in (0, 1, 10, 11, 100):
        assert source._read_bounded(path, limit) == _plain_read_bounded(path, limit)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_bounded_read_of_a_fifo_reads_past_its_size(tmp_path: Path) -> None:
    """A FIFO says it holds 0 bytes: it is read on, and stopped at the limit."""
    import threading

    fifo = tmp_path / "pipe"
    for payload, limit, expected in ((b"abcdef", 10, b"abcdef"), (b"x" * 30, 10, None)):
        os.mkfifo(fifo)
        writer = threading.Thread(target=fifo.write_bytes, args=(payload,))
        writer.start()
        try:  # the payloads fit the pipe's buffer: the writer never waits for the reader
            assert source._read_bounded(fifo, limit) == expected
        finally:
            writer.join()
            fifo.unlink()


def _plain_decode_bytes(data: bytes, name: str = "<input>") -> str:
    if not data.strip():
        raise InputError(name, "file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = source._utf16_to_utf8(data, name)
    if b"\x00" in data:
        raise InputError(name, "binary file (not text)")
    text = source._decode(data)
    if text is None:
        raise InputError(name, "cannot decode as UTF-8 or GB18030")
    if source._looks_binary(text):
        raise InputError(name, "binary file (not text)")
    if not text.strip():
        raise InputError(name, "file is empty")
    return text


def _outcome(function: object, data: bytes) -> str:
    try:
        return "text:" + function(data)  # type: ignore[operator]
    except InputError as error:
        return "error:" + str(error)


CONTROLLED = ["正文\x01\n", "\x01\x02\x03" + "字" * 50, "\x01\x02" + "字" * 48, "\x1f" * 3,
              "a\x0bb\x0cc\td\re\n", "  \t\n", "\x0b", "\u3000", "\x85\u2028", "表\x1b[0m"]


def test_decode_bytes_as_defined() -> None:
    datas = [text.encode("utf-8") for text in _corpus_texts()]
    for text in CONTROLLED:
        for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
            datas.append(text.encode(encoding))
    datas += [b"", b" \n", b"\xff\xfe", b"\x81\x30", b"\xef\xbb\xbf", b"\x00abc"]
    outcomes = [_outcome(source.decode_bytes, data) for data in datas]
    assert outcomes == [_outcome(_plain_decode_bytes, data) for data in datas]
    assert sum(outcome.startswith("error:") for outcome in outcomes) >= 8


def test_control_characters_are_their_own_bytes() -> None:
    """``decode_bytes`` skips the control count when the data holds no control byte: true
    while UTF-8 and GB18030 write each code point below 0x80 as its own byte and nothing
    else decodes below 0x20. Every GB18030 two- and four-byte sequence is decoded here (and
    whatever resynchronising makes of invalid ones): none gives a control character."""
    assert all(chr(code).encode(encoding) == bytes([code]) for code in range(128)
               for encoding in ("utf-8", "gb18030"))
    trails = [*range(0x30, 0x3A), *range(0x40, 0x7F), *range(0x80, 0xFF)]
    pairs = bytes(byte for lead in range(0x81, 0xFF) for trail in trails
                  for byte in (lead, trail))
    digits = range(0x30, 0x3A)
    quads = bytes(byte for first in range(0x81, 0xFF) for second in digits
                  for third in range(0x81, 0xFF) for fourth in digits
                  for byte in (first, second, third, fourth))
    singles = bytes(range(0x20, 0x100))
    for data in (pairs, quads, singles):
        assert min(data.decode("gb18030", errors="replace")) >= " "
    assert min(bytes(range(0x20, 0x100)).decode("utf-8", errors="replace")) >= " "


# ---------------------------------------------------------------- lexing
class _Everything:
    """A set holding every character: turns a pre-check off."""

    def __contains__(self, item: object) -> bool:
        return True


MADE_UP_LINES = [
    "注：本表无数据", "备 注: 见下", "注", "一、收支预算总表", "（一）财政拨款收入",
    "(一)财政拨款收入", "1.项目支出绩效目标表", "2、基本支出", "第二部分 2024年度单位预算表",
    "第三部分", "情况说明", "十二、其他说明", "一、一般公共预算拨款收入 74084.96",
    "项目支出绩效目标表", "城乡居民医保(含区县)",
    "绩效目标表", "收入支出决算总表（功能科目）", "2024年度部门收支预算总表", "单位：万元",
    "目录", "目", "录", "第一部分 单位概况......1", "一、主要职能\t3", "二、机构设置 12",
    "…………", "合计\t100\t200", "12024年3", "1.2024年5", "表", ")", "）", "x）", "１.全角",
    "٣.阿拉伯", "一、（仅有一个单位的部门，本部分内容", "\t注：缩进",
]


def _lex_texts() -> list[str]:
    made_up = "\n".join(MADE_UP_LINES)
    # the made-up lines in each state: the body, a table, a table's notes, a performance block
    contexts = ["正文。", "一、收支预算总表\n单位：万元", "一、收支预算总表\n注：说明",
                "项目支出绩效目标表\n项目名称\t某项目"]
    return [*_corpus_texts(), made_up,
            *(f"第一部分 单位概况\n一、主要职能\n{context}\n{made_up}\n{context}\n{made_up}"
              for context in contexts)]


def _tokens(text: str) -> list[tuple[object, ...]]:
    from checker.parse.lexer import lex
    from checker.parse.normalize import normalize_text

    return [(t.type, t.line.number, t.marker, t.number, t.title, t.page)
            for t in lex([line for line in normalize_text(text) if line.text])]


def test_lexer_pre_checks_change_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexer with every first/last-character pre-check turned off (each line asked every
    question, as before them) gives the same tokens."""
    from checker.parse import lexer

    texts = _lex_texts()
    fast = [_tokens(text) for text in texts]
    for name in ("HEADING_FIRST", "TITLE_LAST", "_NOTE_FIRST"):
        monkeypatch.setattr(lexer, name, _Everything())
    plain = [_tokens(text) for text in texts]
    assert fast == plain
    kinds = {token[0] for tokens in fast for token in tokens}
    assert {"TABLE_NOTE", "PERF_LINE", "NOTE", "TOC_ENTRY", "PART_TITLE", "ITEM"} <= kinds


def _stripped_lines() -> list[str]:
    from checker.parse.normalize import normalize_text

    lines = {line.text.strip() for text in _lex_texts() for line in normalize_text(text)}
    return sorted(line for line in lines | set(MADE_UP_LINES) if line)


def test_pre_checks_hold_on_every_line() -> None:
    """What the pre-checks assume: a heading starts with one of HEADING_FIRST or a digit, its
    title ends the line, a title ends in one of TITLE_LAST, a note starts with 备 or 注."""
    from checker.parse import lexer, line_shapes

    for text in _stripped_lines():
        heading = line_shapes.line_heading(text)
        if heading:
            assert text[0] in line_shapes.HEADING_FIRST or text[0].isdecimal(), text
            assert not heading[3] or heading[3][-1] == text[-1], text
        if line_shapes.is_table_title(text) or line_shapes.is_perf_title(text):
            assert text[-1] in line_shapes.TITLE_LAST, text
        if lexer._NOTE.match(text):
            assert text[0] in lexer._NOTE_FIRST, text


def test_numeral_values_are_cn_number() -> None:
    from itertools import product

    from checker.parse.line_shapes import _NUMERAL_VALUES, SECTION_RE
    from checker.parse.normalize import cn_number

    numerals = ["".join(chars) for size in (1, 2, 3) for chars in product("一二三四五六七八九十",
                                                                          repeat=size)]
    assert all(SECTION_RE.fullmatch(f"{numeral}、x") for numeral in numerals)
    assert not SECTION_RE.fullmatch("一二三四、x")
    assert {numeral: cn_number(numeral) for numeral in numerals} == _NUMERAL_VALUES


HEADING_CASES = ["12024年3", "1.2024年5", "5.2024年.3", "2024年度预算1.5", "2024年度部门预算表",
                 "2080109", "1.5万元", "十二", "a１２３", "２０２４年", "1 2 3", "12\t3",
                 "2024 年度 1.5", "٣٣٣", "1.", ".5", "1..5", "x" * 40, "20245年"]


def test_heading_like_as_defined() -> None:
    import re

    from checker.parse.line_shapes import SENTENCE_PUNCT_RE, YEAR_RE, heading_like

    def plain(title: str) -> bool:
        compact = title.replace(" ", "")
        without_years = YEAR_RE.sub("", compact)
        return (len(compact) <= 34 and not SENTENCE_PUNCT_RE.search(compact)
                and not re.search(r"\d{3,}|\d+\.\d+", without_years)
                and "\t" not in title.strip())

    for text in [*_stripped_lines(), *HEADING_CASES]:
        assert heading_like(text) == plain(text), text


def test_toc_searches_as_defined() -> None:
    from checker.parse import lexer
    from checker.parse.normalize import normalize_text

    raws = {line.text for text in _lex_texts() for line in normalize_text(text)}
    made_up = ["一、主要职能\t3", "一、主要职能 3 ", "一、主要职能３", "第一部分......1", "x··· 2",
               "a……", "a…", "a----b", "a___", "a____ 12", "..", "12", " 1", "\t\t", "一. . . 3",
               "四、名词解释.................................................................11",
               "一、主要职能\u3000٣", "一、主要职能 1234"]
    for text in [*sorted(raws), *made_up]:
        assert lexer._has_leaders(text) == bool(lexer._LEADERS.search(text)), text
        assert lexer._tab_page(text) == bool(lexer._TOC_TAB_PAGE.search(text)), text
        mine, plain = lexer._toc_page(text), lexer._TOC_PAGE.search(text)
        assert (mine and (mine.span(), mine.groups())) == (plain and (plain.span(),
                                                                       plain.groups())), text


# ---------------------------------------------------------------- paragraphs
def test_wide_runs_hold_only_wide_characters() -> None:
    """``display_width`` counts what ``_WIDE_RUNS`` deletes as wide and ASCII as narrow
    without asking each character."""
    import re
    import unicodedata

    from checker.parse.structure import _WIDE_RUNS

    ranges = re.findall(r"(.)-(.)", _WIDE_RUNS.pattern)
    assert len(ranges) == 9
    for first, last in ranges:
        assert all(unicodedata.east_asian_width(chr(cp)) in "WF"
                   for cp in range(ord(first), ord(last) + 1)), (first, last)
    assert not any(unicodedata.east_asian_width(chr(cp)) in "WF" for cp in range(128))


@pytest.mark.parametrize("text", ["“一”", "一—二", "ab“c", "（一）“a”", "𠀀“", "“𠀀”a", "ｶ“",
                                  "Ａ—1", "\u0378", "é一", "一\u2e7f\u2e80\u303e\u303f"])
def test_display_width_as_defined(text: str) -> None:
    import unicodedata

    from checker.parse.structure import display_width

    assert display_width(text) == sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_paragraph_widths_measured_once_give_the_same_paragraphs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs of a wrapped layout read their lines' widths from the outline's one
    measurement: the same paragraphs as measuring each line again."""
    from checker.parse import parser, structure

    texts = _corpus_texts()
    fast = [parser.parse_text(text).to_dict() for text in texts]
    measured = structure._text_widths
    monkeypatch.setattr(structure, "_text_widths", lambda tokens: {
        number: width for number, width in measured(tokens).items()})
    original = structure.join_paragraphs

    def plain(tokens, starts=None, wrap_width=None, widths=None):  # type: ignore[no-untyped-def]
        return original(tokens, starts, wrap_width)

    monkeypatch.setattr(structure, "join_paragraphs", plain)
    assert [parser.parse_text(text).to_dict() for text in texts] == fast
    wrapped = [text for text in texts if structure.wrap_width(
        parser.lex(parser.normalize_text(text)))]
    assert len(wrapped) >= 2  # the corpus has wrapped layouts (000, 003)


# ---------------------------------------------------------------- normalising
NORMALIZE_POOL = [
    "", "", "", " ", "\t", "\u3000", "XX中心2023年度单位预算", "XX中心2023年度单位预算",
    "- 3 -", " 12", "12", "7", "310", "资本性支出", "正文一段。", "收入\t100\t200", "第 3 页",
    "第3页 共 20 页", "<b>- 4 -</b>", "&#45; 5 &#45;", "&#35; 一、标题", "<p>第2页</p>",
    "# 二、概况", "- 项目", "**加粗**", "| a | b |", "|---|---|", "（一）全角括号", "１２",
    "\u200b- 6 -", "\u200b第", "－ ７ －", "−8−", "\f2", "R&D 研发", "a < b", "x\r",
    " - 9 - \r", "2023年度预算", "—3—", "第", "--",
]


def test_normalize_columns_as_defined_on_made_up_documents() -> None:
    """Documents drawn from lines that reach every pre-check (headers repeated around page
    numbers and blank runs, tags, entities, Markdown, CR, zero-width and full-width
    characters) normalise as the plain reference does."""
    import random

    from checker.parse.normalize import normalize_text
    from tests.test_parse_fast_paths import _normalize_text

    draw = random.Random(12)
    dropped = 0
    for size in (0, 1, 2, 5, 30, 30, 30, 60) * 40:
        lines = [draw.choice(NORMALIZE_POOL) for _ in range(size)]
        text = "\n".join(lines) + draw.choice(["", "\n", "\n\n"])
        mine = [(line.number, line.text, line.raw) for line in normalize_text(text)]
        assert mine == _normalize_text(text), text
        dropped += len(text.split("\n")) - len(mine)
    assert dropped > 1000  # the documents do reach the page-number and header cases


# ---------------------------------------------------------------- the LALR parser's tokens
def test_lark_tokens_as_defined() -> None:
    """Runs grouped at C level (``groupby``) give the tokens the token-by-token loop gave."""
    from checker.parse import parser
    from checker.parse.lexer import lex
    from checker.parse.normalize import normalize_text

    def plain(tokens: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
        out: list[list[object]] = []
        last = ""
        for index, lexed in enumerate(tokens):
            kind, number = lexed.type, lexed.line.number
            if kind == last and kind in parser.RUN_TYPES:
                out[-1][3:] = [number, index]
                continue
            out.append([kind, index, number, number, index])
            last = kind
        return [tuple(token) for token in out]

    for text in _lex_texts():
        tokens = lex([line for line in normalize_text(text) if line.text])
        mine = [(t.type, t.start_pos, t.line, t.end_line, t.end_pos)
                for t in parser._lark_tokens(tokens)]
        assert mine == plain(tokens)
        assert len(mine) < len(tokens)


def _parsed(parse: object, tokens: list) -> object:  # type: ignore[type-arg]
    """A parse's outcome as plain values: the tree (rule names, and each leaf's type and
    positions) and the leaves' identities, or lark's error and the token it names."""
    from lark.exceptions import UnexpectedInput

    try:
        tree = parse(tokens)  # type: ignore[operator]
    except UnexpectedInput as error:
        token = getattr(error, "token", None)
        return ("error", type(error).__name__, getattr(token, "type", None),
                getattr(token, "start_pos", None), getattr(token, "line", None))

    def shape(node: object) -> object:
        if hasattr(node, "data"):
            return (str(node.data), [shape(child) for child in node.children])  # type: ignore[attr-defined]
        return (node.type, node.start_pos, node.line, node.end_line, node.end_pos)  # type: ignore[attr-defined]

    leaves = [id(leaf) for leaf in tree.scan_values(lambda value: True)]
    return shape(tree), leaves


def _as_lark(parse: object) -> object:
    """``parse`` (lark's) fed lark's tokens made from ours; the leaves mapped back to ours."""
    from lark import Token, Tree

    def run(tokens: list) -> object:  # type: ignore[type-arg]
        given = [Token(t.type, "", start_pos=t.start_pos, line=t.line, end_line=t.end_line,
                       end_pos=t.end_pos) for t in tokens]
        ours = {id(copy): token for copy, token in zip(given, tokens, strict=True)}
        tree = parse(given)  # type: ignore[operator]
        for node in tree.iter_subtrees():
            node.children = [ours[id(c)] if not isinstance(c, Tree) else c
                             for c in node.children]
        return tree
    return run


def test_lalr_loop_parses_as_lark_does() -> None:
    """The parser's own LALR loop (``checker.parse.lalr`` on the exported tables) gives lark's
    tree (the very token objects at its leaves) on every corpus and made-up document, and on
    random token sequences either that or, through lark, lark's error."""
    import random

    from checker.parse import parser
    from checker.parse.lalr import Token
    from checker.parse.lexer import lex
    from checker.parse.normalize import normalize_text

    lark = _as_lark(parser.disclosure_parser().parse)
    for text in _lex_texts():
        tokens = parser._lark_tokens(lex([line for line in normalize_text(text) if line.text]))
        mine = _parsed(parser._parse_tokens, tokens)
        assert mine[0] != "error"
        assert mine == _parsed(lark, tokens)
    kinds = sorted({kind for line in parser.GRAMMAR_PATH.read_text(encoding="utf-8").splitlines()
                    if line.startswith("%declare") for kind in line.split()[1:]})
    assert len(kinds) == 18
    draw = random.Random(5)
    outcomes = set()
    for size in [0, 1, 2, 3, 5, 8, 13] * 150:
        tokens = [Token(draw.choice(kinds), index, index + 1, index + 1, index)
                  for index in range(size)]
        mine = _parsed(parser._parse_tokens, tokens)
        assert mine == _parsed(lark, tokens)
        outcomes.add(mine[0] == "error")
    assert outcomes == {True, False}


def _plain_join_split_perf_titles(tokens: list) -> None:  # type: ignore[type-arg]
    import re

    from checker.parse import lexer

    for index, token in enumerate(tokens):
        if token.type != lexer.PERF_START or index == 0:
            continue
        before = tokens[index - 1]
        short_title = len(re.sub(r"\s", "", token.text)) <= 8
        names_project = (len(lexer._CJK.findall(before.text)) >= 4
                         and lexer.heading_like(before.text))
        if short_title and before.type in (lexer.TEXT, lexer.PERF_LINE) and names_project:
            before.type = lexer.PERF_START
            before.title = before.text
            token.type = lexer.PERF_LINE


def _plain_settle_pending_perf(tokens: list) -> None:  # type: ignore[type-arg]
    from checker.parse import lexer

    for index, token in enumerate(tokens):
        if token.type not in (lexer.SUB2, lexer.SUB1, lexer.SECTION) or not \
                token.title.replace(" ", "").endswith(lexer._PERF_HEADING_END):
            continue
        following = index + 1
        if following < len(tokens) and tokens[following].type == lexer.TEXT_ROW:
            tokens[following].type = lexer.PERF_START
            for later in tokens[following + 1:]:
                if later.type in (lexer.TEXT, lexer.ITEM, lexer.TEXT_ROW, lexer.PERF_START,
                                  lexer.NOTE):
                    later.type = lexer.PERF_LINE
                elif later.type == lexer.PERF_LINE:
                    continue
                else:
                    break


def test_performance_block_passes_as_defined() -> None:
    """The two passes over the lexer's tokens that open performance blocks, visiting only
    the tokens picked at C level, change the tokens as the plain passes over every token."""
    import copy
    import random

    from checker.model.ast import Line
    from checker.parse import lexer

    kinds = ["TEXT", "PERF_LINE", "PERF_START", "SUB1", "SUB2", "SECTION", "TEXT_ROW", "ITEM",
             "NOTE", "TABLE_LINE", "PART"]
    texts = ["城乡居民医保财政补助(含市本级和区县补助)", "绩效目标表", "本单位无项目。",
             "项目名称\t某项目", "1.项目支出绩效目标表", "整体绩效目标", "收入", "绩效 目标表 》",
             "XX中心项目支出"]
    draw = random.Random(3)
    changed = 0
    for size in [1, 2, 3, 6, 12, 25] * 200:
        tokens = [lexer.LexToken(draw.choice(kinds), Line(n, text, text), title=draw.choice(texts))
                  for n, text in enumerate((draw.choice(texts) for _ in range(size)), 1)]
        for fast, plain in ((lexer._join_split_perf_titles, _plain_join_split_perf_titles),
                            (lexer._settle_pending_perf, _plain_settle_pending_perf)):
            mine, theirs = copy.deepcopy(tokens), copy.deepcopy(tokens)
            fast(mine)
            plain(theirs)
            assert [(t.type, t.title) for t in mine] == [(t.type, t.title) for t in theirs]
            changed += [(t.type, t.title) for t in mine] != [(t.type, t.title) for t in tokens]
    assert changed > 100  # the passes do change many of the drawn sequences


@pytest.mark.parametrize("title", ["一、主要职能\ufffd", "一、主要职能", "主要职能》", "a)", "a）",
                                   "a”", "a\"", "a ..", "a\n", "", "…", "一、主要职能 3", "x-"])
def test_toc_junk_tail_pre_check(title: str) -> None:
    """A TOC title is cleaned of a junk tail only when it ends in a junk character: the
    same title as cleaning every one."""
    from checker.parse.structure import _TOC_JUNK, _TOC_JUNK_TAIL

    cleaned = _TOC_JUNK_TAIL.sub("", title) if _TOC_JUNK.fullmatch(title[-1:]) else title
    assert cleaned == _TOC_JUNK_TAIL.sub("", title)


def test_indent_pre_check_changes_no_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs are the same when every line is asked whether it is indented."""
    from checker.parse import parser, structure

    indented = "第一部分 单位概况\n一、主要职能\n" + "\n".join(
        f"{indent}第{n}段正文，未完" for n, indent in enumerate(["", " ", "  ", "\u3000", "\t",
                                                               "   ", " \u3000"] * 4))
    texts = [*_corpus_texts(), indented]
    fast = [parser.parse_text(text).to_dict() for text in texts]
    monkeypatch.setattr(structure, "_INDENT_FIRST", _Everything())
    assert [parser.parse_text(text).to_dict() for text in texts] == fast
    paragraphs = fast[-1]["parts"][0]["children"][0]["paragraphs"]
    assert 3 < len(paragraphs) < 28  # some lines start paragraphs, others continue them


def test_lines_keep_every_kind_of_raw_form() -> None:
    """Raw forms that add after, before, around or instead of their text (and blank ones)
    come back from the compact lines as they went in."""
    from checker.model.lines import Lines

    texts = ["收入", "收入", "收入", "收入", "", "", "a", "a", "收入合计", "表"]
    raws = ["收入 \r", "  收入", " 收入 ", "＃收入", "", " \t", "a", "b", "收入合计", "表表"]
    lines = Lines.of_columns(list(range(1, 11)), texts, raws)
    assert [(line.number, line.text, line.raw) for line in lines] == list(
        zip(range(1, 11), texts, raws, strict=True))
    assert [lines[index].raw for index in range(10)] == raws
    assert set(lines._kinds or b"") == {0, 1, 2, 3}
