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
import json
import os
import signal
import sys
import termios
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, TextIO

from .incident import incident, record

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
            self.saved = original_attrs(self.fd)
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


FREEZE_SECONDS = 20.0
"""An app whose own 0.2 s timer has not run for this long is stuck, not busy."""
SAVED_ATTRS = "WIZARD_KIOSK_TTY_ATTRS"
"""The terminal's settings from before the kiosk, handed to the kiosk that replaces a frozen one."""


class Watchdog:
    """Starts the kiosk afresh, in the same process, if its event loop stops turning.

    Textual can deadlock or starve its own event loop (seen under key storms): no key, timer or
    signal is handled any more, and the visitor sees a frozen screen. A thread that sees the app's
    heartbeat stop replaces the process image with a new kiosk (`os.execv`): same process, same
    terminal, still raw, the ignored signals still ignored. Without a terminal of its own (a browser
    tab's process) it ends the process instead: the server then ends the tab's session.
    """

    def __init__(self, heartbeat: Callable[[], float], log_file: str | None, saved: list[Any] | None) -> None:
        self.heartbeat = heartbeat
        self.log_file = log_file
        self.saved = saved
        self.in_terminal = sys.__stdin__ is not None and sys.__stdin__.isatty()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="kiosk-watchdog", daemon=True)

    def start(self) -> Watchdog:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            if time.monotonic() - self.heartbeat() > FREEZE_SECONDS:
                incident("the app froze; the kiosk starts again", self.log_file)
                self.restart()

    def restart(self) -> None:
        if not self.in_terminal:
            os._exit(1)
        if self.saved is not None:
            os.environ[SAVED_ATTRS] = json.dumps(_encode(self.saved))
        argv = [sys.executable, *sys.orig_argv[1:]]
        os.execv(argv[0], argv)


def original_attrs(fd: int) -> list[Any]:
    """The terminal's settings from before the kiosk: its own, or those a frozen kiosk handed on."""
    handed = os.environ.pop(SAVED_ATTRS, None)
    if handed:
        with contextlib.suppress(ValueError, TypeError, IndexError):
            return _decode(json.loads(handed))
    return termios.tcgetattr(fd)


def _encode(attrs: list[Any]) -> list[Any]:
    return [*attrs[:6], [c.decode("latin-1") if isinstance(c, bytes) else c for c in attrs[6]]]


def _decode(data: list[Any]) -> list[Any]:
    return [*map(int, data[:6]), [c.encode("latin-1") if isinstance(c, str) else int(c) for c in data[6]]]
