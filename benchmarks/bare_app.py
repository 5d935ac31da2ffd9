"""A bare Textual app with a first screen like the wizard's welcome: the reference for start-up.

`--pushed` puts the same widgets on a Screen of their own, pushed on mount, the way
an app with several screens (the wizard among them) shows its first one.
"""

import sys

from textual.app import App, ComposeResult
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static


def welcome() -> ComposeResult:
    with VerticalScroll(), Vertical():
        yield Static("Knee and ankle pain check")
        yield Static("A few questions about your knee and ankle pain. First we check for warning signs.")
        yield Static("This is education, not a diagnosis.")
        yield Static("It takes about 5 minutes.")
        with Center():
            yield Button("Start", variant="primary")
    yield Footer()


class Welcome(Screen[None]):
    def compose(self) -> ComposeResult:
        yield from welcome()


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield from welcome()


class Pushed(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Welcome())


if __name__ == "__main__":
    (Pushed() if "--pushed" in sys.argv else Bare()).run()
