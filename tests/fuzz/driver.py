"""Random keys, clicks and terminal sizes for the fuzz tests and the long fuzz benchmark.

An event is ("key", name), ("click", x, y) or ("resize", width, height); clicks
outside the current screen wrap into it. The app must survive every sequence: no
exception (run_test re-raises one when the app ends) and still running after each event.
A click on the footer's Quit key is skipped: quitting when asked is not dying.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterable, Iterator, Sequence

from textual.command import CommandPalette
from textual.errors import NoWidget
from textual.pilot import OutOfBounds

from wizard.tui.app import WizardApp
from wizard.tui.compat import FooterKey

KEYS = [
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "space",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "h",
    "question_mark",
    "f1",
    "r",
    "s",
    "n",
    "pageup",
    "pagedown",
    *"0123456789",
    "a",
    "backspace",
]
WIDTHS = (40, 250)
HEIGHTS = (12, 80)

Event = tuple[str, str] | tuple[str, int, int]


def _asks_to_quit(app: WizardApp, x: int, y: int) -> bool:
    try:
        widget, _ = app.screen.get_widget_at(x, y)
    except NoWidget:
        return False
    return any(isinstance(node, FooterKey) and node.action.endswith("quit") for node in widget.ancestors_with_self)


def random_events(rng: random.Random, count: int, keys: Sequence[str] = KEYS) -> Iterator[Event]:
    """Mostly keys, some clicks, a few resizes to any size from 40x12 to 250x80."""
    for _ in range(count):
        roll = rng.random()
        if roll < 0.75:
            yield ("key", rng.choice(keys))
        elif roll < 0.95:
            yield ("click", rng.randrange(WIDTHS[1]), rng.randrange(HEIGHTS[1]))
        else:
            yield ("resize", rng.randint(*WIDTHS), rng.randint(*HEIGHTS))


async def play(app: WizardApp, events: Iterable[Event], size: tuple[int, int]) -> int:
    """Send the events to the app; returns how many were sent. Raises if the app fails or stops."""
    sent = 0
    async with app.run_test(size=size) as pilot:
        for event in events:
            if event[0] == "key":
                await pilot.press(str(event[1]))
            elif len(event) == 3 and event[0] == "click":
                x, y = int(event[1]) % size[0], int(event[2]) % size[1]
                with contextlib.suppress(OutOfBounds):
                    if not _asks_to_quit(app, x, y):
                        await pilot.click(offset=(x, y))
            elif len(event) == 3:  # a resize
                size = (int(event[1]), int(event[2]))
                await pilot.resize_terminal(*size)
            if isinstance(app.screen, CommandPalette):
                await pilot.press("escape")
            sent += 1
            assert app.is_running, f"the app stopped after event {sent}: {event}"
        assert app.return_code is None
    return sent
