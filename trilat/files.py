"""Writing files so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trilat.errors import TrilatError


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes | str, durable: bool = False) -> None:
    """Write under a temporary name in the same folder, then rename into place.

    ``durable`` also flushes the file and the folder to disk before returning, for
    files whose loss after a crash would matter (the LATEST pointer).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
    try:
        with tmp.open("wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk, an interrupt: leave no temporary file behind
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def file_sha256(path: Path) -> str:
    """The file's sha256 (hex), read in chunks."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class FileRefused(ValueError):
    """A path that must not be read: not a regular file, or outside its folder.

    The message completes "<path> ...", e.g. "is a named pipe (FIFO), not a regular file".
    """


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path, inside: Path | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file, and, with ``inside``, whose
    real path (symbolic links followed) is inside that folder.

    Anything else raises FileRefused before a byte is read: a named pipe or a device
    (``/dev/zero``) would block or never end, and a link out of the folder would
    publish a file nobody registered. FileNotFoundError passes through.
    """
    real = Path(os.path.realpath(path))
    if inside is not None and not real.is_relative_to(os.path.realpath(inside)):
        raise FileRefused(f"is a link to {real}, outside the folder {inside}")
    mode = os.stat(real).st_mode  # never blocks, unlike opening a pipe
    if not stat.S_ISREG(mode):
        raise FileRefused(f"is {_kind(mode)}, not a regular file")
    # O_NONBLOCK and O_NOFOLLOW: a pipe or link swapped in since the check cannot block us.
    try:
        fd = os.open(real, os.O_RDONLY | _NONBLOCK | _NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused("was replaced by a link while it was read") from None
        raise
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise FileRefused("was replaced by something else than a regular file")
        return f.read()


def is_disk_full(exc: BaseException) -> bool:
    """An OSError for a full disk or quota (Arrow's own I/O errors carry no errno)."""
    return isinstance(exc, OSError) and (
        exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in str(exc)
    )


@contextmanager
def disk_full_as_error(folder: Path, what: str = "nothing was published") -> Iterator[None]:
    """A full disk while writing under ``folder`` as one TrilatError naming the folder,
    instead of an OSError whose message names no folder (a failed write has no file
    name). Other errors pass through."""
    try:
        yield
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        where = [f"while writing {exc.filename}"] if exc.filename else []
        raise TrilatError(
            f"no space left on the device holding {folder}; {what}",
            [*where, f"free space there (df -h {folder}) or use a folder on another disk; "
             "the last release is untouched"],
        ) from None  # fmt: skip
