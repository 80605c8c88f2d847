"""Bytes to text: find the encoding of a disclosure and refuse what is not text.

Published disclosures arrive as PDF (recognised by its ``%PDF-`` header, whatever the file is
called; its text layer is extracted by ``pdf_text``), as HTML pages (named .html/.htm or
starting with ``<!DOCTYPE html``/``<html``; converted to lines by ``html_text``), as UTF-8
(with or without BOM) or as GB18030/GBK from older Windows tools. Anything else (binary,
empty, undecodable, a PDF without text, a page without text) is the user's to fix, so it is
reported as an ``InputError`` with one clear problem string, never as a traceback.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.limits import ENV_DOCUMENT_MB, ENV_LINE_CHARS, document_limits
from checker.read.pdf import extract_pdf_text, is_pdf
from checker.read.sniff import declared_charset, is_html

# Share of control characters (other than tab, newline, carriage return, form feed) above
# which a decoded text is taken for binary data that happened to decode.
_CONTROL_SHARE_LIMIT = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Declared page charsets that are believed (declared_charset maps gb2312/gbk to gb18030).
_HTML_CHARSETS = frozenset({"utf-8", "gb18030"})


@dataclass(frozen=True)
class SourceText:
    """A document's text; for a PDF also the first text line of each page (else empty).
    For PDF and HTML input ``text`` is the converted text, and line numbers count its lines."""

    text: str
    page_starts: tuple[int, ...] = ()
    # PDF only: where each line stands (``pdf.PdfText.geometry``) and image-only pages.
    geometry: tuple[Any, ...] = ()
    image_pages: tuple[int, ...] = ()


def read_text(path: str | Path) -> str:
    """Read ``path`` and return its text (BOM removed, every line ending as LF)."""
    return read_source(path).text


def read_source(path: str | Path) -> SourceText:
    """Read ``path``: a PDF's extracted text layer with its page starts, an HTML page's
    converted text (``html_text``), or a decoded text."""
    name = str(path)
    file = Path(path)
    limits = document_limits()
    try:
        data = _read_bounded(file, limits.max_bytes)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as error:
        raise InputError(name, f"cannot read file ({error.strerror or error})") from None
    if data is None:
        raise InputError(name, f"文件超过 {limits.max_bytes // (1024 * 1024)} MB 的上限"
                               f"（可用配置 max-document-mb 或环境变量 {ENV_DOCUMENT_MB} 调高）")
    source = _read_data(data, file, name)
    text = unify_line_endings(source.text)
    if len(text) > limits.max_text_chars:
        raise InputError(name, f"文本有 {len(text)} 个字符，超过 {limits.max_text_chars} 的上限"
                               f"（可用配置 max-document-mb 或环境变量 {ENV_DOCUMENT_MB} 调高）")
    _check_lines(text, name, limits.max_line_chars)
    return SourceText(text, source.page_starts, source.geometry, source.image_pages)


def _read_bounded(file: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it has more than ``limit`` (never read past it, so
    ``/dev/zero`` or a FIFO cannot exhaust memory)."""
    with file.open("rb") as stream:
        # A read of ``limit + 1`` bytes allocates that much (64 MB) before the file is
        # read: the size the file says it has, plus one byte to see its end, comes first.
        # A file that says less than it holds (a FIFO, /proc, a file growing) is read on
        # up to ``limit + 1`` bytes, as one read would.
        want = limit + 1
        first = min(want, max(os.fstat(stream.fileno()).st_size, 0) + 1)
        data = stream.read(first)
        if len(data) == first < want:
            data += stream.read(want - first)
    return None if len(data) > limit else data


def unify_line_endings(text: str) -> str:
    """CRLF (Windows) and a lone CR (classic Mac OS) end a line like LF does."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_lines(text: str, name: str, max_chars: int) -> None:
    """Refuse a line longer than ``max_chars``: no disclosure has one, and every later
    step is cheaper with a bound on the line."""
    if len(text) <= max_chars:
        return
    start = 0
    number = 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > max_chars:
            raise InputError(name, f"第 {number} 行有 {stop - start} 个字符，超过 {max_chars} "
                                   f"的上限（可用配置 max-line-chars 或环境变量 "
                                   f"{ENV_LINE_CHARS} 调高）")
        if end < 0:
            return
        start = end + 1
        number += 1


def _read_data(data: bytes, file: Path, name: str) -> SourceText:
    named_pdf = file.suffix.lower() == ".pdf"
    if data.strip() and is_pdf(data, named_pdf):
        extracted = extract_pdf_text(data, name)
        return SourceText(extracted.text, extracted.page_starts, extracted.geometry,
                          extracted.image_pages)
    if named_pdf and data.strip():
        # A failed download saved as .pdf is often an HTML error page: checking it as a
        # disclosure would report nonsense, so say what it is not.
        raise InputError(name, "not a PDF (no %PDF- header)")
    if data.strip() and is_html(data, file.suffix.lower() in (".html", ".htm")):
        from checker.read.html import html_to_text  # the HTML parser only for a page

        text = html_to_text(_decode_html(data, name))
        if not text.strip():
            raise InputError(name, "HTML page has no text")
        return SourceText(text)
    return SourceText(decode_bytes(data, name))


def _decode_html(data: bytes, source: str) -> str:
    """The page's declared charset first (a BOM overrides it, as in browsers); if there is
    none, or it does not fit (sites moved to UTF-8 often keep their gb2312 meta), the usual
    UTF-8/GB18030 detection, which also rejects binary data. Only UTF-8 and the GB family are
    believed: a CMS default such as iso-8859-1 on a Chinese page decodes without error into
    nonsense, so it could not be caught later."""
    charset = declared_charset(data)
    if charset in _HTML_CHARSETS and not data.startswith(codecs.BOM_UTF8) \
            and b"\x00" not in data:
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text):
                return text
    return decode_bytes(data, source)


def decode_bytes(data: bytes, source: str = "<input>") -> str:
    """Decode ``data`` as UTF-8 (BOM optional) or GB18030; reject empty and binary input."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode" is UTF-16 with a BOM; the BOM says which byte order.
        data = _utf16_to_utf8(data, source)
    if b"\x00" in data:
        # UTF-16/32 without BOM and every binary format we have seen carry NUL bytes;
        # plain text never does.
        raise InputError(source, "binary file (not text)")
    text = _decode(data)
    if text is None:
        raise InputError(source, "cannot decode as UTF-8 or GB18030")
    # The decoded text holds a control character only where ``data`` holds its byte (see
    # ``_CONTROL_BYTES``): data without one cannot look binary, and the count is skipped.
    if _CONTROL_BYTE in data.translate(_CONTROL_BYTES) and _looks_binary(text):
        raise InputError(source, "binary file (not text)")
    if not text or text.isspace():  # ``not text.strip()`` without copying the text
        raise InputError(source, "file is empty")
    return text


def _utf16_to_utf8(data: bytes, source: str) -> bytes:
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise InputError(source, "以 UTF-16 BOM 开头，但不是有效的 UTF-16 文本") from None


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    # One C-level count per control character, not a Python step per character.
    controls = sum(map(sample.count, _DISALLOWED_CONTROLS))
    return controls > _CONTROL_SHARE_LIMIT * len(sample)


_DISALLOWED_CONTROLS = tuple(chr(code) for code in range(32)
                             if chr(code) not in _ALLOWED_CONTROLS)


# ``bytes.translate`` with this table marks each byte of a disallowed control character
# (``_DISALLOWED_CONTROLS``) as NUL and every other byte as 1: one C-level pass, then a
# C-level search for NUL. Text decoded by ``_decode`` (UTF-8 or GB18030) holds such a
# character exactly where its data holds its byte: both encodings write code points below
# 0x20 as that one byte and use only bytes from 0x30 up inside multi-byte sequences
# (tests/test_parse_fast_paths.py decodes every GB18030 sequence to check).
_CONTROL_BYTE = b"\x00"
_CONTROL_BYTES = bytes(0 if chr(code) in _DISALLOWED_CONTROLS else 1 for code in range(256))
