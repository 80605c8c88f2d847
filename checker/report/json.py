"""The JSON contract of ``budgetlint check --format json``: ``BatchReport.to_dict()``."""

from __future__ import annotations

import json

from checker.model.results import BatchReport


def render(batch: BatchReport) -> str:
    # ensure_ascii=False: auditors read the unit names and messages in the file itself.
    return json.dumps(batch.to_dict(), ensure_ascii=False, indent=2) + "\n"
