"""A small, safe expression language for rule formulas (grammar: ``grammars/expr.lark``).

Expressions are parsed by lark (``checker.engine.expr_parse``) into a tiny tree, kept in the
cache folder from one run to the next, and evaluated by walking it; nothing reaches Python
``eval``. Values are ``Decimal`` amounts, strings and booleans. A function that cannot
find its data (a table whose cells were lost, a missing row) raises ``Unavailable`` so the rule
reports ``not_verifiable`` instead of guessing.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.cache import lark_init_file
from checker.disk_memo import MISSING, DiskMemo, code_digest
from checker.engine.expr_node import ExprError, Node
from checker.limits import MAX_EXPR_CHARS, MAX_EXPR_DEPTH
from checker.resources import GRAMMARS_DIR

Value = Decimal | str | bool | None


class Unavailable(Exception):
    """The data an expression needs is not in the document: the check is not verifiable."""


# Parsed expressions kept across runs as plain tuples (``_encoded``): a one-file check
# compiles its packs' formulas (a pack loaded from the pack cache still compiles them when
# its kinds run) and parsing them needs lark, ~15-20 ms of start-up to import. The file's
# name carries the digest of the code and grammar a tree comes from (and of lark's
# ``__init__``, which holds its version); an invalid expression is never kept.
_NODES = DiskMemo("expr-nodes", code_digest([
    __file__, Path(__file__).with_name("expr_node.py"), Path(__file__).with_name("expr_parse.py"),
    GRAMMARS_DIR / "expr.lark",
    *filter(None, [lark_init_file()])]))


@lru_cache(maxsize=1024)
def compile_expr(source: str) -> Node:
    """Parse ``source``; raise ``ExprError`` with lark's explanation when it is not valid."""
    if len(source) > MAX_EXPR_CHARS:
        raise ExprError(f"表达式超过 {MAX_EXPR_CHARS} 个字符的上限")
    _check_brackets(source)
    stored = _NODES.get(source)
    if stored is not MISSING:
        try:
            node = _decoded(stored)
        except (TypeError, ValueError, IndexError, ArithmeticError, RecursionError):
            pass  # a damaged entry: parsed again below
        else:
            if isinstance(node, Node):
                return node
    from checker.engine.expr_parse import parse_expr  # lark: only for a new expression

    node = parse_expr(source)
    try:
        encoded = _encoded(node)
        marshal.dumps(encoded)  # what the memo could not write is not kept
    except (TypeError, ValueError, RecursionError):
        return node
    _NODES.put(source, encoded)
    return node


def _encoded(value: Any) -> Any:
    """A node as ``marshal``-able tuples: ``("n", op, args)``, ``("d", decimal text)``,
    ``("t", items)``; a text stays itself."""
    if isinstance(value, str):
        return value
    if isinstance(value, Node):
        return ("n", value.op, tuple(_encoded(arg) for arg in value.args))
    if type(value) is Decimal:
        return ("d", str(value))  # exact: Decimal(str(d)) keeps the digits and the exponent
    if type(value) is tuple:
        return ("t", tuple(_encoded(item) for item in value))
    raise TypeError(f"cannot keep {type(value).__name__}")


def _decoded(value: Any) -> Any:
    if isinstance(value, str):
        return value
    tag, *rest = value
    if tag == "n":
        op, args = rest
        if not isinstance(op, str):
            raise TypeError("not an operator")
        return Node(op, tuple(_decoded(arg) for arg in args))
    if tag == "d":
        (text,) = rest
        if not isinstance(text, str):
            raise TypeError("not a number's text")
        return Decimal(text)
    if tag == "t":
        (items,) = rest
        return tuple(_decoded(item) for item in items)
    raise ValueError(f"unknown tag {tag!r}")


def _check_brackets(source: str) -> None:
    depth = deepest = 0
    for char in source:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    if deepest > MAX_EXPR_DEPTH:
        raise ExprError(f"表达式的括号嵌套 {deepest} 层，超过 {MAX_EXPR_DEPTH} 层的上限")


def function_names(node: Node) -> set[str]:
    """Every function called in an expression (the loader checks they exist)."""
    found: set[str] = set()
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            if item.op == "call":
                found.add(item.args[0])
                stack.extend(item.args[1])
            else:
                stack.extend(item.args)
    return found


@dataclass
class Env:
    """What an expression can see: variables, functions and the comparison tolerance."""

    variables: dict[str, Value] = field(default_factory=dict)
    functions: dict[str, Callable[..., Value]] = field(default_factory=dict)
    tolerance: Decimal = Decimal("0.01")


def to_decimal(value: Value) -> Decimal:
    if type(value) is Decimal:  # the common case first (a bool is never a Decimal)
        return value
    if isinstance(value, bool):
        raise Unavailable("a yes/no value where an amount was expected")
    if isinstance(value, Decimal):
        return value
    if value is None:
        raise Unavailable("an amount is missing")
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as error:
        raise Unavailable(f"{value!r} is not an amount") from error


def evaluate(node: Node | str, env: Env) -> Value:
    if isinstance(node, str):
        node = compile_expr(node)
    return _closure(node)(env)


Closure = Callable[[Env], Value]

# Each node's closure, built once: rules are loaded once and evaluated on every document
# (and table row), and walking the tree again each time dispatched on ``op`` per node.
# Keyed by id with the node kept alive beside it, so an id is never reused meanwhile.
_CLOSURES: dict[int, tuple[Node, Closure]] = {}


def _closure(node: Node) -> Closure:
    entry = _CLOSURES.get(id(node))
    if entry is not None and entry[0] is node:
        return entry[1]
    built = _build(node)
    if len(_CLOSURES) >= 4096:  # bounded: expressions met once do not pile up
        _CLOSURES.clear()
    _CLOSURES[id(node)] = (node, built)
    return built


def _build(node: Node) -> Closure:
    """The node as a function of the environment, with the semantics of a tree walk:
    same order of evaluation, same errors."""
    op, args = node.op, node.args
    if op == "num" or op == "str":
        constant = args[0]
        return lambda env: constant
    if op == "var":
        return _variable(args[0])
    if op == "neg":
        inner = _closure(args[0])
        return lambda env: -to_decimal(inner(env))
    if op == "not":
        inner = _closure(args[0])
        return lambda env: not _truth(inner(env))
    if op == "and":
        parts = [_closure(a) for a in args]
        return lambda env: all(_truth(part(env)) for part in parts)
    if op == "or":
        parts = [_closure(a) for a in args]
        return lambda env: any(_truth(part(env)) for part in parts)
    if op == "bin":
        return _binary(args[0], _closure(args[1]), _closure(args[2]))
    if op == "cmp":
        symbol, left, right = args[0], _closure(args[1]), _closure(args[2])
        return lambda env: _compare(symbol, left(env), right(env), env.tolerance)
    if op == "call":
        name, call_args = args
        parts = [_closure(a) for a in call_args]
        return _coalesce(parts) if name == "coalesce" else _call(name, parts)

    def unknown(env: Env) -> Value:
        raise ExprError(f"unknown node {op}")
    return unknown


def _variable(name: str) -> Closure:
    if name == "tol":
        return lambda env: env.tolerance
    if name in ("true", "false"):
        constant = name == "true"
        return lambda env: constant

    def lookup(env: Env) -> Value:
        if name not in env.variables:
            raise Unavailable(f"no value for {name!r}")
        return env.variables[name]
    return lookup


def _binary(symbol: str, left: Closure, right: Closure) -> Closure:
    # One closure per operator, chosen once: both sides evaluated left to right as before.
    if symbol == "+":
        return lambda env: to_decimal(left(env)) + to_decimal(right(env))
    if symbol == "-":
        return lambda env: to_decimal(left(env)) - to_decimal(right(env))
    if symbol == "*":
        return lambda env: to_decimal(left(env)) * to_decimal(right(env))

    def divide(env: Env) -> Value:
        a, b = to_decimal(left(env)), to_decimal(right(env))
        if b == 0:
            raise Unavailable("division by zero")
        return a / b
    return divide


def _coalesce(parts: list[Closure]) -> Closure:
    def run(env: Env) -> Value:  # lazily: the first argument that is available
        reasons = []
        for part in parts:
            try:
                value = part(env)
            except Unavailable as error:
                reasons.append(str(error))
                continue
            if value is not None:
                return value
        raise Unavailable("; ".join(dict.fromkeys(reasons)) or "no value available")
    return run


def _call(name: str, parts: list[Closure]) -> Closure:
    # The function is looked up before its arguments run (an unknown one fails first).
    if len(parts) == 1:  # row("合计"), col("合计"): no argument list built per call
        only = parts[0]

        def run_one(env: Env) -> Value:
            function = env.functions.get(name) or BUILTINS.get(name)
            if function is None:
                raise Unavailable(f"unknown function {name!r}")
            return function(only(env))
        return run_one

    def run(env: Env) -> Value:
        function = env.functions.get(name) or BUILTINS.get(name)
        if function is None:
            raise Unavailable(f"unknown function {name!r}")
        return function(*[part(env) for part in parts])
    return run


def _truth(value: Value) -> bool:
    if isinstance(value, Decimal):
        return value != 0
    return bool(value)


def _compare(symbol: str, left: Value, right: Value, tol: Decimal) -> bool:
    if isinstance(left, str) or isinstance(right, str):
        if symbol == "==":
            return left == right
        if symbol == "!=":
            return left != right
        raise Unavailable("text can only be compared with == and !=")
    a, b = to_decimal(left), to_decimal(right)
    # Amounts are rounded to 0.01 万元 when published, so equality means "within tolerance".
    if symbol == "==":
        return abs(a - b) <= tol
    if symbol == "!=":
        return abs(a - b) > tol
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[symbol]


def _abs(value: Value) -> Decimal:
    return abs(to_decimal(value))


def _sum(*values: Value) -> Decimal:
    return sum((to_decimal(v) for v in values), Decimal(0))


def _round(value: Value, places: Value = Decimal(2)) -> Decimal:
    return to_decimal(value).quantize(Decimal(1).scaleb(-int(to_decimal(places))))


def _num(value: Value) -> Decimal:
    """An amount from text (``"1,226.43"``); empty text counts as zero."""
    if value is None or value == "":
        return Decimal(0)
    return to_decimal(value)


BUILTINS: dict[str, Callable[..., Value]] = {
    "abs": _abs,
    "sum": _sum,
    "min": lambda *v: min(to_decimal(x) for x in v),
    "max": lambda *v: max(to_decimal(x) for x in v),
    "round": _round,
    "num": _num,
}

# Functions the engine provides in table/document context (``Context.functions`` in
# checker/kinds/_context.py).
CONTEXT_FUNCTIONS = frozenset({"row", "col", "cell", "count_performance", "coalesce"})
KNOWN_FUNCTIONS = frozenset(BUILTINS) | CONTEXT_FUNCTIONS
