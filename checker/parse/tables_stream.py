"""Rows from a stream of tokens: cells separated by runs of spaces, or one cell per line
(PyMuPDF), assigned to column groups.

Part of the table reader (``checker.parse.tables``)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from checker.model.ast import Line
from checker.parse.normalize import _FOLD, _FOLDABLE
from checker.parse.tables_cells import (
    _CLASS_CODE_RE,
    _CODE_PART_RE,
    _CODE_RE,
    _ENUM_LABEL_RE,
    _NULL_CELLS,
    _NUM_BODY,
    _TAG_RE,
    _TOTAL_RE,
    _compact,
    _is_number,
    _join_code_parts,
    number_value,
    parse_cell,
)
from checker.parse.tables_header import _header_words
from checker.parse.tables_positional import (
    _is_header_words,
    _may_continue,
    _Segment,
    _split_code,
    _starts_new_row,
    _Tok,
)
from checker.regex_cache import compile_re

# One pass over a line gives every word (a run of non-space) with the spaces before it, and
# tells the words that are numbers (``_NUM_RE`` as a whole word) from the others:
# (spaces, number, other word) per word.
_WORDS_RE = compile_re(rf"(\s*)(?:({_NUM_BODY})(?!\S)|(\S+))")
# A code printed over 类/款/项 cells ("201 01 01"): only then are words joined.
_CODE_PARTS_RE = compile_re(r"(?<!\S)\d{3}\s+\d{2}(?!\S)")


def _tokens(text: str) -> list[_Tok]:
    """The words of a line, each with its kind and the spaces before it (-1: the first)."""
    # ``_fold(text)``, inlined (a call per distinct line of every space-separated table)
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    if "<" in folded:
        folded = _TAG_RE.sub("", folded)
    if _CODE_PARTS_RE.search(folded):
        return _joined_tokens(folded)
    toks = [_Tok(num or word, "num" if num else "null" if word in _NULL_CELLS else "text",
                 len(gap)) for gap, num, word in _WORDS_RE.findall(folded)]
    if toks:
        toks[0].gap = -1  # (the line's own token: no other holds it)
    return toks


def _joined_tokens(folded: str) -> list[_Tok]:
    """``_tokens`` of a line where a code's parts are joined into one word first."""
    raw: list[tuple[str, int]] = []
    end = None
    for match in _WORD_RE.finditer(folded):
        raw.append((match.group(), -1 if end is None else match.start() - end))
        end = match.end()
    toks: list[_Tok] = []
    for word, index in _join_code_parts([w for w, _ in raw]):
        kind = "null" if word in _NULL_CELLS else "num" if _is_number(word) else "text"
        toks.append(_Tok(word, kind, raw[index][1]))
    return toks


_WORD_RE = compile_re(r"\S+")
_CODE_LENGTHS = frozenset({3, 5, 7})


def _is_code_at(toks: list[_Tok], i: int) -> bool:
    tok = toks[i]
    # (a code has 3, 5 or 7 digits and a word no white space: amounts fail on their length)
    if tok.kind != "num" or len(tok.text) not in _CODE_LENGTHS or not _CODE_RE.match(tok.text):
        return False
    return i + 1 >= len(toks) or toks[i + 1].kind == "text"


def _stream_is_data(toks: list[_Tok]) -> bool:
    if any(t.kind == "num" for t in toks):
        return True
    return (bool(toks) and _starts_new_row(toks[0].text)
            and not _is_header_words(" ".join(t.text for t in toks)))


def _ends_incomplete(toks: list[_Tok]) -> bool:
    """True when the last segment of a logical line still waits for its label or values."""
    if not toks:
        return False
    last = toks[-1]
    if last.kind == "text":
        return True
    return _CODE_RE.match(last.text) is not None and (len(toks) == 1 or toks[-2].kind != "text")


def _continues(prev: list[_Tok], nxt: list[_Tok]) -> bool:
    if not _ends_incomplete(prev) or not nxt:
        return False
    first = nxt[0]
    if first.kind in ("num", "null"):
        return not _is_code_at(nxt, 0) or prev[-1].kind == "num"
    if _is_code_at(nxt, 0):
        return False
    # the pending segment of ``prev``: trailing text tokens, maybe after a code
    k = len(prev)
    while k > 0 and prev[k - 1].kind == "text":
        k -= 1
    has_code = (k > 0 and _is_code_at(prev, k - 1)) or (
        k == len(prev) and prev[-1].kind == "num")
    fragment = "".join(t.text for t in nxt if t.kind == "text")
    return _may_continue(has_code, fragment)


def _stream_segments(toks: list[_Tok], line: int, leading: int) -> list[_Segment]:
    segments: list[_Segment] = []
    cur: _Segment | None = None
    prev_kind = ""
    for i, tok in enumerate(toks):
        if tok.kind == "text":
            if cur is None or cur.values or (cur.has_label and prev_kind != "text"
                                              and cur.code is None):
                cur = _Segment(line=line)
                segments.append(cur)
            cur.label_parts.append(tok.text)
            cur.has_label = True
            prev_kind = "text"
        # (``_is_code_at`` asks the kind and the length first: only such a token calls it)
        elif tok.kind == "num" and len(tok.text) in _CODE_LENGTHS and _is_code_at(toks, i) and (
                cur is None or cur.values or cur.has_label):
            cur = _Segment(line=line, code=tok.text, has_label=True)
            segments.append(cur)
            prev_kind = "code"
        else:
            # A wide gap between two amounts means the label of the next group is blank
            # ("一、一般公共预算财政拨款 134.65   0.00 0.00 0.00").
            if cur is None or (prev_kind == "num" and tok.gap >= 3):
                cur = _Segment(line=line)
                segments.append(cur)
            # (a "num" token is a folded word that reads as a number: ``parse_cell`` would
            # fold and strip it again for nothing; the other kind here is a dash)
            cur.values.append(number_value(tok.text) if tok.kind == "num" else None)
            prev_kind = "num"
    if segments and leading >= 2:
        segments[0].group = -1  # marker: the first column group of this line is empty
    return segments


def _assign_groups(lines: list[list[_Segment]], n_groups: int) -> list[_Segment]:
    """Give each segment of each logical line its column group (0 … n_groups-1)."""
    out: list[_Segment] = []
    if n_groups <= 1:
        for segs in lines:
            for seg in segs:
                seg.group = 0
                out.append(seg)
        return out
    counts: list[Counter[int]] = [Counter() for _ in range(n_groups)]
    for segs in lines:
        if len(segs) == n_groups:
            for g, seg in enumerate(segs):
                counts[g][len(seg.values)] += 1
    expected = [c.most_common(1)[0][0] if c else None for c in counts]
    for segs in lines:
        leading_empty = bool(segs) and segs[0].group == -1
        if len(segs) >= n_groups:
            extra = len(segs) - n_groups
            chosen: tuple[int, ...] = tuple(range(n_groups)) + (n_groups - 1,) * extra
        else:
            best: tuple[float, tuple[int, ...]] | None = None
            for combo in combinations(range(n_groups), len(segs)):
                score = 0.0
                for seg, g in zip(segs, combo, strict=True):
                    if expected[g] is not None:
                        score += abs(len(seg.values) - expected[g])
                if leading_empty and combo[0] == 0:
                    score += 1.0
                if not leading_empty and combo[0] != 0:
                    score += 0.5
                if best is None or score < best[0]:
                    best = (score, combo)
            chosen = best[1] if best else ()
        for seg, g in zip(segs, chosen, strict=False):
            seg.group = g
            out.append(seg)
    return out


def _space_segments(data: list[tuple[Line, list[_Tok], int]]) -> list[list[_Segment]]:
    logical: list[tuple[Line, list[_Tok], int]] = []
    for line, toks, leading in data:
        if logical and _continues(logical[-1][1], toks):
            logical[-1] = (logical[-1][0], logical[-1][1] + toks, logical[-1][2])
        else:
            logical.append((line, list(toks), leading))
    return [_stream_segments(toks, line.number, leading) for line, toks, leading in logical]




























def _line_cells(text: str) -> list[str]:
    """One line of a one-cell-per-line block as cells: amounts and codes apart, text runs
    joined ("1. 因公出国(境)费" stays one cell)."""
    cells: list[str] = []
    for tok in _tokens(text):
        if tok.kind == "text" and cells and not _is_number(cells[-1]) and (
                cells[-1] not in _NULL_CELLS):
            cells[-1] = f"{cells[-1]} {tok.text}"
        else:
            cells.append(tok.text)
    return cells


def _drop_column_number_runs(lines: list[Line]) -> list[Line]:
    """One cell per line prints the column numbers as "栏次" / "1" / "2" / "3": drop such runs."""
    keep: list[Line] = []
    k = 0
    while k < len(lines):
        j = k
        if _compact(lines[k].text) in ("栏次", "行次"):
            j += 1
        expected = 1
        while j < len(lines) and _compact(lines[j].text) == str(expected):
            j += 1
            expected += 1
        if expected > 2:  # at least "1", "2"
            k = j
            continue
        keep.append(lines[k])
        k += 1
    return keep


def _first_row_in_stream(cells: list[str]) -> int:
    """Index of the first data cell of a one-cell-per-line block (len(cells) when none).

    "合计" and "本年收入合计" are header cells as well as row labels: as a row they are
    followed by an amount, a code or the next row, as a header by more header words.
    """
    for k, cell in enumerate(cells):
        nxt = next((c for c in cells[k + 1:] if c), "")
        if _is_number(cell) or cell in _NULL_CELLS:
            return k
        if _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            return k
        if _CLASS_CODE_RE.fullmatch(cell) and _CODE_PART_RE.match(nxt):
            return k  # a code printed over 类/款/项 cells
        compact = _compact(cell)
        if _ENUM_LABEL_RE.match(compact):
            return k
        nxt_amount = _is_number(nxt) or nxt in _NULL_CELLS
        nxt_is_row = nxt_amount or _CODE_RE.match(nxt) is not None or (
            _ENUM_LABEL_RE.match(_compact(nxt)) is not None)
        if _TOTAL_RE.match(compact) and (nxt_is_row or not nxt):
            return k  # "合计" before amounts, before the first row, or as the last cell
        known = all(kind != "unknown" for _, kind in _header_words(cell))
        if nxt_amount and not known:
            return k  # a plain first row ("基本工资" / "149.76")
    return len(cells)


def _one_per_line_segments(data: list[tuple[Line, str]]) -> list[list[_Segment]]:
    """PyMuPDF gives every cell its own line and drops empty cells: rebuild rows from the
    stream (a code or a new label opens a row; amounts follow it).

    A label line after a row that has no amount yet is the rest of that row's name when the
    row is coded ("30108" / "机关事业单位基本" / "养老保险缴费"), or when it is a short tail
    ("款", "支出", "理支出"); otherwise it is a row of its own: in side-by-side tables an
    uncoded label without amounts is far more often the other side's cell
    ("使用非财政拨款结余" then "结余分配") than half a wrapped label.
    """
    # Some extractors put two neighbouring cells on one line ("4816.14 302",
    # "9746.50 一、一般公共服务支出"): split each line into amounts and text runs first.
    cells: list[str] = []
    owners: list[Line] = []
    for line, text in data:
        for cell in _line_cells(text):
            cells.append(cell)
            owners.append(line)
    joined = _join_code_parts(cells)
    segments: list[_Segment] = []
    cur: _Segment | None = None
    for k, (cell, index) in enumerate(joined):
        line = owners[index]
        nxt = joined[k + 1][0] if k + 1 < len(joined) else ""
        if _is_number(cell) and _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            cur = _Segment(line=line.number, code=cell, has_label=True)
            segments.append(cur)
        elif _is_number(cell) or cell in _NULL_CELLS:
            if cur is None:
                continue
            cur.values.append(parse_cell(cell))
        else:
            code, rest = _split_code(cell)
            # A coded row still waiting for its amount takes an uncoded fragment as the rest
            # of its name, side-by-side tables included: the other side's next row would open
            # with its own code, and totals ("人员经费合计") are never continuations.
            if (cur is not None and not cur.values and cur.label_parts and code is None
                    and _may_continue(cur.code is not None, cell)):
                cur.label_parts.append(cell)  # a wrapped label
            elif cur is not None and cur.code and not cur.label_parts and not cur.values:
                cur.label_parts.append(cell)
            else:
                cur = _Segment(line=line.number, code=code, label_parts=[rest], has_label=True)
                segments.append(cur)
    return [[seg] for seg in segments]


_PERSONNEL_CLASSES = frozenset({"301", "303"})  # 人员经费; other 3xx classes are 公用经费


def _assign_by_hint(lines: list[list[_Segment]], names: list[str]) -> list[_Segment]:
    """Side-by-side groups in a one-cell-per-line stream: the row order is lost, so the side is
    read from the label (收入 vs 支出) or, in a 基本支出 table, from the economic class
    (301/303 人员经费 vs the others); what tells nothing alternates."""
    out: list[_Segment] = []
    personnel: dict[int, bool] = {}  # group → holds 人员经费 codes (True) or others (False)
    g = 0
    for segs in lines:
        for seg in segs:
            label = seg.label
            hinted = None
            for i, name in enumerate(names):
                if name in ("收入", "支出") and name in label:
                    hinted = i
            if hinted is None and seg.code and seg.code.startswith("3"):
                is_personnel = seg.code[:3] in _PERSONNEL_CLASSES
                known = [i for i, p in personnel.items() if p == is_personnel]
                if known:
                    hinted = known[0]
                elif g not in personnel:
                    personnel[g] = is_personnel
            seg.group = hinted if hinted is not None else g
            g = (seg.group + 1) % len(names)
            out.append(seg)
    return out
