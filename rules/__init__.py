"""The shipped rule packs and their schema, shipped inside the package as ``checker.packs``."""
