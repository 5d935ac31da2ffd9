"""Pilot tests of every screen on the shoulder flow: each question type, back and forward, the review,
the emergency interrupt, the results, saving, and the journey defects found by trying it as a new user."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from wizard.tui.app import WizardApp
from wizard.tui.screens.confirm import ConfirmScreen
from wizard.tui.screens.emergency import EmergencyScreen
from wizard.tui.screens.exercise import ExerciseScreen
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.question import QuestionScreen
from wizard.tui.screens.results import ResultsScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.tui.widgets.bodymap import BodyMap
from wizard.tui.widgets.options import ChoiceList
from wizard.tui.widgets.scale import PainScale
from wizard.ui_text import ui

from .helpers import CALM, answer_until, current, drawn, drawn_at, make_app


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def finish(pilot: Pilot[None], app: WizardApp, answers: dict[str, object] = CALM) -> None:
    """Answer every question: the review comes next."""
    await answer_until(pilot, app, answers, "")
    assert isinstance(app.screen, ReviewScreen)


async def to_results(pilot: Pilot[None], app: WizardApp, answers: dict[str, object] = CALM) -> ResultsScreen:
    await finish(pilot, app, answers)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)
    return app.screen


# --- questions ------------------------------------------------------------------------------


async def test_digits_pick_and_back_keeps_the_answer_and_leaves_from_the_first() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.click("#start")
        await pilot.pause()
        assert current(app) == "where"
        await pilot.press("2", "enter")
        await pilot.pause()
        assert current(app) == "chest"
        await pilot.press("2", "enter", "3", "enter")
        await pilot.pause()
        assert current(app) == "hot"
        await pilot.press("escape")
        await pilot.pause()
        assert current(app) == "injury" and app.screen.query_one(ChoiceList).selected == ["none"]
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session.answers() == {"where": ["right_shoulder"], "chest": "no", "injury": "none"}


async def test_enter_alone_records_nothing_on_any_question_type() -> None:
    """Issue 13.1: a bare or double-tapped Enter never records the highlighted option."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "chest")
        await pilot.press("enter", "enter")  # a double tap after the previous question
        await pilot.pause()
        assert current(app) == "chest" and app.session.answer_of("chest") is None
        assert not isinstance(app.screen, EmergencyScreen)  # "Yes" was first: nothing was picked
        assert "Nothing is chosen yet" in text_of(app.screen, "#error")
        await pilot.press("down", "down", "enter")  # a deliberate move, then Enter: "No"
        await pilot.pause()
        assert app.session.answer_of("chest") == "no" and current(app) == "injury"
        await answer_until(pilot, app, CALM, "activity")
        await pilot.press("down", "enter")  # a multiple choice: Enter never ticks, even after a move
        await pilot.pause()
        assert app.session.answer_of("activity") is None and current(app) == "activity"
        assert "press Space" in text_of(app.screen, "#error")  # the key that does tick, not Enter again


async def test_multiple_choice_keys_map_clicks_and_an_exclusive_option() -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "space")  # right shoulder
        await pilot.pause()
        body_map = app.screen.query_one(BodyMap)
        assert drawn_at(body_map, "● shoulder") == drawn_at(body_map, "shoulder", 0) - (2, 0)  # the list ticked it
        await pilot.click("#body-map", offset=drawn_at(body_map, "○ shoulder"))  # the person's left, drawn right
        await pilot.pause()
        assert app.session.answer_of("where") == ["right_shoulder", "left_shoulder"]
        assert app.screen.query_one(ChoiceList).selected == ["right_shoulder", "left_shoulder"]
        assert "○ shoulder" not in "".join(drawn(body_map))
        await pilot.click("#body-map", offset=drawn_at(body_map, "shoulder", 0))  # untick from the map
        await pilot.pause()
        assert app.session.answer_of("where") == ["left_shoulder"]
        assert app.screen.query_one(ChoiceList).selected == ["left_shoulder"]
        assert drawn_at(body_map, "○ shoulder").x < drawn_at(body_map, "● shoulder").x
        await answer_until(pilot, app, {**CALM, "where": ["left_shoulder"]}, "activity")
        await pilot.press("1", "3")
        await pilot.press("4")  # none of these: clears the others
        await pilot.pause()
        assert app.session.answer_of("activity") == ["none"]
        await pilot.press("3")  # and a real answer clears "none"
        assert app.session.answer_of("activity") == ["desk"]


async def test_an_invalid_answer_is_explained_and_not_stored() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")  # the neck only
        await pilot.pause()
        assert app.session.answer_of("where") is None
        assert "choose at least one shoulder" in text_of(app.screen, "#error")
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) == "where"


async def test_the_map_is_mentioned_only_while_it_is_on_screen() -> None:
    """Issue 13.12: at 60x20 the picture is hidden, and the hint does not point to it."""
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "picture" in text_of(app.screen, "#hint")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen.query_one(BodyMap).styles.display == "none"
        assert "picture" not in text_of(app.screen, "#hint")


async def test_the_help_link_gives_the_focus_back_to_the_answers() -> None:
    """Issue 13.9: after a click on "What does this mean?", digits still pick and Enter still goes on."""
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#explain")
        await pilot.pause()
        assert app.screen.query_one("#help").display
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert current(app) == "chest"


async def test_pain_scale_digits_arrows_and_click() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "pain")
        await pilot.press("7")
        assert app.session.answer_of("pain") == 7
        await pilot.press("right", "right", "right", "right")
        assert app.session.answer_of("pain") == 10
        await pilot.press("left")
        assert app.session.answer_of("pain") == 9
        scale = app.screen.query_one(PainScale)
        await pilot.click(PainScale, offset=(scale.cell_width() * 2 + 1, 0))
        assert app.session.answer_of("pain") == 2


async def test_a_number_field_validates_inline_keeps_the_draft_and_refuses_other_keys() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "age")
        await pilot.click("#answer")
        await pilot.press("x", "\x1b", "y")  # letters and a stray escape byte never enter the field
        await pilot.pause()
        assert app.screen.query_one(Input).value == "" and app.session.answer_of("age") is None
        await pilot.press("enter")  # age is optional: going on is allowed, with nothing recorded
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_a_number_out_of_range_is_said_and_kept_as_typed() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "age")
        await pilot.click("#answer")
        await pilot.press("2", "0", "0")
        await pilot.pause()
        assert app.session.answer_of("age") is None and "outside the range" in text_of(app.screen, "#error")
        await pilot.press("escape")  # back: the draft is kept
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) == "age" and app.screen.query_one(Input).value == "200"


async def test_progress_never_counts_more_than_asked_nor_says_zero_to_go() -> None:
    """Issue 13.11."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("2")  # answered, but still on question 1
        await pilot.pause()
        assert drawn(app.screen.query_one("#progress"))[2].startswith("Question 1 · 0 answered")
        await finish(pilot, app)
        await pilot.press("escape")  # back from the review to the last question
        await pilot.pause()
        progress = drawn(app.screen.query_one("#progress"))[2]
        assert "about 0 to go" not in progress and "about 1 to go" in progress
        for _ in range(4):
            await pilot.press("escape")
            await pilot.pause()
        position, answered = app.session.progress().position, app.session.progress().answered
        assert answered < position


# --- emergencies ----------------------------------------------------------------------------


async def test_an_emergency_interrupts_at_once_and_can_continue() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "chest")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        assert "heart attack" in " ".join(str(s.render()) for s in app.screen.query(Static))
        await pilot.click("#continue")
        await pilot.pause()
        assert current(app) == "injury"
        await pilot.press("3", "enter")  # no new emergency sign: no second interrupt
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_emergency_results_stay_reachable_through_the_review() -> None:
    """Issue 13.2: results now, then Review, then See results: the results, not more questions."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "chest")
        await pilot.press("3", "enter")  # not sure: fail-closed
        await pilot.pause()
        await pilot.click("#results")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.view is not None and app.screen.view.triage.level == "emergency"
        assert app.screen.view.triage.early and not app.screen.query("Button.exercise")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        before = app.session.answers()
        await pilot.press("1", "2", "space", "enter", "y", "e")  # keys typed on the results answer nothing
        await pilot.pause()
        assert app.session.answers() == before and isinstance(app.screen, ResultsScreen)


async def test_results_can_be_opened_from_a_question_once_an_emergency_sign_is_known() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "injury")
        await pilot.press("r")  # no emergency sign yet: nothing happens
        await pilot.pause()
        assert current(app) == "injury" and isinstance(app.screen, QuestionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("escape")  # "continue the questions"
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


# --- review, results and saving -------------------------------------------------------------


async def press_button(pilot: Pilot[None], selector: str) -> None:
    """Tab-style: focus a button (scrolling it into view) and press Enter."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("enter")


async def test_review_edit_returns_to_the_changed_answer_and_asks_only_new_questions() -> None:
    """Issue 13.10: the review scrolls with the keyboard and comes back to the answer changed."""
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await finish(pilot, app)
        await pilot.press("end", "pageup", "home")  # the list scrolls; nothing else happens
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await press_button(pilot, "#edit-pain")
        await pilot.pause()
        assert current(app) == "pain"
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.session.answer_of("pain") == 4
        assert app.focused is not None and app.focused.id == "edit-pain"
        await press_button(pilot, "#edit-injury")
        await pilot.pause()
        await pilot.press("1", "enter")  # a recent fall: the shape question is now asked, and only that
        await pilot.pause()
        assert current(app) == "misshapen"
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.focused is not None and app.focused.id == "edit-injury"


async def test_results_then_exercise_detail_and_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_results(pilot, app)
        assert text_of(screen, "#triage-banner .banner-title") == "Self-care at home"
        assert screen.query_one("#more-below").display  # a cue that more is below the fold
        buttons = list(screen.query("Button.exercise"))
        assert buttons
        buttons[0].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        assert app.screen.query(".step")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_save_writes_each_format_and_refuses_others(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, app)
        for name in ("out.md", "out.html", "out.json", "out.txt", "out.pdf"):
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, SaveScreen)
            field = app.screen.query_one("#path", Input)
            field.value = str(tmp_path / name)
            await pilot.press("enter")
            await pilot.pause()
            if name == "out.pdf":
                assert ".txt, .md, .html, .json or .fhir.json" in text_of(app.screen, "#save-message")
                await pilot.press("escape")
                await pilot.pause()
        assert (tmp_path / "out.md").read_text().startswith("# Shoulder pain check")
        html = (tmp_path / "out.html").read_text()
        assert "<!doctype html>" in html and "<script" not in html and "Self-care at home" in html
        assert json.loads((tmp_path / "out.json").read_text())["triage"]["level"] == "self_care"
        assert (tmp_path / "out.txt").read_text().startswith("Shoulder pain check\n")
        assert not (tmp_path / "out.pdf").exists()


async def test_start_again_and_quit_ask_first_when_there_are_answers() -> None:
    """Issue 13.13."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the default is to keep the answers
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.session.answers()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await press_button(pilot, "#yes")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session.answers() == {}


async def test_resize_keeps_every_answer_and_the_place() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "pain")
        await pilot.press("6")
        before = app.session.answers()
        for size in ((60, 20), (250, 80), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.session.answers() == before and current(app) == "pain"
        assert app.screen.query_one(PainScale).value == 6


# --- help, palette, languages, loading ------------------------------------------------------


async def test_help_lists_the_keys_that_work_here_and_the_palette_its_commands() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, app, CALM, "chest")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = dict(app.screen.keys)
        assert "esc" in listed and listed["esc"] == "Back"
        assert not [k for k, what in listed.items() if what == "See results"]  # not available yet
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start again" in titles and "Theme: high contrast" in titles and "Help" in titles
        assert "Save results" not in titles  # nothing to save before the results
        assert not [t for t in titles if "screenshot" in t.lower()]
        next(c for c in app.get_system_commands(app.screen) if c.title == "Theme: high contrast").callback()
        assert app.theme == "high-contrast"


async def test_the_flow_loads_after_the_first_frame_and_start_waits_for_it() -> None:
    from .helpers import SHOULDER

    app = WizardApp(SHOULDER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # pressed at once, maybe before the flow is ready
        for _ in range(50):
            await pilot.pause(0.05)
            if current(app) == "where":
                break
        assert current(app) == "where" and app.title == "Shoulder pain check"


async def test_a_broken_flow_closes_the_app_with_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("flow: [\n")
    app = WizardApp(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.problems:
                break
    assert app.problems and app.problems[0].rule == "yaml/syntax" and app.return_code == 1


async def test_language_buttons_and_palette_switch_everything() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-es")
        await pilot.pause()
        assert app.lang == "es"
        assert str(app.screen.query_one("#start", Button).label) == ui("start", "es")
        await answer_until(pilot, app, CALM, "pain")
        await pilot.press("3")
        assert "duele" in text_of(app.screen, "#question-text")
        next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Language")).callback()
        await pilot.pause()
        assert app.lang == "en" and "How bad is the pain" in text_of(app.screen, "#question-text")
        assert app.session.answer_of("pain") == 3


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
