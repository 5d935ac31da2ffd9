"""The storm in a real terminal: tmux runs the wizard, `send-keys -H` sends raw bytes, `resize-window` resizes.

The process is watched from outside: whether it still runs, whether it is stopped
(state T in /proc, what ctrl+z would do), the terminal's line settings (raw, signals off),
and the kiosk's incident log. Each tmux session has a server of its own.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..polling import wait_for
from .storm import KEYS, KIOSK_KEYS, Event

TMUX_KEYS = {**KEYS, **KIOSK_KEYS}
BATCH = 8
"""Events per tmux call; a pause after each batch lets the app keep up, as a fast typist would."""


class Tmux:
    """A detached tmux session running one command, kept after the command ends so its status can be read."""

    def __init__(self, command: str, *, width: int = 80, height: int = 24, cwd: Path | None = None) -> None:
        self.name = f"storm-{uuid.uuid4().hex[:8]}"
        self.base = ["tmux", "-L", self.name]
        self.run("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), "-c", str(cwd or "."), "sh")
        self.run("set-option", "-t", self.name, "remain-on-exit", "on")
        self.run("set-option", "-t", self.name, "window-size", "manual")
        self.run("respawn-pane", "-k", "-t", self.name, command)

    def run(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, check=True).stdout

    def pane(self, field: str) -> str:
        return self.run("display-message", "-p", "-t", self.name, f"#{{{field}}}").strip()

    @property
    def pid(self) -> int:
        return int(self.pane("pane_pid"))

    def dead(self) -> bool:
        return self.pane("pane_dead") == "1"

    def stopped(self) -> bool:
        """Whether the process is stopped (ctrl+z in a cooked terminal would do that)."""
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state == "T"

    def tty_flags(self) -> str:
        """`stty -a` of the pane's terminal: '-isig -icanon -echo' while the kiosk holds it raw."""
        tty = self.pane("pane_tty")
        with open(tty, "rb") as fd:
            return subprocess.run(["stty", "-a"], stdin=fd, capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        """The screen and what scrolled off it (a traceback printed outside the alternate screen lands here)."""
        return self.run("capture-pane", "-p", "-S", "-2000", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        return wait_for(self.screen, text, timeout)

    def send(self, events: Iterable[Event], *, pause: float = 0.02) -> int:
        """Send the events in batches; returns how many were sent."""
        sent, batch = 0, []
        for event in events:
            batch.append(self._command(event))
            sent += 1
            if len(batch) == BATCH:
                self._flush(batch, pause)
        self._flush(batch, pause)
        return sent

    def keys(self, *names: str) -> None:
        for name in names:
            self.run("send-keys", "-t", self.name, name)
            time.sleep(0.1)

    def _command(self, event: Event) -> list[str]:
        if event[0] == "key":
            return ["send-keys", "-t", self.name, TMUX_KEYS[str(event[1])]]
        if event[0] == "bytes":
            data = event[1]
            assert isinstance(data, bytes)
            return ["send-keys", "-t", self.name, "-H", *(f"{byte:02x}" for byte in data)]
        assert len(event) == 3
        return ["resize-window", "-t", self.name, "-x", str(event[1]), "-y", str(event[2])]

    def _flush(self, batch: list[list[str]], pause: float) -> None:
        if not batch:
            return
        joined: list[str] = []
        for command in batch:
            joined += [*command, ";"]
        subprocess.run([*self.base, *joined[:-1]], capture_output=True, check=False)
        batch.clear()
        time.sleep(pause)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, check=False)


def wizard_command(*args: str, env: dict[str, str] | None = None) -> str:
    """`exec` the wizard under this test's Python, so the pane's process is the wizard itself."""
    from sys import executable

    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
    return f"exec env {exports} {shlex.quote(executable)} -m wizard {' '.join(map(shlex.quote, args))}"


def incidents(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if "kiosk incident" in line] if log.exists() else []


@dataclass
class Report:
    """What a storm in a real terminal did: the figures the benchmark prints and the test checks."""

    sent: int = 0
    seconds: float = 0.0
    quits: int = 0
    """Normal mode only: times the app quit when asked (the palette's Quit), and was started again."""
    died: list[str] = field(default_factory=list)
    """How the process ended or stopped when it should not have."""
    incidents: list[str] = field(default_factory=list)
    traceback_seen: bool = False
    raw_after: bool = False
    """The terminal was still raw with signal keys off after the storm (kiosk)."""
    survived_signal_keys: bool = False
    """ctrl+z, ctrl+c and ctrl+\\ after the storm: still running, not stopped (kiosk)."""
    settle_seconds: float = 0.0
    """From the last event sent until the screen stopped changing: how far behind the app had fallen."""
    sigterm_status: int | None = None
    """The exit status after SIGTERM, minus the signal that killed it; None where tmux does not say."""
    sigterm_ended: bool = False
    sigterm_seconds: float = 0.0
    restored: bool = False
    """After SIGTERM: alternate screen and mouse tracking off."""

    @property
    def clean(self) -> bool:
        return not (self.died or self.incidents or self.traceback_seen)


def settle(term: Tmux, timeout: float = 60) -> None:
    """Wait until the app has worked through its queued input, then leave it at 80x24.

    A resize reaches the app behind everything queued before it; once the screen is redrawn for
    the new width (the footer's right end moves), the queue before it is done. Twice, so the
    second redraw is at 80x24. A screen that looks the same at both widths just takes the timeout.
    """
    for width in (81, 80):
        before = term.screen()
        term.run("resize-window", "-t", term.name, "-x", str(width), "-y", "24")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not term.dead() and term.screen() == before:
            time.sleep(0.2)
    time.sleep(1)


def run_storm(seed: int, count: int, *, kiosk: bool, workdir: Path, chunk: int = 250, pause: float = 0.02) -> Report:
    """`count` storm events against `wizard [--kiosk]` in tmux, then ctrl+z/c/\\ and SIGTERM."""
    import random

    from .storm import storm

    log = workdir / "incidents.log"
    env = {"WIZARD_KIOSK_LOG_FILE": str(log), "HOME": str(workdir)}
    command = wizard_command(*(["--kiosk"] if kiosk else []), env=env)
    report = Report()
    term = Tmux(command, cwd=workdir)
    try:
        term.wait_for("Start")
        pid = term.pid
        events = list(storm(random.Random(seed), count, kiosk=kiosk))
        start = time.monotonic()
        for first in range(0, count, chunk):
            report.sent += term.send(events[first : first + chunk], pause=pause)
            if term.dead() and not kiosk and term.pane("pane_dead_status") == "0":
                report.quits += 1  # asked to quit, through the palette: start it again and go on
                term.run("resize-window", "-t", term.name, "-x", "80", "-y", "24")  # not the storm's last size
                term.run("respawn-pane", "-t", term.name, command)
                term.wait_for("Start")
                pid = term.pid
            elif term.dead() or term.stopped() or term.pid != pid:
                report.died.append(f"after {report.sent} events: dead={term.dead()} stopped={term.stopped()}")
                break
        report.seconds = time.monotonic() - start
        settle(term)
        report.settle_seconds = time.monotonic() - start - report.seconds
        report.incidents = incidents(log)
        report.traceback_seen = "Traceback" in term.history()
        if kiosk and not report.died:
            report.raw_after = "-isig" in term.tty_flags().split()
            term.keys("C-z", "C-c", "C-\\")
            time.sleep(1.5)
            report.survived_signal_keys = not term.dead() and not term.stopped() and term.pid == pid
        if not term.dead():
            os.kill(term.pid, signal.SIGTERM)
            sent_at = time.monotonic()
            while not term.dead() and time.monotonic() < sent_at + 60:
                time.sleep(0.1)
            report.sigterm_seconds = time.monotonic() - sent_at
            report.sigterm_ended = term.dead()
            if term.dead():
                status, killed_by = term.pane("pane_dead_status"), term.pane("pane_dead_signal")
                report.sigterm_status = (
                    int(status) if status else -int(killed_by) if killed_by else None
                )  # tmux 3.3: ''
                report.restored = term.pane("alternate_on") == "0" and term.pane("mouse_any_flag") == "0"
        history = term.history()
        if "Traceback" in history:
            report.traceback_seen = True
            report.died.append(history[history.index("Traceback") :][:4000])
    finally:
        term.close()
    return report
