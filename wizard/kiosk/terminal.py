"""The kiosk's hold on its terminal and its signals, for the whole life of the process.

Textual makes the terminal raw (no echo, no line editing, ctrl+c and ctrl+z as keys
rather than signals) only while an app runs, and gives the terminal back as it found
it when the app stops. Between two runs of the kiosk's in-process restart the terminal
would be cooked again, and a ctrl+c, ctrl+\\ or ctrl+z typed then would kill or stop
the process. So the kiosk makes the terminal raw itself, before the first run, and
ignores SIGINT, SIGQUIT and SIGTSTP for good; only SIGTERM and SIGHUP (a supervisor
or a closed terminal) end it, and then cleanly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import termios
import threading
from types import FrameType
from typing import Any, TextIO

from .incident import record

IGNORED = (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP)
ENDING = (signal.SIGTERM, signal.SIGHUP)
LFLAG, IFLAG = 3, 0  # indexes in termios.tcgetattr's list


class Hangup(BaseException):
    """SIGTERM or SIGHUP arrived while no app was running (not an Exception: nothing may swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def raw(attrs: list[Any]) -> list[Any]:
    """`attrs` with echo, line editing, signal keys and flow control off (what Textual sets while it runs)."""
    attrs = list(attrs)
    attrs[LFLAG] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
    attrs[IFLAG] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    return attrs


def _hangup(signum: int, frame: FrameType | None) -> None:
    raise Hangup(signum)


class KioskTerminal:
    """Hold the terminal raw and the stop signals off from `__enter__` to `__exit__`."""

    def __init__(self, log_file: str | None, stdin: TextIO | None = None) -> None:
        self.log_file = log_file
        self.fd = (stdin or sys.__stdin__ or sys.stdin).fileno()
        self.saved: list[Any] | None = None
        self._handlers: dict[int, Any] = {}
        self._stderr: TextIO | None = None

    def __enter__(self) -> KioskTerminal:
        os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)  # Textual would leave ISIG on
        self._handlers = {signum: signal.getsignal(signum) for signum in (*IGNORED, *ENDING)}
        for signum in IGNORED:
            signal.signal(signum, signal.SIG_IGN)
        if os.isatty(self.fd):
            self.saved = termios.tcgetattr(self.fd)
        self.between_runs()
        # Python's own reports (an exception in a thread, a warning) would print over the visitor's
        # screen, with local paths and maybe answers in them. Textual draws on sys.__stderr__, not this.
        self._stderr = sys.stderr
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
        threading.excepthook = self._thread_died
        return self

    def make_raw(self) -> None:
        if self.saved is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.fd, termios.TCSANOW, raw(termios.tcgetattr(self.fd)))

    def between_runs(self) -> None:
        """After an app's event loop closed: it gave SIGTERM and SIGHUP back to their defaults; take them again."""
        for signum in ENDING:
            signal.signal(signum, _hangup)
        self.make_raw()

    def _thread_died(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            record(args.exc_value, self.log_file)

    def __exit__(self, *exc: object) -> None:
        if self._stderr is not None:
            sys.stderr.close()
            sys.stderr = self._stderr
        threading.excepthook = threading.__excepthook__
        if self.saved is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.fd, termios.TCSANOW, self.saved)
        for signum, handler in self._handlers.items():
            signal.signal(signum, handler)
