"""Kiosk mode: the wizard for a waiting room, where strangers come and go.

It never ends on a visitor's key, forgets each visitor completely, resets itself
when abandoned, and returns to the attract screen after anything unexpected. Only
the staff chord followed by the right PIN ends it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from ..kiosk.config import KioskConfig
from ..kiosk.incident import incident, note, record
from ..kiosk.pin import Throttle
from ..ui_text import table
from .app import DEFAULT_THEME, WizardApp
from .compat import driver_class
from .screens.idle import IdleScreen

if TYPE_CHECKING:
    from textual.driver import Driver

    from ..flow.loaded import LoadedFlow
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
NO_PIN_NOTE = "staff chord pressed, but staff exit is not set up (no staff_pin_hash in the kiosk config)"


class KioskApp(WizardApp, inherit_bindings=False):
    """The wizard, locked down, with an idle reset and a staff exit."""

    ALLOW_SELECT = False
    kiosk: KioskConfig
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Keys and how this works"),
        Binding("c", "show_take_home", "Show the code", id="show_code", tooltip="The take-home code, full screen"),
    ]

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
        self.served = False
        """Running in a browser tab (textual-serve): the process ends with the tab, it is never restarted in place."""
        self.left_attract = False
        """A visitor went past the attract screen since the last wipe."""
        self._chord: list[float] = []
        self._chord_keys = config.chord  # split once, not on every key
        self._swallow_click = False
        self._wiping = False
        self.heartbeat = time.monotonic()
        """When the app's own timer last ran, in real time: the kiosk's watchdog reads it from another thread."""

    def get_driver_class(self) -> type[Driver]:
        return driver_class(super().get_driver_class(), kiosk=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.served = self.is_web
        self.add_class("-kiosk")
        self.set_interval(TICK, self.idle_tick)
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    # --- input ---------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            if self.exiting:
                return  # input still queued when a stop was asked for would only delay it
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
        """The PIN prompt; without a PIN set up, visitors see nothing and the log says the chord was used."""
        from .screens.staff import StaffScreen

        if self.kiosk.staff_pin_hash is None:
            note(NO_PIN_NOTE, self.kiosk.log_file)
        elif not isinstance(self.screen, StaffScreen):
            self.push_screen(StaffScreen())

    def staff_exit(self) -> None:
        """The right PIN ends the kiosk; leaving the terminal's alternate screen takes every screen with it."""
        self.staff_exited = True
        self.exit()

    # --- idle ----------------------------------------------------------------------------

    def idle_tick(self) -> None:
        self.heartbeat = time.monotonic()
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
        self.clear_notifications()
        self.last_input = self.clock()
        if self._pristine():
            return  # a second wipe in a row (a double tap on Finish) has nothing left to forget
        self.visitors += 1
        self.theme = self._default_theme()
        self._wiping = True  # the screens popped on the way are not a visit
        try:
            if self.ready:
                self.lang = self._default_lang()
                self.title = self.ft(self.flow.model.flow.title)
                super().restart()
            else:
                super().show_welcome()
        finally:
            self._wiping = False
        self.left_attract = False

    def _pristine(self) -> bool:
        """On the attract screen, alone, as a new visitor finds it: nothing to forget."""
        return (
            self._on_attract()
            and len(self.screen_stack) == 2
            and not self.left_attract
            and self.theme == self._default_theme()
            and not (self.ready and (self.session.answers() or self.lang != self._default_lang()))
        )

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
        if action == "show_take_home":
            return self.ready and self.session.at_results and self.kiosk.qr_code
        return super().check_action(action, parameters)

    def results_extras(self, view: ResultView) -> ComposeResult:
        """The take-home: a QR code of a short summary, and a printout when a printer is set up."""
        if not (self.kiosk.qr_code or self.kiosk.print_command):
            return
        yield Static(self.t("take_home_title"), classes="section")
        if self.kiosk.qr_code:
            yield Static(self.t("take_home_help"), classes="muted")
            yield Button(self.t("show_code"), id="show-code", action="app.show_take_home")
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

    def show_welcome(self) -> None:
        """The attract screen is for the next visitor: reaching it by any path after a visit is a wipe."""
        if not self._wiping and (self.left_attract or (self.ready and self.session.answers())):
            self.wipe()  # which shows the attract screen, clean
        else:
            super().show_welcome()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """Catch every other way onto the attract screen, and note when a visitor leaves it."""
        from .screens.welcome import WelcomeScreen

        if self._wiping or isinstance(screen, ModalScreen):
            return
        if not isinstance(screen, WelcomeScreen):
            self.left_attract = True
        elif self.left_attract:
            self.call_later(self.wipe)  # not from inside the screen change that is still going on

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers nothing that reads a session on the attract screen."""
        reads_a_session = {self.t("review")}
        for command in super().get_system_commands(screen):
            if not (self._on_attract() and command.title in reads_a_session):
                yield command

    def action_show_take_home(self) -> None:
        """The take-home QR code, full screen, so it fits whole on a small console."""
        from ..kiosk.take_home import summary
        from .screens.take_home import TakeHomeScreen

        if self.session.at_results and not isinstance(self.screen, TakeHomeScreen):
            self.push_screen(TakeHomeScreen(summary(self.result_view())))

    # --- never die -----------------------------------------------------------------------

    def unexpected_error(self, error: Exception) -> bool:
        """Log without patient data and go back to the attract screen, instead of exiting."""
        if self.exiting or not self.is_running:
            # Screens being taken down may still handle queued keys, and before the app runs there is
            # nothing to go back to: no traceback either way, and the kiosk restarts if it was not stopping.
            note(f"{type(error).__qualname__} while the kiosk was starting or stopping", self.kiosk.log_file)
            if not self.exiting:
                self.exit(return_code=1)
            return True
        self.incidents.append(record(error, self.kiosk.log_file))

        self.call_later(self.wipe)
        return True

    def panic(self, *renderables: RenderableType) -> None:
        """Textual gives up (its input thread died): show the visitor nothing, log it and let the kiosk restart."""
        self.incidents.append(incident("Textual gave up (panic); the kiosk restarts", self.kiosk.log_file))
        self.exit(return_code=1)
