"""The performance-table readers' shortcuts give what the plain definitions give: each is
compared with the definition it replaced on every line of the corpus texts (and on made-up
edge cases)."""

from __future__ import annotations

import re
from pathlib import Path

from checker.parse import perf_head
from checker.parse.normalize import normalize_text
from checker.parse.perf_head import (
    _LABEL_PREFIXES,
    _clean,
    _compact,
    _find_header,
    _is_indicator_header,
    _is_next_heading,
    _is_title,
    _kind,
    _split_tables,
    _total_score,
)
from checker.parse.perf_rows import _OP_CHAR
from checker.parse.perf_target import (
    _ALL_LABELS,
    _BRACKETED,
    _HEADING,
    _OPLESS_TAIL,
    _PROJECT_LABELS,
    _SELF_TAIL,
    _TRAILING_TARGET,
    parse_target,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXTRA = ["项目名称：某项目", "项 目 名 称 某项目", "绩 效 目 标 表", "某项目绩效目标表",
         "一 级 指 标\t二级指标\t三级指标", "一级指标", "总 分 值 99.5", "评价总分 (S) 99.73",
         "3.有关情况说明", "1.因为，所以", "≥46 人", "服务 ＞ 5", "100 %", "达到 90%以上",
         "(2023年度)", "单位名称", "部门(单位)名称 某局", "专项资金情", "况(万元)"]


def _corpus_lines() -> list[str]:
    lines = list(EXTRA)
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines.extend(_clean(ln.text) for ln in normalize_text(path.read_text(encoding="utf-8")))
    return [line for line in lines if line.strip()]


def _plain_is_title(clean: str) -> bool:
    compact = _compact(clean)
    if not any(word in compact for word in ("绩效目标表", "绩效自评表", "绩效目标填报表")):
        return False
    if "《" in compact or "\t" in clean.strip() or _HEADING.match(clean):
        return False
    return len(compact) <= 60


def _plain_is_indicator_header(text: str) -> bool:
    compact = _compact(text)
    return "一级指标" in compact and ("三级指标" in compact or "二级指标" in compact)


def _plain_is_next_heading(text: str) -> bool:
    compact = _compact(text)
    if not _HEADING.match(text) or len(compact) > 30:
        return False
    return not re.search(r"[，。；,;]", compact)


def test_line_tests_agree_with_their_plain_definitions() -> None:
    lines = _corpus_lines()
    assert len(lines) > 1000
    for line in lines:
        assert _is_title(line) == _plain_is_title(line), line
        assert _is_indicator_header(line) == _plain_is_indicator_header(line), line
        assert _is_next_heading(line) == _plain_is_next_heading(line), line
        # the other shortcuts: a word the compact line starts with is in the line
        if _compact(line).startswith(_PROJECT_LABELS):
            assert "名" in line, line
        if _compact(line).startswith(("总分值", "评价总分")):
            assert "总" in line, line
        if _compact(line) == "一级指标":
            assert "级" in line, line
    assert sum(map(_is_title, lines)) > 10 and sum(map(_is_indicator_header, lines)) > 10


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(lines, 1))


def test_tables_split_and_headers_found_as_before() -> None:
    """Every corpus text's lines, read as one performance region: the chunks, each chunk's
    header, kind and total score as the plain tests give them."""
    checked = 0
    plain = {"_is_title": _plain_is_title, "_is_indicator_header": _plain_is_indicator_header,
             "_is_next_heading": _plain_is_next_heading}
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines = _numbered([_clean(ln.text) for ln in normalize_text(
            path.read_text(encoding="utf-8")) if ln.text.strip()])
        fast = [(chunk, _find_header(chunk), _total_score(chunk)) for chunk in
                _split_tables(lines)]
        kinds = [_kind("", chunk, found) for chunk, found, _ in fast]
        saved = {name: getattr(perf_head, name) for name in plain}
        try:
            for name, function in plain.items():
                setattr(perf_head, name, function)
            slow = [(chunk, _find_header(chunk), _total_score(chunk)) for chunk in
                    _split_tables(lines)]
            slow_kinds = [_kind("", chunk) for chunk, _, _ in slow]
        finally:
            for name, function in saved.items():
                setattr(perf_head, name, function)
        assert fast == slow and kinds == slow_kinds
        checked += len(fast)
    assert checked > 10


def test_label_prefixes_are_the_beginnings_of_the_labels() -> None:
    words = ["", "项", "项目名", "项目名称", "项目名称x", "专项资金情", "况(万元)", "年度总体目"]
    words += [line[:end] for line in _corpus_lines()[:400] for end in range(1, 9)]
    for word in words:
        assert (word in _LABEL_PREFIXES) == any(lab.startswith(word) for lab in _ALL_LABELS)


def test_targets_are_only_searched_where_they_can_be() -> None:
    """``stream_line`` searches a comparator's target only in a line with a comparator
    character, an op-less percentage only in a line with "%"."""
    texts = _corpus_lines()
    texts += [t[:end] for t in texts[:300] for end in range(len(t))]
    for text in texts:
        if _OP_CHAR.search(text) is None:
            assert _TRAILING_TARGET.search(text) is None and _SELF_TAIL.search(text) is None
        if "%" not in text:
            assert _OPLESS_TAIL.search(text) is None


def test_bracketed_units_as_before() -> None:
    """``parse_target`` unwraps "(平方米)" only for a unit starting with a bracket: every
    other unit is one the pattern leaves as it is."""
    cells = [c for line in _corpus_lines() for c in line.split("\t")]
    cells += ["≥13459.00(平方米)", "=100.00(%)", "≥5（人）", "10 (人)次", "90%以上"]
    for cell in cells:
        target = parse_target(cell)
        unit = "".join(cell.split())
        if unit[:1] not in "(（":
            assert _BRACKETED.sub(r"\1", unit) == unit
        if target.unit is not None and target.unit[:1] in "(（":
            assert not _BRACKETED.fullmatch(target.unit), cell
    assert parse_target("≥13459.00(平方米)").unit == "平方米"
    assert parse_target("=100.00(%)").unit == "%"


def test_cells_compacted_and_fund_labels_found_as_before() -> None:
    from checker.parse.perf_head import _compact_cjk, _find_fund_label, _numbers
    from checker.parse.perf_target import _CJK_SPACE, _FUND_LABELS

    texts = [*_corpus_lines(), "项目资金(万元)\t资金总额:\t67000.00", "经济成本 指标", "DIP 支付",
             " 其中：当年财政拨款 12 ", "\u3000一\u3000二\u3000"]
    cells = texts + [c for t in texts for c in t.split("\t")]
    for cell in cells:
        assert _compact_cjk(cell) == _CJK_SPACE.sub("", cell.strip()), cell
    found = 0
    for text in texts:
        compact = _compact(text)
        plain = next((label for label, _ in _FUND_LABELS if label in compact
                      and _numbers(compact.split(label, 1)[1])), None)
        assert _find_fund_label(compact) == plain, text
        found += plain is not None
    assert found > 5
