"""The text path's fast paths (reading, normalising, lexing, paragraphs) give exactly what
their plain definitions give.

Each reference is the straightforward version a fast path replaced (kept here, not in the
package); both run on every corpus text or line and on made-up inputs built to reach the
cases a pre-check skips."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read import source

FIXTURES = Path(__file__).parent / "fixtures"


def _corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("0*.txt"))]


# ---------------------------------------------------------------- reading
def _plain_read_bounded(file: Path, limit: int) -> bytes | None:
    with file.open("rb") as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 12, 50])
def test_bounded_read_as_one_read(tmp_path: Path, size: int) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(bytes(range(48, 48 + size)))
    for limit in (0, 1, 10, 11, 100):
        assert source._read_bounded(path, limit) == _plain_read_bounded(path, limit)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_bounded_read_of_a_fifo_reads_past_its_size(tmp_path: Path) -> None:
    """A FIFO says it holds 0 bytes: it is read on, and stopped at the limit."""
    import threading

    fifo = tmp_path / "pipe"
    for payload, limit, expected in ((b"abcdef", 10, b"abcdef"), (b"x" * 30, 10, None)):
        os.mkfifo(fifo)
        writer = threading.Thread(target=fifo.write_bytes, args=(payload,))
        writer.start()
        try:  # the payloads fit the pipe's buffer: the writer never waits for the reader
            assert source._read_bounded(fifo, limit) == expected
        finally:
            writer.join()
            fifo.unlink()


def _plain_decode_bytes(data: bytes, name: str = "<input>") -> str:
    if not data.strip():
        raise InputError(name, "file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = source._utf16_to_utf8(data, name)
    if b"\x00" in data:
        raise InputError(name, "binary file (not text)")
    text = source._decode(data)
    if text is None:
        raise InputError(name, "cannot decode as UTF-8 or GB18030")
    if source._looks_binary(text):
        raise InputError(name, "binary file (not text)")
    if not text.strip():
        raise InputError(name, "file is empty")
    return text


def _outcome(function: object, data: bytes) -> str:
    try:
        return "text:" + function(data)  # type: ignore[operator]
    except InputError as error:
        return "error:" + str(error)


CONTROLLED = ["正文\x01\n", "\x01\x02\x03" + "字" * 50, "\x01\x02" + "字" * 48, "\x1f" * 3,
              "a\x0bb\x0cc\td\re\n", "  \t\n", "\x0b", "\u3000", "\x85\u2028", "表\x1b[0m"]


def test_decode_bytes_as_defined() -> None:
    datas = [text.encode("utf-8") for text in _corpus_texts()]
    for text in CONTROLLED:
        for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
            datas.append(text.encode(encoding))
    datas += [b"", b" \n", b"\xff\xfe", b"\x81\x30", b"\xef\xbb\xbf", b"\x00abc"]
    outcomes = [_outcome(source.decode_bytes, data) for data in datas]
    assert outcomes == [_outcome(_plain_decode_bytes, data) for data in datas]
    assert sum(outcome.startswith("error:") for outcome in outcomes) >= 8


def test_control_characters_are_their_own_bytes() -> None:
    """``decode_bytes`` skips the control count when the data holds no control byte: true
    while UTF-8 and GB18030 write each code point below 0x80 as its own byte and nothing
    else decodes below 0x20. Every GB18030 two- and four-byte sequence is decoded here (and
    whatever resynchronising makes of invalid ones): none gives a control character."""
    assert all(chr(code).encode(encoding) == bytes([code]) for code in range(128)
               for encoding in ("utf-8", "gb18030"))
    trails = [*range(0x30, 0x3A), *range(0x40, 0x7F), *range(0x80, 0xFF)]
    pairs = bytes(byte for lead in range(0x81, 0xFF) for trail in trails
                  for byte in (lead, trail))
    digits = range(0x30, 0x3A)
    quads = bytes(byte for first in range(0x81, 0xFF) for second in digits
                  for third in range(0x81, 0xFF) for fourth in digits
                  for byte in (first, second, third, fourth))
    singles = bytes(range(0x20, 0x100))
    for data in (pairs, quads, singles):
        assert min(data.decode("gb18030", errors="replace")) >= " "
    assert min(bytes(range(0x20, 0x100)).decode("utf-8", errors="replace")) >= " "
