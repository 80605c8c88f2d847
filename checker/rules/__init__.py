"""Rule packs: the model, the loader (schema + semantic validation) and the example runner."""

from checker.rules.loader import PackError, list_rules, load_pack, validate_pack_files
from checker.rules.model import Example, Pack, Rule

__all__ = ["Example", "Pack", "PackError", "Rule", "list_rules", "load_pack",
           "validate_pack_files"]
