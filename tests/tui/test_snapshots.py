"""Snapshots of every screen at 80x24 and 120x40, and the main ones in the high-contrast theme."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import CALM, CALM_KNEE, answer_until, make_app, make_knee_app, no_blink

FALL = {**CALM, "injury": "recent", "misshapen": "no"}

Step = Callable[[Pilot[Any]], Awaitable[None]]


def until(question: str, answers: dict[str, Any] = CALM, *keys: str) -> Step:
    async def run(pilot: Pilot[Any]) -> None:
        await answer_until(pilot, pilot.app, answers, question)  # type: ignore[arg-type]
        if keys:
            await pilot.press(*keys)
        await no_blink(pilot)

    return run


def then(first: Step, *keys: str) -> Step:
    async def run(pilot: Pilot[Any]) -> None:
        await first(pilot)
        for key in keys:  # one at a time: a key that switches screens must land before the next
            await pilot.press(key)
            await pilot.pause()
        await no_blink(pilot)

    return run


def settled(first: Step) -> Step:
    """Wait out a pressed button's 0.2 s highlight, which would otherwise show behind a dialog or not."""

    async def run(pilot: Pilot[Any]) -> None:
        await first(pilot)
        await pilot.pause(0.4)

    return run


async def welcome(pilot: Pilot[Any]) -> None:
    await pilot.pause()


SCREENS: dict[str, Step] = {
    "welcome": welcome,
    "location_map": until("where", CALM, "2", "3"),
    "single_choice": until("injury"),
    "yes_no_unsure": then(until("chest"), "h"),
    "follow_up": until("misshapen", FALL),
    "multi_choice": until("activity", CALM, "1", "3"),
    "pain_scale": until("pain", CALM, "6"),
    "number": until("age", CALM, "3", "4"),
    "emergency": until("chest", CALM, "1", "enter"),
    "review": until("", CALM),
    "results": then(until("", CALM), "r"),
    "emergency_results": then(until("chest", CALM, "1", "enter"), "enter"),
    "exercise": settled(then(until("", CALM), "r", "tab", "enter")),
    "help": then(until("chest"), "f1"),
    "save": then(until("", CALM), "r", "s"),
    "confirm_restart": then(until("", CALM), "r", "n"),
}
CONTRAST = ("welcome", "single_choice", "pain_scale", "results", "emergency")
SPANISH = ("welcome", "location_map", "pain_scale", "emergency", "results", "exercise")
KNEE = {
    "welcome": welcome,
    "location_map": until("where", CALM_KNEE, "1", "3"),
    "results": then(until("", CALM_KNEE), "r"),
}
"""A few golden snapshots of the built-in flow; the rest run on the small shoulder flow."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCREENS[name])


@pytest.mark.parametrize("size", [(60, 20), (200, 60)], ids=["60x20", "200x60"])
@pytest.mark.parametrize("name", ["welcome", "location_map", "results"])
def test_small_and_large_terminals(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCREENS[name])


@pytest.mark.parametrize("name", SPANISH)
def test_spanish(snap_compare: Any, name: str) -> None:
    assert snap_compare(make_app(lang="es"), terminal_size=(80, 24), run_before=SCREENS[name])


@pytest.mark.parametrize("name", CONTRAST)
def test_high_contrast(snap_compare: Any, name: str) -> None:
    assert snap_compare(make_app("high-contrast"), terminal_size=(80, 24), run_before=SCREENS[name])


@pytest.mark.parametrize("name", list(KNEE))
def test_builtin_flow(snap_compare: Any, name: str) -> None:
    assert snap_compare(make_knee_app(), terminal_size=(100, 32), run_before=KNEE[name])
