"""Helpers for driving the wizard in tests: most screen tests run the small shoulder flow
(tests/data/shoulder.yaml), which has every question type and no clinical wording to keep in
step with; a few golden tests keep the built-in flow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.geometry import Offset, Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loader import load_flow
from wizard.tui.app import DEFAULT_THEME, WizardApp

SHOULDER = Path(__file__).parent.parent / "data" / "shoulder.yaml"

CALM = {
    "where": ["right_shoulder"],
    "chest": "no",
    "injury": "none",
    "hot": "no",
    "lift_arm": "hurts",
    "pain": 3,
    "weeks": "under_two",
    "activity": ["desk"],
    "age": 41,
}
"""A shoulder that hurts from desk work, with no warning sign: self-care."""

CALM_KNEE = {
    "where": ["left_knee"],
    "age": 30,
    "emergency": ["none"],
    "injury": "none",
    "conditions": ["none"],
    "steps_now": "easily",
    "urgent_signs": ["none"],
    "pain_score": 3,
    "pain_when": ["sport"],
    "spot": ["kneecap"],
    "swelling": "none",
    "duration": "one_to_three_weeks",
    "trend": "better",
    "home_care": "not_yet",
    "knee_mechanical": ["none"],
    "symptoms": ["none"],
    "activity_change": ["new_sport"],
    "shoes": ["old_shoes"],
}
"""The built-in flow's calm knee, for the golden tests of the real flow."""


def make_app(theme: str = DEFAULT_THEME, lang: str = "en", flow: Path = SHOULDER) -> WizardApp:
    app = WizardApp(load_flow(flow), lang, theme=theme)
    app.animation_level = "none"
    return app


def make_knee_app(theme: str = DEFAULT_THEME, lang: str = "en") -> WizardApp:
    return make_app(theme, lang, BUILTIN_FLOW)


def current(app: WizardApp) -> str:
    question = app.session.current
    return "" if question is None else question.id


def drawn(widget: Widget) -> list[str]:
    """The lines `widget` draws, border and padding included, as a person sees them."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


def drawn_at(widget: Widget, text: str, nth: int = 0) -> Offset:
    """Where the `nth` (from 0, line by line) `text` is drawn in `widget`, from its top left (for a click)."""
    found = [Offset(x, y) for y, line in enumerate(drawn(widget)) for x in _starts(line, text)]
    assert len(found) > nth, f"{text!r} is drawn {len(found)} times in {drawn(widget)}"
    return found[nth]


def _starts(line: str, text: str) -> list[int]:
    return [x for x in range(len(line)) if line.startswith(text, x)]


async def no_blink(pilot: Pilot[Any]) -> None:
    """Stop cursor blinking so screenshots are repeatable."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def answer_until(pilot: Pilot[Any], app: WizardApp, answers: dict[str, Any], stop: str) -> None:
    """Answer through the screens (replay's driver, keys and clicks) until question `stop` is current."""
    from wizard.tui.replay import _answer
    from wizard.tui.screens.question import QuestionScreen

    await pilot.pause()
    if not isinstance(app.screen, QuestionScreen):
        await pilot.press("enter")
        await pilot.pause()
    while current(app) != stop:
        screen = app.screen
        assert isinstance(screen, QuestionScreen), type(screen)
        question = screen.question
        assert question is not None
        await _answer(pilot, screen, question, answers[question.id])
        screen.focus_answer()
        await pilot.press("enter")
        await pilot.pause()
