"""Every use of Textual's (and textual-serve's) private parts, in one place.

Textual is pinned exactly (see pyproject.toml), and each shim below names what it
relies on; tests/test_compat.py checks each of those facts and fails with the shim's
name when an upgrade changes one. Nothing else in the wizard imports a private name
from Textual or overrides a private method.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import signal
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.actions import parse as parse_action
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.errors import NoWidget
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode
    from textual.driver import Driver
    from textual.message import Message
    from textual_serve.app_service import AppService

__all__ = [
    "FooterKey",
    "GuardedApp",
    "KioskLinuxDriver",
    "OwnTaskFooter",
    "TerminalInput",
    "driver_class",
    "lenient_decoder",
    "served_process",
    "use_lenient_input",
]

DECODER_NAME = "getincrementaldecoder"
PARSER_NAME = "XTermParser"
"""The module-level names through which Textual's Linux and web drivers make their input decoder and parser."""


def lenient_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """An incremental decoder factory like `codecs.getincrementaldecoder`, but dropping undecodable bytes.

    Textual's input threads decode with errors="strict": one byte that is not UTF-8 (0xff from a
    barcode scanner, 0x9b from a Latin-1 keymap, a broken paste) raises in the thread, and the app
    panics with a traceback. A byte that means nothing is dropped instead.
    """
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="ignore")


class EndlessParser(XTermParser):
    """Textual's terminal parser, for which empty input is not the end of the stream.

    The parser takes feed("") as end of file and raises on every later feed. The Linux driver
    never feeds an empty read, but the web driver feeds each packet's decoded text, which is
    empty when the packet held only undecodable bytes or half a character.
    """

    def feed(self, data: str) -> Iterable[Message]:
        return super().feed(data) if data else ()


def use_lenient_input(driver: type[Driver]) -> None:
    """Shim "lenient input": make `driver`'s input thread drop undecodable bytes instead of raising.

    Relies on the driver's `run_input_thread` looking up `getincrementaldecoder` and `XTermParser`
    in its module's globals each time it starts (true of LinuxDriver and WebDriver in Textual 8.2.8).
    """
    module = sys.modules[driver.__module__]
    if hasattr(module, DECODER_NAME):
        setattr(module, DECODER_NAME, lenient_decoder)
    if hasattr(module, PARSER_NAME):
        setattr(module, PARSER_NAME, EndlessParser)


class KioskLinuxDriver(LinuxDriver):
    """Shim "kiosk driver": the Linux driver without suspend and resume.

    LinuxDriver.__init__ installs a SIGTSTP handler that stops the process (and a SIGCONT one that
    starts application mode again). A stopped kiosk is never restarted by a supervisor, so both
    are put back to doing nothing as soon as the driver exists.
    """

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        signal.signal(signal.SIGTSTP, signal.SIG_IGN)
        signal.signal(signal.SIGCONT, signal.SIG_DFL)


def driver_class(base: type[Driver], *, kiosk: bool) -> type[Driver]:
    """The driver to run with: `base` with lenient input, and the kiosk's own Linux driver in a kiosk."""
    use_lenient_input(base)
    if kiosk and base is LinuxDriver:
        return KioskLinuxDriver
    return base


class TerminalInput:
    """Shim "terminal input": turns bytes read from a terminal into events as Textual's Linux driver does.

    The same parser (the private XTermParser) and decoding as the driver's input thread, so tests and
    benchmarks can send raw bytes (invalid UTF-8, escape sequences, pastes, mouse reports) through
    Pilot. One instance per stream: a sequence split across two feeds stays one event.
    """

    def __init__(self) -> None:
        self._parser = EndlessParser()
        self._decode = lenient_decoder("utf-8")().decode

    def feed(self, data: bytes) -> list[Message]:
        return [*self._parser.feed(self._decode(data)), *self._parser.tick()]


class OwnTaskFooter(Footer):
    """Shim "footer": Textual's footer, recomposed in its own task.

    The stock footer answers a change of bindings with `call_after_refresh(self.recompose)`, which
    Textual forwards to whichever screen is current: a dialog pushed a moment before then runs the
    footer of the screen under it. Popping that dialog makes the app wait for the dialog's task,
    which waits inside the other screen's recompose: the kiosk froze for good (key storms in tmux,
    about one run in four). Relies on Footer's `bindings_changed` signal callback and its private
    `_bindings_ready` flag (Textual 8.2.8).
    """

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_later(self.recompose)


class GuardedApp(App[None]):
    """Shim "guarded app": an app that decides what an unexpected exception does instead of always exiting.

    Textual calls the private `_handle_exception` for an exception raised in a handler, timer or
    worker, and key bindings' actions run inside the private `_dispatch_message` of the app itself,
    where an exception ends its message loop. Both are routed to `unexpected_error`.
    """

    exiting = False
    """Set once the app was asked to exit (a quit, SIGTERM, SIGHUP, the staff exit)."""

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        self.exiting = True
        super().exit(result, return_code, message)

    def unexpected_error(self, error: Exception) -> bool:
        """Handle `error`; return False to let Textual exit as it would (with the traceback).

        On the way out, screens being taken down can still handle input queued before the exit
        (a screen mounted after its widgets were removed raises NoMatches): nothing is left to
        protect or show then, so those are dropped instead of ending in a traceback.
        """
        return self.exiting

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.MouseDown) and not event.is_forwarded and self._pressed_on_a_removed_widget(event):
            return
        await super().on_event(event)

    def _pressed_on_a_removed_widget(self, event: events.MouseDown) -> bool:
        """Textual's text selection starts from the widget the last layout put under a press; one removed
        since (a question's answers replaced by the next question's) has no parent, and Screen's own
        handler fails on it (AttributeError). Nothing is there to press: the press is dropped."""
        try:
            widget, _ = self.screen.get_widget_and_offset_at(event.x, event.y)
        except NoWidget:
            return False
        return widget is not None and widget.parent is None and not isinstance(widget, Screen)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """A key binding's action runs in the task of the screen or widget it belongs to.

        Textual runs every binding's action in the app's own task. An async action of a screen
        (Next recomposing the question) then interleaves with that screen's own handlers (a change
        of language recomposing the whole screen, a click recording an answer): each finds the
        other's widgets gone (NoMatches). Run in the screen's task instead, the two take turns, as
        its other messages do. An action of a screen not mounted yet, or already taken down, does
        nothing (the key came faster than the screen).
        """
        target = default_namespace
        if not isinstance(target, Widget) or not isinstance(action, str):
            return await super().run_action(action, default_namespace, namespaces)
        if not (target.is_mounted and target.is_attached):
            return False
        prefix, name, params = parse_action(action)
        if prefix or not callable(getattr(target, f"action_{name}", None)) or not target.check_action(name, params):
            return await super().run_action(action, default_namespace, namespaces)
        return target.call_later(super().run_action, action, target, namespaces)

    def _handle_exception(self, error: Exception) -> None:
        if not self.unexpected_error(error):
            super()._handle_exception(error)

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self._handle_exception(error)


def served_process(service: AppService) -> asyncio.subprocess.Process | None:
    """Shim "served process": the child process textual-serve's AppService started for one browser tab.

    AppService offers no way to end a child that does not quit when asked; its private `_process`
    attribute holds it (textual-serve 1.1).
    """
    process = getattr(service, "_process", None)
    return process if isinstance(process, asyncio.subprocess.Process) else None
