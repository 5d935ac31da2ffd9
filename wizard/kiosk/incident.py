"""A record of what went wrong in a kiosk, with nothing a visitor typed in it.

An exception's message and local variables can hold answers, so neither is kept:
only the exception's type and the code locations it passed through.
"""

from __future__ import annotations

import traceback
from datetime import datetime, timezone
from pathlib import Path


def describe(error: BaseException) -> str:
    """One line: UTC time, exception type, and `module.py:line in function` for each frame."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" for frame in reversed(frames))
    return f"{_stamp()} kiosk incident: {type(error).__module__}.{type(error).__qualname__} at {where or 'unknown'}"


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(error: BaseException, log_file: str | None) -> str:
    """Append the incident line to `log_file` when one is configured; never raises."""
    return _append(describe(error), log_file)


def incident(event: str, log_file: str | None) -> str:
    """An incident without an exception to describe (a fixed text, never input); never raises."""
    return _append(f"{_stamp()} kiosk incident: {event}", log_file)


def note(event: str, log_file: str | None) -> str:
    """Log something staff should know that is not an error (a fixed text, never input); never raises."""
    return _append(f"{_stamp()} kiosk note: {event}", log_file)


def _append(line: str, log_file: str | None) -> str:
    if log_file:
        try:
            with open(log_file, "a", encoding="utf-8") as log:
                log.write(line + "\n")
        except OSError:
            pass  # a full or read-only disk must not take the kiosk down with it
    return line
