"""Snapshots of the kiosk's own screens: attract, a question with large targets, idle warning, staff PIN, take-home."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Button

from wizard.kiosk.pin import MIN_ITERATIONS, hash_pin
from wizard.tui.kiosk import KioskApp

from .helpers import CALM_KNEE, no_blink
from .test_kiosk import Clock, make_kiosk, to_results


async def attract(pilot: Pilot[Any]) -> None:
    await pilot.pause()


async def question(pilot: Pilot[Any]) -> None:
    await pilot.press("enter", "1", "3")
    await pilot.pause()


async def idle_warning(pilot: Pilot[Any]) -> None:
    app: KioskApp = pilot.app  # type: ignore[assignment]
    await question(pilot)
    app.clock.now += 91  # type: ignore[attr-defined]
    app.idle_tick()
    await pilot.pause(0.3)


async def staff_wrong_pin(pilot: Pilot[Any]) -> None:
    app: KioskApp = pilot.app  # type: ignore[assignment]
    await pilot.press("ctrl+k", "ctrl+k", "ctrl+k", *"1111", "enter")
    await app.workers.wait_for_complete()
    await no_blink(pilot)


async def take_home(pilot: Pilot[Any]) -> None:
    app: KioskApp = pilot.app  # type: ignore[assignment]
    results = await to_results(pilot, app, CALM_KNEE)
    results.query_one("#show-code").scroll_visible(top=True, animate=False)
    await pilot.pause()
    assert results.query_one("#results-body", VerticalScroll).scroll_y > 0


async def take_home_code(pilot: Pilot[Any]) -> None:
    app: KioskApp = pilot.app  # type: ignore[assignment]
    results = await to_results(pilot, app, CALM_KNEE)
    results.query_one("#show-code", Button).press()
    await pilot.pause()


SCREENS = {"attract": attract, "question": question, "idle_warning": idle_warning, "staff_wrong_pin": staff_wrong_pin}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_kiosk_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    app = make_kiosk(Clock(), staff_pin_hash=hash_pin("2468", iterations=MIN_ITERATIONS))
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[name])


def test_kiosk_results_offer_the_take_home_code(snap_compare: Any) -> None:
    assert snap_compare(make_kiosk(Clock()), terminal_size=(100, 32), run_before=take_home)


def test_kiosk_take_home_code_fills_80x24(snap_compare: Any) -> None:
    assert snap_compare(make_kiosk(Clock()), terminal_size=(80, 24), run_before=take_home_code)
