"""Every use of Textual's private parts, in one place.

Textual is pinned exactly (see pyproject.toml), and each shim below names what it
relies on; tests/test_compat.py checks each of those facts and fails with the shim's
name when an upgrade changes one. Nothing else in the wizard imports a private name
from Textual or overrides a private method.
"""

from __future__ import annotations

import codecs
import functools
import signal
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.message import Message

__all__ = [
    "FooterKey",
    "GuardedApp",
    "KioskLinuxDriver",
    "TerminalInput",
    "driver_class",
    "lenient_decoder",
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


class GuardedApp(App[None]):
    """Shim "guarded app": an app that decides what an unexpected exception does instead of always exiting.

    Textual calls the private `_handle_exception` for an exception raised in a handler, timer or
    worker, and key bindings' actions run inside the private `_dispatch_message` of the app itself,
    where an exception ends its message loop. Both are routed to `unexpected_error`.
    """

    def unexpected_error(self, error: Exception) -> bool:
        """Handle `error`; return False to let Textual exit as it would."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        if not self.unexpected_error(error):
            super()._handle_exception(error)

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self._handle_exception(error)
