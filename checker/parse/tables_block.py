"""A table block's furniture and layout: what ``build_table`` reads before any row.

The block is its title line and the lines up to the next heading. Its furniture (the table's
number and 公开NN表 form, the 单位 line, a repeated title, "续表", the notes after 注/说明) is
read here and the remaining content lines handed on, each with its folded text, so that no
line is folded twice; ``_detect_layout`` tells which reader the content needs.

Part of the table reader (``checker.parse.tables``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from checker.model.ast import Line, Paragraph
from checker.parse.normalize import _FOLD, _FOLDABLE
from checker.parse.tables_cells import (
    _CJK,
    _FORM_RE,
    _NOTE_ITEM_RE,
    _NOTE_RE,
    _PAGE_RE,
    _TAG_RE,
    _UNIT_RE,
    _compact_folded,
    _fold,
    _is_number,
    _is_repeated_title,
    table_number,
)
from checker.parse.tables_positional import _Tok
from checker.parse.tables_stream import _tokens
from checker.regex_cache import compile_re


@dataclass
class _Block:
    number: int | None
    title: str  # the clean title
    form: str | None
    unit: str | None
    content: list[Line]  # the lines left for the rows and the header
    texts: list[str]  # each content line's folded text
    notes: list[Paragraph]


def read_block(title: Line, body: list[Line]) -> _Block:
    """The block's furniture, and its content lines with their folded texts."""
    number, clean_title = table_number(title.text or title.raw)
    form_match = _FORM_RE.search(_fold(title.text))
    form = f"公开{int(form_match.group(1)):02d}表" if form_match else None
    title_unit = _UNIT_RE.search(_fold(title.text).rstrip(")） "))
    unit: str | None = title_unit.group(1) if title_unit else None
    content: list[Line] = []
    content_texts: list[str] = []  # each content line's folded text: a line is folded once
    note_start: int | None = None

    foldable = _FOLDABLE.search
    for idx, ln in enumerate(body):
        whole = ln.text  # ``_fold(ln.text)``, inlined: this runs for every line of a table
        if foldable(whole):
            whole = whole.translate(_FOLD)
        if "<" in whole:
            whole = _TAG_RE.sub("", whole)
        text = whole.strip().lstrip("#").strip()
        if not text:
            continue
        if content and _FURNITURE_RE.search(text) is None:
            # (most lines: no word that furniture needs, and a repeated title only comes first)
            content.append(ln)
            content_texts.append(whole)
            continue
        # Only a line holding one of these words is asked about its compact form, and the
        # substring tests spare each pattern the lines that cannot match it.
        compact = _compact_folded(text) if "公" in text or "续" in text or "单位" in text else ""
        form_here = _FORM_RE.fullmatch(compact) if "公开" in compact else None
        if form_here:
            form = form or f"公开{int(form_here.group(1)):02d}表"
            if number is None:
                number = int(form_here.group(1))
            continue
        unit_match = _UNIT_RE.search(text) if "单位" in text else None
        if unit_match and not _is_number(compact):
            unit = unit or unit_match.group(1)
            continue
        if ("注" in text or "说明" in text) and _NOTE_RE.match(text):
            note_start = idx
            break
        if "续" in compact and _CONTINUED_RE.fullmatch(compact):
            continue  # "续表": the table goes on after a page break
        if not content and _is_repeated_title(text, clean_title):
            continue
        content.append(ln)
        content_texts.append(whole)

    notes = _notes_from(body[note_start:]) if note_start is not None else []
    return _Block(number, clean_title, form, unit, content, content_texts, notes)


# A word each piece of furniture below needs in its line (公开NN表, 续表, 单位, 注/说明).
_FURNITURE_RE = compile_re("公|续|单位|注|说明")
_TD_RE = compile_re(r"<t[dh][\s>]", re.IGNORECASE)


def _detect_layout(lines: list[Line], tokens: Callable[[str], list[_Tok]] = _tokens) -> str:
    texts = [ln.text for ln in lines if ln.text.strip()]
    if not texts:
        return "empty"
    if any("\t" in t for t in texts):
        return "tab"
    # (each pattern only asked about a line holding its character)
    if sum(1 for t in texts if "<" in t and _TD_RE.search(t)) >= 2:
        return "html"
    if sum(1 for t in texts if "|" in t and t.strip().startswith("|") and t.count("|") >= 2) >= 2:
        return "pipe"
    multi = 0
    enough = max(2, len(texts) // 5)
    for t in texts:
        toks = tokens(t)
        kinds = {tok.kind for tok in toks}
        if len(toks) >= 2 and "num" in kinds and ("text" in kinds or len(toks) >= 3):
            multi += 1
            if multi >= enough:
                return "space"  # (the lines left cannot change the answer)
    return "space" if multi == len(texts) else "lines"


_CJK_RE = compile_re(rf"[{_CJK}]")
_CJK_END_RE = compile_re(rf"[{_CJK}]$")


def _notes_from(lines: list[Line]) -> list[Paragraph]:
    notes: list[Paragraph] = []
    for ln in lines:
        text = _fold(ln.text).strip()
        if not text or _PAGE_RE.match(text):
            continue
        if notes and not _NOTE_RE.match(text) and not _NOTE_ITEM_RE.match(text):
            prev = notes[-1]
            cjk_seam = _CJK_END_RE.search(prev.text) or _CJK_RE.match(text)
            joiner = "" if cjk_seam else " "
            prev.text = prev.text + joiner + text
            prev.end_line = ln.number
        else:
            notes.append(Paragraph(text=text, line=ln.number, end_line=ln.number))
    return notes


_CONTINUED_RE = compile_re(r"[(（]?续(?:上)?表[)）]?")
