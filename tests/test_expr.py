from decimal import Decimal

import pytest

from checker.engine.expr import Env, ExprError, Unavailable, compile_expr, evaluate, function_names


def ev(source: str, **variables):
    functions = {"row": lambda key, col=None: {"301": Decimal("3000.30"),
                                                "303": Decimal("76.01")}[key]}
    return evaluate(source, Env({k: Decimal(str(v)) for k, v in variables.items()}, functions))


def test_arithmetic_and_precedence():
    assert ev("1 + 2 * 3") == Decimal(7)
    assert ev("(1 + 2) * 3") == Decimal(9)
    assert ev("-a / 4", a=2) == Decimal("-0.5")


def test_functions_and_rows():
    assert ev('row("301") + row("303")') == Decimal("3076.31")
    assert ev("abs(a - b)", a=1, b=3) == Decimal(2)
    assert ev("sum(1, 2, 3)") == Decimal(6)
    assert ev('num("1,226.43")') == Decimal("1226.43")


def test_equality_uses_tolerance():
    assert ev("a == b", a="129025.32", b="129025.31") is True
    assert ev("a == b", a="129025.33", b="129025.31") is False
    assert ev("abs(a - b) <= tol", a="368.20", b="368.19") is True


def test_boolean_logic():
    assert ev("1 < 2 and not 2 < 1") is True
    assert ev("1 > 2 or 3 >= 3") is True


def test_coalesce_skips_unavailable():
    assert ev("coalesce(missing, 5)") == Decimal(5)
    with pytest.raises(Unavailable):
        ev("coalesce(missing, other)")


def test_missing_data_is_unavailable_not_an_error():
    with pytest.raises(Unavailable):
        ev("x + 1")
    with pytest.raises(Unavailable):
        ev("1 / 0")


@pytest.mark.parametrize("source", ["row(", "1 +", "a ==", "a; b", "lambda: 1", "a.b"])
def test_invalid_expressions_are_rejected(source):
    with pytest.raises(ExprError):
        compile_expr(source)


def test_unknown_functions_never_reach_python():
    node = compile_expr("__import__('os')")
    assert function_names(node) == {"__import__"}  # the loader rejects this name
    with pytest.raises(Unavailable):
        evaluate(node, Env())
