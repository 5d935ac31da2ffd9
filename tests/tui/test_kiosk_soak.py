"""A soak: 200 visitors back to back in one kiosk process; memory stays flat and each visitor is forgotten.

Every tenth visitor reads the results (the costly screen, with its QR code); the rest walk away,
back out, or start again. The benchmark runs 1,000 visitors; this keeps the suite quick.
"""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

from wizard.engine.session import Session
from wizard.tui.screens.question import QuestionScreen
from wizard.tui.screens.welcome import WelcomeScreen

from .helpers import CALM_KNEE
from .test_kiosk import Clock, idle_for, make_kiosk, to_results

VISITORS = int(os.environ.get("SOAK_VISITORS", "200"))


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


async def test_two_hundred_visitors_leave_nothing_behind() -> None:
    clock = Clock()
    app = make_kiosk(clock)
    sessions: list[weakref.ref[Session]] = []
    baseline = 0
    async with app.run_test(size=(80, 24)) as pilot:
        for visitor in range(VISITORS):
            await pilot.press("enter", "1", "enter")  # start, tick a place, go on
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            sessions.append(weakref.ref(app.session))
            kind = visitor % 3
            if visitor % 10 == 0:  # reads the results (with the QR code) and presses Finish
                await to_results(pilot, app, CALM_KNEE)
                await pilot.click("#finish")
            elif kind == 0:  # walks away mid-way: the warning, then the reset
                await idle_for(pilot, clock, 91)
                await idle_for(pilot, clock, 21)
            elif kind == 1:  # backs out to the start and leaves it there
                await pilot.press("escape", "escape")
                await idle_for(pilot, clock, 91)
                await idle_for(pilot, clock, 21)
            else:  # starts again from the commands
                app.restart()
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen) and app.session.answers() == {}
            if visitor == 19:
                gc.collect()
                baseline = rss_kib()
        await pilot.pause(0.1)
        gc.collect()
        growth = rss_kib() - baseline
        alive = [i for i, ref in enumerate(sessions) if ref() is not None]
    print(
        f"kiosk soak: {VISITORS} visitors, RSS growth after visitor 20: {growth} KiB, earlier sessions alive: "
        f"{len(alive)}"
    )  # shown with -s; SOAK_VISITORS=1000 gives the benchmark's figure
    assert app.visitors == VISITORS
    assert alive == [], f"sessions of visitors {alive} are still reachable"
    assert growth < 10 * 1024, f"RSS grew by {growth} KiB over {VISITORS - 20} visitors"
