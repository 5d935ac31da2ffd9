"""`wizard replay`: answer a flow through the real screens, headless, as a person would.

Every answer is given with keys or clicks on the widgets (digits and arrows on
the choice lists, clicks on the body map, typing into number fields), never by
calling the engine directly. When a screen does not accept an answer the run
stops and names the question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from ..errors import Problem, WizardError
from ..flow.loaded import LoadedFlow
from ..flow.questions import MultipleChoice, Number, Question, Scale
from .app import WizardApp
from .screens.emergency import EmergencyScreen
from .screens.question import QuestionScreen
from .screens.results import ResultsScreen
from .screens.review import ReviewScreen
from .screens.welcome import WelcomeScreen
from .widgets.bodymap import BodyMap
from .widgets.options import ChoiceList

MAX_STEPS = 500


@dataclass
class Shown:
    """What the results screen showed, read back from its widgets."""

    triage: str
    """The triage level id of the banner."""
    triage_label: str
    top_cause: str | None
    """The id of the first cause listed, if any."""


class ReplayError(Exception):
    """The screens could not take an answer."""


async def _choose(pilot: Pilot[None], choices: ChoiceList, option_id: str) -> None:
    ids = [oid for oid, _ in choices.choices]
    if option_id not in ids:
        raise ReplayError(f'"{option_id}" is not on the screen; it shows {", ".join(ids)}')
    index = ids.index(option_id)
    choices.focus()
    if index < 9:
        await pilot.press(str(index + 1))
    else:
        await pilot.press("home", *(["down"] * index), "space")  # past 9: move there and tick


async def _answer(pilot: Pilot[None], screen: QuestionScreen, question: Question, value: Any) -> None:
    if isinstance(question, Scale):
        screen.query_one("#answer").focus()
        await pilot.press("end" if value == question.max and value > 9 else str(value))
    elif isinstance(question, Number):
        await pilot.click("#answer")
        await pilot.press(*f"{value:g}" if isinstance(value, (int, float)) else str(value))
    elif isinstance(question, MultipleChoice):
        picks = value if isinstance(value, list) else [value]
        maps = screen.query(BodyMap)
        for option_id in picks:
            spot = maps.first().offset_of(option_id) if maps and maps.first().region.area else None
            if spot is not None:
                await pilot.click("#body-map", offset=spot)
            else:
                await _choose(pilot, screen.query_one(ChoiceList), option_id)
    else:
        await _choose(pilot, screen.query_one(ChoiceList), str(value))


Answerer = Callable[[Pilot[None], QuestionScreen, Question, Any], Awaitable[None]]


async def drive(app: WizardApp, pilot: Pilot[None], answers: Mapping[str, Any], answer: Answerer = _answer) -> Shown:
    """Answer every question the screens ask, continue past interrupts, and read the results.

    `answer` gives one answer on a question screen; the default uses keys and clicks like a person.
    """
    for _ in range(MAX_STEPS):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, ResultsScreen):
            banner = str(screen.query_one("#triage-banner .banner-title", Static).render())
            assert screen.view is not None
            causes = screen.view.causes.causes if screen.view.causes else []
            return Shown(screen.view.triage.level, banner, causes[0].id if causes else None)
        if isinstance(screen, WelcomeScreen):
            await pilot.press("enter")
        elif isinstance(screen, EmergencyScreen):
            await pilot.press("escape")
        elif isinstance(screen, ReviewScreen):
            await pilot.press("r")
        elif isinstance(screen, QuestionScreen):
            question = screen.question
            if question is None:
                continue
            if question.id in answers and app.session.answer_of(question.id) is None:
                try:
                    await answer(pilot, screen, question, answers[question.id])
                except ReplayError as exc:
                    raise ReplayError(f'question "{question.id}": {exc}') from None
                if app.session.answer_of(question.id) is None:
                    error = str(screen.query_one("#error", Static).render())
                    raise ReplayError(
                        f'question "{question.id}": the screen did not accept '
                        f"{answers[question.id]!r}{': ' + error if error else ''}"
                    )
            elif question.id not in answers and question.required:
                raise ReplayError(f'question "{question.id}" is asked but the file has no answer for it')
            before = question.id
            screen.focus_answer()
            await pilot.press("enter")
            await pilot.pause()
            if (
                isinstance(app.screen, QuestionScreen)
                and app.session.current is not None
                and app.session.current.id == before
            ):
                error = str(app.screen.query_one("#error", Static).render())
                raise ReplayError(f'question "{before}": the screen did not move on: {error}')
        else:
            raise ReplayError(f"unexpected screen {type(screen).__name__}")
    raise ReplayError(f"no results after {MAX_STEPS} steps")


async def replay_screens(
    flow: LoadedFlow, lang: str, answers: Mapping[str, Any], size: tuple[int, int], screenshot: Path | None
) -> Shown:
    """Run the app headless on `answers`; save the results screen as SVG when asked."""
    app = WizardApp(flow, lang)
    app.animation_level = "none"  # the same screens, without waiting for animations to finish
    async with app.run_test(size=size) as pilot:
        shown = await drive(app, pilot, answers)
        if screenshot is not None:
            app.save_screenshot(filename=screenshot.name, path=str(screenshot.parent or "."))
    return shown


def parse_size(text: str) -> tuple[int, int]:
    """`WxH`, for example 80x24."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise WizardError([Problem(f'--size must look like 80x24, not "{text}"')]) from None
    if not (40 <= width <= 400 and 12 <= height <= 200):
        raise WizardError([Problem(f"--size {text} is outside 40x12 to 400x200")])
    return width, height
