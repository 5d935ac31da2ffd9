"""SIGTERM and SIGHUP end the app the normal way, so the terminal is given back as it was.

Supervisors stop a program with SIGTERM and a closed terminal sends SIGHUP. Left to
their default, both kill the process at once: the terminal stays on the alternate
screen with mouse tracking on and the line discipline raw. Handled here, they ask the
app to exit, and Textual's driver restores all of that on its way out.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Any

from textual.app import App

HANGUPS = (signal.SIGTERM, signal.SIGHUP)
SIGNAL_EXIT = 128
"""Exit status base for a signal, as shells report it (SIGTERM gives 143)."""
GRACE = 5.0
"""Seconds the app has to end the normal way before the process ends without it."""


def exit_on_hangup(app: App[Any]) -> None:
    """From now on until the app's event loop closes, SIGTERM or SIGHUP exit `app` with status 128 + signal."""
    if app.is_headless:
        return  # tests and replays have no terminal to restore, and pytest owns the signals
    loop = asyncio.get_running_loop()
    for signum in HANGUPS:
        loop.add_signal_handler(signum, _end, app, SIGNAL_EXIT + signum)


def _end(app: App[Any], code: int) -> None:
    """Exit the normal way, and make sure the process ends even if that cannot finish.

    After a hangup the terminal is gone: Textual's writer thread dies on the first failed
    write, and restoring the terminal on the way out then waits for ever on its full queue
    (seen when a terminal closed during start-up: the process stayed, using CPU). A daemon
    timer ends the process if the normal exit has not done so within `GRACE` seconds.
    """
    app.exit(None, code)
    timer = threading.Timer(GRACE, os._exit, args=(code,))
    timer.daemon = True
    timer.start()


def ended_by_hangup(app: App[Any]) -> bool:
    """Whether `app` exited because of SIGTERM or SIGHUP."""
    return app.return_code in {SIGNAL_EXIT + signum for signum in HANGUPS}
