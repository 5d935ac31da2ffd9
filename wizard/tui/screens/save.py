"""Save the results as Markdown, a print-friendly HTML handout, or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...results.formats import format_for, render
from ..base import WizardModal, gone

if TYPE_CHECKING:
    from ..app import WizardApp

DEFAULT_NAME = "knee-ankle-results.html"


class SaveScreen(WizardModal[None]):
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="cancel", tooltip="Close without saving")]

    def compose(self) -> ComposeResult:
        app: WizardApp = self.app  # type: ignore[assignment]
        with Vertical(classes="dialog save"):
            yield Static(app.t("save_title"), classes="title")
            yield Static(app.t("save_path"), classes="muted")
            yield Input(DEFAULT_NAME, id="path")  # relative: saved in the folder the wizard was started in
            yield Static("", id="save-message", classes="error", markup=False)
            with Horizontal(classes="nav"):
                yield Button(app.t("cancel"), id="cancel")
                yield Button(app.t("save"), id="save", variant="primary")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss()

    def save(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        message = self.query_one("#save-message", Static)
        try:
            path.write_text(render(app.result_view(), format_for(path)), encoding="utf-8")
        except ValueError:
            message.update(app.t("save_format"))
            return
        except OSError as exc:
            message.update(app.t("save_failed", reason=exc.strerror or str(exc)))
            return
        app.notify(app.t("saved", path=str(path.resolve())))
        self.dismiss()
