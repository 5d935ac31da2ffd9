"""A clickable picture of where it hurts, drawn in the terminal from the flow's own spots.

The picture is the mouse and touch way to answer a `widget: body_map` question; the
list beside it is the keyboard way, and both edit the same selection. Every spot, its
row and column and its short label come from the options' `map` entries, so any flow
(legs, a shoulder, a back) draws its own picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

CELL = 13
"""Characters per column; a row with only a middle spot spans two."""
COLUMNS = ("left", "middle", "right")


@dataclass(frozen=True)
class Spot:
    option_id: str
    row: int
    column: str
    label: str


class MapSpot(Static):
    """One place on the picture; a click ticks or unticks it."""

    def __init__(self, spot: Spot, *, wide: bool = False) -> None:
        super().__init__(id=f"spot-{spot.option_id}", classes="map-spot -wide" if wide else "map-spot", markup=False)
        self.spot = spot

    def show(self, chosen: bool) -> None:
        self.update(f"{'●' if chosen else '○'} {self.spot.label}")
        self.set_class(chosen, "-selected")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        for ancestor in self.ancestors:
            if isinstance(ancestor, BodyMap):
                ancestor.post_message(BodyMap.Toggled(self.spot.option_id))
                break


class BodyMap(Vertical):
    """The spots in their rows, the flow's headings over the columns, and a line joining each column."""

    class Toggled(Message):
        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    def __init__(self, spots: list[Spot], headings: tuple[str, str], selected: list[str]) -> None:
        super().__init__(id="body-map")
        self.spots = sorted(spots, key=lambda s: (s.row, COLUMNS.index(s.column)))
        self.headings = headings
        self.selected = set(selected)

    def compose(self) -> ComposeResult:
        left, right = self.headings
        yield Static(f"{left:^{CELL}}{right:^{CELL}}", classes="map-sides", markup=False)
        rows = sorted({s.row for s in self.spots})
        for number, row in enumerate(rows):
            here = {s.column: s for s in self.spots if s.row == row}
            if set(here) == {"middle"}:
                yield MapSpot(here["middle"], wide=True)
            else:
                with Horizontal(classes="map-row"):
                    for column in COLUMNS:
                        if column in here:
                            yield MapSpot(here[column])
                        elif column != "middle":
                            yield Static("", classes="map-spot")
            joint = self.joint(here, rows[number + 1]) if number + 1 < len(rows) else ""
            if joint:
                yield Static(joint, classes="map-leg", markup=False)

    def joint(self, here: dict[str, Spot], next_row: int) -> str:
        """The line between two rows: a limb under each side column that goes on in the next row."""
        below = {s.column for s in self.spots if s.row == next_row}
        marks = [("║" if column in here and column in below else " ").center(CELL) for column in ("left", "right")]
        return "".join(marks).rstrip()

    def on_mount(self) -> None:
        self.set_selected(list(self.selected))

    def set_selected(self, selected: list[str]) -> None:
        self.selected = set(selected)
        for spot in self.query(MapSpot):
            spot.show(spot.spot.option_id in self.selected)
