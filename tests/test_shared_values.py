"""What statements and results share to keep a repeated sentence's memory down (issue #14):
equal maps and texts are one object, never merged when they differ (12.5 and 12.50 are equal
Decimals of different precision), and a rule's repeated message is one string."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from checker.engine.run import check_document, default_pack_path, load_pack
from checker.kinds._context import Context
from checker.parse.parser import parse_text

HEAD = "2025年度\n示例单位\n单位预算\n"
YOY = "比上年增加12.5万元，增长3.4%。"


def test_equal_statements_share_their_maps_and_text() -> None:
    doc = parse_text(HEAD + YOY * 8 + "\n")
    first, *others = doc.statements
    assert len(others) >= 2
    for other in others:
        assert other.text is first.text
        assert other.numbers is first.numbers and other.words is first.words
        assert other.subject is first.subject
    assert first.numbers == {"amount": Decimal("12.5"), "change": Decimal("12.5"),
                             "percent": Decimal("3.4")}
    assert first.words == {"dir": "增加", "pdir": "增长"}


def test_statements_that_differ_keep_their_own_values() -> None:
    variants = (YOY, YOY.replace("12.5万元", "12.50万元"), YOY.replace("增加", "减少"))
    doc = parse_text(HEAD + "".join(v * 4 for v in variants) + "\n")
    assert len(doc.statements) >= 6
    for statement in doc.statements:
        # each statement's change and word are the ones printed in its own text: 12.50 is
        # not read as the earlier, equal 12.5
        word, change = re.findall(r"(增加|减少)(\d+\.\d+)万元", statement.text)[-1]
        assert str(statement.numbers["change"]) == change
        assert statement.words["dir"] == word
    assert {str(s.numbers["change"]) for s in doc.statements} == {"12.5", "12.50"}
    assert {s.words["dir"] for s in doc.statements} == {"增加", "减少"}


def test_a_rules_repeated_message_is_one_string() -> None:
    doc = parse_text(HEAD + YOY * 12 + "\n")
    pack = load_pack(default_pack_path(doc.kind))
    unit = check_document(doc, pack)
    by_rule: dict[str, list[str]] = {}
    for result in unit.results:
        by_rule.setdefault(result.rule, []).append(result.message)
    shared = 0
    for messages in by_rule.values():
        for before, after in pairwise(messages):
            if before == after:
                assert before is after
                shared += 1
    assert shared >= 10  # the yoy rules' 6 + 6 results per rule


def test_a_different_message_is_kept_as_it_is() -> None:
    doc = parse_text(HEAD + YOY + "\n")
    pack = load_pack(default_pack_path(doc.kind))
    ctx = Context(doc, pack, pack.tolerance)
    rule = pack.rules[0]
    first = ctx.result(rule, "pass", reason="甲")
    second = ctx.result(rule, "pass", reason="乙")
    again = ctx.result(rule, "pass", reason="乙")
    assert first.message.endswith("(甲)") and second.message.endswith("(乙)")
    assert again.message is second.message
