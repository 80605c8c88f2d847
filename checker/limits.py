"""Resource limits on hostile or careless input: every one ends in one clear line, never in
a traceback, a hang or gigabytes of memory.

Real disclosures are small: the largest text layer in the corpus is under 1 MB and its
longest line under 10,000 characters; rule packs are tens of kilobytes. The defaults leave
a wide margin above that and stop what no disclosure or pack ever needs (a 5 MB line, a
10 MB pack). The two document limits can be raised per run (``max-document-mb`` and
``max-line-chars`` in the config, or the environment variables below, which worker processes
inherit); the pack limits protect the rule author's own machine and are fixed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from checker.errors import BudgetlintError

ENV_DOCUMENT_MB = "BUDGETLINT_MAX_DOCUMENT_MB"
ENV_LINE_CHARS = "BUDGETLINT_MAX_LINE_CHARS"
ENV_DOCUMENT_SECONDS = "BUDGETLINT_DOCUMENT_SECONDS"

DEFAULT_DOCUMENT_MB = 64
DEFAULT_LINE_CHARS = 1_000_000
# A runaway rule stops after this much time per document (SIGALRM; see engine/budget.py).
DEFAULT_DOCUMENT_SECONDS = 120.0
DEFAULT_RULE_SECONDS = 20.0

# Rule packs (and waiver files): a real pack is ~50 KB with ~100 rules.
MAX_PACK_BYTES = 2 * 1024 * 1024
MAX_YAML_DEPTH = 50
MAX_YAML_NODES = 200_000  # after alias expansion: a "billion laughs" bomb stops here
MAX_EXPR_CHARS = 2_000
MAX_EXPR_DEPTH = 50
MAX_REGEX_CHARS = 2_000
MAX_REGEX_REPEAT = 1_000  # the largest bound in {m,n}
MAX_REGEX_GROUP_DEPTH = 50
MAX_MESSAGE_WIDTH = 200  # "{found:>30}" is fine; "{found:>300000000}" is not


@dataclass(frozen=True)
class DocumentLimits:
    max_bytes: int
    max_line_chars: int
    seconds: float

    @property
    def max_text_chars(self) -> int:
        """Characters of text taken from a file (a PDF's text layer, a page's text): one per
        16 bytes of ``max_bytes``, 4 M at the default (a 2,000-page PDF has ~3 M). Checking
        costs ~130 bytes of memory per character (lines, cells, statements; measured in
        benchmarks/bench_robust.py), so this bounds memory where the file size cannot."""
        return self.max_bytes // 16


def document_limits() -> DocumentLimits:
    """The limits in force (the environment overrides the defaults)."""
    return DocumentLimits(
        max_bytes=int(_number(ENV_DOCUMENT_MB, DEFAULT_DOCUMENT_MB) * 1024 * 1024),
        max_line_chars=int(_number(ENV_LINE_CHARS, DEFAULT_LINE_CHARS)),
        seconds=_number(ENV_DOCUMENT_SECONDS, DEFAULT_DOCUMENT_SECONDS),
    )


def configure(max_document_mb: float | None = None, max_line_chars: int | None = None) -> None:
    """Set the document limits for this run and for the worker processes it starts."""
    if max_document_mb is not None:
        os.environ[ENV_DOCUMENT_MB] = str(max_document_mb)
    if max_line_chars is not None:
        os.environ[ENV_LINE_CHARS] = str(max_line_chars)


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BudgetlintError(None, f"环境变量 {name}={raw!r} 不是数字") from None
    if value <= 0:
        raise BudgetlintError(None, f"环境变量 {name}={raw!r} 必须大于 0")
    return value
