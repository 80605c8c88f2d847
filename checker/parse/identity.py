"""Who published the disclosure, for which year, and what it is: unit, year, kind, level.

The cover says it best ("2023 年度 / 福州市医疗保障基金中心 / 单位预算"); documents whose
cover did not survive extraction (000, 003) are identified from part titles, table headers
("单位：泉州市医疗保障基金中心") and the first sentence of 主要职责.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from checker.model.ast import Kind, Level, Section, Table
from checker.regex_cache import compile_re

_YEAR = compile_re(r"((?:19|20)\d{2})\s*年")
_YEAR_DU = compile_re(r"((?:19|20)\d{2})\s*年度")
_YEAR_DU_OPT = compile_re(r"((?:19|20)\d{2})\s*年度?")
_COVER_SUFFIX = compile_re(r"(?:(?:部门|单位)?(?:预算|决算)(?:公开)?(?:报告)?)+$")
_TABLE_HEADER_UNIT = compile_re(r"单位\s*[:：]\s*(\S{4,40}?)\s+单位\s*[:：]")
_DUTY_SENTENCE = compile_re(r"^(.{4,40}?)(?:单位|部门)?(?:的主要职责|主要职责|系|是)")
_ORG = compile_re(r"[\u4e00-\u9fff]{2,8}[省市县区][\u4e00-\u9fff()（）]{2,24}?"
                  r"(?:中心|局|委员会|办公室|厅|院|站|所|馆|部|会)(?:[(（]汇总[)）])?")
# A unit's name ends like an organisation; a place ("上海市普陀区") does not.
_ORG_END = compile_re(r"(?:中心|局|委员会|委|办公室|办公厅|厅|院|站|所|馆|部|会|处|队|校|室|"
                      r"社|团|组|[(（]汇总[)）])$")
_NAME_CHARS = compile_re(r"[\u4e00-\u9fff()（）]{4,40}")
# A labelled unit on a cover or table header: "预算主管部门：上海市普陀区财政局" (Shanghai
# 部门预算), "预算单位：上海市财政局" (单位预算), "部门：江苏省政协办公厅" (Jiangsu tables).
_UNIT_LABEL = compile_re(r"^(?:预算主管部门|主管部门|预算单位|部门名称|单位名称|部门)[:：]\s*"
                         r"([\u4e00-\u9fff()（）]{4,40})\s*$")
# A title that says it all: "重庆市交通委员会2018年部门预算情况说明",
# "上海市普陀区2024年区级部门预算", "江苏省人大常委会办公厅2018年度部门预算公开".
_TITLE = compile_re(r"^(?P<pre>[\u4e00-\u9fff()（）]*?)(?P<year>(?:19|20)\d{2})年度?"
                    r"(?P<mid>[\u4e00-\u9fff]{0,6}?)(?P<level>部门|单位)(?P<kind>预算|决算)")
_BODY_START = compile_re(r"目录|目$|第[一二三四五六七八九十]{1,3}部分|"
                         r"[一二三四五六七八九十]{1,3}、")
_PAGE_NUMBER = compile_re(r"[-—–]*\d{1,3}[-—–]*")
# How many leading lines a cover or page title may take (HTML pages open with a breadcrumb).
_TITLE_LINES = 12


@dataclass
class Identity:
    unit: str | None
    year: int | None
    kind: Kind | None
    level: Level | None


def identify(cover: list[str], parts: list[Section], tables: list[Table],
             text_lines: list[str]) -> Identity:
    """Identity from the cover first, then from titles and text."""
    cover_text = "".join(line.replace(" ", "") for line in cover)
    titles = [p.title for p in parts] + [t.title for t in tables]
    head = _title_identity(text_lines)
    return Identity(
        unit=head.unit or _unit(cover, parts, text_lines),
        year=head.year or _year(cover_text, titles, text_lines),
        kind=head.kind or _kind(cover_text, titles),
        level=head.level or _level(cover_text, parts, text_lines),
    )


def _title_identity(text_lines: list[str]) -> Identity:
    """What the first lines say outright: a labelled unit and a full title.

    The title is read from the first lines joined as well as one by one, so a cover split
    over lines ("江苏省人大常委会办公厅2018年度部门" / "预算公开") is read whole. A title
    whose prefix is a place, not a unit ("上海市普陀区2024年区级部门预算"), gives only year,
    kind and level; the unit then comes from a label ("预算主管部门：…").
    """
    lines = [re.sub(r"\s+", "", line) for line in text_lines[:200] if line.strip()]
    found = Identity(None, None, None, None)
    for line in lines[:60]:
        label = _UNIT_LABEL.match(line)
        if label:
            found.unit = canonical_unit(label.group(1))
            break
    head = []
    for line in lines[:_TITLE_LINES]:
        if _BODY_START.match(line):
            break  # the TOC or the body: its "第二部分 2024年度部门预算表" is no title
        if not _PAGE_NUMBER.fullmatch(line):
            head.append(line)
    candidates = head + ["".join(head[i:i + 3]) for i in range(len(head))]
    titled = False
    for line in candidates:
        match = _TITLE.search(line)
        if not match:
            continue
        if not titled:
            titled = True
            found.year = int(match.group("year"))
            found.kind = match.group("kind")  # type: ignore[assignment]
            found.level = match.group("level")  # type: ignore[assignment]
        pre = match.group("pre")
        if found.unit is None and _ORG_END.search(pre) and len(pre) >= 4:
            # The unit may stand on the line above its title ("江苏省人民检察院" /
            # "2019年度部门预算公开"): only a joined candidate shows it.
            found.unit = canonical_unit(pre)
    return found


def canonical_unit(name: str) -> str:
    """Unit names without spaces and with full-width brackets: "局 (汇总)" → "局（汇总）"."""
    name = re.sub(r"\s+", "", name)
    return name.replace("(", "（").replace(")", "）")


def _unit(cover: list[str], parts: list[Section], text_lines: list[str]) -> str | None:
    lines = [line.replace(" ", "") for line in cover
             if line.strip() and not _YEAR.fullmatch(line.replace(" ", "").rstrip("度"))]
    # "年度" goes with its year: "上海市普陀区财政局" / "2024年度部门决算" must not leave a "度"
    # between the name and the suffix.
    joined = _COVER_SUFFIX.sub("", "".join(_YEAR_DU_OPT.sub("", line) for line in lines))
    if _NAME_CHARS.fullmatch(joined):
        return canonical_unit(joined)
    for line in text_lines[:2000]:
        match = _TABLE_HEADER_UNIT.search(line)
        if match and "元" not in match.group(1):
            return canonical_unit(match.group(1))
    duty = _duty_sentence(parts)
    if duty:
        return canonical_unit(duty)
    counts = Counter(match.group(0) for line in text_lines for match in _ORG.finditer(line))
    return canonical_unit(counts.most_common(1)[0][0]) if counts else None


def _duty_sentence(parts: list[Section]) -> str | None:
    """"福建省医疗保障基金中心系财政核拨的…" / "泉州市医疗保障基金中心单位的主要职责是"."""
    for part in parts[:1]:
        for section in part.walk():
            if "职责" not in section.title:
                continue
            for paragraph in section.paragraphs[:2]:
                match = _DUTY_SENTENCE.match(paragraph.text.replace(" ", ""))
                if match and _NAME_CHARS.fullmatch(match.group(1)):
                    return match.group(1)
    return None


def _year(cover_text: str, titles: list[str], text_lines: list[str]) -> int | None:
    match = _YEAR.search(cover_text)
    if match:
        return int(match.group(1))
    for title in titles:
        match = _YEAR_DU.search(title)
        if match:
            return int(match.group(1))
    counts = Counter(m.group(1) for line in text_lines for m in _YEAR_DU.finditer(line))
    return int(counts.most_common(1)[0][0]) if counts else None


def _kind(cover_text: str, titles: list[str]) -> Kind | None:
    for source in (cover_text, "".join(titles)):
        if "决算" in source:
            return "决算"
        if "预算" in source:
            return "预算"
    return None


def _level(cover_text: str, parts: list[Section], text_lines: list[str]) -> Level | None:
    match = re.search(r"(部门|单位)(?:预算|决算)", cover_text)
    if match:
        return "部门" if match.group(1) == "部门" else "单位"
    for part in parts:
        if part.title.endswith("概况"):
            if part.title.startswith("部门"):
                return "部门"
            if part.title.startswith("单位"):
                return "单位"
    text = "".join(text_lines)
    department, unit = text.count("本部门"), text.count("本单位")
    if department or unit:
        return "部门" if department > unit else "单位"
    return None
