"""Parsing a rule formula with lark (grammar: ``grammars/expr.lark``) into ``expr.Node``s.

Apart from ``checker.engine.expr`` so that lark is imported only when an expression is not in
the cache folder yet (``expr.compile_expr`` keeps parsed trees from one run to the next).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import LarkError

from checker.cache import cached_lark
from checker.engine.expr_node import ExprError, Node
from checker.limits import MAX_EXPR_DEPTH
from checker.resources import GRAMMARS_DIR


class _Build(Transformer[Token, Node]):
    def number(self, items: list[Token]) -> Node:
        return Node("num", (Decimal(str(items[0])),))

    def string(self, items: list[Token]) -> Node:
        return Node("str", (str(items[0])[1:-1],))

    def var(self, items: list[Token]) -> Node:
        return Node("var", (str(items[0]),))

    def call(self, items: list[Any]) -> Node:
        args = items[1].children if len(items) > 1 and items[1] is not None else []
        return Node("call", (str(items[0]), tuple(args)))

    def neg(self, items: list[Node]) -> Node:
        return Node("neg", (items[0],))

    def not_(self, items: list[Node]) -> Node:
        return Node("not", (items[0],))

    # The grammar's aliases keep single-child nodes; unwrap them so "a - b" stays arithmetic.
    def or_(self, items: list[Node]) -> Node:
        return items[0] if len(items) == 1 else Node("or", tuple(items))

    def and_(self, items: list[Node]) -> Node:
        return items[0] if len(items) == 1 else Node("and", tuple(items))

    def comparison(self, items: list[Any]) -> Node:
        return Node("cmp", (str(items[1]), items[0], items[2]))

    def sum(self, items: list[Any]) -> Node:
        return _chain(items)

    def product(self, items: list[Any]) -> Node:
        return _chain(items)


def _chain(items: list[Any]) -> Node:
    node = items[0]
    for index in range(1, len(items), 2):
        node = Node("bin", (str(items[index]), node, items[index + 1]))
    return node


@lru_cache(maxsize=1)
def _parser() -> Lark:
    # Compiling the grammar is most of a one-file check's expression cost: cached on disk.
    return cached_lark("expr-grammar", (GRAMMARS_DIR / "expr.lark").read_text(encoding="utf-8"),
                       parser="lalr", maybe_placeholders=True)  # type: ignore[no-any-return]


def parse_expr(source: str) -> Node:
    """Parse ``source`` (its length and brackets already checked by ``compile_expr``); raise
    ``ExprError`` with lark's explanation when it is not valid."""
    try:
        tree = _parser().parse(source)
    except LarkError as error:
        text = str(error).strip().splitlines()[0]
        raise ExprError(f"invalid expression {source!r}: {text}") from error
    except RecursionError:
        raise ExprError(f"表达式嵌套超过 {MAX_EXPR_DEPTH} 层的上限") from None
    if _depth(tree) > _MAX_TREE_DEPTH:
        # 10,000 unary minus or "not not ..." nest without brackets; evaluating the tree
        # recursively would overflow the stack.
        raise ExprError(f"表达式嵌套超过 {MAX_EXPR_DEPTH} 层的上限")
    try:
        node = _Build().transform(tree)
    except RecursionError:
        raise ExprError(f"表达式嵌套超过 {MAX_EXPR_DEPTH} 层的上限") from None
    return node if isinstance(node, Node) else Node("num", (Decimal(0),))


# Each bracket or prefix operator adds up to ~8 grammar levels (or, and, comparison, sum,
# product, unary, atom, ...) to lark's tree.
_MAX_TREE_DEPTH = 8 * MAX_EXPR_DEPTH


def _depth(tree: Tree[Token]) -> int:
    """The depth of a lark tree, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, Tree):
            stack.extend((child, depth + 1) for child in item.children)
    return deepest
