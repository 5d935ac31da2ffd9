"""The question screen's own cost: the first one built and drawn, and the CPU a kiosk visitor costs.

    python -m benchmarks.screens first [--runs 15] [--json]
    python -m benchmarks.screens visitor [--visitors 6] [--json]

First question: in process, headless at 100x32, from pushing the screen to the first
refresh after it is mounted (`call_after_refresh`). The reference is a bare screen
holding a Textual OptionList with the same option labels, pushed and timed the same
way. Each round is a new app of each kind, taking turns, and each app pushes its
screen several times (popping it in between): the first push of an app pays for
Textual's style caches, so both kinds report the median of the later pushes.

Visitor: one kiosk app serves visitor after visitor, each walking every question
screen with keys and clicks as a person would (`wizard.tui.replay.drive`, the answers
of the scenario that asks the most questions) to the results, then pressing the
results' Finish button. The figure is the process CPU time (`time.process_time`)
per visitor, median over the visitors after the first.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList

from .common import Row, fmt, print_rows, ratio_row

SIZE = (100, 32)
FIRST_TARGET = 1.2
VISITOR_TARGET_S = 0.5
PUSHES = 4
"""Pushes per app; the first warms Textual's caches and is not counted."""


class BareList(Screen[None]):
    """A screen with nothing but an OptionList of the first question's options."""

    def __init__(self, labels: list[str]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        yield OptionList(*self.labels)


class BareApp(App[None]):
    pass


async def drawn(app: App[Any], screen: Screen[Any]) -> float:
    """Seconds from pushing `screen` to the first refresh after it is mounted."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[float] = loop.create_future()
    start = time.perf_counter()
    await app.push_screen(screen)
    screen.call_after_refresh(lambda: done.set_result(time.perf_counter() - start))
    return await done


WIDGETS: dict[str, Counter[str]] = {}
"""Widgets on each kind of screen by class, the screen included, counted once it is drawn (for the row's why)."""


async def pushes(app: App[Any], make: Any, kind: str) -> list[float]:
    """`PUSHES` pushes of a fresh screen from `make()`, each popped again; all but the first."""
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(PUSHES):
            times.append(await drawn(app, make()))
            await pilot.pause()
            WIDGETS[kind] = Counter(type(w).__name__ for w in app.screen.walk_children(with_self=True))
            app.pop_screen()
            await pilot.pause()
    return times[1:]


def widgets(kind: str) -> str:
    """How many widgets a kind of screen had, and of which classes: "28 widgets (8 Static, 7 FooterKey, ...)"."""
    counts = WIDGETS.get(kind, Counter())
    return f"{counts.total()} widgets ({', '.join(f'{n} {name}' for name, n in counts.most_common())})"


def first_question_labels() -> tuple[Any, list[str]]:
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow

    flow = load_flow(BUILTIN_FLOW)
    first = flow.questions[0]
    return flow, [label for _, label in flow.choices(first, "en")]


async def wizard_first(flow: Any) -> list[float]:
    from wizard.tui.app import WizardApp
    from wizard.tui.screens.question import QuestionScreen

    app = WizardApp(flow, "en")
    app.animation_level = "none"
    return await pushes(app, QuestionScreen, "wizard")


async def bare_first(labels: list[str]) -> list[float]:
    app = BareApp()
    app.animation_level = "none"
    return await pushes(app, lambda: BareList(labels), "bare")


def first_rows(runs: int) -> list[Row]:
    flow, labels = first_question_labels()
    wizard: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        wizard += asyncio.run(wizard_first(flow))
        bare += asyncio.run(bare_first(labels))
    question = flow.questions[0]
    return [
        ratio_row(
            f'first question screen built and drawn ("{question.id}", {len(labels)} options, median of {len(wizard)})',
            statistics.median(wizard),
            statistics.median(bare),
            "s",
            FIRST_TARGET,
            "bare screen with an OptionList of the same options",
            f"the question screen is {widgets('wizard')} against {widgets('bare')}; "
            "Textual styles, lays out and renders each",
        )
    ]


def most_asked() -> dict[str, Any]:
    """The answers of the scenario whose visitor sees the most question screens."""
    from wizard.engine.answerfile import read_answers, replay
    from wizard.flow.builtin import BUILTIN_FLOW, SCENARIOS_DIR
    from wizard.flow.loader import load_flow

    flow = load_flow(BUILTIN_FLOW)
    docs = [read_answers(path) for path in sorted(SCENARIOS_DIR.glob("*.yaml"))]
    best = max(docs, key=lambda doc: len(replay(doc, flow, "en").visible_questions()))
    return dict(best.answers)


async def visitors_cpu(count: int) -> tuple[list[float], list[float], int]:
    """CPU and wall seconds of each visitor, and how many question screens each walked."""
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow
    from wizard.kiosk.config import KioskConfig
    from wizard.tui.kiosk import KioskApp
    from wizard.tui.replay import drive

    answers = most_asked()
    app = KioskApp(load_flow(BUILTIN_FLOW), KioskConfig())
    app.animation_level = "none"
    times = []
    walls = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(count):
            start, wall = time.process_time(), time.perf_counter()
            await drive(app, pilot, answers)
            screens = len(app.session.visible_questions())
            await pilot.click("#finish")
            await pilot.pause()
            times.append(time.process_time() - start)
            walls.append(time.perf_counter() - wall)
    return times, walls, screens


async def bare_walk_cpu(switches: int) -> float:
    """CPU seconds of a bare Textual app switching screens on `switches` Enter presses (transition.py's bare app)."""
    from .transition import Bare

    times: list[float] = []
    app = Bare(times)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        start = time.process_time()
        while len(times) < switches + 1:
            await pilot.press("enter")
        return time.process_time() - start


def visitor_rows(count: int, label: str = "") -> list[Row]:
    times, walls, screens = asyncio.run(visitors_cpu(max(2, count)))
    value = statistics.median(times[1:])
    floor = statistics.median(asyncio.run(bare_walk_cpu(screens + 2)) for _ in range(3))
    met = value < VISITOR_TARGET_S
    return [
        Row(
            f"CPU per kiosk visitor through every screen ({screens} questions, keys and clicks, "
            f"median of {len(times) - 1}{label})",
            fmt(value, "s"),
            f"first visitor {fmt(times[0], 's')}",
            None,
            f"< {VISITOR_TARGET_S * 1000:.0f} ms",
            met,
            ""
            if met
            else f"a bare Textual app switching screens as often ({screens + 2} Enter presses, next row) "
            f"costs {fmt(floor, 's')} of CPU; each question screen is composed and styled anew, with "
            "several times its widgets (first-question row), and each answer is a key press too",
        ),
        Row(
            f"floor: a bare Textual app, {screens + 2} screen switches on Enter (context{label})",
            fmt(floor, "s"),
        ),
        Row(
            f"wall time per kiosk visitor, the same walk (context{label})",
            fmt(statistics.median(walls[1:]), "s"),
            "includes Pilot waiting for the screen to settle after each key",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=("first", "visitor"))
    parser.add_argument("--runs", type=int, default=15, help="first: rounds of a new app of each kind")
    parser.add_argument("--visitors", type=int, default=6)
    parser.add_argument("--label", default="", help="added to the figure's name (for example, under a CPU quota)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = first_rows(args.runs) if args.which == "first" else visitor_rows(args.visitors, args.label)
    print_rows(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
