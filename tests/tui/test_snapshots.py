"""Snapshots of every screen at 80x24 and 120x40, and the main ones in the high-contrast theme."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import CALM_KNEE, answer_until, make_app, no_blink

RECENT_KNEE = {
    **CALM_KNEE,
    "injury": "recent",
    "compartment": "no",
    "knee_injury_signs": ["none"],
    "injury_how": ["twist"],
    "tender_points": ["none"],
    "ottawa_exclusions": ["none"],
    "age": 34,
}

Step = Callable[[Pilot[Any]], Awaitable[None]]


def until(question: str, answers: dict[str, Any] = CALM_KNEE, *keys: str) -> Step:
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
    "location_map": until("where", CALM_KNEE, "1", "3"),
    "single_choice": until("injury"),
    "yes_no_unsure": then(until("deformity"), "h"),
    "multi_choice": until("conditions", CALM_KNEE, "2", "4"),
    "pain_scale": until("pain_score", CALM_KNEE, "6"),
    "number": until("age", RECENT_KNEE, "3", "4"),
    "emergency": until("deformity", CALM_KNEE, "1", "enter"),
    "review": until("", CALM_KNEE),
    "results": then(until("", CALM_KNEE), "r"),
    "emergency_results": then(until("circulation", CALM_KNEE, "1", "enter"), "enter"),
    "exercise": settled(then(until("", CALM_KNEE), "r", "tab", "enter")),
    "help": then(welcome, "f1"),
    "save": then(until("", CALM_KNEE), "r", "s"),
}
CONTRAST = ("welcome", "single_choice", "pain_scale", "results", "emergency")
SPANISH = ("welcome", "location_map", "pain_scale", "emergency", "results", "exercise")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCREENS[name])


@pytest.mark.parametrize("name", SPANISH)
def test_spanish(snap_compare: Any, name: str) -> None:
    assert snap_compare(make_app(lang="es"), terminal_size=(80, 24), run_before=SCREENS[name])


@pytest.mark.parametrize("name", CONTRAST)
def test_high_contrast(snap_compare: Any, name: str) -> None:
    assert snap_compare(make_app("high-contrast"), terminal_size=(80, 24), run_before=SCREENS[name])
