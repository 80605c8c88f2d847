"""YAML loading that remembers where every value came from.

PyYAML's ``compose`` gives nodes with marks; we construct plain data from the same nodes and
record, for every path (tuple of keys/indices), the line and column of the value and of its
key, so schema errors can point at ``file:line:column``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from checker.engine.safeyaml import FastSafeLoader, SafeLoader, YamlLimitError, precheck

Path_ = tuple[str | int, ...]


@dataclass
class Positions:
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int, int]] = field(default_factory=list)

    def at(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position of ``path`` or of its nearest recorded ancestor (1-based)."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            if not probe:
                return None, None
            probe = probe[:-1]


class YamlSyntaxError(Exception):
    def __init__(self, problem: str, line: int | None, column: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


# libyaml's loader composes the same nodes with the same marks, several times faster; its
# error wording differs, so a file it rejects is parsed again by the pure-Python loader,
# whose message (and position) is the one reported.
_FAST_LOADER = FastSafeLoader


def load_with_positions(text: str) -> tuple[Any, Positions]:
    """Parse one YAML document; raise ``YamlSyntaxError`` keeping PyYAML's position."""
    try:
        precheck(text)  # depth, alias bombs, control characters: before anything is built
    except YamlLimitError as error:
        raise YamlSyntaxError(f"not valid YAML: {error.problem}", error.line,
                              error.column) from None
    if _FAST_LOADER is not None:
        fast = _FAST_LOADER(text)
        try:
            node = fast.get_single_node()
            data = None if node is None else fast.construct_document(node)
        except yaml.YAMLError:
            pass  # fall through: the pure-Python loader words the error
        else:
            positions = Positions()
            if node is not None:
                _walk(node, (), positions)
            return data, positions
        finally:
            fast.dispose()
    return _load_python(text)


def _load_python(text: str) -> tuple[Any, Positions]:
    loader = None
    try:
        loader = SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, Positions()
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = f"not valid YAML: {error.problem or error.context}"
        if mark is None:
            raise YamlSyntaxError(problem, None, None) from error
        raise YamlSyntaxError(problem, mark.line + 1, mark.column + 1) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"not valid YAML: {error}", None, None) from error
    finally:
        if loader is not None:
            loader.dispose()
    positions = Positions()
    _walk(node, (), positions)
    return data, positions


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(node: yaml.Node, path: Path_, positions: Positions) -> None:
    positions.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                positions.duplicate_keys.append((child, *_mark(key_node)))
            seen.add(key)
            positions.keys[child] = _mark(key_node)
            _walk(value_node, child, positions)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), positions)
