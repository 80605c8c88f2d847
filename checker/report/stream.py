"""Batch reports written unit by unit, so a batch of any size runs in flat memory.

Each format's writer takes the units one at a time (``unit``) and the input failures at the
end (``finish``); what depends on the whole batch (totals, SARIF's rule list, JUnit's
counts) is counted as the units come, never kept as reports. What lists every unit at the
end (text's and Markdown's summary table, the HTML index) is one small record per unit
spooled to a temporary file, and a part that must come before the units but depends on all
of them (Markdown's details after the summary table, SARIF's results after the rule list,
JUnit's suites inside the counted root) is spooled and copied in at the end. Memory does
not grow with the batch in any format.

The bytes are those of the format's ``render`` on the whole batch: each unit's part is
that format's own rendering of a one-unit batch, cut at known seams, so the content stays
defined in one place (tests compare both ways on the corpus).

The writers live by job: ``stream_base`` (the protocol, the spools), ``stream_direct``
(text, JSON, JSON Lines, CSV; ``text_table`` prints text's summary table a slice at a
time), ``stream_spooled`` (Markdown, JUnit, SARIF), ``stream_html`` (a folder of pages) and
``stream_files`` (where the bytes go).

``jsonl`` exists only here: one JSON object per line, a unit report (``UnitReport.to_dict``)
or an input failure (``{"source": ..., "input_error": ...}``); shards of a batch run on
several machines are merged by concatenating their files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from checker.report.stream_base import Writer
from checker.report.stream_direct import CsvWriter, JsonLinesWriter, JsonWriter, TextWriter
from checker.report.stream_files import AtomicTextFile, stdout_text
from checker.report.stream_html import HtmlWriter
from checker.report.stream_spooled import JunitWriter, MarkdownWriter, SarifWriter

__all__ = ["FORMATS_STREAMED", "AtomicTextFile", "CsvWriter", "HtmlWriter", "JsonLinesWriter",
           "JsonWriter", "JunitWriter", "MarkdownWriter", "SarifWriter", "TextWriter",
           "Writer", "open_writer", "stdout_text"]

FORMATS_STREAMED = ("text", "json", "jsonl", "markdown", "junit", "sarif", "csv")


def open_writer(fmt: str, out: IO[str] | None = None, *, out_dir: Path | None = None,
                colour: bool | None = None, show_errors: bool = True) -> Writer:
    """The writer of ``fmt`` onto ``out`` (``html``: into ``out_dir``)."""
    if fmt == "html":
        assert out_dir is not None
        return HtmlWriter(out_dir)
    if fmt == "pdf":
        from checker.report.pdf import PdfWriter

        assert out_dir is not None
        return PdfWriter(out_dir)
    assert out is not None
    factories: dict[str, Callable[[], Writer]] = {
        "text": lambda: TextWriter(out, colour, show_errors),
        "json": lambda: JsonWriter(out),
        "jsonl": lambda: JsonLinesWriter(out),
        "markdown": lambda: MarkdownWriter(out),
        "junit": lambda: JunitWriter(out),
        "sarif": lambda: SarifWriter(out),
        "csv": lambda: CsvWriter(out),
    }
    return factories[fmt]()
