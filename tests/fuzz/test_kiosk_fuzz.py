"""Random keys (the quit and suspend keys among them), clicks, resizes and idle time on the kiosk: it never exits."""

from __future__ import annotations

import contextlib
import random

from textual.pilot import OutOfBounds

from tests.tui.test_kiosk import Clock, make_kiosk
from wizard.tui.kiosk import BLOCKED_KEYS

KEYS = [
    "up",
    "down",
    "left",
    "right",
    "space",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "h",
    "n",
    "r",
    "s",
    "f1",
    "ctrl+p",
    "pagedown",
    "end",
    *"0123456789",
    "ctrl+k",
    *sorted(BLOCKED_KEYS),
]
SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (250, 80)]


async def fuzz_kiosk(seed: int, events: int) -> None:
    rng = random.Random(seed)
    clock = Clock()
    app = make_kiosk(clock)
    size = rng.choice(SIZES)
    async with app.run_test(size=size) as pilot:
        for _ in range(events):
            roll = rng.random()
            if roll < 0.7:
                await pilot.press(rng.choice(KEYS))
            elif roll < 0.9:
                with contextlib.suppress(OutOfBounds):
                    await pilot.click(offset=(rng.randrange(size[0]), rng.randrange(size[1])))
            elif roll < 0.95:
                size = rng.choice(SIZES)
                await pilot.resize_terminal(*size)
            else:  # the visitor wanders off for a while
                clock.now += rng.choice([30, 95, 120])
                app.idle_tick()
                await pilot.pause()
            assert app.is_running and app.return_code is None and not app.staff_exited
        assert not app.incidents, app.incidents


async def test_kiosk_random_events_fixed_seed() -> None:
    await fuzz_kiosk(seed=20261128, events=300)
