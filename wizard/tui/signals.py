"""SIGTERM and SIGHUP end the app the normal way, so the terminal is given back as it was.

Supervisors stop a program with SIGTERM and a closed terminal sends SIGHUP. Left to
their default, both kill the process at once: the terminal stays on the alternate
screen with mouse tracking on and the line discipline raw. Handled here, they ask the
app to exit, and Textual's driver restores all of that on its way out.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from textual.app import App

HANGUPS = (signal.SIGTERM, signal.SIGHUP)
SIGNAL_EXIT = 128
"""Exit status base for a signal, as shells report it (SIGTERM gives 143)."""


def exit_on_hangup(app: App[Any]) -> None:
    """From now on until the app's event loop closes, SIGTERM or SIGHUP exit `app` with status 128 + signal."""
    if app.is_headless:
        return  # tests and replays have no terminal to restore, and pytest owns the signals
    loop = asyncio.get_running_loop()
    for signum in HANGUPS:
        loop.add_signal_handler(signum, app.exit, None, SIGNAL_EXIT + signum)


def ended_by_hangup(app: App[Any]) -> bool:
    """Whether `app` exited because of SIGTERM or SIGHUP."""
    return app.return_code in {SIGNAL_EXIT + signum for signum in HANGUPS}
