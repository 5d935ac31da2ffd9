"""Reading a file given on the command line or in a flow: only a regular file, never past a size cap."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import Problem, WizardError

MAX_BYTES = 1_000_000
"""The largest flow, answers or settings file read; far above any real one."""


_KINDS = (
    (stat.S_ISDIR, "this is a folder, not a file", "file/missing"),
    (stat.S_ISFIFO, "this is a named pipe (FIFO), not a regular file", "file/unreadable"),
    (stat.S_ISSOCK, "this is a socket, not a regular file", "file/unreadable"),
    (stat.S_ISCHR, "this is a device, not a regular file", "file/unreadable"),
    (stat.S_ISBLK, "this is a device, not a regular file", "file/unreadable"),
)


def _not_regular(mode: int, shown: str) -> WizardError | None:
    if stat.S_ISREG(mode):
        return None
    for test, message, rule in _KINDS:
        if test(mode):
            return WizardError([Problem(message, shown, rule=rule)])
    return WizardError([Problem("this is not a regular file", shown, rule="file/unreadable")])


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, or WizardError with one clear problem (missing, not a regular file, unreadable, too large).

    Only a regular file is read, and never more than the cap plus one byte: `/dev/zero` would
    otherwise be read until memory runs out, and a named pipe would wait for ever for a writer.
    The file is opened without blocking and checked again once open, in case it was swapped.
    """
    shown = str(path)
    try:
        refused = _not_regular(os.stat(path).st_mode, shown)
        if refused is not None:
            raise refused
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            opened = os.fstat(fd)
            refused = _not_regular(opened.st_mode, shown)
            if refused is not None:
                raise refused
            if opened.st_size > max_bytes:
                raise too_large(opened.st_size, max_bytes, shown)
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes and (chunk := os.read(fd, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise WizardError([Problem("no such file", shown, rule="file/missing")]) from None
    except NotADirectoryError:
        raise WizardError(
            [Problem("no such file (a part of the path is not a folder)", shown, rule="file/missing")]
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WizardError([Problem(f"cannot read the file: {reason}", shown, rule="file/unreadable")]) from None
    if size > max_bytes:
        raise too_large(size, max_bytes, shown, at_least=True)
    return b"".join(chunks)


def too_large(size: int, max_bytes: int, shown: str, *, at_least: bool = False) -> WizardError:
    what = f"more than {max_bytes:,} bytes" if at_least else f"{size:,} bytes"
    return WizardError([Problem(f"the file is {what}; the limit is {max_bytes:,}", shown, rule="yaml/too-large")])
