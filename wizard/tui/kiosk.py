"""Kiosk mode: the wizard for a waiting room, where strangers come and go.

It never ends on a visitor's key, forgets each visitor completely, resets itself
when abandoned, and returns to the attract screen after anything unexpected. Only
the staff chord followed by the right PIN ends it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Button, Static

from ..kiosk.config import KioskConfig
from ..kiosk.incident import record
from ..kiosk.pin import Throttle
from ..ui_text import table
from .app import DEFAULT_THEME, WizardApp
from .screens.idle import IdleScreen

if TYPE_CHECKING:
    from ..flow.loader import LoadedFlow
    from ..results.view import ResultView

BLOCKED_KEYS = frozenset(
    {
        "ctrl+q",
        "ctrl+c",
        "ctrl+z",
        "ctrl+backslash",
        "ctrl+d",
        "ctrl+s",
        *(f"f{n}" for n in range(2, 25)),
        *(f"ctrl+f{n}" for n in range(1, 25)),
    }
)
"""Keys that end, suspend, copy or save in Textual or a terminal; in a kiosk they do nothing."""
TICK = 0.2


class KioskApp(WizardApp, inherit_bindings=False):
    """The wizard, locked down, with an idle reset and a staff exit."""

    ALLOW_SELECT = False
    kiosk: KioskConfig
    BINDINGS = [Binding("f1,question_mark", "help", "Help", id="help", tooltip="Keys and how this works")]

    def __init__(
        self, flow: LoadedFlow | Path, config: KioskConfig, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(flow, config.lang, theme=DEFAULT_THEME if config.theme == "default" else config.theme)
        self.kiosk = config
        self.clock = clock
        self.last_input = clock()
        self.warning_deadline: float | None = None
        """When the idle warning ends in a wipe; None while no warning is shown."""
        self.throttle = Throttle()
        self.visitors = 0
        """Sessions wiped so far (finished, abandoned or after an incident)."""
        self.incidents: deque[str] = deque(maxlen=100)
        """One line per unexpected exception (the latest 100), without patient data."""
        self.staff_exited = False
        self._chord: list[float] = []
        self._chord_keys = config.chord  # split once, not on every key
        self._swallow_click = False

    def on_mount(self) -> None:
        super().on_mount()
        self.add_class("-kiosk")
        self.set_interval(TICK, self.idle_tick)

    # --- input ---------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.last_input = self.clock()
            if isinstance(event, events.Key) and (self._chord_pressed(event.key) or event.key in BLOCKED_KEYS):
                return
            if isinstance(event, (events.MouseUp, events.Click)) and self._swallow_click:
                self._swallow_click = not isinstance(event, events.Click)
                return
            if self.warning_deadline is not None and not isinstance(event, (events.MouseUp, events.Click)):
                self.keep_going()
                self._swallow_click = isinstance(event, events.MouseDown)  # the touch that woke it presses nothing
                return
        await super().on_event(event)

    def _chord_pressed(self, key: str) -> bool:
        """Follow the staff chord; True when it is complete (and the PIN prompt opens)."""
        chord = self._chord_keys
        now = self.clock()
        if key != chord[len(self._chord)] or (self._chord and now - self._chord[0] > self.kiosk.staff_chord_seconds):
            self._chord = []
        if key == chord[len(self._chord)]:
            self._chord.append(now)
        if len(self._chord) < len(chord):
            return False
        self._chord = []
        self.open_staff_prompt()
        return True

    def open_staff_prompt(self) -> None:
        from .screens.staff import StaffScreen

        if not isinstance(self.screen, StaffScreen):
            self.push_screen(StaffScreen())

    def staff_exit(self) -> None:
        """The right PIN ends the kiosk; leaving the terminal's alternate screen takes every screen with it."""
        self.staff_exited = True
        self.exit()

    # --- idle ----------------------------------------------------------------------------

    def idle_tick(self) -> None:
        now = self.clock()
        if self.warning_deadline is not None:
            if now >= self.warning_deadline:
                self.wipe()
            return
        if now - self.last_input < self.kiosk.idle_timeout or not self.ready:
            return
        if not self.session.answers() and self._on_attract():
            if self.lang != self._default_lang() or self.theme != self._default_theme():
                self.wipe()  # only a language or theme was chosen: nothing to warn about
            return
        self.warning_deadline = now + self.kiosk.idle_warning
        self.push_screen(IdleScreen())

    def seconds_to_wipe(self) -> float:
        return max(0.0, (self.warning_deadline or 0.0) - self.clock())

    def keep_going(self) -> None:
        """Someone is there: close the warning and carry on where they were."""
        self.warning_deadline = None
        self.last_input = self.clock()
        if isinstance(self.screen, IdleScreen):
            self.pop_screen()

    def _on_attract(self) -> bool:
        from .screens.welcome import WelcomeScreen

        return isinstance(self.screen, WelcomeScreen)

    def _default_lang(self) -> str:
        return self.kiosk.lang or (self.flow.default_lang if self.ready else "en")

    def _default_theme(self) -> str:
        return DEFAULT_THEME if self.kiosk.theme == "default" else self.kiosk.theme

    # --- forgetting ----------------------------------------------------------------------

    def wipe(self) -> None:
        """Forget the visitor: answers, drafts, language, theme, notifications and every screen."""
        self.warning_deadline = None
        self._chord = []
        self.visitors += 1
        self.clear_notifications()
        self.theme = self._default_theme()
        if self.ready:
            self.lang = self._default_lang()
            self.title = self.ft(self.flow.model.flow.title)
            super().restart()
        else:
            self.show_welcome()
        self.last_input = self.clock()

    def restart(self) -> None:
        self.wipe()

    # --- what the kiosk changes in the wizard ----------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """The kiosk's own wording where it has one (`<key>_kiosk`: touch, no quitting), else the wizard's."""
        kiosk_key = f"{key}_kiosk"
        return super().t(kiosk_key if kiosk_key in table() else key, **values)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing is written to disk in a kiosk and nothing ends it: no saving, no quitting."""
        if action in ("save", "quit"):
            return False
        return super().check_action(action, parameters)

    def results_extras(self, view: ResultView) -> ComposeResult:
        """The take-home: a QR code of a short summary, and a printout when a printer is set up."""
        from ..kiosk.take_home import qr_lines, summary

        if not (self.kiosk.qr_code or self.kiosk.print_command):
            return
        yield Static(self.t("take_home_title"), classes="section")
        if self.kiosk.qr_code:
            yield Static(self.t("take_home_help"), classes="muted")
            yield Static("\n".join(qr_lines(summary(view))), id="qr-code", markup=False)
        if self.kiosk.print_command:
            yield Button(self.t("print"), id="print", classes="small")

    def results_actions(self) -> ComposeResult:
        yield Button(self.t("finish"), id="finish", variant="primary")

    @on(Button.Pressed, "#finish")
    def finish_pressed(self) -> None:
        self.wipe()

    @on(Button.Pressed, "#print")
    def print_pressed(self) -> None:
        self.print_summary()

    @work(thread=True, exclusive=True, group="print")
    def print_summary(self) -> None:
        """Pipe the plain-text handout to the configured command; no file is written."""
        import subprocess

        from ..results.plain import to_plain

        assert self.kiosk.print_command
        text = to_plain(self.call_from_thread(self.result_view))
        try:
            done = subprocess.run(
                self.kiosk.print_command, input=text, text=True, timeout=30, capture_output=True, check=False
            )
            ok = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        self.call_from_thread(
            self.notify, self.t("printed" if ok else "print_failed"), severity="information" if ok else "error"
        )

    # --- never die -----------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Log without patient data and go back to the attract screen, instead of exiting."""
        if self.staff_exited or not self.is_running:
            super()._handle_exception(error)
            return
        self.incidents.append(record(error, self.kiosk.log_file))
        self.call_later(self.wipe)

    async def _dispatch_message(self, message: Message) -> None:
        """Key bindings' actions run in the app's own message loop; one that raises must not end that loop."""
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self._handle_exception(error)
