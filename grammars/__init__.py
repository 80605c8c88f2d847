"""The lark grammars, shipped inside the package as ``checker.grammars``."""
