"""The second flow, tests/data/shoulder.yaml, through every face: not one word of the knee and ankle flow.

Flows are generic only if nothing outside the flow names a body part. Each face's whole output
(the headless commands, the accessible mode on piped input, every screen of the full-screen app
and of the kiosk, the FHIR questionnaire) is collected here, in both languages and for a few
outcomes, and searched for the words of the built-in flow. Each face must also name the shoulder,
so an empty or failed output cannot pass.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from wizard.cli import main
from wizard.engine.assessment import assess
from wizard.flow.loader import load_flow
from wizard.kiosk.config import KioskConfig
from wizard.kiosk.take_home import summary
from wizard.results.view import build_view
from wizard.tui.app import WizardApp
from wizard.tui.kiosk import KioskApp
from wizard.tui.replay import _answer
from wizard.tui.screens.emergency import EmergencyScreen
from wizard.tui.screens.exercise import ExerciseScreen
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.idle import IdleScreen
from wizard.tui.screens.question import QuestionScreen
from wizard.tui.screens.results import ResultsScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.take_home import TakeHomeScreen

from .conftest import session_from
from .tui.helpers import CALM, SHOULDER, answer_until
from .tui.svg_raster import cells
from .tui.test_kiosk import Clock, idle_for

FORBIDDEN = re.compile(
    r"(?<![^\W_])(knees?|ankles?|foot|feet|heels?|calf|calves|shins?|toes?|legs?|hips?|soles?|achilles"
    r"|rodillas?|tobillos?|pies?|tal[oó]n|talones|pantorrillas?|gemelos?|espinillas?|piernas?|caderas?|plantas?)(?![^\W_])",
    re.IGNORECASE,
)
"""Body parts of the knee and ankle flow, in its two languages, as words or as parts of an id (left_knee)."""
NAMES_THE_SHOULDER = re.compile(r"shoulder|hombro", re.IGNORECASE)

OUTCOMES: dict[str, dict[str, Any]] = {
    "self_care": CALM,
    "unsure_infection": {**CALM, "hot": "unsure"},
    "cannot_lift": {**CALM, "lift_arm": "cannot", "weeks": "two_or_more"},
    "emergency": {**CALM, "injury": "recent", "misshapen": "yes", "age": 70},
}
"""Answers for each kind of result: exercises and causes, the "not sure" note, exercises left out, and
an emergency that withholds them."""
LANGS = ("en", "es")
SIZE = (100, 60)
"""Tall enough that the results screen is mostly on one screenshot; the widgets' own text covers the rest."""


def assert_generic(face: str, text: str, *, names_the_shoulder: bool = True) -> None:
    found = sorted({match.group(0).lower() for match in FORBIDDEN.finditer(text)})
    lines = [line.strip() for line in text.splitlines() if FORBIDDEN.search(line)]
    assert not found, f"{face} says {found}: {lines[:5]}"
    assert not names_the_shoulder or NAMES_THE_SHOULDER.search(text), f"{face} never names the shoulder: {text[:300]!r}"


def answers_yaml(answers: dict[str, Any]) -> str:
    return yaml.safe_dump({"answers": answers})  # quotes "yes" and "no", which YAML would read as booleans


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code = main([str(arg) for arg in args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out + out.err


# --- the headless commands ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_run_in_every_format(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, lang: str) -> None:
    for name, answers in OUTCOMES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(answers_yaml(answers), encoding="utf-8")
        out = cli(capsys, "run", "--flow", SHOULDER, "--lang", lang, "--format", fmt, path)
        assert_generic(f"wizard run --format {fmt} --lang {lang} ({name})", out)


def test_check_explore_explain_graph_and_fhir(capsys: pytest.CaptureFixture[str]) -> None:
    assert_generic("wizard check", cli(capsys, "check", SHOULDER))
    assert_generic("wizard explain", cli(capsys, "explain", SHOULDER))
    assert_generic("wizard explain --format html", cli(capsys, "explain", "--format", "html", SHOULDER))
    assert_generic("wizard explore", cli(capsys, "explore", SHOULDER))
    assert_generic("wizard explore --format json", cli(capsys, "explore", "--format", "json", SHOULDER))
    for lang in LANGS:
        assert_generic(f"wizard graph --lang {lang}", cli(capsys, "graph", "--lang", lang, SHOULDER))
        questionnaire = cli(capsys, "fhir", "questionnaire", "--lang", lang, SHOULDER)
        assert_generic(f"wizard fhir questionnaire --lang {lang}", questionnaire)


def test_the_served_page_is_named_for_the_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    titles: list[str] = []

    def serve(args: object, *, title: str) -> int:
        titles.append(title)
        return 0

    monkeypatch.setattr("wizard.serve.serve", serve)
    assert main(["serve", "--flow", str(SHOULDER), "--lang", "es"]) == 0
    assert titles == ["Revisión del dolor de hombro"]


def test_take_home_summaries() -> None:
    flow = load_flow(SHOULDER)
    for lang in LANGS:
        for name, answers in OUTCOMES.items():
            session = session_from(flow, answers)
            session.lang = lang
            view = build_view(session, assess(session))
            text = summary(view)  # too short to name the place: what to do, how soon, what helps
            assert text.startswith(view.triage.label)
            assert_generic(f"take-home summary ({name}, {lang})", text, names_the_shoulder=False)


# --- the accessible mode --------------------------------------------------------------------

PIPED = ["help", "2", "2", "3", "2", "2", "3", "1", "3", "41", "", "save", "", ""]
"""Help on the first question, then the calm answers by number, the review, the results, and a saved copy
under the name the wizard offers."""


@pytest.mark.parametrize("lang", LANGS)
def test_accessible_mode_on_piped_input(tmp_path: Path, lang: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "--accessible", "--flow", str(SHOULDER), "--lang", lang],
        input="\n".join(PIPED) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    (saved,) = tmp_path.iterdir()
    assert saved.name == "shoulder-results.txt"
    assert_generic(f"--accessible --lang {lang}", result.stdout + result.stderr + saved.read_text())


# --- the full-screen app and the kiosk ------------------------------------------------------


def screen_text(app: App[Any]) -> str:
    """What the screen shows (the screenshot's cells) and every text of its widgets, scrolled out of sight or not."""
    grid = cells(app.export_screenshot(), *app.size)
    drawn = "\n".join("".join(char for char, _, _ in row) for row in grid)
    widgets = [str(widget.render()) for widget in app.screen.query(Static)]
    widgets += [str(button.label) for button in app.screen.query(Button)]
    return "\n".join([app.title, drawn, *widgets])


class Journey:
    """Every screen one visit shows, as text, keyed by where it was taken."""

    def __init__(self, pilot: Pilot[Any], app: WizardApp) -> None:
        self.pilot, self.app = pilot, app
        self.texts: dict[str, str] = {}

    async def take(self, where: str) -> None:
        await self.pilot.pause()
        self.texts[f"{where} ({type(self.app.screen).__name__})"] = screen_text(self.app)

    async def through_the_questions(self, answers: dict[str, Any]) -> None:
        """From the welcome screen through every question to the review, taking each screen."""
        await self.take("welcome")
        await self.pilot.press("enter")
        await self.pilot.pause()
        while isinstance(self.app.screen, QuestionScreen):
            question = self.app.screen.question
            assert question is not None
            await self.take(f"question {question.id}")
            await _answer(self.pilot, self.app.screen, question, answers[question.id])
            self.app.screen.focus_answer()
            await self.pilot.press("enter")
            await self.pilot.pause()
        assert isinstance(self.app.screen, ReviewScreen), type(self.app.screen)
        await self.take("review")

    def assert_generic(self, face: str) -> None:
        for where, text in self.texts.items():
            assert_generic(f"{face}, {where}", text)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_full_screen_app(tmp_path: Path, lang: str) -> None:
    app = WizardApp(load_flow(SHOULDER), lang)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        journey = Journey(pilot, app)
        await journey.through_the_questions(CALM)
        await pilot.press("r")
        await journey.take("results")
        assert isinstance(app.screen, ResultsScreen)
        app.screen.query("Button.exercise").first(Button).press()
        await journey.take("an exercise")
        assert isinstance(app.screen, ExerciseScreen)
        await pilot.press("escape")
        await pilot.press("s")
        await journey.take("save")
        assert isinstance(app.screen, SaveScreen)
        assert app.screen.query_one("#path", Input).value == "shoulder-results.html"
        await pilot.press("escape")
        await pilot.press("f1")
        await journey.take("help")
        assert isinstance(app.screen, HelpScreen)
    journey.assert_generic(f"the app ({lang})")


async def test_the_emergency_interrupt_and_its_results() -> None:
    app = WizardApp(load_flow(SHOULDER), "en")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        journey = Journey(pilot, app)
        await answer_until(pilot, app, CALM, "chest")
        await pilot.press("1", "enter")
        await journey.take("emergency")
        assert isinstance(app.screen, EmergencyScreen)
        await pilot.click("#results")
        await journey.take("emergency results")
        assert isinstance(app.screen, ResultsScreen)
    journey.assert_generic("the app")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_kiosk(lang: str) -> None:
    clock = Clock()
    app = KioskApp(load_flow(SHOULDER), KioskConfig(lang=lang), clock=clock)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        journey = Journey(pilot, app)
        await pilot.press("f1")
        await journey.take("help")
        await pilot.press("escape")
        await journey.through_the_questions(CALM)
        await pilot.press("r")
        await journey.take("results")
        assert isinstance(app.screen, ResultsScreen)
        app.action_show_take_home()
        await journey.take("take-home code")
        assert isinstance(app.screen, TakeHomeScreen)
        await pilot.press("escape")
        await idle_for(pilot, clock, app.kiosk.idle_timeout + 1)
        await journey.take("idle warning")
        assert isinstance(app.screen, IdleScreen)
        await idle_for(pilot, clock, app.kiosk.idle_warning + 1)
        await journey.take("the next visitor")
        assert not app.session.answers()
    journey.assert_generic(f"the kiosk ({lang})")


def test_the_forbidden_words_are_found() -> None:
    """The check itself: each language's words are caught, inside sentences and in any case."""
    for text in ("Your KNEE hurts.", "left_ankle", "el tobillo", "De pie.", "heel-raise", "Pierna"):
        with pytest.raises(AssertionError):
            assert_generic("a sample", text + " shoulder")
    assert_generic("a sample", "Shoulder, neck and upper arm: wall finger walk, arm above the head.")
    with pytest.raises(AssertionError, match="never names the shoulder"):
        assert_generic("an empty output", "")
