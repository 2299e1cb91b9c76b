"""Reading a file the user named or the catalog holds: only a regular file, and no more
than a bound. A FIFO, socket or device named `*.yaml` would block a read forever (or
never end): it is refused, found by `lstat`, and opened non-blocking in case it was
swapped in since."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


class NotRegular(OSError):
    """The path is not a regular file (a FIFO, a socket, a device, a folder)."""


class TooLarge(OSError):
    """The file holds more bytes than the reader accepts."""


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    return None if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `limit` of them."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno is not None and os.path.exists(path) and not os.path.isfile(path):
            raise NotRegular(exc.errno, f"{path} is not a regular file", str(path)) from None
        raise
    try:
        info = os.fstat(fd)
        what = kind_of(info.st_mode)
        if what is not None:
            raise NotRegular(0, f"{path} is {what}, not a regular file", str(path))
        if info.st_size > limit:
            raise TooLarge(
                0, f"{path} is {info.st_size:,} bytes, above the limit of {limit:,}", str(path)
            )
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew since it was looked at
                raise TooLarge(0, f"{path} is more than {limit:,} bytes", str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_whole(path: Path, text: str, *, replace: bool = True) -> None:
    """`path` holds all of `text` or what it held before, whenever the process stops:
    written beside, flushed to disk, then moved into place. With `replace=False` a file
    that is there (or appears meanwhile) is left alone: FileExistsError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # atomic, and refuses to overwrite
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
