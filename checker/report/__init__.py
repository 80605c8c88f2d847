"""Report formats: one module per format, all rendering the same ``BatchReport``."""

from __future__ import annotations

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif", "csv", "jsonl", "pdf")
