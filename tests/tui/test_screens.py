"""Pilot tests: each question type, back and forward, review, the emergency interrupt, results, saving."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button, Input, Static

from wizard.tui.screens.emergency import EmergencyScreen
from wizard.tui.screens.exercise import ExerciseScreen
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.question import QuestionScreen
from wizard.tui.screens.results import ResultsScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.tui.widgets.choices import ChoiceList
from wizard.tui.widgets.scale import PainScale
from wizard.ui_text import ui

from .helpers import CALM_KNEE, answer_until, current, make_app


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_welcome_then_single_choice_by_digit_and_back_keeps_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.click("#start")
        await pilot.pause()
        assert current(app) == "where"
        await pilot.press("1", "enter")
        await pilot.pause()
        assert current(app) == "injury"
        await pilot.press("3", "enter")
        await pilot.pause()
        assert current(app) == "deformity"
        await pilot.press("escape")
        await pilot.pause()
        assert current(app) == "injury"
        assert app.screen.query_one(ChoiceList).selected == ["none"]
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session.answers() == {"where": ["left_knee"], "injury": "none"}


async def test_next_without_answer_says_so_and_stays() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#next")
        await pilot.pause()
        assert current(app) == "where"
        assert "Please choose at least one" in text_of(app.screen, "#error") or "please answer" in text_of(
            app.screen, "#error"
        )


async def test_multiple_choice_keys_map_clicks_and_exclusive_none() -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "space")  # right knee
        await pilot.click("#spot-left_ankle")
        await pilot.pause()
        assert app.session.answer_of("where") == ["right_knee", "left_ankle"]
        assert app.screen.query_one(ChoiceList).selected == ["right_knee", "left_ankle"]
        await pilot.click("#spot-right_knee")  # untick from the map
        await pilot.pause()
        assert app.session.answer_of("where") == ["left_ankle"]
        await answer_until(pilot, app, {**CALM_KNEE, "where": ["left_ankle"]}, "conditions")
        await pilot.press("1", "2")  # diabetes, osteoarthritis
        await pilot.press("7")  # none of these: clears the others
        await pilot.pause()
        assert app.session.answer_of("conditions") == ["none"]


async def test_invalid_location_is_explained_and_not_stored() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("9")  # lower back only
        await pilot.pause()
        assert app.session.answer_of("where") is None
        assert "knee or ankle" in text_of(app.screen, "#error")
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) == "where"


async def test_pain_scale_digits_arrows_and_click() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "pain_score")
        await pilot.press("7")
        assert app.session.answer_of("pain_score") == 7
        await pilot.press("right", "right", "right", "right")
        assert app.session.answer_of("pain_score") == 10
        await pilot.press("left")
        assert app.session.answer_of("pain_score") == 9
        scale = app.screen.query_one(PainScale)
        await pilot.click(PainScale, offset=(scale.cell_width() * 2 + 1, 0))
        assert app.session.answer_of("pain_score") == 2


async def test_number_field_validates_inline_and_keeps_the_draft() -> None:
    app = make_app()
    answers = {
        **CALM_KNEE,
        "injury": "recent",
        "compartment": "no",
        "knee_injury_signs": ["none"],
        "injury_how": ["twist"],
        "tender_points": ["none"],
        "ottawa_exclusions": ["none"],
    }
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, answers, "age")
        await pilot.click("#answer")
        await pilot.press("2", "0", "0")
        await pilot.pause()
        assert app.session.answer_of("age") is None
        assert "outside the range" in text_of(app.screen, "#error")
        await pilot.press("escape")  # back: the draft is kept
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) == "age" and app.screen.query_one(Input).value == "200"
        await pilot.press("2", "4", "enter")  # the kept text is selected, so typing replaces it
        await pilot.pause()
        assert app.session.answer_of("age") == 24 and current(app) == "pain_score"


async def test_emergency_interrupts_at_once_and_can_continue() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "deformity")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        assert "bone may be broken" in " ".join(str(s.render()) for s in app.screen.query(Static))
        await pilot.click("#continue")
        await pilot.pause()
        assert current(app) == "circulation"
        await pilot.press("2", "enter")  # no new emergency flag: no second interrupt
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_emergency_can_go_straight_to_results() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "circulation")
        await pilot.press("3", "enter")  # not sure: fail-closed
        await pilot.pause()
        await pilot.click("#results")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.view is not None and app.screen.view.triage.level == "emergency"
        assert not app.screen.query("Button.exercise")


async def press_button(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Tab-style: focus a button (scrolling it into view) and press Enter."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("enter")


async def finish(pilot, app, answers=CALM_KNEE) -> None:  # type: ignore[no-untyped-def]
    await answer_until(pilot, app, answers, "")


async def test_review_edit_returns_to_review_and_asks_new_questions() -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await finish(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        await press_button(pilot, "#edit-pain_score")
        await pilot.pause()
        assert current(app) == "pain_score"
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.session.answer_of("pain_score") == 4
        await press_button(pilot, "#edit-injury")
        await pilot.pause()
        await pilot.press("2", "enter")  # older injury: "how did it happen" is now asked
        await pilot.pause()
        assert current(app) == "injury_how"
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_results_then_exercise_detail_and_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert text_of(screen, "#triage-banner .banner-title") == "Self-care at home"
        assert screen.query_one("#more-below").display  # a cue that more is below the fold
        buttons = list(screen.query("Button.exercise"))
        assert buttons
        buttons[0].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        steps = [str(s.render()) for s in app.screen.query(".step")]
        assert steps and steps[0].startswith("1. ")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_save_markdown_html_and_json(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await finish(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        for name in ("out.md", "out.html", "out.json", "out.txt", "out.pdf"):
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, SaveScreen)
            field = app.screen.query_one("#path", Input)
            field.value = str(tmp_path / name)
            await pilot.press("enter")
            await pilot.pause()
            if name == "out.pdf":
                assert ".txt, .md, .html or .json" in text_of(app.screen, "#save-message")
                await pilot.press("escape")
                await pilot.pause()
        assert (tmp_path / "out.md").read_text().startswith("# Knee and ankle pain check")
        html = (tmp_path / "out.html").read_text()
        assert "<!doctype html>" in html and "<script" not in html and "Self-care at home" in html
        assert json.loads((tmp_path / "out.json").read_text())["triage"]["level"] == "self_care"
        assert (tmp_path / "out.txt").read_text().startswith("Knee and ankle pain check\n")
        assert not (tmp_path / "out.pdf").exists()


async def test_resize_keeps_every_answer_and_the_place() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "pain_score")
        await pilot.press("6")
        before = app.session.answers()
        for size in ((60, 20), (250, 80), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.session.answers() == before and current(app) == "pain_score"
        assert app.screen.query_one(PainScale).value == 6


async def test_help_palette_commands_and_theme() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start again" in titles and "Theme: high contrast" in titles and "Help" in titles
        assert not [t for t in titles if "screenshot" in t.lower()]
        next(c for c in app.get_system_commands(app.screen) if c.title == "Theme: high contrast").callback()
        assert app.theme == "high-contrast"


async def test_the_flow_loads_after_the_first_frame_and_start_waits_for_it() -> None:
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.tui.app import WizardApp

    app = WizardApp(BUILTIN_FLOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # pressed at once, maybe before the flow is ready
        for _ in range(50):
            await pilot.pause(0.05)
            if current(app) == "where":
                break
        assert current(app) == "where"
        assert "about 5 minutes" not in str(app.screen)  # the welcome screen is gone


async def test_a_broken_flow_closes_the_app_with_its_problems(tmp_path: Path) -> None:
    from wizard.tui.app import WizardApp

    bad = tmp_path / "bad.yaml"
    bad.write_text("flow: [\n")
    app = WizardApp(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.problems:
                break
    assert app.problems and app.problems[0].rule == "yaml/syntax" and app.return_code == 1


async def test_language_buttons_and_palette_switch_everything_to_spanish() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-es")
        await pilot.pause()
        assert app.lang == "es"
        assert str(app.screen.query_one("#start", Button).label) == ui("start", "es")
        await answer_until(pilot, app, CALM_KNEE, "pain_score")
        assert "le duele" in text_of(app.screen, "#question-text")
        next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Language")).callback()
        await pilot.pause()
        assert app.lang == "en" and "How bad is the pain" in text_of(app.screen, "#question-text")
        assert not app.screen.query_one("#help").display  # the rebuilt screen is set up again


async def test_palette_opens_once_with_a_localized_prompt() -> None:
    from textual.command import CommandInput, CommandPalette

    app = make_app(lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == ui("palette_placeholder", "es")
        depth = len(app.screen_stack)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert len(app.screen_stack) == depth
