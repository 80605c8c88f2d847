"""`budgetlint serve`: the local web app (needs ``pip install 'budgetlint[web]'``).

Listens on 127.0.0.1 unless told otherwise: uploads are budget documents of a government
unit, and nothing about them should be reachable from other machines by accident.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checker.errors import ConfigError


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "serve", help="run the local web app: upload disclosures, read the findings",
        description="A web page to upload disclosures (PDF, HTML, text) and read each unit's "
                    "findings on its pages; reports download as HTML, JSON, CSV and an "
                    "annotated PDF. Files stay on this machine and are deleted after "
                    "--keep-minutes.")
    sub.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1: this machine only)")
    sub.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sub.add_argument("--max-upload-mb", type=float, default=50,
                     help="largest file accepted, in MB (default 50)")
    sub.add_argument("--max-files", type=int, default=20,
                     help="most files in one upload (default 20)")
    sub.add_argument("--keep-minutes", type=float, default=60,
                     help="delete uploads and reports this long after upload (default 60)")
    sub.add_argument("--workers", type=int, default=2,
                     help="documents checked in parallel (default 2)")
    sub.add_argument("--work-dir", type=Path, default=None,
                     help="folder for uploads and reports (default: a new temporary folder)")
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from checker.web.app import Settings, create_app
    except ImportError as error:
        raise ConfigError("budgetlint serve", f"the web app needs its extra: pip install "
                          f"'budgetlint[web]' ({error.name} is missing)") from None
    for name in ("max_upload_mb", "keep_minutes", "workers", "max_files"):
        if getattr(args, name) <= 0:
            raise ConfigError("budgetlint serve", f"--{name.replace('_', '-')} must be positive")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="budgetlint-serve-") as scratch:
        settings = Settings(work_dir=args.work_dir or Path(scratch),
                            max_upload_mb=args.max_upload_mb, max_files=args.max_files,
                            keep_minutes=args.keep_minutes, workers=args.workers)
        print(f"budgetlint: serving on http://{args.host}:{args.port}/ "
              f"(uploads kept {args.keep_minutes:g} minutes in {settings.work_dir})",
              file=sys.stderr, flush=True)
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0
