"""One exercise in full: what it is for, a picture of the movement, steps, dose, variations, when to stop."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...results.view import ExerciseItem
from ..base import WizardModal, gone
from ..widgets.footer import LocalFooter
from ..widgets.hanging import hanging

FRAME_SECONDS = 0.9


class ExerciseScreen(WizardModal[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="close", tooltip="Back to the results")]

    def __init__(self, exercise: ExerciseItem, stop_rule: str) -> None:
        super().__init__()
        self.exercise = exercise
        self.stop_rule = stop_rule
        self.frames = exercise.picture
        self.frame = 0

    def compose(self) -> ComposeResult:
        e, t = self.exercise, self.wizard.t
        with Vertical(classes="dialog exercise-detail"):
            yield Static(e.title, classes="title", markup=False)
            with VerticalScroll(id="exercise-body"):
                yield Static(e.purpose, classes="lead", markup=False)
                if self.frames:
                    yield Static(self.frames[0].rstrip("\n"), id="picture", classes="picture", markup=False)
                yield Static(t("steps"), classes="section")
                for number, step in enumerate(e.steps, 1):
                    yield Static(hanging(f"{number}.", step), classes="step")
                yield Static(t("dose"), classes="section")
                yield Static(e.dosing, markup=False)
                for title, lines in (("easier", e.easier), ("harder", e.harder), ("stop_if", e.stop_when)):
                    yield Static(t(title), classes="section")
                    for line in lines:
                        yield Static(hanging("•", line))
                yield Static(self.stop_rule, classes="notice", markup=False)
            yield Button(t("close"), id="close", variant="primary")
        yield LocalFooter()

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#exercise-body").focus()
        if len(self.frames) > 1 and self.app.animation_level != "none":  # "none" also means reduced motion
            self.set_interval(FRAME_SECONDS, self.next_frame)

    def next_frame(self) -> None:
        self.frame = (self.frame + 1) % len(self.frames)
        self.query_one("#picture", Static).update(self.frames[self.frame].rstrip("\n"))

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss()
