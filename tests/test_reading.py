"""Bytes → text: encodings detected, non-text refused with a clear problem."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read.source import decode_bytes, read_text

SAMPLE = "第一部分 单位概况\n一、收支预算总表\n合计\t103,349.96\n"


def test_utf8_without_bom() -> None:
    assert decode_bytes(SAMPLE.encode("utf-8")) == SAMPLE


def test_utf8_bom_is_removed() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8")) == SAMPLE


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_chinese_legacy_encodings(encoding: str) -> None:
    assert decode_bytes(SAMPLE.encode(encoding)) == SAMPLE


def test_read_text_from_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert read_text(path) == SAMPLE


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b"  \n\t\r\n  ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (not text)"),
        # Without a BOM the byte order is a guess: refused rather than guessed.
        (SAMPLE.encode("utf-16-le"), "binary file (not text)"),
        (bytes(range(1, 9)) * 50, "binary file (not text)"),
        (b"\x81\x30\x81", "cannot decode as UTF-8 or GB18030"),
    ],
)
def test_unreadable_input(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "x.txt")
    assert caught.value.problem == problem
    assert caught.value.one_line() == f"x.txt: {problem}"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_text(tmp_path / "nope.txt")
    assert caught.value.problem == "no such file"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_text(tmp_path)
    assert "directory" in caught.value.problem
