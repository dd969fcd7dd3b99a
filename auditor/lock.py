"""One run at a time per output directory.

Two audits writing the same page store, audit.json and site would interleave their pages and swap
each other's half-built reports. The first run holds ``OUT/.cxaudit.lock`` (an advisory ``flock``
on a file that names its pid); a second run is refused with that pid. The kernel drops the lock when
its process dies — even by ``kill -9`` — so a lock file left behind by a dead run is stale by
construction and the next run simply takes it over.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from auditor.errors import OutputError

LOCK_NAME = ".cxaudit.lock"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[Path]:
    """Hold the output directory's lock for the ``with`` block; OutputError if another run holds it."""
    path = Path(out_dir) / LOCK_NAME
    fd = _acquire(path)
    try:
        yield path
    finally:
        with suppress(OSError):
            path.unlink()  # unlink while still holding it: a run that opened this inode retries (see _acquire)
        os.close(fd)


def _acquire(path: Path) -> int:
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"output directory {path.parent} is not writable ({exc.strerror or exc})",
                              "choose another directory with --out") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return fd  # a file system without flock (some network mounts): run unlocked, as before
            owner = _read_pid(fd)
            os.close(fd)
            who = f"pid {owner}" if owner else "another process"
            raise OutputError(f"another cxaudit run ({who}) is using the output directory {path.parent}",
                              "wait for it to finish, or give this run another --out") from None
        try:
            same_file = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same_file = False
        if not same_file:  # the holder finished and removed the file between our open and our lock
            os.close(fd)
            continue
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            os.close(fd)
            raise OutputError(f"cannot write the lock file {path} ({exc.strerror or exc})",
                              "free disk space or choose another directory with --out") from None
        return fd


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
