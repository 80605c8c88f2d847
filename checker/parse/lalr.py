"""The disclosure grammar's LALR parser, run on tables kept in the cache folder, without lark.

Why: a one-file check parses one document of a few hundred line tokens, a few hundred steps
of an LALR loop over a table of ~100 states; importing lark for it cost ~15-20 ms of CPU (its
``__init__`` loads the grammar compiler, the parser front ends, ``logging``, ``inspect``,
``pickle``...) and loading its cached parser a few ms more, a tenth of the start-up.

So the tables lark computes for ``grammars/disclosure.lark`` are exported once, as plain
data, into a ``DiskMemo`` (``checker.disk_memo``: a ``marshal`` file in the cache folder),
and ``parse`` runs lark's loop (``ParserState.feed_token``) on them, building this module's
light ``Tree``/``Token`` (the attributes ``checker.parse.structure`` reads). The memo's key is
the grammar's text and its file name carries the digest of this module and of lark's
``__init__`` (which holds lark's version): a changed grammar, this code changed or another
lark never meets an old table; a missing or damaged file is rebuilt by lark, never reported.

The tree has lark's shape for this grammar (``ParseTreeBuilder``): one ``Tree(rule, children)``
per reduction, where the children a rule whose name starts with ``_`` (``_block``,
``_content`` and lark's helper rules for ``x*``/``x+``, ``__content_star_0``...) would have
are spliced into its parent's, and every terminal is kept (the grammar declares named
terminals only). A grammar using anything else (``?rule``, aliases, ``[x]``, anonymous or
``_`` terminals) is not exported: lark then parses every document. Whatever the table has
no action for makes ``parse`` return None: the caller hands the tokens to lark, whose error
is the one reported. tests/test_lalr_tables.py compares the trees with lark's.

Tables: ``states[n]`` maps a symbol to a shift (or goto) target ``>= 0`` or a reduction by
rule ``~action``; ``rules[r] = (name, length, positions spliced)``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

from checker.cache import lark_init_file
from checker.disk_memo import MISSING, DiskMemo, code_digest

Tables = tuple[list[dict[str, int]], list[tuple[str, int, tuple[int, ...]]], int, int]


class Token:
    """A tree leaf: one line token, or a run of them (``checker.parse.parser.RUN_TYPES``)."""

    __slots__ = ("end_line", "end_pos", "line", "start_pos", "type")

    def __init__(self, type: str, start_pos: int, line: int, end_line: int,
                 end_pos: int) -> None:
        self.type = type
        self.start_pos = start_pos
        self.line = line
        self.end_line = end_line
        self.end_pos = end_pos

    def __repr__(self) -> str:
        return (f"Token({self.type!r}, {self.start_pos}, {self.line}, {self.end_line}, "
                f"{self.end_pos})")


class Tree:
    """A rule's node: ``data`` the rule's name, ``children`` trees and tokens."""

    __slots__ = ("children", "data")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data
        self.children = children

    def scan_values(self, pred: Callable[[Any], bool]) -> Iterator[Any]:
        """The leaves for which ``pred`` holds, left to right (as lark's ``Tree``)."""
        for child in self.children:
            if isinstance(child, Tree):
                yield from child.scan_values(pred)
            elif pred(child):
                yield child

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"


def tables_memo() -> DiskMemo:
    """The memo the tables are kept in (its name changes with this code and lark's)."""
    origin = lark_init_file()
    return DiskMemo("disclosure-lalr", code_digest([__file__, origin]) if origin else "")


_MEMO: DiskMemo | None = None


def load_tables(grammar: str, build: Callable[[], Any],
                memo: DiskMemo | None = None) -> Tables | None:
    """The tables of ``grammar``: from the memo, else exported from ``build()`` (the
    ``lark.Lark`` parser of that grammar) and kept. None when the grammar is not one this
    module can run (lark then parses)."""
    global _MEMO
    if memo is None:
        memo = _MEMO = _MEMO or tables_memo()
    key: Hashable = grammar
    stored = memo.get(key)
    if stored is None or (stored is not MISSING and valid(stored)):
        return stored  # type: ignore[no-any-return]
    exported = export(build())
    memo.put(key, exported)
    return exported


def valid(tables: Any) -> bool:
    """Whether a stored value has the tables' shape (a foreign or damaged value does not)."""
    if not (isinstance(tables, tuple) and len(tables) == 4):
        return False
    states, rules, start, end = tables
    if not (isinstance(states, list) and isinstance(rules, list)
            and type(start) is int and type(end) is int
            and 0 <= start < len(states) and 0 <= end < len(states)):
        return False
    for rule in rules:
        if not (isinstance(rule, tuple) and len(rule) == 3 and isinstance(rule[0], str)
                and rule[0] and type(rule[1]) is int and rule[1] >= 0
                and isinstance(rule[2], tuple)
                and all(type(at) is int and 0 <= at < rule[1] for at in rule[2])):
            return False
    count, reductions = len(states), len(rules)
    return all(isinstance(actions, dict) and all(
        isinstance(symbol, str) and type(action) is int
        and (action < count if action >= 0 else ~action < reductions)
        for symbol, action in actions.items()) for actions in states)


def export(lark: Any) -> Tables | None:
    """Lark's LALR tables for its ``start`` rule as plain data, or None when the grammar
    builds its tree in a way ``parse`` does not (see the module's docstring)."""
    try:
        inner = lark.parser.parser.parser  # ParsingFrontend → LALR_Parser → _Parser
        table, callbacks = inner.parse_table, inner.callbacks
        start, end = table.start_states["start"], table.end_states["start"]
    except (AttributeError, KeyError):
        return None
    if any(isinstance(key, str) for key in callbacks):  # a terminal's own callback
        return None
    from lark.parsers.lalr_analysis import Shift

    numbers = {state: index for index, state in enumerate(table.states)}
    rules: list[tuple[str, int, tuple[int, ...]]] = []
    rule_numbers: dict[Any, int] = {}
    states: list[dict[str, int]] = []
    for actions in table.states.values():
        row: dict[str, int] = {}
        for symbol, (action, arg) in actions.items():
            if action is Shift:
                row[str(symbol)] = numbers[arg]
                continue
            if arg not in rule_numbers:
                shape = _rule_shape(arg)
                if shape is None:
                    return None
                rule_numbers[arg] = len(rules)
                rules.append(shape)
            row[str(symbol)] = ~rule_numbers[arg]
        states.append(row)
    return states, rules, numbers[start], numbers[end]


def _rule_shape(rule: Any) -> tuple[str, int, tuple[int, ...]] | None:
    options = rule.options
    if (rule.alias is not None or options.expand1 or options.keep_all_tokens
            or options.empty_indices or any(sym.is_term and sym.filter_out
                                            for sym in rule.expansion)):
        return None
    name = str(rule.origin.name)
    spliced = tuple(at for at, sym in enumerate(rule.expansion)
                    if not sym.is_term and sym.name.startswith("_"))
    return name, len(rule.expansion), spliced


def parse(tables: Tables, tokens: list[Token]) -> Tree | None:
    """The tree of ``tokens``, or None where lark would raise (no action for a token)."""
    states, rules, state, end = tables
    state_stack = [state]
    value_stack: list[Any] = []
    for token in tokens:
        kind = token.type
        while True:
            action = states[state_stack[-1]].get(kind)
            if action is None:
                return None
            if action >= 0:
                state_stack.append(action)
                value_stack.append(token)
                break
            _reduce(states, rules[~action], state_stack, value_stack)
    while True:  # the end of the input (lark's ``$END``): reduce until accepted
        action = states[state_stack[-1]].get("$END")
        if action is None or action >= 0:
            return None
        _reduce(states, rules[~action], state_stack, value_stack)
        if state_stack[-1] == end:
            value = value_stack[-1]
            return value if isinstance(value, Tree) else None


def _reduce(states: list[dict[str, int]], rule: tuple[str, int, tuple[int, ...]],
            state_stack: list[int], value_stack: list[Any]) -> None:
    name, size, spliced = rule
    if size:
        values = value_stack[-size:]
        del state_stack[-size:]
        del value_stack[-size:]
    else:
        values = []
    if spliced:
        # An inlined rule's value is its children list (it never becomes a tree); the first
        # one is extended in place, as lark does, so a long ``x*`` loop is not quadratic.
        children: list[Any] | None = None
        for at, value in enumerate(values):
            if at in spliced:
                if children is None:
                    children = value
                else:
                    children += value
            elif children is None:
                children = [value]
            else:
                children.append(value)
        values = children if children is not None else []
    state_stack.append(states[state_stack[-1]][name])
    value_stack.append(values if name[0] == "_" else Tree(name, values))
