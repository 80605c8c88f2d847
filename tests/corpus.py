"""The five real corpus documents the tests use, by their three-digit key."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
DOCS = {
    "000": "000_0455909f24bddecc.txt",
    "001": "001_42ec3e2d2e6a0311.txt",
    "002": "002_24fbb779d4aea8e6.txt",
    "003": "003_837d346b324402fd.txt",
    "004": "004_01543403f5824e7e.txt",
}
