"""YAML that cannot hurt: limits checked on the event stream before anything is built.

PyYAML's safe loader already refuses ``!!python`` tags, but it builds whatever else it is
given: an alias bomb ("billion laughs": nine aliases of nine aliases ...) is small as text and
explodes as soon as anything walks it (positions, the schema, a report); a flow sequence
nested 1,000 deep overflows the recursive composer; an unquoted ``2026-02-30`` ends in a
``ValueError`` from ``datetime``; a vertical tab pasted from Word is a ``ReaderError``
without a position; ``&x [*x]`` is a node that contains itself. ``precheck`` walks the
parser's events once (iteratively: no recursion), counts nesting depth and the node count
*after* alias expansion and refuses an alias inside its own anchor; ``SafeLoader`` and
``FastSafeLoader`` turn a bad timestamp into a positioned YAML error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from checker.limits import MAX_PACK_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from checker.regex_cache import compile_re


class YamlLimitError(Exception):
    """The text is YAML, but too deep, too large after alias expansion or not readable."""

    def __init__(self, problem: str, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


def _timestamp(loader: Any, node: yaml.ScalarNode) -> dt.date | dt.datetime:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' 不是有效的日期（{error}）；如果这是文字，请加引号",
            node.start_mark) from None


class SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose invalid dates are YAML errors with a position."""


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

_C_LOADER = getattr(yaml, "CSafeLoader", None)
if _C_LOADER is not None:
    class FastSafeLoader(_C_LOADER):  # type: ignore[misc,valid-type]
        """libyaml's safe loader with the same timestamp handling."""

    FastSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    _PARSER: Any = FastSafeLoader
else:  # pragma: no cover - libyaml is in every wheel we install
    FastSafeLoader = None  # type: ignore[assignment,misc]
    _PARSER = SafeLoader


def precheck(text: str) -> None:
    """Raise ``YamlLimitError`` when ``text`` nests deeper than ``MAX_YAML_DEPTH`` or has more
    than ``MAX_YAML_NODES`` nodes once its aliases are expanded. Syntax errors are left to
    the loader, which words them."""
    _check_characters(text)
    try:
        _walk_events(text, _PARSER)
    except yaml.YAMLError:
        # libyaml stops at its own nesting limit (1,000) with a message that names no
        # rule: walk again with the pure-Python parser (an iterative state machine).
        try:
            _walk_events(text, SafeLoader)
        except yaml.YAMLError:
            return  # the loader reports the syntax error with its own wording and position


def _walk_events(text: str, loader: Any) -> None:
    sizes: dict[str, int] = {}
    # Per open collection: [nodes so far, anchor]
    stack: list[list[Any]] = []
    total = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) and any(a == event.anchor for _, a in stack):
            # ``&x [*x]``: PyYAML composes a node that contains itself, and every walk of
            # it (positions, the schema) recurses until Python's stack runs out.
            mark = event.start_mark
            raise YamlLimitError(f"别名 *{event.anchor} 指向包含它自身的集合（递归引用）",
                                 mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            size = sizes.get(event.anchor, 1) if isinstance(event, yaml.AliasEvent) else 1
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
            total += size
            if stack:
                stack[-1][0] += size
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([1, event.anchor])
            if len(stack) > MAX_YAML_DEPTH:
                mark = event.start_mark
                raise YamlLimitError(f"嵌套超过 {MAX_YAML_DEPTH} 层", mark.line + 1,
                                     mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor = stack.pop()
            if anchor:
                sizes[anchor] = size
            total += 1
            if stack:
                stack[-1][0] += size
        if total > MAX_YAML_NODES:
            mark = event.start_mark
            raise YamlLimitError(
                f"展开别名（&/*）后超过 {MAX_YAML_NODES} 个节点（别名炸弹？）",
                mark.line + 1 if mark else None, mark.column + 1 if mark else None)


_FORBIDDEN = compile_re(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _check_characters(text: str) -> None:
    """YAML allows no control character but tab and line breaks; name the first one with
    its line and column (PyYAML gives only an offset)."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return
    index = found.start()
    char = found.group()
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    what = "垂直制表符（常从 Word 粘贴而来）" if char == "\v" else f"控制字符 U+{ord(char):04X}"
    raise YamlLimitError(f"含有 YAML 不允许的{what}，请删除", line, column)


def read_pack_text(path: Path) -> str:
    """A rule file's text: a regular file of at most ``MAX_PACK_BYTES`` (read no further,
    so a device or a huge file costs nothing), UTF-8."""
    if path.exists() and not path.is_file():
        raise ValueError("不是普通文件")
    with path.open("rb") as stream:
        data = stream.read(MAX_PACK_BYTES + 1)
    if len(data) > MAX_PACK_BYTES:
        raise ValueError(f"规则包超过 {MAX_PACK_BYTES // (1024 * 1024)} MB 的上限")
    return data.decode("utf-8")
