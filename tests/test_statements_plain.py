"""The statement extraction's shortcuts (issue #12) find exactly what the plain code found:
``tests/statements_plain.py`` is the extraction as it was (each character's line computed
for every paragraph, every phrasing searched wherever its words are), and the statements
must be equal — figures, words, subject, line — on every corpus document, with a pack's
phrasings, and on constructed documents (lines dropped, paragraphs their lines do not give
back, lines as a ``Lines`` or as a plain list, no outline at all)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import statements_plain as plain
from corpus import FIXTURES

from checker.model.ast import Document, Line, Paragraph, Section
from checker.model.lines import Lines
from checker.parse import statements
from checker.parse.normalize import comparable
from checker.parse.parser import parse_file
from checker.parse.phrasings import phrasings
from checker.parse.regex_pieces import required_choices

DOCS = [*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "pdf").glob("*.pdf")),
        *sorted((FIXTURES / "real").glob("*.pdf")), *sorted((FIXTURES / "real").glob("*.html"))]
# A pack's own phrasings: one RE2 can compile, one only ``re`` can (a lookbehind), one
# replacing a shipped phrasing.
EXTRA = [
    {"id": "pack-staff", "family": "count",
     "pattern": r"(?P<name>在职人员|退休人员)(?P<count>\d+)人"},
    {"id": "pack-after", "family": "named_amount",
     "pattern": r"(?<=其中)(?P<name>[^\d,。]{2,8}?)(?P<amount>{AMOUNT})万元"},
    {"id": "named-funds", "family": "named_amount",
     "pattern": r"(?P<name>人员经费|公用经费|日常公用经费)(?:为)?(?P<amount>{AMOUNT})万元"},
]


def _same(doc: Document, extra: list[dict[str, str]] | tuple[()] = ()) -> int:
    ours, theirs = statements.extract(doc, extra), plain.extract(doc, extra)
    assert [s.to_dict() for s in ours] == [s.to_dict() for s in theirs]
    assert ours == theirs  # the line and section too (to_dict holds them; all fields here)
    return len(ours)


@pytest.mark.parametrize("path", DOCS, ids=[p.name[:16] for p in DOCS])
def test_the_corpus_statements_are_the_plain_ones(path: Path) -> None:
    doc = parse_file(path)
    found = _same(doc)
    _same(doc, EXTRA)
    assert found > 0 or "tables" in path.name or "html" in path.suffix


def test_the_corpus_is_a_real_test() -> None:
    assert len(DOCS) >= 15
    assert sum(len(plain.extract(parse_file(path))) for path in DOCS[:5]) > 200


SENTENCES = [
    "一般公共服务支出（类）2106.66万元，占71.73%；",
    "人员经费123.45万元，",
    "公用经费 45.6万元。",
    "公务接待费支出决算0.39万元，",
    "因公出国（境）费用预算为2万元。",
    "公务用车购置及运行费3.5万元，比上年减少1.2万元，下降25.53%，主要原因是压减公车。",
    "2024年预算执行数为100万元，2025年预算安排120万元，比上年增加20万元，增长20%。",
    "收入支出总计307.82万元。与2023年度相比，收入支出总计增加12.5万元，增长4.23%。",
    "年初预算为50万元，支出决算为48万元，完成年初预算的96%，决算数小于预算数。",
    "1、行政运行（项）350.35万元。主要用于机关运转。预算安排352.67万元，增加0.53%。",
    "2010101行政运行 88.8万元，",
    "“社会保障和就业支出”科目12.3万元，",
    "本年收入合计500万元，其中：财政拨款450万元，事业收入50万元。",
    "在职人员15人，退休人员3人，公务用车2辆，",
    "其中办公费10万元，",
    "基本支出200万元比上年持平。",
    "没有数字的一句话。",
    "",
]


def _random_doc(rng: random.Random, as_lines: bool) -> Document:
    """A document whose paragraphs are random sentences wrapped at random places, some of
    them not given back by their lines (a line holding more, or other, text), with gaps in
    the line numbers."""
    lines: list[Line] = []
    parts: list[Section] = []
    number = 1
    for s in range(rng.randint(1, 4)):
        heading = rng.choice(["一、收支预算总体情况", "（二）“三公”经费", "", "2、行政运行（项）"])
        section = Section(s + 1, heading[:2], heading[2:], number, 1)
        lines.append(Line(number, heading, heading))
        number += rng.choice([1, 1, 2])
        for _ in range(rng.randint(0, 4)):
            text = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
            first = number
            cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1,
                                                                  rng.randint(0, 3))))
            pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
            shape = rng.random()
            for index, piece in enumerate(pieces):
                if shape < 0.15 and index == 0:
                    piece = "页眉" + piece  # a line holding more than the paragraph
                if shape > 0.92:
                    piece = piece[::-1]  # lines that do not give the paragraph back
                lines.append(Line(number, piece, " " + piece))
                number += rng.choice([1, 1, 1, 2])  # a gap: a dropped line
            last = number - 1 if rng.random() < 0.9 else first - 1
            section.paragraphs.append(Paragraph(text, first, last if last != first else None))
        parts.append(section)
    if rng.random() < 0.1:
        parts = []  # no outline recovered: every line on its own
    return Document("x.txt", None, None, None, None, parts=parts,
                    lines=Lines(lines) if as_lines else lines)


def test_constructed_documents_give_the_plain_statements() -> None:
    rng = random.Random(12)
    found = 0
    for _ in range(200):
        seed = rng.random()
        for as_lines in (True, False):
            found += _same(_random_doc(random.Random(seed), as_lines), EXTRA)
    assert found > 500


def test_a_statement_on_a_later_line_of_its_paragraph_names_that_line() -> None:
    text = "基本支出200万元。人员经费123.45万元，公用经费45.6万元。"
    lines = [Line(1, "一、总体情况", "一、总体情况"), Line(3, text[:10], text[:10]),
             Line(4, text[10:23], text[10:23]), Line(6, text[23:], text[23:])]
    section = Section(1, "一、", "总体情况", 1, 1, [Paragraph(text, 3, 6)])
    doc = Document("x.txt", None, None, None, None, parts=[section], lines=Lines(lines))
    found = {s.subject.get("name"): s.line for s in statements.extract(doc)}
    assert found == {"人员经费": 4, "公用经费": 6}
    _same(doc)


def test_every_corpus_match_holds_a_word_of_each_choice() -> None:
    joined = "".join(s.text for path in DOCS for s in statements._segments(parse_file(path)))
    checked = 0
    for phrasing in phrasings():
        groups = required_choices(phrasing.regex.pattern)
        for match in phrasing.regex.finditer(joined) if groups else ():
            for group in groups:
                assert any(word in match.group(0) for word in group), (phrasing.id, group)
            checked += 1
    assert checked > 300


@pytest.mark.parametrize(("pattern", "choices"), [
    (r"(?P<name>人员经费|公用经费)(?P<amount>\d+)万元", (("人员经费", "公用经费"),)),
    # each branch's longest necessary word; a word holding another adds nothing
    (r"(?:收、?支总计|收入总计|本年收入合计)\d", (("支总计", "收入总计", "本年收入合计"),)),
    (r"(?:收、?支总计|总计|本年总计)\d", (("总计",),)),
    (r"x(?:ab|cd)+y", (("ab", "cd"),)),          # a repeat consumed at least once
    (r"x(?:ab|cd)*y", ()),                       # …or not at all: nothing known
    (r"x(?:ab|c?)y", ()),                        # a branch that may hold nothing
    (r"x(?=ab|cd)\w", ()),                       # a lookaround consumes nothing
    (r"(?i)(?:ab|cd)", ()),                      # case-insensitive: nothing known
    (r"(?:(?i:ab)|cd)", ()),                     # a group changing flags: left out
    (r"abc", ()),                                # a plain word: required_literals' job
])
def test_required_choices(pattern: str, choices: tuple[tuple[str, ...], ...]) -> None:
    assert required_choices(pattern) == choices


@pytest.mark.parametrize(("pattern", "tokens"), [
    (r"(?P<name>人员经费|公用经费)(?P<amount>\d+)万元", "人员 经费 公用 人员经费 公 1 2 万元 万"),
    (r"(?:收、?支总计|收入总计|本年收入合计)\d", "收 、 支 总计 收入 本年 合计 1"),
    (r"x(?:ab|cd)+y", "x y a b c d ab cd"),
    (r"(?:a(?:bc|de)|f[gh]i)j", "a bc de fgi fhi f j"),
])
def test_a_text_holding_no_word_of_a_choice_holds_no_match(pattern: str, tokens: str) -> None:
    rng = random.Random(pattern)
    words = tokens.split()
    compiled = re.compile(pattern)
    matched = 0
    for _ in range(4000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        if compiled.search(text):
            for group in required_choices(pattern):
                assert any(word in text for word in group), (text, group)
            matched += 1
    assert matched > 20


def test_line_texts_are_the_lines_normalised() -> None:
    doc = parse_file(DOCS[0])
    texts = statements._LineTexts(doc)
    numbers = list(doc.lines.numbers)
    span = texts.span(numbers[3], numbers[40])
    assert span == (numbers[3:41], [comparable(doc.lines.text_of(n) or "")
                                    for n in numbers[3:41]])
