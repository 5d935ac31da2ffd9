"""Textual's command palette, made safe against fast and odd input.

Faults of the stock palette met by key storms, each fixed where it starts:
- Enter pressed again before the palette has handled the first one (or a pasted line break),
  or a second click outside it, selects or closes a second time after the palette was
  dismissed: it dismisses again, popping a screen that is not there (ScreenStackError) or
  one that is not the palette, and runs the command twice.
- A palette closed before it finished mounting (ctrl+p then Escape, queued) still starts its
  first search, and text typed while it closes starts another; their worker looks for the
  list after the palette's widgets are gone (WorkerFailed, NoMatches).
- A click queued before the terminal shrank lands outside it, where the palette's own click
  handler finds no widget (NoWidget).
- In a terminal a few columns wide the list is narrower than its options' padding, and
  measuring an option's height then fails (ValueError in rich's chop_cells).
- Page Up/Down move by the rows the list has drawn, looked up before it has drawn any (a list
  still hidden, or a terminal a few cells tall): KeyError.
"""

from __future__ import annotations

from textual import events, on
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.errors import NoWidget
from textual.message import Message
from textual.widgets import Button, Input, OptionList

from .base import done
from .widgets.options import move_page


class WizardPalette(CommandPalette):
    DEFAULT_CSS = """
    WizardPalette CommandList {
        min-width: 12;
    }
    """
    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    @on(Input.Submitted)
    @on(Input.Changed)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _ignore_once_dismissed(self, event: Message) -> None:
        """A selection or search still queued when the palette was dismissed does nothing."""
        if not self.is_active:
            event.prevent_default()
            event.stop()

    def dismiss(self, result: None = None) -> AwaitComplete:
        """Close once, and stop any search first: its worker needs the widgets that closing removes."""
        if not self.is_active:
            return done()
        self.workers.cancel_node(self)
        return super().dismiss(result)

    def on_mount(self, event: events.Mount) -> None:
        """Closed before it was mounted: no providers, no search (the palette's own mount would start one)."""
        if not self.is_active:
            event.prevent_default()

    def on_screen_suspend(self) -> None:
        """Popped without a dismiss (a kiosk's reset): the same, searches stop."""
        self.workers.cancel_node(self)

    def on_click(self, event: events.Click) -> None:
        """Nothing is under a click outside the screen: the palette's own handler must not look."""
        try:
            self.get_widget_at(event.screen_x, event.screen_y)
        except NoWidget:
            event.prevent_default()

    def action_page(self, direction: int) -> None:
        """Move the highlight a list's height at a time (see move_page), while the list is shown."""
        commands = self.query_one(CommandList)
        if commands.display:
            move_page(commands, direction)
