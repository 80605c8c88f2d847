"""The parser's fast paths give exactly what their plain definitions give.

Each reference below is the straightforward version the fast path replaced (kept here, not in
the package): both run on every corpus line and on made-up lines built to reach the cases a
pre-check skips (tags, entities, CR, Markdown, page-number forms, full-width digits)."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from checker.parse import normalize
from checker.parse.normalize import clean_line, fold_width, normalize_text

FIXTURES = Path(__file__).parent / "fixtures"

TRICKY = [
    "", " ", "\t", "\r", "- 3 -", " - 12 - \r", "—3—", "第 3 页", "第3页 共 20 页", "第３页",
    "－ ７ －", "<b>- 3 -</b>", "&#45; 4 &#45;", "<p>第2页</p>", " 13 ", "13", "\u30007",
    "\f2", "310", " 310 ", "<i>96</i>", "* 12", "- 项目", "+ 项目", "** 收入 **", "__下划线__",
    "# 一、标题", "###### 二、", "| 项目 | 预算数 |", "|---|---:|", "a|b", "｜全角｜",
    "- 5 -\r", "收入\r合计", "&amp;", "&nbsp;１２", "第\u3000３\u3000页", "*", "-", "--",
    "一、收支预算总表\t", "**一、财政拨款收入：**指", "<span>３１０</span>",
]


def _corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("0*.txt"))]


# ---------------------------------------------------------------- normalisation reference
_PAGE_FORMS = (
    re.compile(r"[-—–]\s*\d{1,4}\s*[-—–]"),
    re.compile(r"第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"),
)


def _clean_line(raw: str) -> str:
    text = raw.replace("\r", "")
    if "<" in text:
        text = normalize._HTML_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = fold_width(text)
    text = normalize._MD_HEADING.sub("", text)
    if "|" in text:
        text = normalize._pipe_row(text)
    text = normalize._MD_BOLD.sub("", text)
    text = normalize._MD_BULLET.sub("", text)
    return text.strip(" \f\v")


def _is_page_number(raw: str, clean: str, blank_run: int) -> bool:
    stripped = clean.strip()
    folded = fold_width(raw).strip()
    if any(form.fullmatch(stripped) or form.fullmatch(folded) for form in _PAGE_FORMS):
        return True
    if not re.fullmatch(r"\d{1,3}", stripped):
        return False
    return raw[:1] in (" ", "\t", "\u3000", "\f") or blank_run >= 2


def _class_code_cell(cleaned: list[str], index: int) -> bool:
    value = cleaned[index].strip()
    if not (len(value) == 3 and value.isdigit() and 201 <= int(value) <= 399):
        return False
    following = next((line.strip() for line in cleaned[index + 1:] if line.strip()), "")
    return bool(re.match(r"[\u4e00-\u9fff]", following))


def _normalize_text(text: str) -> list[tuple[int, str, str]]:
    raws = text.split("\n")
    if raws and raws[-1] == "":
        raws.pop()
    cleaned = [_clean_line(raw) for raw in raws]
    counts = Counter(line.strip() for line in cleaned if line.strip())
    headers = {line for line, count in counts.items() if count >= 3 and len(line) <= 40
               and "\t" not in line and re.search("预算|决算", line)
               and re.search(r"\d{4}\s*年", line)
               and not line.endswith(("表", "说明", "情况")) and "。" not in line}
    lines: list[tuple[int, str, str]] = []
    blank_run = 0
    for index, (raw, clean) in enumerate(zip(raws, cleaned, strict=True)):
        if not clean.strip():
            lines.append((index + 1, "", raw.rstrip("\r")))
            blank_run += 1
            continue
        if (_is_page_number(raw, clean, blank_run) and not _class_code_cell(cleaned, index)) \
                or clean.strip() in headers:
            continue
        blank_run = 0
        lines.append((index + 1, clean, raw.rstrip("\r")))
    return lines


@pytest.mark.parametrize("raw", TRICKY)
def test_clean_line_as_defined(raw: str) -> None:
    assert clean_line(raw) == _clean_line(raw)


def test_normalize_text_as_defined_on_the_corpus_and_made_up_lines() -> None:
    texts = _corpus_texts()
    # every tricky line after a page gap, after one blank line and after text, and before
    # a CJK line (a 类 code cell) and a number
    made_up = "\n".join(f"正文。\n\n\n{line}\n\n{line}\n{line}\n资本性支出\n{line}\n5"
                        for line in TRICKY)
    for text in [*texts, made_up, made_up.replace("\n", "\r\n")]:
        mine = [(line.number, line.text, line.raw) for line in normalize_text(text)]
        assert mine == _normalize_text(text)
    dropped = len(made_up.split("\n")) - len(normalize_text(made_up))
    assert dropped > 20  # the made-up text does reach the page-number cases


def _line_heading(text: str) -> tuple[str, str, int | None, str] | None:
    """Every heading pattern in turn (their first characters tell them apart)."""
    from checker.parse import line_shapes as shapes

    for kind, pattern in ((shapes.PART, shapes.PART_RE), (shapes.SECTION, shapes.SECTION_RE),
                          (shapes.SUB1, shapes.SUB1_RE), (shapes.SUB2, shapes.SUB2_RE)):
        match = pattern.fullmatch(text)
        if match:
            numeral, title = match.group(1), match.group(2).strip()
            marker = {shapes.PART: f"第{numeral}部分", shapes.SECTION: f"{numeral}、",
                      shapes.SUB1: f"({numeral})", shapes.SUB2: f"{numeral}."}[kind]
            number = int(numeral) if kind == shapes.SUB2 else normalize.cn_number(numeral)
            return kind, marker, number, title
    return None


def test_line_heading_as_defined_on_the_corpus_and_made_up_lines() -> None:
    from checker.parse.line_shapes import line_heading

    made_up = ["1.标题", "12、标题", "１.全角", "٣.阿拉伯", "²x", "1.5万元", "(一)x", "第一部分",
               "一、", "十二、x", "a.b", "", " 1.x"]
    texts = {line.text.strip() for text in _corpus_texts() for line in normalize_text(text)}
    for text in [*sorted(texts), *TRICKY, *made_up]:
        assert line_heading(text) == _line_heading(text), text


# ---------------------------------------------------------------- runs of line tokens
def test_run_types_are_only_repeated_in_the_grammar() -> None:
    """A run of one of ``RUN_TYPES`` goes to the LALR parser as one token: true to the
    grammar only while it uses each of them in loops of terminals alone (``T*``,
    ``(T | U)+``) or as the one item of a block rule, and blocks only in loops (``_block*``)."""
    from checker.parse.parser import GRAMMAR_PATH, RUN_TYPES

    rules = "\n".join(line.split("//")[0] for line in
                      GRAMMAR_PATH.read_text(encoding="utf-8").splitlines()
                      if not line.startswith("%"))
    blocks = {"paragraph": ("TEXT", "ITEM"), "row": ("TEXT_ROW",), "note": ("NOTE",)}
    # each block rule: its terminals as alternatives, nothing else; used only in ``_block``,
    # and ``_block`` only repeated
    for rule, kinds in blocks.items():
        assert re.search(rf"^{rule}: {' [|] '.join(kinds)}\s*$", rules, re.M), rule
        uses = re.findall(rf"\b{rule}\b", rules)
        assert len(uses) == 2, rule  # its definition and its place in ``_block``
    assert re.search(r"^_block: [a-z_ |]+$", rules, re.M)
    assert re.findall(r"\b_block\b\*?", rules).count("_block") == 1  # the definition
    block_rules = "\n".join(line for line in rules.splitlines()
                            if not line.startswith(tuple(f"{r}:" for r in blocks)))
    loops = re.compile(r"\(\s*[A-Z_]+(?:\s*\|\s*[A-Z_]+)*\s*\)[*+]|\b[A-Z_]+[*+]")
    for kind in RUN_TYPES:
        assert re.search(rf"\b{kind}\b", rules), kind  # still a terminal of the grammar
        if any(kind in kinds for kinds in blocks.values()):
            assert not re.search(rf"\b{kind}\b", block_rules), kind
        else:
            assert not re.search(rf"\b{kind}\b", loops.sub(" ", rules)), kind


def test_runs_parse_as_their_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each corpus document's parse is the same with runs sent as one token or line by line."""
    from checker.parse import parser

    texts = _corpus_texts()
    grouped = [parser.parse_text(text).to_dict() for text in texts]
    assert len(parser._lark_tokens(parser.lex(normalize_text(texts[1])))) < 0.3 * len(
        parser.lex(normalize_text(texts[1])))
    monkeypatch.setattr(parser, "RUN_TYPES", frozenset())
    assert [parser.parse_text(text).to_dict() for text in texts] == grouped


# ---------------------------------------------------------------- structure and performance
def test_every_cjk_unified_ideograph_is_wide() -> None:
    """``display_width`` counts U+4E00..U+9FFF as wide without asking each one."""
    import unicodedata

    assert all(unicodedata.east_asian_width(chr(cp)) == "W" for cp in range(0x4E00, 0xA000))


@pytest.mark.parametrize("text", ["", "ab", "一二", "１２", "（一）", "a\u3000b", "𠀀一", "一𠀀（",
                                  "ｶﾀ一", "≧90一", "服务对象 满意度"])
def test_display_width_as_defined(text: str) -> None:
    import unicodedata

    from checker.parse.structure import display_width

    assert display_width(text) == sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_performance_helpers_as_defined() -> None:
    from checker.parse.perf_head import _compact, _match_label
    from checker.parse.perf_target import _ALL_LABELS, _VOCAB, _is_vocab_prefix

    words = ["", "产出", "产出指标", "数量指", "社会公众或服务对象满意度", "满意度指标x", "指标"]
    words += [name[:end] for name in _VOCAB for end in range(len(name) + 1)]
    for word in words:
        assert _is_vocab_prefix(word) == any(
            name.startswith(word) and name != word for name in _VOCAB), word
    for text in [*TRICKY, "项目名称 某项目", "a\u3000b\u00a0c\u2028d\te\nf", "其中: 当年财政拨款"]:
        assert _compact(text) == re.sub(r"\s+", "", text)
        for label in _ALL_LABELS:
            longest = next((lab for lab in sorted(_ALL_LABELS, key=len, reverse=True)
                            if (label + text).startswith(lab)), None)
            assert _match_label(label + text, _ALL_LABELS) == longest


@pytest.mark.parametrize(("raw", "op", "value", "unit"), [
    ("大于等于90%", "≥", "90", "%"), ("大于 90%", ">", "90", "%"), ("不低于95 %", "≥", "95", "%"),
    ("达到100%", "≥", "100", "%"), ("大于预期", None, None, None), ("90%以上", "≥", "90", "%"),
    ("≥46 人", "≥", "46", "人"), ("好", None, None, None), ("等于 1 项", "=", "1", "项"),
])
def test_parse_target_word_comparators(raw: str, op: str | None, value: str | None,
                                       unit: str | None) -> None:
    from decimal import Decimal

    from checker.parse.perf_target import parse_target

    target = parse_target(raw)
    assert (target.op, target.value, target.unit) == (
        op, Decimal(value) if value else None, unit)


# ---------------------------------------------------------------- statement pre-checks
@pytest.mark.parametrize(("pattern", "found", "missed"), [
    # the counts' shape: gate, lazy name, lookbehinds, then digits and a unit
    (r"(?=[^\d,]{2,12}+\d+(?:人次|人|辆))(?P<name>[^\d,]{2,12}?)(?<!增加)(?P<count>\d+)"
     r"(?P<unit>人次|人|辆)", "公务用车12辆", "公务用车辆12"),
    (r"x(?:ab){2,5}y", "xxababy", "xaby"),
    # an amount's lookbehind left out, the piece starts after its unbounded digits
    (r"(?<![\d.])\d[\d,]*(?:\.\d+)?万元[,。]?比", "共1,234.5万元,比", "1234万元"),
])
def test_required_piece_finds_every_match(pattern: str, found: str, missed: str) -> None:
    from checker.parse.regex_pieces import required_piece

    piece = required_piece(pattern)
    assert piece is not None
    assert re.search(pattern, found) and piece.search(found)
    assert not re.search(pattern, missed) and not piece.search(missed)


def test_required_piece_holds_no_unbounded_repeat() -> None:
    """Without the lookbehind that keeps an amount from starting inside a run of digits,
    "\\d[\\d,]*…" would be tried from every digit of a long run: the piece starts after it."""
    from checker.parse.regex_pieces import required_piece

    piece = required_piece(r"(?<![\d.])\d[\d,]*(?:\.\d+)?万元[,。]?比")
    assert piece is not None and piece.search("万元,比") and not piece.search("9" * 50)
    count = required_piece(r"(?=\S)(?P<name>[^\d]{2,12}?)(?P<count>\d+)(?P<unit>人|辆)")
    assert count is not None and count.match("5人") and count.match("12人") is None


@pytest.mark.parametrize("pattern", [
    r"(?=abc)[^\d]+", r"(?i)abc\d", r"[^a]+", r"(?<=x)\d", r".+?", r"(?P<a>\d?)x?", "",
    r"x(?:ab){2,}y",  # what is left after the unbounded repeat: a word
])
def test_required_piece_none_when_nothing_cheap_is_known(pattern: str) -> None:
    from checker.parse.regex_pieces import required_piece

    assert required_piece(pattern) is None


def test_required_pieces_hold_on_the_corpus_and_change_no_statement(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every corpus match of a shipped phrasing holds its piece, and the statements are the
    same with the pieces as without."""
    from checker.parse import statements
    from checker.parse.parser import parse_text
    from checker.parse.regex_pieces import required_piece

    joined = "".join(normalize.comparable(line) for text in _corpus_texts()
                     for line in text.splitlines())
    checked = 0
    for phrasing in statements.phrasings(()):
        piece = required_piece(phrasing.regex.pattern)
        for match in phrasing.regex.finditer(joined) if piece else ():
            assert piece.search(match.group(0)), phrasing.id
            checked += 1
    assert checked > 20
    docs = [parse_text(text) for text in _corpus_texts()]
    fast = [[s.to_dict() for s in statements.extract(doc)] for doc in docs]
    monkeypatch.setattr(statements, "required_piece", lambda pattern: None)
    assert [[s.to_dict() for s in statements.extract(doc)] for doc in docs] == fast
    assert sum(map(len, fast)) > 100
