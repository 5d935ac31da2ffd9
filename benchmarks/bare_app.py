"""A bare Textual app with a first screen like the wizard's welcome: the reference for start-up."""

from textual.app import App, ComposeResult
from textual.containers import Center, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll(), Vertical():
            yield Static("Knee and ankle pain check")
            yield Static("A few questions about your knee and ankle pain. First we check for warning signs.")
            yield Static("This is education, not a diagnosis.")
            yield Static("It takes about 5 minutes.")
            with Center():
                yield Button("Start", variant="primary")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
