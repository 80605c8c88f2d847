"""YAML loading that remembers where every value came from.

PyYAML's ``compose`` gives nodes with marks, from which we can record, for every path (tuple
of keys/indices), the line and column of the value and of its key, so schema errors can point
at ``file:line:column``. But the node tree with its marks is ~45 times the file's size and the
full table of positions another ~20 times (a 1 MB pack of ~7,500 rules peaked near 80 MB), and
a pack that loads cleanly needs almost none of it. So plain data is built straight from the
parser's events (``events.py``), keeping only the positions every load needs (each mapping in
a list: a rule's or an example's line) and the duplicate keys; the full table is composed
again from the text only when a problem is to be placed (``Positions.at`` on any other path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from checker.engine.events import Unsupported, load_events
from checker.engine.safeyaml import FastSafeLoader, SafeLoader, YamlLimitError, precheck

Path_ = tuple[str | int, ...]


@dataclass
class Positions:
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int, int]] = field(default_factory=list)
    # The YAML text while ``values`` holds only some positions: the rest are composed from
    # it on the first lookup that needs them (then it is dropped).
    text: str | None = None

    def at(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position of ``path`` or of its nearest recorded ancestor (1-based)."""
        probe = tuple(path)
        if not key and probe in self.values:
            return self.values[probe]
        if self.text is not None:
            self._complete(self.text)
        table = self.keys if key else self.values
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            if not probe:
                return None, None
            probe = probe[:-1]

    def _complete(self, text: str) -> None:
        """Every value's and key's position, from the node tree of ``text`` (which loaded
        once already, so it composes)."""
        self.text = None
        loader = _FAST_LOADER(text) if _FAST_LOADER is not None else SafeLoader(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            return  # cannot happen for text that loaded; a coarser position, never a crash
        finally:
            loader.dispose()
        if node is not None:
            full = Positions()
            _walk(node, (), full)
            self.values, self.keys = full.values, full.keys


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
            data, values, duplicates = load_events(fast)
        except yaml.YAMLError:
            pass  # the pure-Python loader words the error (and finds its position)
        except Unsupported:
            pass  # merge keys, tagged collections and the like: composed as nodes below
        else:
            return data, Positions(values, {}, duplicates, text)
        finally:
            fast.dispose()
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
