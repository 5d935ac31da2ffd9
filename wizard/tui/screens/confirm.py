"""Are you sure? Asked before anything that loses a person's answers (starting again, quitting)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ..base import WizardModal, gone


class ConfirmScreen(WizardModal[bool]):
    """Dismisses with True only for the explicit yes; Escape and "Keep my answers" keep everything."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel", id="cancel", tooltip="Keep the answers")]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        app = self.wizard
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.question, classes="lead", markup=False)
            with Horizontal(classes="nav"):
                yield Button(app.t("keep_answers"), id="keep", variant="primary")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#keep", Button).focus()  # the safe choice is the default one

    @on(Button.Pressed, "#yes")
    def sure(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(False)
