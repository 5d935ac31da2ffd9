"""Kiosk mode through Pilot: lock-down, idle warning and reset, staff exit, forgetting, take-home, never dying."""

from __future__ import annotations

import asyncio
import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loader import load_flow
from wizard.kiosk.config import KioskConfig
from wizard.kiosk.pin import MIN_ITERATIONS, hash_pin
from wizard.kiosk.take_home import summary
from wizard.tui.kiosk import BLOCKED_KEYS, KioskApp
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.idle import IdleScreen
from wizard.tui.screens.question import QuestionScreen
from wizard.tui.screens.results import ResultsScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.staff import StaffScreen
from wizard.tui.screens.take_home import TakeHomeScreen
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.tui.widgets.options import ChoiceList

from .helpers import CALM_KNEE, answer_until, current

PIN = "4711"
PIN_HASH = hash_pin(PIN, iterations=MIN_ITERATIONS)


class Clock:
    """A clock the test moves by hand, so idle timeouts take no real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_kiosk(clock: Clock | None = None, **settings: Any) -> KioskApp:
    app = KioskApp(load_flow(BUILTIN_FLOW), KioskConfig(**settings), clock=clock or Clock())
    app.animation_level = "none"
    return app


async def to_results(pilot: Pilot[Any], app: KioskApp, answers: dict[str, Any] = CALM_KNEE) -> ResultsScreen:
    """A visitor who answered everything (set through the engine) and now reads the results."""
    if not app.session.answers():
        await answer_until(pilot, app, answers, "injury")
    for question in app.flow.questions:
        if question.id in answers and app.session.is_visible(question.id):
            app.session.set_answer(question.id, answers[question.id])
    app.session.finish()
    app.show_results()
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)
    return app.screen


async def idle_for(pilot: Pilot[Any], clock: Clock, seconds: float) -> None:
    """Let `seconds` pass and run the idle check (and the countdown) at once.

    The kiosk's own 0.2 s timers do the same in use (the tmux test waits for them in real
    time); calling them here keeps a busy test machine from deciding the order.
    """
    app: KioskApp = pilot.app  # type: ignore[assignment]
    clock.now += seconds
    app.idle_tick()
    await pilot.pause()
    if isinstance(app.screen, IdleScreen):
        app.screen.tick()


def alive(app: KioskApp) -> bool:
    return app.is_running and app.return_code is None and not app._exit_renderables


async def test_no_key_ends_suspends_or_escapes_the_kiosk() -> None:
    app = make_kiosk()
    async with app.run_test(size=(100, 32)) as pilot:
        keys = sorted(BLOCKED_KEYS) + ["escape", "f1", "escape", "ctrl+p", "escape"]
        for _ in range(2):  # on the attract screen, then on a question
            for key in keys:
                await pilot.press(key)
                assert alive(app), key
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
        await to_results(pilot, app)
        for key in keys:
            await pilot.press(key)
            assert alive(app), key
        assert not app.ALLOW_SELECT


async def test_palette_offers_only_safe_commands_and_each_keeps_the_kiosk_running() -> None:
    app = make_kiosk()
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "deformity")
        commands = list(app.get_system_commands(app.screen))
        titles = {command.title for command in commands}
        assert not titles & {app.t("quit"), app.t("save_results")}
        assert app.t("restart") in titles and app.t("review") in titles
        for command in commands:
            if command.title == app.t("restart"):
                continue
            command.callback()
            await pilot.pause()
            assert alive(app), command.title
        await pilot.press("s")  # the results' save key is off too
        assert alive(app)


async def test_idle_warning_counts_down_any_key_continues_and_silence_wipes() -> None:
    clock = Clock()
    app = make_kiosk(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "deformity")
        await idle_for(pilot, clock, 89)
        assert not isinstance(app.screen, IdleScreen)
        await idle_for(pilot, clock, 2)
        assert isinstance(app.screen, IdleScreen)
        assert "20 s" in str(app.screen.query_one("#countdown", Static).render())
        await idle_for(pilot, clock, 5)
        assert "15 s" in str(app.screen.query_one("#countdown", Static).render())
        await pilot.press("x")  # any key: carry on where they were, the key itself is not typed anywhere
        assert isinstance(app.screen, QuestionScreen) and current(app) == "deformity"
        assert app.session.answer_of("where") == ["left_knee"]

        await idle_for(pilot, clock, 91)
        assert isinstance(app.screen, IdleScreen)
        await pilot.click("#still-here")  # a touch also carries on
        assert isinstance(app.screen, QuestionScreen) and current(app) == "deformity"

        await idle_for(pilot, clock, 91)
        await idle_for(pilot, clock, 21)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session.answers() == {} and app.visitors == 1
        await idle_for(pilot, clock, 500)  # an empty attract screen has nothing to warn about
        assert isinstance(app.screen, WelcomeScreen)


async def test_results_finish_wipes_at_once_and_left_open_they_reset_too() -> None:
    clock = Clock()
    app = make_kiosk(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_results(pilot, app)
        assert app.screen.check_action("save", ()) is False
        await pilot.click("#finish")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session.answers() == {}
        await to_results(pilot, app)
        await idle_for(pilot, clock, 91)
        await idle_for(pilot, clock, 21)
        assert isinstance(app.screen, WelcomeScreen) and app.session.answers() == {}
        assert app.visitors == 2


async def test_a_language_chosen_and_left_goes_back_to_the_default_quietly() -> None:
    clock = Clock()
    app = make_kiosk(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-es")
        await pilot.pause()
        assert app.lang == "es"
        await idle_for(pilot, clock, 91)
        assert isinstance(app.screen, WelcomeScreen) and app.lang == "en"


async def test_staff_exit_needs_the_chord_then_the_right_pin_and_wrong_ones_are_slowed() -> None:
    clock = Clock()
    app = make_kiosk(clock, staff_pin_hash=PIN_HASH)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+k", "ctrl+k")
        clock.now += 4  # too slow: the chord starts over
        await pilot.press("ctrl+k")
        assert not isinstance(app.screen, StaffScreen)
        await pilot.press("ctrl+k", "ctrl+k", "ctrl+k")
        assert isinstance(app.screen, StaffScreen)
        pin = app.screen.query_one("#pin", Input)
        assert pin.password

        await pilot.press(*"1234", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.throttle.failures == 1 and pin.disabled
        assert "Wrong PIN" in str(app.screen.query_one("#staff-message", Static).render())
        await pilot.press("escape")  # closing the prompt does not clear the wait
        await pilot.press("ctrl+k", "ctrl+k", "ctrl+k")
        assert app.screen.query_one("#pin", Input).disabled
        assert "wait" in str(app.screen.query_one("#staff-message", Static).render())

        clock.now += 1.5
        app.screen.unlock()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press(*"9999", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.throttle.failures == 2 and app.throttle.wait(clock()) == 2
        assert alive(app)

        clock.now += 2.5
        app.screen.unlock()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.staff_exited and app.return_code == 0


async def test_without_a_pin_hash_the_chord_shows_visitors_nothing_and_is_logged(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    app = make_kiosk(log_file=str(log))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        before = app.screen
        await pilot.press("ctrl+k", "ctrl+k", "ctrl+k")
        await pilot.pause()
        assert app.screen is before and not app._notifications
        assert alive(app) and not app.incidents
    assert "staff exit is not set up" in log.read_text()


async def test_after_a_reset_nothing_of_the_last_visitor_remains() -> None:
    app = make_kiosk()
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "circulation")
        question_screen = weakref.ref(app.screen)
        app.show_review()
        await pilot.pause()
        review_screen = weakref.ref(app.screen)
        results = await to_results(pilot, app)
        visitor = weakref.ref(app.session)
        results_screen = weakref.ref(results)
        del results
        await pilot.click("#finish")
        await pilot.pause()

        await pilot.press("enter")  # the next visitor starts ...
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and current(app) == "where"
        assert app.session.answers() == {} and not app.drafts and not app.session.pending_emergencies()
        assert app.screen.query_one(ChoiceList).selected == []
        await pilot.press("escape")  # ... back from the first question shows the attract screen
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.action_review()  # and there is nothing to review
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert len(app.screen_stack) == 2

        for _ in range(3):
            await pilot.pause(0.05)
        gc.collect()
        for ref in (visitor, question_screen, review_screen, results_screen):
            assert ref() is None, f"{ref()!r} of the last visitor is still reachable"


@pytest.mark.parametrize("size", [(80, 24), (100, 32)], ids=["80x24", "100x32"])
async def test_show_the_code_puts_the_whole_qr_code_on_screen_and_a_reader_decodes_it(size: tuple[int, int]) -> None:
    """Rasterise the screenshot as a terminal draws it and read it as a phone would."""
    import zxingcpp

    from .svg_raster import raster

    app = make_kiosk()
    async with app.run_test(size=size) as pilot:
        results = await to_results(pilot, app)
        assert results.view is not None
        text = summary(results.view)
        assert text.splitlines()[0] == results.view.triage.label
        assert text.splitlines()[-1] == app.t("take_home_disclaimer")
        assert not results.query("#qr-code")  # a code cut by the fold would read as nothing
        results.query_one("#show-code", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, TakeHomeScreen)
        image = raster(app.export_screenshot(), *size)
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [text]
        await pilot.press("escape")
        assert app.screen is results


async def test_a_screen_too_small_for_the_code_shows_its_text_instead() -> None:
    app = make_kiosk()
    async with app.run_test(size=(60, 20)) as pilot:
        await to_results(pilot, app)
        app.action_show_take_home()
        await pilot.pause()
        assert isinstance(app.screen, TakeHomeScreen)
        assert not app.screen.query_one("#take-home-view").display
        assert app.screen.query_one("#take-home-text").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.query_one("#take-home-view").display


async def test_printing_pipes_the_handout_to_the_configured_command(tmp_path: Path) -> None:
    out = tmp_path / "printed.txt"
    app = make_kiosk(print_command=["sh", "-c", f"cat > {out}"])
    async with app.run_test(size=(100, 40)) as pilot:
        results = await to_results(pilot, app)
        results.query_one("#print", Button).press()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert results.view is not None and results.view.triage.how_soon in " ".join(out.read_text().split())
        assert app.t("printed") in [n.message for n in app._notifications]


async def test_an_exception_in_a_screen_is_logged_without_answers_and_returns_to_the_attract_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "kiosk.log"
    app = make_kiosk(log_file=str(log))

    def broken(self: ReviewScreen) -> None:
        raise RuntimeError("left_knee and a secret answer")

    monkeypatch.setattr(ReviewScreen, "on_mount", broken)
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_until(pilot, app, CALM_KNEE, "deformity")
        app.show_review()
        for _ in range(50):  # not pilot.pause(): it would wait on the broken screen's messages
            await asyncio.sleep(0.1)
            if isinstance(app.screen, WelcomeScreen):
                break
        assert alive(app) and isinstance(app.screen, WelcomeScreen)
        assert app.session.answers() == {}
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)  # and the next visitor can go on
    written = log.read_text()
    assert "RuntimeError" in written and "in broken" in written
    assert "secret" not in written and "left_knee" not in written
    assert app.incidents and app.return_code in (0, None)


async def test_help_still_opens_in_a_kiosk() -> None:
    app = make_kiosk()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_an_exception_in_a_key_binding_does_not_stop_the_kiosk(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: KioskApp) -> None:
        raise ValueError("an answer")

    monkeypatch.setattr(KioskApp, "action_help", broken)
    app = make_kiosk()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "1")
        await pilot.press("f1")  # a binding's action runs in the app's own message loop
        await pilot.pause()
        assert alive(app) and isinstance(app.screen, WelcomeScreen) and len(app.incidents) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session.answers() == {}
