"""The take-home QR code on a screen of its own, so it fits whole on an 80x24 console.

Dark on light whatever the theme, with the light background all around it as the
quiet zone a phone's camera needs. A screen too small for the whole code shows the
summary as text instead: half a code reads as nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...kiosk.take_home import qr_rows
from ..base import WizardScreen, done, gone

if TYPE_CHECKING:
    pass


class TakeHomeScreen(WizardScreen):
    CSS = """
    TakeHomeScreen {
        background: #ffffff;
        color: #000000;
        align: center middle;
    }
    TakeHomeScreen #take-home-view {
        width: auto;
        height: auto;
    }
    TakeHomeScreen #take-home-code {
        width: auto;
        height: auto;
        background: #ffffff;
        color: #000000;
    }
    TakeHomeScreen #take-home-side {
        width: 1fr;
        max-width: 40;
        min-width: 24;
        height: auto;
        padding: 1 2 0 2;
    }
    TakeHomeScreen #take-home-side, TakeHomeScreen #take-home-text {
        background: #ffffff;
        color: #000000;
    }
    TakeHomeScreen .take-home-title {
        color: #000000;
        text-style: bold;
        margin-bottom: 1;
    }
    TakeHomeScreen #take-home-text {
        width: 1fr;
        max-width: 72;
        height: 1fr;
        padding: 1 2;
    }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close", id="close", tooltip="Back to the results")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.rows = qr_rows(text)

    def compose(self) -> ComposeResult:
        app = self.wizard
        with Horizontal(id="take-home-view"):
            yield Static("\n".join(self.rows), id="take-home-code", markup=False)
            with Vertical(id="take-home-side"):
                yield Static(app.t("take_home_title"), classes="take-home-title")
                yield Static(app.t("take_home_help"), markup=False)
                yield Button(app.t("close"), id="close", variant="primary")
        with VerticalScroll(id="take-home-text"):
            yield Static(app.t("take_home_too_small"), classes="take-home-title")
            yield Static(self.text, markup=False)
            yield Button(app.t("close"), id="close-text", variant="primary")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """The code when it fits whole beside its side column, else the summary as text."""
        whole = width >= len(self.rows[0]) + 24 and height >= len(self.rows)
        self.query_one("#take-home-view").display = whole
        self.query_one("#take-home-text").display = not whole
        self.query_one("#close" if whole else "#close-text", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()

    def dismiss(self, result: None = None) -> AwaitComplete:
        """Only while on top: a second tap on Close must not close the results under it (see dialog.py)."""
        return super().dismiss(result) if self.is_active else done()
