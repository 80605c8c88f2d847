"""The web app: upload disclosures, watch them being checked, read each unit's findings on
its page images, download the reports.

Starlette (ASGI) served by uvicorn. Checks run in a process pool (a PDF takes seconds and
must not block the server); each job's files live in its own folder under ``work_dir`` and
are deleted ``keep_minutes`` after upload. Nothing is fetched from or sent to the network:
the pages carry their CSS and scripts inline, like the static report, and a
Content-Security-Policy forbids anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import shutil
import time
from collections.abc import AsyncIterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from checker import __version__
from checker.report.html import environment
from checker.report.i18n import label, use_language
from checker.web.worker import check_upload

ALLOWED_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md")
CHUNK = 1 << 16
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


@dataclass
class Settings:
    work_dir: Path
    max_upload_mb: float = 50
    max_files: int = 20
    keep_minutes: float = 60
    workers: int = 2
    fail_on: str = "error"


@dataclass
class Job:
    id: str
    folder: Path
    created: float
    files: list[str]
    futures: list[Future[dict[str, Any]]] = field(default_factory=list)

    def status(self) -> dict[str, Any]:
        units = []
        for index, (name, future) in enumerate(zip(self.files, self.futures, strict=True)):
            entry: dict[str, Any] = {"file": name, "done": future.done(),
                                     "href": f"/jobs/{self.id}/u/{index + 1}/"}
            if future.done():
                try:
                    entry.update(future.result())
                except Exception as error:  # a crashed worker: the unit says so, no trace
                    entry.update(ok=False, error=f"{label('web_not_checked')}：{error}")
            units.append(entry)
        done = sum(u["done"] for u in units)
        return {"id": self.id, "total": len(units), "done": done,
                "finished": done == len(units), "units": units}


def safe_name(name: str) -> str:
    """The upload's base name with only harmless characters (Chinese kept)."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\-（）()]+", "_", base).strip("._") or "upload"
    return base[:120]


def sniff(head: bytes, name: str) -> bool:
    """Whether an upload is a document budgetlint reads: a PDF by its magic, otherwise an
    allowed suffix and no NUL bytes at the start (text or HTML)."""
    if head.startswith(b"%PDF-"):
        return True
    if not name.lower().endswith(ALLOWED_SUFFIXES) or name.lower().endswith(".pdf"):
        return False
    return b"\x00" not in head[:4096] or head.startswith((b"\xff\xfe", b"\xfe\xff"))


class UploadRejected(Exception):
    pass


def create_app(settings: Settings, executor: Executor | None = None) -> Starlette:
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    jobs: dict[str, Job] = {}
    pool = executor or ProcessPoolExecutor(max_workers=settings.workers)
    env = environment()

    def page(template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        with use_language("zh"):
            text = env.get_template(template).render(version=__version__,
                                                     settings=settings, **values)
        return HTMLResponse(text, status_code=status_code, headers={
            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})

    async def home(request: Request) -> Response:
        return page("web_upload.html.j2", error=None)

    async def upload(request: Request) -> Response:
        limit = int(settings.max_upload_mb * 1024 * 1024)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit * settings.max_files + CHUNK:
            return page("web_upload.html.j2", 413, error=label(
                "web_too_large", name="", mb=settings.max_upload_mb))
        job_id = secrets.token_urlsafe(12)
        folder = settings.work_dir / job_id
        try:
            async with request.form(max_files=settings.max_files, max_fields=10) as form:
                uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
                uploads = [f for f in uploads if f.filename]
                if not uploads:
                    raise UploadRejected(label("web_no_files"))
                if len(uploads) > settings.max_files:
                    raise UploadRejected(label("web_too_many", files=settings.max_files))
                saved = [await _save(f, folder, index, limit)
                         for index, f in enumerate(uploads, start=1)]
        except UploadRejected as rejected:
            shutil.rmtree(folder, ignore_errors=True)
            return page("web_upload.html.j2", 400, error=str(rejected))
        except Exception as error:  # a malformed multipart body, too many parts
            shutil.rmtree(folder, ignore_errors=True)
            return page("web_upload.html.j2", 400, error=str(error))
        job = Job(job_id, folder, time.time(), [p.name for p in saved])
        for index, path in enumerate(saved, start=1):
            job.futures.append(pool.submit(check_upload, str(path),
                                           str(folder / "u" / str(index)), settings.fail_on))
        jobs[job_id] = job
        return RedirectResponse(f"/jobs/{job_id}/", status_code=303)

    async def _save(upload_file: UploadFile, folder: Path, index: int, limit: int) -> Path:
        name = safe_name(upload_file.filename or "upload")
        target = folder / "in" / str(index) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        head = b""
        with target.open("wb") as out:
            while chunk := await upload_file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRejected(label("web_too_large", name=name,
                                               mb=settings.max_upload_mb))
                if len(head) < 8192:
                    head += chunk[:8192]
                out.write(chunk)
        if not sniff(head, name):
            raise UploadRejected(label("web_bad_type", name=name))
        return target

    def _job(request: Request) -> Job | None:
        return jobs.get(request.path_params["job"])

    async def job_page(request: Request) -> Response:
        job = _job(request)
        if job is None:
            return page("web_upload.html.j2", 404, error=label("web_unknown_job"))
        return page("web_job.html.j2", job=job.status())

    async def job_status(request: Request) -> Response:
        job = _job(request)
        if job is None:
            return JSONResponse({"error": "unknown job"}, status_code=404)
        return JSONResponse(job.status())

    async def unit_file(request: Request) -> Response:
        job = _job(request)
        if job is None:
            return page("web_upload.html.j2", 404, error=label("web_unknown_job"))
        number = int(request.path_params["n"])
        if not 1 <= number <= len(job.files):
            return Response("not found", status_code=404)
        folder = (job.folder / "u" / str(number)).resolve()
        wanted = request.path_params.get("path") or "index.html"
        target = (folder / wanted).resolve()
        if folder not in target.parents or not target.is_file():
            return Response("not found", status_code=404)
        headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
        if target.suffix in (".json", ".csv") or target.name == "annotated.pdf":
            original = Path(job.files[number - 1]).stem
            download = f"{original}.{target.name}"
            return FileResponse(target, headers=headers, filename=download)
        return FileResponse(target, headers=headers)

    async def sweep() -> None:
        """Delete jobs older than ``keep_minutes`` (uploads and reports alike)."""
        while True:
            cutoff = time.time() - settings.keep_minutes * 60
            for job_id, job in list(jobs.items()):
                if job.created < cutoff and all(f.done() for f in job.futures):
                    jobs.pop(job_id, None)
                    shutil.rmtree(job.folder, ignore_errors=True)
            await asyncio.sleep(min(60.0, max(1.0, settings.keep_minutes * 60 / 4)))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(sweep())
        try:
            yield
        finally:
            task.cancel()
            if executor is None:
                pool.shutdown(wait=False, cancel_futures=True)
            for job in jobs.values():
                shutil.rmtree(job.folder, ignore_errors=True)

    app = Starlette(routes=[
        Route("/", home),
        Route("/upload", upload, methods=["POST"]),
        Route("/jobs/{job}/", job_page),
        Route("/jobs/{job}/status.json", job_status),
        Route("/jobs/{job}/u/{n:int}/", unit_file),
        Route("/jobs/{job}/u/{n:int}/{path:path}", unit_file),
    ], lifespan=lifespan)
    app.state.jobs = jobs
    return app
