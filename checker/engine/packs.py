"""Rule packs: the model, the loader (schema + semantic validation) and the example runner.

A pack (``rules/*.yaml``, schema ``rules/schema.json``)::

    # yaml-language-server: $schema=./schema.json
    pack: {name, version, description, extends: [common], disable: [IDS], tolerance: 0.01}
    aliases:
      tables:   {收支总表: [收支预算总表, 收入支出决算总表, 公开01表], ...}
      sections: {三公说明: [一般公共预算“三公”经费支出情况, ...], ...}
    rules:
      - id, title, severity (error|warning|info), kind, applies_to {kind, level, years},
        reference, message ("{found} … {expected}"), category, <the kind's fields>,
        examples: [{name, status: pass|fail|not_verifiable, document: <snippet>}]

``extends`` names a pack (looked up next to the file, then in ``rules/``) or a path; the
extending pack inherits aliases (variants are added) and rules; a rule id may be defined once
in a chain — to change an inherited rule, ``disable`` it and add a new one. The kinds and
their fields are listed in ``checker.kinds``.
"""

from checker.engine.loader import PackError, list_rules, load_pack, validate_pack_files
from checker.engine.rule_model import Example, Pack, Rule

__all__ = ["Example", "Pack", "PackError", "Rule", "list_rules", "load_pack",
           "validate_pack_files"]
