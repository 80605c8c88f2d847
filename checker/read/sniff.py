"""What kind of file a disclosure is, from its first bytes: an HTML page, and the charset it
declares. Kept apart from ``checker.read.html`` so reading a text file does not load the
HTML parser."""

from __future__ import annotations

import re

from checker.regex_cache import compile_re

_HEAD_WINDOW = 1024
_CHARSET = compile_re(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# gb2312 and gbk pages routinely hold characters outside their label: GB18030 is a superset.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
                    "gb_2312-80": "gb18030", "utf8": "utf-8"}


def is_html(data: bytes, named_html: bool = False) -> bool:
    """Named .html/.htm, or starting (after BOM, whitespace) with ``<!DOCTYPE html``/``<html``."""
    if named_html:
        return True
    head = data[:_HEAD_WINDOW].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def declared_charset(data: bytes) -> str | None:
    """The Python codec named by ``<meta charset>`` or ``http-equiv`` in the first KiBs."""
    found = _CHARSET.search(data[:8192])
    if not found:
        return None
    label = found.group(1).decode("ascii", "replace").lower()
    return _CHARSET_ALIASES.get(label, label)
