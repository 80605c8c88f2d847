"""Performance tables: the indicator rows, in tab and stream layouts (see
``checker.parse.performance``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.model.ast import Indicator, PerformanceKind, Target
from checker.parse.perf_head import _compact, _compact_cjk, _join_wrapped
from checker.parse.perf_target import (
    _NUMBER,
    _OPLESS_LINE,
    _OPLESS_TAIL,
    _QUALITATIVE,
    _SELF_TAIL,
    _TRAILING_TARGET,
    _VOCAB,
    _WEIGHT_SCORE,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    _decimal,
    _is_number,
    _is_vocab_prefix,
    _merge_split_target,
    parse_target,
)
from checker.regex_cache import compile_re

# --- indicator rows -----------------------------------------------------------------------

_SENTENCE_END = compile_re(r"。.{0,2}$")
# The characters a comparator (``_OP``) starts with: a line without one holds no target
# after a comparator.
_OP_CHAR = compile_re(r"[>=<≥≤≧≦]")


@dataclass
class _Pending:
    """Text fragments waiting for the event that tells what they are."""

    parts: list[tuple[int, str]] = field(default_factory=list)  # (line, text)

    def add(self, number: int, text: str) -> None:
        self.parts.append((number, text))

    def lines(self) -> list[tuple[int, str]]:
        """Fragments grouped per source line, in order."""
        grouped: list[tuple[int, str]] = []
        for number, text in self.parts:
            if grouped and grouped[-1][0] == number:
                grouped[-1] = (number, grouped[-1][1] + " " + text)
            else:
                grouped.append((number, text))
        return grouped

    def clear(self) -> None:
        self.parts = []


class _RowReader:
    """Reads indicator rows (tab rows and stream rows) with carried-forward levels."""

    def __init__(self, kind: PerformanceKind, header: str) -> None:
        self.kind = kind
        self.self_eval = kind == "self_evaluation"
        header_cells = [_compact(c) for c in header.split("\t")]
        self.target_column = next(
            (i for i, c in enumerate(header_cells) if "值" in c and "分值" not in c), None
        )
        self.level1_column = next(
            (i for i, c in enumerate(header_cells) if c == "一级指标"), None
        )
        # Newer templates give 指标性质 (the comparator) and 度量单位 in columns of their own.
        self.unit_column = any(c in ("度量单位", "计量单位", "单位") for c in header_cells)
        self.level1: str | None = None
        self.level2: str | None = None
        self.level2_fresh = False  # level2 was set after the last emitted indicator
        self.last_was_level1 = False  # the latest event was a 一级 name
        self.indicators: list[Indicator] = []
        self.pending = _Pending()
        self.vocab_buffer: list[tuple[int, str]] = []
        self.open_values: list[str] | None = None  # value cells after a lone target

    # -- level names --

    def set_level(self, name: str) -> None:
        is_l1 = name in LEVEL1_NAMES
        is_l2 = name in LEVEL2_NAMES
        if is_l1 and is_l2:
            # "一般性支出情况" / "成本指标" are both: right after a 一级 name it is the 二级.
            is_l1 = not (self.level1 is not None and self.last_was_level1)
        if is_l1:
            self.level1, self.level2 = name, None
            self.level2_fresh = False
            self.last_was_level1 = True
        else:
            self.level2 = name
            self.level2_fresh = True
            self.last_was_level1 = False

    def emit(self, line: int, level3: str | None, target: Target | None, **extra: object) -> None:
        self.indicators.append(Indicator(
            level1=self.level1, level2=self.level2,
            level3=_compact_cjk(level3) if level3 else None,
            target=target, line=line, **extra,  # type: ignore[arg-type]
        ))
        self.level2_fresh = False
        self.last_was_level1 = False

    # -- tab rows --

    def tab_row(self, number: int, text: str) -> None:
        self.flush_stream(end=False)
        cells = _merge_split_target(
            [c.strip() for c in text.split("\t")], self.unit_column
        )
        if not any(cells):
            return
        if self.self_eval:
            self.self_evaluation_tab_row(number, cells)
            return
        filled = [(i, c) for i, c in enumerate(cells) if c]
        target: Target | None = None
        last_index, last = filled[-1]
        before = filled[-2][1] if len(filled) > 1 else None
        candidate = parse_target(last)
        if candidate.value is not None or (
            self.target_column is not None and last_index >= self.target_column
            and before is not None and _compact(before) not in _VOCAB
        ):
            target = candidate
            filled = filled[:-1]
        self.emit_names(number, filled, target)

    def self_evaluation_tab_row(self, number: int, cells: list[str]) -> None:
        """年度指标值, 实际完成值, 分值, 得分, 偏差原因 follow the target cell in this order."""
        at = next((i for i, c in enumerate(cells) if c and parse_target(c).op), None)
        if at is None and self.target_column is not None and self.target_column < len(cells):
            at = self.target_column
        if at is None:
            self.emit_names(number, [(i, c) for i, c in enumerate(cells) if c], None)
            return
        after = [*cells[at + 1:], "", "", ""]
        target = parse_target(cells[at]) if cells[at] else None
        self.emit_names(
            number, [(i, c) for i, c in enumerate(cells[:at]) if c], target,
            actual=after[0] or None,
            weight=_decimal(after[1]) if _NUMBER.fullmatch(after[1]) else None,
            score=_decimal(after[2]) if _NUMBER.fullmatch(after[2]) else None,
            deviation_reason=" ".join(c for c in after[3:] if c) or None,
        )

    def emit_names(
        self, number: int, cells: list[tuple[int, str]], target: Target | None,
        **extra: object,
    ) -> None:
        """One row's name cells (一级, 二级, 三级 as far as present) and its values.

        ``cells`` are (column, text); the column decides only for a single level cell whose
        name does not (一般性支出情况, 成本指标, an unknown name) — seeds put 二级 names in the
        一级 column, so the name comes first.
        """
        names = [_compact_cjk(c) for _, c in cells]
        if not names:
            return
        if target is None and not extra and all(_compact(n) in _VOCAB for n in names):
            for name in names:
                self.set_level(_compact(name))  # a row holding only merged level cells
            return
        level3 = names[-1]
        levels = [_compact(n) for n in names[:-1]]
        if len(levels) >= 2:
            self.level1, self.level2 = levels[-2], levels[-1]
        elif len(levels) == 1:
            name, column = levels[0], cells[0][0]
            if name in LEVEL1_NAMES and name not in LEVEL2_NAMES:
                is_level1 = True
            elif name in LEVEL2_NAMES and name not in LEVEL1_NAMES:
                is_level1 = False
            else:
                is_level1 = column == self.level1_column
            if is_level1:
                self.level1, self.level2 = name, None
            else:
                self.level2 = name
        self.emit(number, level3, target, **extra)

    # -- stream rows --

    def stream_line(self, number: int, text: str) -> None:
        body = text.strip()
        if self.open_values is not None:
            first = body.split()[0] if body.split() else ""
            if not (first in _VOCAB or _is_vocab_prefix(first)):
                self.collect_values(number, body)
                return
            self.close_open_values()  # the next row began before all values were seen
        tail = None
        # (a target after a comparator needs one of its characters, an op-less tail a "%")
        has_op = _OP_CHAR.search(body) is not None
        if self.self_eval:
            tail = _SELF_TAIL.search(body) if has_op else None
            if tail is None and _WEIGHT_SCORE.fullmatch(body):
                self.qualitative_close(number, _WEIGHT_SCORE.fullmatch(body))
                return
            lone = _TRAILING_TARGET.search(body) if tail is None and has_op else None
            if lone is not None:
                # One cell per line: 实际完成值, 分值, 得分 follow on the next lines.
                self.fragments(number, body[: lone.start()].strip())
                self.open_values = [lone.group("target")]
                return
        else:
            tail = (_TRAILING_TARGET.search(body) if has_op else None) or (
                _OPLESS_TAIL.search(body) if "%" in body else None)
            if tail is None and (self.pending.parts or self.vocab_buffer):
                tail = _OPLESS_LINE.fullmatch(body)
        if tail is not None:
            body = body[: tail.start()].strip()
        self.fragments(number, body)
        if tail is not None:
            self.quantitative_close(number, tail.groupdict())

    def collect_values(self, number: int, body: str) -> None:
        """Gather a self-evaluation row's values from the lines after a lone target."""
        assert self.open_values is not None
        self.open_values.extend(body.split())
        values = self.open_values
        if len(values) < 4:
            return
        if not (_NUMBER.fullmatch(values[2]) and _NUMBER.fullmatch(values[3])):
            # Not the expected actual/weight/score: close with the target alone, keep the rest.
            self.open_values = None
            self.quantitative_close(number, {"target": values[0]})
            self.fragments(number, " ".join(values[1:]))
            return
        self.open_values = None
        self.quantitative_close(number, {
            "target": values[0], "actual": values[1], "weight": values[2], "score": values[3],
            "dev": " ".join(values[4:]) or None,
        })

    def fragments(self, number: int, body: str) -> None:
        for fragment in body.split():
            word = "".join(t for _, t in self.vocab_buffer) + fragment if self.vocab_buffer \
                else fragment
            if word in _VOCAB and not _is_vocab_prefix(word):
                first = self.vocab_buffer[0][0] if self.vocab_buffer else number
                self.vocab_buffer = []
                self.level_event(word, first)
            elif _is_vocab_prefix(word) or word in _VOCAB:
                self.vocab_buffer.append((number, fragment))
            else:
                self.release_vocab_buffer()
                self.pending.add(number, fragment)

    def release_vocab_buffer(self) -> None:
        """A partial level name that never completed is ordinary text after all."""
        if not self.vocab_buffer:
            return
        word = "".join(t for _, t in self.vocab_buffer)
        if word in _VOCAB:
            first = self.vocab_buffer[0][0]
            self.vocab_buffer = []
            self.level_event(word, first)
            return
        for number, fragment in self.vocab_buffer:
            self.pending.add(number, fragment)
        self.vocab_buffer = []

    def level_event(self, name: str, number: int) -> None:
        if self.pending.parts:
            self.flush_pending_before_level()
        if name in LEVEL2_NAMES and name == self.level2 and self.level2_fresh \
                and name not in LEVEL1_NAMES:
            # The 三级 name repeats the 二级 name ("服务对象满意度指标" twice in 003).
            self.pending.add(number, name)
            return
        self.set_level(name)

    def flush_pending_before_level(self) -> None:
        if self.self_eval and self.indicators:
            self.continue_previous([t for _, t in self.pending.lines()])
        else:
            self.emit_without_comparator()
        self.pending.clear()

    def emit_without_comparator(self) -> None:
        """A 三级 name that no quantitative target closed: a qualitative target, or none."""
        parts = self.pending.parts
        target = None
        if len(parts) >= 2 and _QUALITATIVE.fullmatch(parts[-1][1]):
            target = parse_target(parts[-1][1])
            parts = parts[:-1]
        grouped = _Pending(list(parts)).lines()
        self.emit(grouped[0][0], _join_wrapped([t for _, t in grouped]), target)

    def continue_previous(self, texts: list[str]) -> None:
        """Text after a self-evaluation row: the rest of its actual value, or 偏差原因."""
        if not texts or not self.indicators:
            return
        previous = self.indicators[-1]
        text = _join_wrapped(texts)
        actual = previous.actual
        if actual and not _is_number(actual) and not actual.endswith(("。", ".")):
            previous.actual = _join_wrapped([actual, text])
        else:
            previous.deviation_reason = _join_wrapped([previous.deviation_reason or "", text])

    def quantitative_close(self, number: int, values: dict[str, str | None]) -> None:
        """A target (with actual/weight/score in a self-evaluation) closes the pending row."""
        self.release_vocab_buffer()
        grouped = self.pending.lines()
        texts = [t for _, t in grouped]
        if self.self_eval and self.indicators:
            # Lines up to the last finished sentence belong to the previous row (偏差原因).
            last_sentence = max(
                (i for i, t in enumerate(texts) if t.rstrip().endswith("。")), default=-1
            )
            if last_sentence >= 0:
                self.continue_previous(texts[: last_sentence + 1])
                grouped = grouped[last_sentence + 1:]
                texts = texts[last_sentence + 1:]
        line = next((n for n, _ in grouped if n > 0), number)
        level3 = _join_wrapped(texts) or None
        target = parse_target(values["target"] or "")
        if self.self_eval:
            self.emit(
                line, level3, target,
                actual=values.get("actual"),
                weight=_decimal(values.get("weight")),
                score=_decimal(values.get("score")),
                deviation_reason=values.get("dev") or None,
            )
        else:
            self.emit(line, level3, target)
        self.pending.clear()

    def qualitative_close(self, number: int, match: re.Match[str]) -> None:
        """A self-evaluation row whose target and actual are prose: "10 10" closes it."""
        self.release_vocab_buffer()
        grouped = self.pending.lines()
        if not grouped:
            return
        line = grouped[0][0] if grouped[0][0] > 0 else number
        level3 = grouped[0][1]
        rest = [t for _, t in grouped[1:]]
        target_end = next(
            (i for i, t in enumerate(rest) if _SENTENCE_END.search(t.strip())), None
        )
        if target_end is None:
            target_lines, actual_lines = rest, []
        else:
            target_lines, actual_lines = rest[: target_end + 1], rest[target_end + 1:]
        target_text = _join_wrapped(target_lines)
        self.emit(
            line, level3, parse_target(target_text) if target_text else None,
            actual=_join_wrapped(actual_lines) or None,
            weight=_decimal(match.group("weight")),
            score=_decimal(match.group("score")),
        )
        self.pending.clear()

    def close_open_values(self) -> None:
        """Close a row whose value cells stopped early: what is missing stays None."""
        if self.open_values is None:
            return
        values, self.open_values = self.open_values, None
        padded: list[str | None] = [*values, None, None, None]
        self.quantitative_close(0, {
            "target": padded[0], "actual": padded[1],
            "weight": padded[2] if padded[2] and _NUMBER.fullmatch(padded[2]) else None,
            "score": padded[3] if padded[3] and _NUMBER.fullmatch(padded[3]) else None,
        })

    def flush_stream(self, end: bool) -> None:
        self.close_open_values()
        self.release_vocab_buffer()
        if not self.pending.parts:
            return
        if self.self_eval and self.indicators:
            self.continue_previous([t for _, t in self.pending.lines()])
        elif end or not self.self_eval:
            self.emit_without_comparator()
        self.pending.clear()


def _read_rows(rows: list[tuple[int, str]], header: str, kind: PerformanceKind) -> list[Indicator]:
    reader = _RowReader(kind, header)
    for number, text in rows:
        if "\t" in text.strip("\n") and text.replace("\t", "").strip():
            reader.tab_row(number, text)
        else:
            reader.stream_line(number, text)
    reader.flush_stream(end=True)
    return reader.indicators
