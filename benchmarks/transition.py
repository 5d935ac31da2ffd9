"""Key press to the next question rendered: the wizard vs a bare Textual screen switch.

In process, headless: the time runs from the Enter key's handler starting to the
first refresh after the new question is on screen (`call_after_refresh`), so the
test driver's own waiting is not counted. The reference is a bare app that swaps
in a new screen of similar size on each key press, timed the same way.

    python -m benchmarks.transition [--transitions 500] [--label TEXT] [--json]

The full garbage collections during the run are counted for both (`gc.callbacks`):
the slowest transitions are those during which one runs, and their count follows
how many objects each screen change makes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loader import load_flow
from wizard.tui.app import WizardApp
from wizard.tui.screens.question import QuestionScreen

from .common import Row, percentile, print_rows, ratio_row

TARGET = 1.2
GC_TARGET = 1.5


class BareScreen(Screen[None]):
    BINDINGS = [Binding("enter", "next", "Next", priority=True)]

    def __init__(self, number: int, times: list[float]) -> None:
        super().__init__()
        self.number = number
        self.times = times

    def compose(self) -> ComposeResult:
        yield Static(f"Question {self.number}")
        yield Static("Is your foot or leg suddenly cold, pale, blotchy or blue?")
        for label in ("1. ( ) Yes", "2. ( ) No", "3. ( ) Not sure"):
            yield Static(label)
        yield Button("Back")
        yield Button("Next")
        yield Footer()

    def action_next(self) -> None:
        start = time.perf_counter()
        self.app.switch_screen(BareScreen(self.number + 1, self.times))
        self.app.call_after_refresh(lambda: self.times.append(time.perf_counter() - start))


class Bare(App[None]):
    def __init__(self, times: list[float]) -> None:
        super().__init__()
        self.times = times

    def on_mount(self) -> None:
        self.push_screen(BareScreen(1, self.times))


async def bare_times(count: int) -> list[float]:
    times: list[float] = []
    app = Bare(times)
    async with app.run_test(size=(80, 24)) as pilot:
        while len(times) < count:
            await pilot.press("enter")
    return times[:count]


async def wizard_times(count: int) -> list[float]:
    """Answer "no" (or the first option) and go on, through the flow and around again, timing each Enter.

    One app for the whole run, as a kiosk serves visitor after visitor: before the last
    question (or when another screen, such as an emergency, comes up) it starts again, so
    the review and results screens, which the bare app has no match for, are never built.
    """
    times: list[float] = []
    original = QuestionScreen.show_current

    async def timed(self: QuestionScreen) -> None:
        start = getattr(self, "_enter_started", time.perf_counter())
        await original(self)
        self.app.call_after_refresh(lambda: times.append(time.perf_counter() - start))

    async def next_timed(self: QuestionScreen) -> None:
        self._enter_started = time.perf_counter()  # type: ignore[attr-defined]
        await original_next(self)

    original_next = QuestionScreen.action_next
    QuestionScreen.show_current = timed  # type: ignore[method-assign]
    QuestionScreen.action_next = next_timed  # type: ignore[method-assign]
    try:
        app = WizardApp(load_flow(BUILTIN_FLOW), "en")
        async with app.run_test(size=(80, 24)) as pilot:
            while len(times) < count:
                await pilot.press("enter")
                await pilot.pause()
                await pilot.press("1", "enter")  # left knee
                while isinstance(app.screen, QuestionScreen) and len(times) < count:
                    question = app.session.current
                    if question is None or app.session.visible_questions()[-1].id == question.id:
                        break
                    keys = {"yes_no_unsure": "2", "scale": "3", "number": "4"}.get(question.type, "1")
                    await pilot.press(keys, "enter")
                app.restart()
                await pilot.pause()
    finally:
        QuestionScreen.show_current = original  # type: ignore[method-assign]
        QuestionScreen.action_next = original_next  # type: ignore[method-assign]
    return times[:count]


@contextmanager
def full_collections() -> Iterator[list[int]]:
    """Counts Python's full (generation 2) garbage collections while the block runs, in the list it yields,
    then the young (generation 0) ones: each follows about 700 more container objects made than freed."""
    count = [0, 0]
    young = gc.get_stats()[0]["collections"]

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            count[0] += 1

    gc.callbacks.append(seen)
    try:
        yield count
    finally:
        gc.callbacks.remove(seen)
        count[1] = gc.get_stats()[0]["collections"] - young


def rows(transitions: int, label: str = "") -> list[Row]:
    """p50, p95 and the full collections; the runs take turns (wizard, bare, wizard, bare) so noise falls on both."""
    wizard: list[float] = []
    bare: list[float] = []
    wizard_full = bare_full = wizard_young = bare_young = 0
    for _ in range(2):
        with full_collections() as count:
            wizard += asyncio.run(wizard_times(transitions // 2))
        wizard_full, wizard_young = wizard_full + count[0], wizard_young + count[1]
        with full_collections() as count:
            bare += asyncio.run(bare_times(transitions // 2))
        bare_full, bare_young = bare_full + count[0], bare_young + count[1]
    why = {
        "p50": "the question body is composed anew for each question (text, help, hint, choices, body map)",
        "p95": f"the slowest transitions are those during which Python's full garbage collection runs, in "
        f"both apps; the question screen makes more objects, so it ran {wizard_full} times against "
        f"{bare_full} (full collections row)",
    }
    return [
        *(
            ratio_row(
                f"key press to next question, {name} ({len(wizard)}{label})",
                percentile(wizard, q),
                percentile(bare, q),
                "s",
                TARGET,
                "bare screen switch",
                why[name],
            )
            for name, q in (("p50", 0.5), ("p95", 0.95))
        ),
        ratio_row(
            f"full garbage collections during the {len(wizard)} transitions{label}",
            wizard_full,
            max(1, bare_full),
            "",
            GC_TARGET,
            "bare screen switch",
            f"a full collection follows a number of young ones, and those follow the objects made: "
            f"{wizard_young:,} young collections against {bare_young:,} (about 700 container objects each), "
            "for the question body's widgets, their styles and the compose of each question, and a "
            "welcome screen each time round the flow",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=500)
    parser.add_argument("--label", default="", help="added to each figure's name (for example, under a CPU quota)")
    parser.add_argument("--json", action="store_true", help="the rows as JSON (see benchmarks/README.md)")
    args = parser.parse_args()
    print_rows(rows(args.transitions, args.label), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
