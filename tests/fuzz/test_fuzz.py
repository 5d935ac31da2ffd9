"""Random keys, clicks and terminal sizes: the app must never raise or die (short version of issue 7's fuzz)."""

from __future__ import annotations

import contextlib
import random

from textual.pilot import OutOfBounds

from tests.tui.helpers import make_app

KEYS = ["up", "down", "left", "right", "home", "end", "space", "enter", "escape", "tab", "shift+tab", "h",
        "question_mark", "f1", "r", "s", "n", "pageup", "pagedown", *"0123456789", "a", "backspace"]
SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (250, 80)]


async def fuzz(seed: int, events: int) -> None:
    rng = random.Random(seed)
    app = make_app()
    size = rng.choice(SIZES)
    async with app.run_test(size=size) as pilot:
        for _ in range(events):
            roll = rng.random()
            if roll < 0.75:
                await pilot.press(rng.choice(KEYS))
            elif roll < 0.95:
                with contextlib.suppress(OutOfBounds):
                    await pilot.click(offset=(rng.randrange(size[0]), rng.randrange(size[1])))
            else:
                size = rng.choice(SIZES)
                await pilot.resize_terminal(*size)
            if app.screen.id == "--command-palette":
                await pilot.press("escape")
            assert app.is_running
        assert app.return_code is None


async def test_random_events_fixed_seed() -> None:
    await fuzz(seed=20261128, events=300)


async def test_random_events_other_seeds() -> None:
    for seed in (1, 2, 3):
        await fuzz(seed=seed, events=100)
