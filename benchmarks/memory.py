"""Memory: the wizard's peak RSS against a bare Textual app, and a soak of many visitors in one process.

    python -m benchmarks.memory peak wizard|bare     # prints this process's peak RSS in MB
    python -m benchmarks.memory soak [--visitors 1000] [--kiosk] [--json]

Peak: each program runs in a process of its own, headless: the wizard answers a
whole scenario through its screens to the results; the bare app switches through
as many screens of its own. Soak: one WizardApp serves visitor after visitor, each
with the answers of the next scenario. Every tenth visitor is shown each question
screen in turn (the answer given to the session, Enter pressed to go on); the
others give their answers to the session and go straight to the results, which
is where most of a visit's objects are made (about 3 s of CPU for a whole walk
against a few hundred ms). Each ends with `app.restart()`, or with the kiosk's
own Finish button under `--kiosk`. Resident memory is read after visitor 20,
once Textual's and our caches are warm, and again after the last: it must not
have grown by 5 MB or more, and no earlier visitor's Session may still be alive
(weakref after gc).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import weakref
from typing import Any

from .common import PYTHON, ROOT, Row, fmt, peak_rss_mb, print_rows, ratio_row, rss_mb

PEAK_TARGET = 1.15
VISITORS = 1000
GROWTH_TARGET_MB = 5.0
SIZE = (100, 32)

WARMUP = 20
"""Visitors served before the first reading: Textual's and our caches fill up over the first few."""


def scenario_answers() -> list[dict[str, Any]]:
    from wizard.engine.answerfile import read_answers
    from wizard.flow.builtin import SCENARIOS_DIR

    return [read_answers(path).answers for path in sorted(SCENARIOS_DIR.glob("*.yaml"))]


async def by_session(pilot: Any, screen: Any, question: Any, value: Any) -> None:
    """Give the answer to the session directly: keys and clicks on the widgets take ~0.5 s a question.

    The choice list is told too, so it shows the answer the session has.
    """
    from wizard.tui.widgets.options import ChoiceList

    screen.wizard.session.set_answer(question.id, value)
    for choices in screen.query(ChoiceList):
        choices.set_selected(value if isinstance(value, list) else [value])


async def walk_screens(app: Any, pilot: Any, answers: dict[str, Any]) -> None:
    """Every question screen in turn (Enter to go on), then the results."""
    from wizard.tui.replay import drive

    await drive(app, pilot, answers, by_session)


async def straight_to_results(app: Any, pilot: Any, answers: dict[str, Any]) -> None:
    """The answers given to the session in flow order, then the results screen."""
    session = app.session
    for question in session.flow.questions:
        if question.id in answers and session.is_visible(question.id):
            session.set_answer(question.id, answers[question.id])
    session.finish()
    app.show_results()
    await pilot.pause()


async def restart(app: Any, pilot: Any) -> None:
    app.restart()
    await pilot.pause()


async def finish(app: Any, pilot: Any) -> None:
    """The kiosk's own wipe: the results' Finish button."""
    await pilot.click("#finish")
    await pilot.pause()


WALK_EVERY = 10
"""Every tenth visitor walks through each question screen; the rest go straight to the results."""


async def soak(visitors: int, kiosk: bool = False, warmup: int = WARMUP) -> tuple[float, int, float]:
    """(RSS growth in MB from visitor `warmup` to the last, earlier sessions still alive, seconds per visitor)."""
    import time

    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow
    from wizard.kiosk.config import KioskConfig
    from wizard.tui.app import WizardApp
    from wizard.tui.kiosk import KioskApp

    everyone = scenario_answers()
    flow = load_flow(BUILTIN_FLOW)
    app = KioskApp(flow, KioskConfig()) if kiosk else WizardApp(flow, "en")
    app.animation_level = "none"
    end = finish if kiosk else restart
    sessions: list[weakref.ref[Any]] = []
    async with app.run_test(size=SIZE) as pilot:
        baseline = 0.0
        start = time.perf_counter()
        for number in range(visitors):
            sessions.append(weakref.ref(app.session))
            visit = walk_screens if number % WALK_EVERY == 0 else straight_to_results
            await visit(app, pilot, everyone[number % len(everyone)])
            await end(app, pilot)
            if number + 1 == warmup:  # the first visitors fill Textual's and our caches; growth counts from here
                gc.collect()
                baseline = rss_mb()
                start = time.perf_counter()
            elif number + 1 > warmup and (number + 1) % max(1, visitors // 10) == 0:  # a leak shows as a trend
                print(f"  soak: {number + 1} visitors, RSS {rss_mb() - baseline:+.1f} MB", file=sys.stderr, flush=True)
        gc.collect()
        growth = rss_mb() - baseline
        current = app.session
        alive = sum(1 for ref in sessions if ref() is not None and ref() is not current)
    return growth, alive, (time.perf_counter() - start) / max(1, visitors - warmup)


async def peak_wizard() -> None:
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow
    from wizard.tui.app import WizardApp
    from wizard.tui.replay import drive

    app = WizardApp(load_flow(BUILTIN_FLOW), "en")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await drive(app, pilot, scenario_answers()[-1])


async def peak_bare(screens: int = 20) -> None:
    from .transition import bare_times

    await bare_times(screens)


def peak_rows(runs: int) -> list[Row]:
    import subprocess

    def measure(which: str) -> float:
        command = [PYTHON, "-m", "benchmarks.memory", "peak", which]
        return float(subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout)

    wizard = statistics.median(measure("wizard") for _ in range(runs))
    bare = statistics.median(measure("bare") for _ in range(runs))
    return [
        ratio_row(
            "peak RSS, a whole visit headless",
            wizard,
            bare,
            "MB",
            PEAK_TARGET,
            "bare Textual",
            "pydantic, the validated flow and the results screen's widgets",
        )
    ]


def soak_rows(visitors: int, kiosk: bool = False) -> list[Row]:
    warmup = min(WARMUP, max(1, visitors // 5))
    growth, alive, per_visitor = asyncio.run(soak(visitors, kiosk, warmup))
    growth_met = growth < GROWTH_TARGET_MB
    how = "kiosk, Finish" if kiosk else "restart"
    return [
        Row(
            f"soak: RSS growth from visitor {warmup} to {visitors:,} ({how})",
            fmt(growth, "MB"),
            "-",
            None,
            f"< {GROWTH_TARGET_MB:.0f} MB",
            growth_met,
            "" if growth_met else f"{growth - GROWTH_TARGET_MB:.1f} MB over; something keeps each visit alive",
        ),
        Row(
            f"soak: earlier visitors' sessions alive after gc ({how})",
            str(alive),
            "-",
            None,
            "0",
            alive == 0,
            "" if alive == 0 else "a screen or widget still holds an old Session",
        ),
        Row(f"soak: time per visitor ({how}, context)", fmt(per_visitor, "s")),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    peak = sub.add_parser("peak")
    peak.add_argument("which", choices=("wizard", "bare"))
    soak_parser = sub.add_parser("soak")
    soak_parser.add_argument("--visitors", type=int, default=VISITORS)
    soak_parser.add_argument("--kiosk", action="store_true", help="soak the kiosk (each visitor presses Finish)")
    soak_parser.add_argument("--json", action="store_true", help="print the rows as JSON (benchmarks/run.py reads it)")
    args = parser.parse_args()
    if args.what == "peak":
        asyncio.run(peak_wizard() if args.which == "wizard" else peak_bare())
        print(f"{peak_rss_mb():.1f}")
    else:
        print_rows(soak_rows(args.visitors, args.kiosk), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
