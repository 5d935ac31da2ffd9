"""The storm: random keys, raw bytes (invalid UTF-8 among them), pastes, mouse reports and resizes.

One event stream, two players: Pilot (`play_pilot`, headless, the bytes go through the same
parser and decoding as Textual's Linux driver) and a real terminal (`tests/fuzz/terminal.py`,
tmux `send-keys -H` and `resize-window`). The same seed gives the same events.

An event is one of
    ("key", name)            a key, by Textual's name (KEYS maps it to tmux's)
    ("bytes", data)          raw bytes as a terminal would send them
    ("resize", width, height)
Pastes and mouse reports are bytes (bracketed paste, SGR mouse), as terminals send them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from textual.app import App

from wizard.tui.kiosk import BLOCKED_KEYS

Event = tuple[str, str] | tuple[str, bytes] | tuple[str, int, int]

KEYS = {  # Textual's key name: tmux's
    **{key: key for key in "abcdefghijklmnopqrstuvwxyz0123456789"},
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "home": "Home",
    "end": "End",
    "pageup": "PPage",
    "pagedown": "NPage",
    "insert": "IC",
    "delete": "DC",
    "space": "Space",
    "enter": "Enter",
    "escape": "Escape",
    "tab": "Tab",
    "shift+tab": "BTab",
    "backspace": "BSpace",
    "question_mark": "?",
    "full_stop": ".",
    "minus": "-",
    "f1": "F1",
    "ctrl+p": "C-p",
    "ctrl+k": "C-k",
    "ctrl+a": "C-a",
    "ctrl+e": "C-e",
    "ctrl+u": "C-u",
    "ctrl+w": "C-w",
    "ctrl+left": "C-Left",
    "ctrl+right": "C-Right",
    "shift+up": "S-Up",
    "shift+down": "S-Down",
}
KIOSK_KEYS = {  # keys that end, suspend or save elsewhere: the kiosk must shrug them off
    "ctrl+q": "C-q",
    "ctrl+c": "C-c",
    "ctrl+z": "C-z",
    "ctrl+backslash": "C-\\",
    "ctrl+d": "C-d",
    "ctrl+s": "C-s",
    **{f"f{n}": f"F{n}" for n in range(2, 13)},
}
assert set(KIOSK_KEYS) <= BLOCKED_KEYS
INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\x9b", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80"]
ESCAPE_BITS = b"[O<;?$~0123456789ABCDHFPQRSMmu"
PASTE_TEXT = "abc ÁÑü 日本 🦵 \t\n\r 123 <b>[x]</b> \x1b[31m \x07 \x9b ctrl+q"


def mouse(rng: random.Random) -> bytes:
    """An SGR mouse report: press, release, move, drag or wheel, anywhere (sometimes off the screen)."""
    button = rng.choice([0, 0, 0, 1, 2, 32, 35, 64, 65])
    x, y = rng.randint(1, 310), rng.randint(1, 105)
    ending = "m" if button in (0, 1, 2) and rng.random() < 0.5 else "M"
    return f"\x1b[<{button};{x};{y}{ending}".encode()


def click(rng: random.Random, width: int, height: int) -> bytes:
    """A press and release on the same cell, on the screen: a tap."""
    x, y = rng.randint(1, max(1, width)), rng.randint(1, max(1, height))
    return f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m".encode()


def paste(rng: random.Random) -> bytes:
    text = "".join(rng.choice(PASTE_TEXT) for _ in range(rng.choice([1, 5, 40, 300])))
    return b"\x1b[200~" + text.encode() + b"\x1b[201~"


def raw_bytes(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(INVALID_UTF8)
    if roll < 0.6:  # the start of an escape sequence, maybe cut short
        return b"\x1b" + bytes(rng.choice(ESCAPE_BITS) for _ in range(rng.randint(0, 6)))
    if roll < 0.8:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return rng.choice(["é", "ñ", "日", "🦵", "\u202e", "\u0301", "\x00", "\x7f"]).encode()


def size(rng: random.Random) -> tuple[int, int]:
    """Any size from 1x1 to 300x100, tiny ones often (they break layouts), common ones often too."""
    roll = rng.random()
    if roll < 0.25:
        return rng.randint(1, 20), rng.randint(1, 8)
    if roll < 0.5:
        return rng.choice([(80, 24), (100, 32), (120, 40), (60, 20), (200, 60)])
    return rng.randint(1, 300), rng.randint(1, 100)


def storm(rng: random.Random, count: int, *, kiosk: bool, start: tuple[int, int] = (80, 24)) -> Iterator[Event]:
    """`count` events: keys (most), taps and other mouse reports, raw bytes, pastes and resizes."""
    keys = [*KEYS, *(KIOSK_KEYS if kiosk else ())]
    width, height = start
    for _ in range(count):
        roll = rng.random()
        if roll < 0.55:
            yield ("key", rng.choice(keys))
        elif roll < 0.70:
            yield ("bytes", click(rng, width, height))
        elif roll < 0.78:
            yield ("bytes", mouse(rng))
        elif roll < 0.88:
            yield ("bytes", raw_bytes(rng))
        elif roll < 0.93:
            yield ("bytes", paste(rng))
        else:
            width, height = size(rng)
            yield ("resize", width, height)


class Outcome:
    """What a storm did to the app: events sent, times it quit when asked (normal mode), and what went wrong."""

    def __init__(self) -> None:
        self.sent = 0
        self.quits = 0
        self.failures: list[str] = []


async def play_pilot(
    app: App[None], events: Iterator[Event], size: tuple[int, int], outcome: Outcome, *, keep_going: bool = False
) -> None:
    """Send the storm through Pilot; raw bytes go through Textual's own terminal parser (compat.TerminalInput).

    Stops at the first sign of trouble: the app no longer running, or (for a kiosk) an incident;
    with `keep_going`, a kiosk's incidents are collected and the storm goes on.
    """
    from wizard.tui.compat import TerminalInput
    from wizard.tui.kiosk import KioskApp

    terminal = TerminalInput()
    async with app.run_test(size=size) as pilot:
        for event in events:
            if event[0] == "key":
                await pilot.press(str(event[1]))
            elif event[0] == "bytes":
                assert isinstance(event[1], bytes)
                for message in terminal.feed(event[1]):
                    message.set_sender(app)
                    app.post_message(message)
                await pilot.pause()
            else:
                assert len(event) == 3
                await pilot.resize_terminal(event[1], event[2])
                await pilot.pause()
            outcome.sent += 1
            if not app.is_running:
                if not isinstance(app, KioskApp) and app.return_code == 0:
                    outcome.quits += 1  # Quit clicked or chosen: quitting when asked is not dying
                else:
                    outcome.failures.append(f"the app stopped after event {outcome.sent}: {event!r}")
                return
            if isinstance(app, KioskApp) and app.incidents:
                outcome.failures.extend(f"{line} (after event {outcome.sent}: {event!r:.80})" for line in app.incidents)
                app.incidents.clear()
                if not keep_going:
                    return
