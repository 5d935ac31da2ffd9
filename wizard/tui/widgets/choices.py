"""A list of choices for single choice, multiple choice and yes / no / not sure.

One widget for all three keeps the keys the same everywhere: arrows move, a digit
picks option N, space ticks, enter goes on, and every row can be clicked.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

Toggle = Callable[[list[str], str], list[str]]


class ChoiceRow(Static):
    """One clickable row."""

    def __init__(self, index: int, option_id: str, label: str) -> None:
        super().__init__(id=f"option-{option_id}", classes="choice-row", markup=False)
        self.index = index
        self.option_id = option_id
        self.label = label
        self.shown = ""
        """The text last drawn, so unchanged rows are not redrawn."""

    def on_click(self, event: events.Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, ChoiceList):
            parent.focus()
            parent.highlight = self.index
            parent.pick(self.index)


class ChoiceList(Widget, can_focus=True):
    """Choices with a highlight; single mode keeps one selected, multi mode many."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("space", "pick", "Choose", id="choose", tooltip="Choose or tick the highlighted option"),
        Binding("enter", "submit", "Next", id="submit", tooltip="Go on"),
    ]

    highlight: reactive[int] = reactive(0)

    class Changed(Message):
        """The selection changed."""

        def __init__(self, choices: ChoiceList, selected: list[str]) -> None:
            super().__init__()
            self.choices = choices
            self.selected = selected

    class Submitted(Message):
        """Enter was pressed: the person wants to go on."""

    class Highlighted(Message):
        """The highlight moved to another option."""

        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    def __init__(
        self,
        options: list[tuple[str, str]],
        *,
        multi: bool,
        selected: list[str],
        toggle: Toggle | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = options
        self.multi = multi
        self.selected = list(selected)
        self._toggle = toggle
        ids = [oid for oid, _ in options]
        self.set_reactive(ChoiceList.highlight, ids.index(selected[0]) if selected and selected[0] in ids else 0)

    def compose(self) -> ComposeResult:
        for index, (option_id, label) in enumerate(self.options):
            yield ChoiceRow(index, option_id, label)

    def on_mount(self) -> None:
        self.refresh_rows()
        self.post_message(self.Highlighted(self.highlighted_id))

    def refresh_rows(self) -> None:
        for row in self.query(ChoiceRow):
            chosen = row.option_id in self.selected
            if self.multi:
                mark = "[x]" if chosen else "[ ]"
            else:
                mark = "(•)" if chosen else "( )"
            number = f"{row.index + 1}." if row.index < 9 else "  "
            pointer = "›" if row.index == self.highlight else " "  # visible without colour (NO_COLOR)
            text = f"{pointer}{number:>3} {mark} {row.label}"
            if text != row.shown:
                row.shown = text
                row.update(text)
            row.set_class(chosen, "-selected")
            row.set_class(row.index == self.highlight, "-highlight")

    def watch_highlight(self) -> None:
        self.refresh_rows()
        rows = list(self.query(ChoiceRow))
        if rows:
            rows[self.highlight].scroll_visible(animate=False)
            self.post_message(self.Highlighted(self.highlighted_id))

    @property
    def highlighted_id(self) -> str:
        return self.options[self.highlight][0]

    def action_move(self, step: int) -> None:
        self.highlight = (self.highlight + step) % len(self.options)

    def action_jump(self, index: int) -> None:
        self.highlight = index % len(self.options)

    def action_pick(self) -> None:
        self.pick(self.highlight)

    def action_submit(self) -> None:
        if not self.multi and not self.selected:
            self.pick(self.highlight)
        self.post_message(self.Submitted())

    def pick(self, index: int) -> None:
        """Select (single) or tick/untick (multi) the option at `index`."""
        option_id = self.options[index][0]
        if not self.multi:
            self.selected = [option_id]
        elif self._toggle is not None:
            self.selected = self._toggle(self.selected, option_id)
        elif option_id in self.selected:
            self.selected = [o for o in self.selected if o != option_id]
        else:
            self.selected = [*self.selected, option_id]
        self.refresh_rows()
        self.post_message(self.Changed(self, list(self.selected)))

    def set_selected(self, selected: list[str]) -> None:
        """Change the selection from outside (for example from the body map)."""
        self.selected = list(selected)
        self.refresh_rows()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.options):
                event.stop()
                self.highlight = index
                self.pick(index)
