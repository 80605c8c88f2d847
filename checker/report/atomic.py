"""Report files written whole or not at all.

A report is written to a temporary file in the target folder and renamed over the old one:
a reader (or a CI step) sees the previous complete report or the new complete one, never a
half-written file, even after Ctrl-C or kill -9 mid-write. The temporary file's name
carries the writer's process id (``.budgetlint.json.<pid>.<random>.tmp``): Ctrl-C or a
failure removes it at once, and what a killed writer left (kill -9 runs no clean-up) is
removed by the next run that writes into the folder, once no process of that id runs.
Renaming also replaces a symlink
at the target instead of writing through it into whatever it points at. Every failure (an
existing file where the folder should be, a read-only folder, a full disk, /dev/full) is an
``OutputError``: one line, exit status 2, never a silent success.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from checker.errors import OutputError
from checker.regex_cache import compile_re


def describe(error: OSError) -> str:
    """The reason for a failed write, in the users' language."""
    reasons = {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "只读文件系统",
               errno.EACCES: "权限不足", errno.EPERM: "权限不足",
               errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "目标是一个文件夹",
               errno.ENOENT: "文件夹不存在"}
    return reasons.get(error.errno or 0, error.strerror or type(error).__name__)


def describe_in(folder: Path, error: OSError) -> str:
    """``describe`` for a failure to create a file or folder inside ``folder``. A folder
    that exists but where a new entry "does not exist" the moment it is made belongs to a
    virtual file system (/proc, /proc/self/fd): "folder does not exist" would mislead."""
    if error.errno == errno.ENOENT and folder.is_dir():
        return f"{folder} 不是普通文件夹（系统的虚拟文件夹），不能在其中新建报告"
    return describe(error)


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) or raise ``OutputError`` saying why not."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(str(folder), "无法写入报告：该路径已存在且不是文件夹")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        existing = next((p for p in folder.parents if p.exists()), folder)
        raise OutputError(str(folder),
                          f"无法创建报告文件夹：{describe_in(existing, error)}") from None


# ".<target name>.<pid>.<mkstemp's random part>.tmp": only our own temporary files match.
_TEMPORARY = compile_re(r"\..+\.(\d{1,10})\.[a-z0-9_]{6,}\.tmp")
_CLEANED: set[str] = set()
# Temporary report files this process has open. A second Ctrl-C ends the process with
# os._exit before the first one's clean-up may have reached them: it removes these first.
_LIVE: set[str] = set()


def temporary_file(target: Path) -> tuple[int, str]:
    """A new temporary file next to ``target`` (handle, path), named for this process;
    raises ``OSError``. Temporary files of writers that no longer run are removed first."""
    import tempfile  # only when a report file is written: it loads shutil, random, bz2, lzma

    remove_stale(target.parent)
    handle, path = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=target.parent)
    _LIVE.add(path)
    return handle, path


def forget(temporary: str) -> None:
    """``temporary`` was renamed into place or removed: nothing left to clean up."""
    _LIVE.discard(temporary)


def remove_live() -> None:
    """Remove every temporary report file this process still has (a hard exit is near)."""
    for path in list(_LIVE):
        with contextlib.suppress(OSError):
            os.unlink(path)
    _LIVE.clear()


def remove_stale(folder: Path) -> None:
    """Remove the temporary report files in ``folder`` whose writer is gone (killed with
    kill -9 mid-write); once per folder and process, so a batch of pages scans it once."""
    key = os.path.abspath(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry.name)
        if found and not _running(int(found.group(1))):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's live process, or no pid at all: leave it
    return True


def write_atomic(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` atomically (temporary file + rename)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.is_dir() and not target.is_symlink():
        raise OutputError(str(target), "无法写入报告：目标是一个文件夹")
    try:
        handle, temporary = temporary_file(target)
    except OSError as error:
        raise OutputError(str(target),
                          f"无法写入报告：{describe_in(target.parent, error)}") from None
    done = False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        publish(temporary, target)
        done = True
    except OSError as error:
        raise OutputError(str(target), f"无法写入报告：{describe(error)}") from None
    finally:
        if not done:  # failure, Ctrl-C or any exception: leave no temporary file behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        forget(temporary)


def publish(temporary: str, target: Path) -> None:
    """Put the complete ``temporary`` file in place of ``target``; raises ``OSError``."""
    # mkstemp makes the file 0600; a report is for sharing, as a plain write would be.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)
    os.replace(temporary, target)
    forget(temporary)
