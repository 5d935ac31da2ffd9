"""Save the results as text, Markdown, a print-friendly HTML handout, JSON, or a FHIR QuestionnaireResponse.

In a terminal the file is written where the person says, never over an existing file without
a second, explicit Save; the message names the whole path written. In a browser (`wizard
serve`) the file goes to the browser as a download and nothing is written on the server.
A kiosk has no Save at all (KioskApp.check_action), so the FHIR format never reaches one.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...results.formats import format_for, render
from ..base import WizardModal, gone

FHIR_SUFFIX = ".fhir.json"
"""A file name ending so asks for the answers as a FHIR QuestionnaireResponse, for a clinic's records."""
PRINTABLE = r"[^\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*"
"""What the file name field accepts: no control characters (a pasted escape code) and no bidi
controls (which could show `lmth.exe` as `exe.html`)."""
MIME = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html", "json": "application/json"}


class SaveScreen(WizardModal[None]):
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="cancel", tooltip="Close without saving")]

    def __init__(self) -> None:
        super().__init__()
        self.replacing: Path | None = None
        """The existing file the person was warned about: a second Save replaces it."""

    def compose(self) -> ComposeResult:
        app = self.wizard
        with Vertical(classes="dialog save"):
            yield Static(app.t("save_title"), classes="title")
            yield Static(app.t("save_download" if app.is_web else "save_path"), classes="muted")
            # relative: saved in the folder the wizard was started in
            yield Input(app.handout_name(), id="path", restrict=PRINTABLE, max_length=255)
            yield Static("", id="save-message", classes="error", markup=False)
            with Horizontal(classes="nav"):
                yield Button(app.t("cancel"), id="cancel")
                yield Button(app.t("save"), id="save", variant="primary")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#path", Input).focus()

    @on(Input.Changed, "#path")
    def name_changed(self) -> None:
        """Another name: any warning about the last one no longer holds."""
        self.replacing = None
        self.query_one("#save", Button).label = self.wizard.t("save")
        self.query_one("#save-message", Static).update("")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        app = self.wizard
        name = self.query_one("#path", Input).value.strip()
        message = self.query_one("#save-message", Static)
        try:
            fmt, text = self.content(name)
        except ValueError:
            message.update(app.t("save_format_fhir"))
            return
        if app.is_web:
            app.deliver_text(io.StringIO(text), save_filename=Path(name).name, mime_type=MIME.get(fmt))
            app.notify(app.t("downloading", name=Path(name).name), markup=False)
            self.dismiss()
            return
        path = Path(name).expanduser().resolve()
        if path.exists() and path != self.replacing:
            self.replacing = path
            message.update(app.t("save_exists", path=str(path)))
            self.query_one("#save", Button).label = app.t("save_replace")
            return
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            message.update(app.t("save_failed", reason=exc.strerror or str(exc)))
            return
        app.notify(app.t("saved", path=str(path)), markup=False, timeout=15)
        self.dismiss()

    def content(self, name: str) -> tuple[str, str]:
        """(format, text) for the file name; ValueError for a name the wizard does not write."""
        app = self.wizard
        if not name or name.endswith(("/", ".")):
            raise ValueError(name)
        if name.lower().endswith(FHIR_SUFFIX):
            from ...fhir.response import questionnaire_response

            response = questionnaire_response(app.session, authored=datetime.now(timezone.utc).replace(microsecond=0))
            return "json", json.dumps(response, indent=2, ensure_ascii=False) + "\n"
        fmt = format_for(Path(name))
        return fmt, render(app.result_view(), fmt)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss()
