"""The storm, short (issue 14 items 1-2, issue 13 item 14): a fixed seed, in Pilot and in a real terminal.

The long one (10,000 events) is `python -m benchmarks.storm`. Each tmux session has a tmux
server of its own, killed at the end of its test.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuzz.storm import Outcome, play_pilot, storm
from tests.fuzz.terminal import Tmux, incidents, run_storm, wizard_command
from tests.tui.helpers import make_knee_app
from tests.tui.test_kiosk import make_kiosk

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
SEED = 20261202


@pytest.mark.parametrize("kiosk", [True, False], ids=["kiosk", "normal"])
async def test_a_storm_in_pilot_causes_no_incident(kiosk: bool) -> None:
    app = make_kiosk() if kiosk else make_knee_app()
    outcome = Outcome()
    await play_pilot(app, storm(random.Random(SEED), 300, kiosk=kiosk), (80, 24), outcome)
    assert outcome.failures == [] and outcome.sent == 300


@needs_tmux
@pytest.mark.parametrize("kiosk", [True, False], ids=["kiosk", "normal"])
def test_a_storm_in_a_real_terminal_causes_no_incident(kiosk: bool, tmp_path: Path) -> None:
    report = run_storm(SEED, 400, kiosk=kiosk, workdir=tmp_path)
    assert report.clean, (report.died, report.incidents)
    assert report.sigterm_ended and report.restored  # SIGTERM ends it and gives the terminal back
    if kiosk:
        assert report.raw_after and report.survived_signal_keys


@pytest.fixture
def kiosk_term(tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    log = tmp_path / "incidents.log"
    term = Tmux(wizard_command("--kiosk", env={"WIZARD_KIOSK_LOG_FILE": str(log), "HOME": str(tmp_path)}), cwd=tmp_path)
    yield term, log
    term.close()


@needs_tmux
def test_invalid_utf8_then_the_signal_keys_leave_the_kiosk_running_raw_and_intact(
    kiosk_term: tuple[Tmux, Path],
) -> None:
    term, log = kiosk_term
    term.wait_for("Start")
    pid = term.pid
    for data in ("ff", "c3 28", "9b", "fe fe", "ed a0 80"):
        term.run("send-keys", "-t", term.name, "-H", *data.split())
        time.sleep(0.2)
    term.keys("C-z", "C-c", "C-\\")
    time.sleep(1.5)
    assert not term.dead() and not term.stopped() and term.pid == pid
    flags = term.tty_flags().split()
    assert "-isig" in flags and "-icanon" in flags and "-echo" in flags
    assert "Start" in term.screen() and "Traceback" not in term.history()
    term.keys("Enter")  # it still answers keys: Start leads to the first question
    term.wait_for("Question 1")
    assert incidents(log) == []


@needs_tmux
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("kiosk", [True, False], ids=["kiosk", "normal"])
def test_sigterm_and_sighup_restore_the_terminal(signum: int, kiosk: bool, tmp_path: Path) -> None:
    term = Tmux(wizard_command(*(["--kiosk"] if kiosk else []), env={"HOME": str(tmp_path)}), cwd=tmp_path)
    try:
        term.wait_for("Start")
        assert term.pane("alternate_on") == "1" and term.pane("mouse_any_flag") == "1"
        os.kill(term.pid, signum)
        deadline = time.monotonic() + 10
        while not term.dead() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert term.dead()
        assert term.pane("alternate_on") == "0" and term.pane("mouse_any_flag") == "0"
        assert "Traceback" not in term.history()
    finally:
        term.close()


async def test_page_keys_on_an_answer_list_not_drawn_yet_move_the_highlight() -> None:
    """Found by the 10,000-event Pilot storm: OptionList's page move raised KeyError before the list had drawn."""
    from textual.app import App, ComposeResult

    from wizard.tui.widgets.options import ChoiceList

    class OneList(App[None]):
        def compose(self) -> ComposeResult:
            yield ChoiceList([(str(n), f"Option {n}") for n in range(30)], multi=False, selected=[])

    app = OneList()
    async with app.run_test(size=(40, 1)) as pilot:  # a terminal one row tall: the list has drawn no row
        choices = app.query_one(ChoiceList)
        choices.display = False
        choices.highlighted = 3
        choices.action_page_down()
        choices.action_page_up()
        choices.display = True
        await pilot.press("pagedown", "pagedown", "pageup")
        assert app.is_running and choices.highlighted is not None
