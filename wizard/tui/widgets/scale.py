"""A 0-10 pain scale drawn as a row of numbered cells from green to red."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

# Green through amber to red; high contrast and NO_COLOR fall back to reverse video.
_COLOURS = [
    "#2e7d32",
    "#558b2f",
    "#7cb342",
    "#c0ca33",
    "#fdd835",
    "#ffb300",
    "#fb8c00",
    "#f4511e",
    "#e53935",
    "#c62828",
    "#b71c1c",
]


class PainScale(Widget, can_focus=True):
    """Pick a value with arrows, digits, End for the top, or a click on a cell."""

    DEFAULT_CSS = "PainScale { height: 3; }"

    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
        Binding("home", "set_value(0)", show=False),
        Binding("end", "set_value(-1)", show=False),
        Binding("enter", "submit", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    class Submitted(Message):
        """Enter was pressed."""

    def __init__(
        self, low: int, high: int, value: int | None, low_label: str, high_label: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.low = low
        self.high = high
        self.low_label = low_label
        self.high_label = high_label
        self.set_reactive(PainScale.value, value)

    @property
    def count(self) -> int:
        return self.high - self.low + 1

    def cell_width(self) -> int:
        return max(3, min(7, self.size.width // self.count))

    def render(self) -> Text:
        width = self.cell_width()
        cells = Text()
        marks = Text()
        for i in range(self.count):
            number = self.low + i
            colour = _COLOURS[round(i * (len(_COLOURS) - 1) / max(1, self.count - 1))]
            chosen = number == self.value
            style = Style(bgcolor=colour, color="white" if i > 6 or i < 3 else "black", bold=chosen, reverse=chosen)
            cells.append(str(number).center(width), style)
            marks.append(("▲" if chosen else " ").center(width))
        total = width * self.count
        labels = Text(self.low_label)
        labels.append(" " * max(1, total - len(self.low_label) - len(self.high_label)))
        labels.append(self.high_label)
        return Text("\n").join([cells, marks, labels])

    def action_step(self, delta: int) -> None:
        start = self.value if self.value is not None else (self.low - 1 if delta > 0 else self.high + 1)
        self.choose(min(self.high, max(self.low, start + delta)))

    def action_set_value(self, value: int) -> None:
        self.choose(self.high if value < 0 else value)

    def action_submit(self) -> None:
        self.post_message(self.Submitted())

    def choose(self, value: int) -> None:
        self.value = value
        self.post_message(self.Changed(value))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            value = int(event.character)
            if self.low <= value <= self.high:
                event.stop()
                self.choose(value)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0 or event.y == 1:
            index = event.x // self.cell_width()
            if 0 <= index < self.count:
                self.choose(self.low + index)
