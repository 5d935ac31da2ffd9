"""The results: what to do and how soon first, then why, then what helps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...report import outcome, withheld_by_reason
from ..widgets.footer import LocalFooter
from .dialog import gone

if TYPE_CHECKING:
    from ..app import WizardApp


class ResultsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Review", id="back", tooltip="Back to your answers"),
        Binding("s", "save", "Save", id="save", tooltip="Save a handout"),
        Binding("n", "restart", "Start again", id="restart", tooltip="Forget the answers and start again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        app: WizardApp = self.app  # type: ignore[assignment]
        self.data = outcome(app.session, app.outcome())  # here, so a change of language redraws in it
        data, t = self.data, app.t
        triage = data["triage"]
        with Vertical(classes="page"):
            with Vertical(id="triage-banner", classes=f"banner tone-{triage['tone']}"):
                yield Static(triage["label"], classes="banner-title", markup=False)
                yield Static(f"{t('how_soon')}: {triage['how_soon']}", classes="banner-text", markup=False)
            with Center(id="results-center"), VerticalScroll(id="results-body", classes="column"):
                yield Static(triage["advice"], id="triage-advice", classes="lead", markup=False)
                if data["red_flags"]:
                    yield Static(t("warning_signs"), classes="section")
                    for flag in data["red_flags"]:
                        yield Static(
                            f"• {flag['title']}. {flag['advice']}", classes=f"flag level-{flag['level']}", markup=False
                        )
                    if data["unsure_note"]:
                        yield Static(data["unsure_note"], classes="muted", markup=False)
                if data["causes"] or data["no_cause"]:
                    yield Static(t("causes_title"), classes="section")
                if data["no_cause"]:
                    yield Static(data["no_cause"], markup=False)
                for cause in data["causes"]:
                    yield Static(cause["title"], classes="cause-title", markup=False)
                    for reason in cause["because"]:
                        yield Static(f"  {t('because')}: {reason}", classes="because", markup=False)
                    yield Static(cause["explanation"], classes="muted explanation", markup=False)
                yield Static(t("exercises_title"), classes="section")
                if data["exercise_note"]:
                    yield Static(data["exercise_note"], classes="notice", markup=False)
                if data["exercises"]:
                    yield Static(t("exercises_open"), classes="muted")
                for exercise in data["exercises"]:
                    yield Button(f"▶ {exercise['title']}", id=f"exercise-{exercise['id']}", classes="exercise")
                for reason, titles in withheld_by_reason(data["exercises_withheld"]).items():
                    yield Static(f"{t('not_now')}: {', '.join(titles)}. {reason}", classes="muted", markup=False)
                if app.kiosk is not None:
                    yield from self.take_home(app)
                for title, key in (("treatments_title", "treatments"), ("prevention_title", "prevention")):
                    if data[key]:
                        yield Static(t(title), classes="section")
                        for item in data[key]:
                            yield Static(item["title"], classes="item-title", markup=False)
                            yield Static(item["text"], markup=False)
                yield Static(data["pt_tip"]["title"], classes="section", markup=False)
                yield Static(data["pt_tip"]["text"], markup=False)
                yield Static(t("sources_title"), classes="section")
                for source in data["sources"]:
                    url = f" <{source['url']}>" if source["url"] else ""
                    yield Static(f"• {source['title']}{url}", classes="muted", markup=False)
                yield Static(data["disclaimer"], id="disclaimer", classes="notice", markup=False)
            yield Static(t("more_below"), id="more-below", classes="more-below")
        if app.kiosk is not None:
            with Center(id="finish-bar"):
                yield Button(t("finish"), id="finish", variant="primary")
        yield LocalFooter()

    def take_home(self, app: WizardApp) -> ComposeResult:
        """The kiosk's take-home: a QR code of a short summary, and a printout when a printer is set up."""
        assert app.kiosk is not None
        if not (app.kiosk.qr_code or app.kiosk.print_command):
            return
        yield Static(app.t("take_home_title"), classes="section")
        if app.kiosk.qr_code:
            yield Static(app.t("take_home_help"), classes="muted")
            yield Button(app.t("show_code"), id="show-code", action="app.show_take_home")
        if app.kiosk.print_command:
            yield Button(app.t("print"), id="print", classes="small")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No saving in a kiosk: nothing is written to disk."""
        app: WizardApp = self.app  # type: ignore[assignment]
        return not (action == "save" and app.kiosk is not None)

    def on_wizard_app_flow_ready(self) -> None:
        """Sent after a change of language has rebuilt the screen."""
        self.on_mount()

    def on_mount(self) -> None:
        if gone(self):
            return
        body = self.query_one("#results-body", VerticalScroll)
        body.focus()
        self.watch(body, "scroll_y", self.update_cue, init=False)
        self.call_after_refresh(self.update_cue)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_cue)

    def update_cue(self, _: float | None = None) -> None:
        """Show "more below" while anything is hidden under the fold."""
        body = self.query_one("#results-body", VerticalScroll)
        self.query_one("#more-below", Static).display = body.max_scroll_y > 0 and body.scroll_y < body.max_scroll_y

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "finish":
            self.action_restart()
        elif button_id == "print":
            self.print_summary()
        elif button_id.startswith("exercise-"):
            from .exercise import ExerciseScreen

            exercise = next(e for e in self.data["exercises"] if e["id"] == button_id.removeprefix("exercise-"))
            self.app.push_screen(ExerciseScreen(exercise, self.data["stop_rule"]))

    @work(thread=True, exclusive=True, group="print")
    def print_summary(self) -> None:
        """Pipe the plain-text handout to the configured command; no file is written."""
        import subprocess

        from ...report import to_text

        app: WizardApp = self.app  # type: ignore[assignment]
        assert app.kiosk is not None and app.kiosk.print_command
        try:
            done = subprocess.run(
                app.kiosk.print_command,
                input=to_text(self.data),
                text=True,
                timeout=30,
                capture_output=True,
                check=False,
            )
            ok = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        app.call_from_thread(
            app.notify, app.t("printed" if ok else "print_failed"), severity="information" if ok else "error"
        )

    def action_back(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.show_review()

    def action_save(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.action_save()

    def action_restart(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.restart()
