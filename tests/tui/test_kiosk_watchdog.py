"""The kiosk's watchdog: a frozen event loop is replaced by a fresh kiosk, and the terminal's settings go with it."""

from __future__ import annotations

import json
import os
import termios
import threading
import time
from pathlib import Path

import pytest

from wizard.kiosk import terminal
from wizard.kiosk.terminal import SAVED_ATTRS, Watchdog, original_attrs


def test_a_heartbeat_that_stops_restarts_the_kiosk_once_and_logs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terminal, "FREEZE_SECONDS", 0.5)
    restarted = threading.Event()
    log = tmp_path / "log"
    beat = time.monotonic()
    watchdog = Watchdog(lambda: beat, str(log), None)
    monkeypatch.setattr(watchdog, "restart", restarted.set)
    watchdog.start()
    try:
        assert restarted.wait(5)
    finally:
        watchdog.stop()
    assert "kiosk incident: the app froze" in log.read_text()


def test_a_live_heartbeat_restarts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal, "FREEZE_SECONDS", 0.5)
    restarted = threading.Event()
    watchdog = Watchdog(time.monotonic, None, None)
    monkeypatch.setattr(watchdog, "restart", restarted.set)
    watchdog.start()
    try:
        assert not restarted.wait(2.5)
    finally:
        watchdog.stop()


def test_the_settings_from_before_the_kiosk_survive_the_restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """The replaced kiosk finds the terminal raw: it must restore what was there before the first one."""
    before = [1, 2, 3, 4, 5, 6, [b"\x03", b"\x1c", 1, 0, b"\xff"]]
    monkeypatch.setenv(SAVED_ATTRS, json.dumps(terminal._encode(before)))
    assert original_attrs(-1) == before
    assert SAVED_ATTRS not in os.environ  # read once, by the kiosk it was meant for
    with open(os.devnull) as not_a_terminal, pytest.raises(termios.error):
        original_attrs(not_a_terminal.fileno())  # nothing handed on: the terminal's own (here: none)
