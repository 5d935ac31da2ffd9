"""End to end in a real terminal: tmux runs `wizard`, we type and read the screen."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..polling import wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
WIZARD = str(Path(sys.executable).with_name("wizard"))


class Terminal:
    """A detached tmux session running one command."""

    def __init__(self, command: str, width: int = 100, height: int = 32, env: dict[str, str] | None = None) -> None:
        self.name = f"wizard-test-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]  # a server of its own: other tmux users cannot disturb it
        exports = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                f"{exports} {command}; sleep 30",
            ],
            check=True,
        )

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        return wait_for(self.screen, text, timeout)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[type[Terminal]]:
    opened: list[Terminal] = []

    def open_(*args: object, **kwargs: object) -> Terminal:
        t = Terminal(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(t)
        return t

    yield open_  # type: ignore[misc]
    for t in opened:
        t.close()


def short_path() -> list[tuple[str, list[str]]]:
    """The calm knee's questions as a person meets them: the start of each question, and the keys typed.

    Built from the flow and `CALM_KNEE`, so a reworded or reordered flow changes the path, not the test.
    """
    from tests.conftest import session_from
    from tests.tui.helpers import CALM_KNEE
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loaded import option_ids
    from wizard.flow.loader import load_flow
    from wizard.flow.questions import MultipleChoice, Number, Scale

    flow = load_flow(BUILTIN_FLOW)
    session = session_from(flow, CALM_KNEE)
    path = []
    for question in session.visible_questions():
        value = session.answer_of(question.id)
        if isinstance(question, (Scale, Number)):
            keys = [*f"{value:g}"]
        else:
            ids = option_ids(question)
            chosen = value if isinstance(question, MultipleChoice) else [value]
            assert isinstance(chosen, list)
            keys = []
            for option in chosen:
                index = ids.index(str(option))
                # digits pick options 1 to 9; a later one is reached from the end of the list and ticked
                keys += [str(index + 1)] if index < 9 else ["End", *["Up"] * (len(ids) - 1 - index), "Space"]
        path.append((flow.text(question.text)[:24], [*keys, "Enter"]))
    return path


def test_answer_a_short_path_see_results_and_quit(terminal: type[Terminal]) -> None:
    term = terminal(WIZARD)
    term.wait_for("Start")
    term.keys("Enter")
    for number, (prompt, keys) in enumerate(short_path(), start=1):
        term.wait_for(f"Question {number} ·")  # checklists can start alike: the number tells them apart
        term.wait_for(prompt)
        term.keys(*keys)
    term.wait_for("Check your answers")
    term.keys("r")
    shown = term.wait_for("Self-care at home")
    assert "How soon" in shown
    term.keys("C-q")
    term.wait_for("Quit?")  # answers given: quitting asks first, "Keep my answers" focused
    term.keys("Tab", "Enter")
    deadline = time.monotonic() + 10
    while "Self-care at home" in term.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Self-care at home" not in term.screen()


def answer_short_path(term: Terminal) -> None:
    """From the first question to the results."""
    for number, (prompt, keys) in enumerate(short_path(), start=1):
        term.wait_for(f"Question {number} ·")  # checklists can start alike: the number tells them apart
        term.wait_for(prompt)
        term.keys(*keys)
    term.wait_for("Check your answers")
    term.keys("r")


def test_kiosk_survives_every_quit_key_resets_when_idle_and_ends_only_with_the_staff_pin(
    terminal: type[Terminal], tmp_path: Path
) -> None:
    from wizard.kiosk.pin import MIN_ITERATIONS, hash_pin

    marker = tmp_path / "exited"
    env = {
        "WIZARD_KIOSK_STAFF_PIN_HASH": f"'{hash_pin('2468', iterations=MIN_ITERATIONS)}'",
        "WIZARD_KIOSK_LOG_FILE": str(tmp_path / "incidents.log"),
    }
    term = terminal(f"{WIZARD} --kiosk --idle-timeout 3 --idle-warning 3; touch {marker}", height=40, env=env)
    term.wait_for("Touch Start")
    term.keys("Enter")
    term.wait_for("Where do you feel the pain")
    term.keys("3")
    for key in ["C-q", "C-c", "C-z", "C-\\", "C-d", "F2", "F4", "F10", "F12", "C-s"]:
        term.keys(key)
    shown = term.wait_for("Where do you feel the pain")
    assert "[x]" in shown and not marker.exists()  # still running, and the visitor's tick is still there

    term.wait_for("Are you still there?", timeout=10)  # 3 s without input
    shown = term.wait_for("Touch Start", timeout=10)  # 3 s later: back to the attract screen
    term.keys("Enter")
    shown = term.wait_for("Where do you feel the pain")
    assert "[x]" not in shown and "0 answered" in shown  # no trace of the last visitor

    term.close()

    # A second kiosk with a longer timeout, so a slow machine cannot reset it while the test types.
    marker = tmp_path / "second-exited"
    term = terminal(f"{WIZARD} --kiosk --idle-timeout 60; touch {marker}", height=40, env=env)
    term.wait_for("Touch Start")
    term.keys("Enter")
    answer_short_path(term)
    term.wait_for("Finish and clear my answers")
    seen = ""
    for _ in range(10):  # page down through the results to the take-home heading
        seen += term.screen()
        if "Take this home" in seen:
            break
        term.keys("PageDown")
        time.sleep(0.3)
    assert "Take this home" in seen and "Show the code" in seen, term.screen()
    term.keys("c")  # the whole code on its own view: its finder pattern is drawn
    term.wait_for("█▀▀▀▀▀█")
    term.keys("Escape")
    term.wait_for("Finish and clear my answers")
    term.keys("C-k", "C-k", "C-k")
    term.wait_for("Staff exit")
    term.keys("1", "1", "1", "1", "Enter")
    term.wait_for("Wrong PIN")
    assert not marker.exists()
    time.sleep(1.2)
    term.keys("2", "4", "6", "8", "Enter")
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), term.screen()


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie nobody reaped has ended too)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


@pytest.mark.parametrize("delay", [0.3, 0.5, 0.8])
def test_closing_the_terminal_while_the_app_starts_ends_the_process(delay: float) -> None:
    """A terminal closed during start-up left the wizard running for ever: the hung-up terminal killed
    Textual's writer thread, and restoring the terminal then waited on its full queue (tui/signals.py)."""
    from wizard.tui.signals import GRACE

    name = f"wizard-hangup-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", name]
    subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "100", "-y", "32", f"exec {WIZARD}"], check=True)
    time.sleep(delay)
    shown = subprocess.run([*tmux, "display-message", "-p", "-t", name, "#{pane_pid}"], capture_output=True, text=True)
    subprocess.run([*tmux, "kill-server"], capture_output=True)
    if not shown.stdout.strip():
        pytest.skip("the app ended before its pane could be read")
    pid = int(shown.stdout)
    deadline = time.monotonic() + GRACE + 10
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = not _gone(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"the wizard (pid {pid}) still runs {GRACE + 10:.0f} s after its terminal closed"
