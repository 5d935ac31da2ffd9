"""The answer list for single choice, multiple choice and yes / no / not sure, on Textual's OptionList.

One widget for all three keeps the keys the same everywhere: arrows move, a digit picks
option N, space ticks, a click picks, and Enter goes on. Enter never records an answer
the person did not give: on arrival nothing is highlighted, so Enter alone only says
what to do; after a deliberate move of the highlight, Enter takes the highlighted option
of a single choice. The highlighted row also carries a `›` pointer, so it shows without
colour (NO_COLOR, a monochrome console).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Toggle = Callable[[list[str], str], list[str]]
"""The selection after ticking or unticking one option (honours exclusive options)."""


def _prompt(pointer: bool, number: int, mark: str, label: str) -> Table:
    """One row: pointer, number and mark in a fixed column, the label wrapping beside them (a hanging indent)."""
    row = Table.grid(padding=0, expand=True)
    row.add_column(no_wrap=True)
    row.add_column(ratio=1)
    lead = f"{'›' if pointer else ' '}{f'{number}.' if number <= 9 else '':>3} {mark} "
    row.add_row(Text(lead), Text(label))
    return row


class ChoiceList(OptionList):
    """Choices with a highlight; single mode keeps one selected, multi mode many."""

    BINDINGS = [
        Binding("space", "pick", "Choose", id="choose", tooltip="Choose or tick the highlighted option"),
        Binding("enter", "submit", "Next", id="submit", tooltip="Go on"),
    ]

    class Changed(Message):
        """The selection changed."""

        def __init__(self, choices: ChoiceList, selected: list[str]) -> None:
            super().__init__()
            self.choices = choices
            self.selected = selected

        @property
        def control(self) -> ChoiceList:
            return self.choices

    class Submitted(Message):
        """Enter was pressed: the person wants to go on (the screen decides whether they may)."""

    def __init__(
        self,
        options: list[tuple[str, str]],
        *,
        multi: bool,
        selected: list[str],
        toggle: Toggle | None = None,
        id: str | None = None,
    ) -> None:
        self.choices = options
        self.multi = multi
        self.selected = list(selected)
        self._toggle = toggle
        ids = [oid for oid, _ in options]
        first = next((ids.index(s) for s in self.selected if s in ids), None)
        self._pointer: int | None = None
        """The row drawn with the pointer, so a move redraws only the two rows it changes."""
        super().__init__(*[Option(label, id=oid) for oid, label in options], id=id, markup=False)
        self.set_reactive(OptionList.highlighted, first)  # OptionList highlights the first; nothing, on arrival
        self._pointer = first
        self._moved = False
        """Whether the person moved the highlight themselves since this question appeared."""
        self._redraw(*range(len(options)))

    # --- drawing ------------------------------------------------------------------------

    def _row(self, index: int, option_id: str, label: str, pointer: bool) -> Table:
        chosen = option_id in self.selected
        mark = ("[x]" if chosen else "[ ]") if self.multi else ("(•)" if chosen else "( )")
        return _prompt(pointer, index + 1, mark, label)

    def _redraw(self, *indexes: int) -> None:
        for index in indexes:
            option_id, label = self.choices[index]
            self.replace_option_prompt_at_index(index, self._row(index, option_id, label, index == self.highlighted))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        before, self._pointer = self._pointer, highlighted
        self._redraw(*(i for i in {before, highlighted} if i is not None))

    @property
    def highlighted_id(self) -> str | None:
        return None if self.highlighted is None else self.choices[self.highlighted][0]

    # --- keys and clicks ----------------------------------------------------------------

    def _move(self, action: Callable[[], None]) -> None:
        self._moved = True
        action()

    def action_cursor_up(self) -> None:
        self._move(super().action_cursor_up)

    def action_cursor_down(self) -> None:
        self._move(super().action_cursor_down)

    def action_first(self) -> None:
        self._move(super().action_first)

    def action_last(self) -> None:
        self._move(super().action_last)

    def action_page_up(self) -> None:
        self._move(lambda: move_page(self, -1))

    def action_page_down(self) -> None:
        self._move(lambda: move_page(self, 1))

    def action_select(self) -> None:
        """A click (OptionList highlights the clicked row first): pick or tick it, without going on."""
        self._moved = True
        self.action_pick()

    def action_pick(self) -> None:
        if self.highlighted is not None:
            self.pick(self.highlighted)

    def action_submit(self) -> None:
        """Enter: go on. A single choice takes the highlighted option only after a deliberate move."""
        index = self.highlighted
        if not self.multi and index is not None and self._moved and self.choices[index][0] not in self.selected:
            self.pick(index)
        self.post_message(self.Submitted())

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character and character.isascii() and character.isdigit() and character != "0":
            index = int(character) - 1
            if index < len(self.choices):
                event.stop()
                self._moved = True
                self.highlighted = index
                self.pick(index)

    # --- the selection ------------------------------------------------------------------

    def pick(self, index: int) -> None:
        """Select (single) or tick/untick (multi) the option at `index`, and say so."""
        option_id = self.choices[index][0]
        before = list(self.selected)
        if not self.multi:
            self.selected = [option_id]
        elif self._toggle is not None:
            self.selected = self._toggle(self.selected, option_id)
        elif option_id in self.selected:
            self.selected = [o for o in self.selected if o != option_id]
        else:
            self.selected = [*self.selected, option_id]
        self._redraw_changed(before)
        self.post_message(self.Changed(self, list(self.selected)))

    def set_selected(self, selected: list[str]) -> None:
        """Change the selection from outside (for example from the body map)."""
        before = list(self.selected)
        self.selected = list(selected)
        self._redraw_changed(before)

    def _redraw_changed(self, before: list[str]) -> None:
        changed = set(before) ^ set(self.selected)
        self._redraw(*(i for i, (oid, _) in enumerate(self.choices) if oid in changed))


def move_page(options: OptionList, direction: int) -> None:
    """Move the highlight by the list's height, counted in options, whatever has been drawn.

    Textual's own page move looks up the rows the list has drawn, and raises KeyError before it
    has drawn any (a list still hidden, or a terminal a few rows tall: found by the key storm).
    """
    if not options.option_count:
        return
    step = max(1, options.scrollable_content_region.height) * direction
    start = options.highlighted if options.highlighted is not None else (-1 if direction > 0 else options.option_count)
    options.highlighted = min(options.option_count - 1, max(0, start + step))
