"""A clickable map of the legs and feet, drawn in the terminal.

The map is the mouse and touch way to answer the location question; the plain
list beside it is the keyboard way. Both edit the same selection. A spot is tied
to an option by id (`left_knee`, `right_ankle`, ...), so the map works for any
flow whose location options use those ids, and shows only the spots it has.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

PARTS = ("hip", "knee", "ankle", "foot_sole")
"""Top to bottom; option ids are `<side>_<part>` plus `back`."""


class MapSpot(Static):
    """One place on the map; a click ticks or unticks it."""

    def __init__(self, option_id: str, label: str) -> None:
        super().__init__(id=f"spot-{option_id}", classes="map-spot", markup=False)
        self.option_id = option_id
        self.label = label

    def show(self, chosen: bool) -> None:
        self.update(f"{'●' if chosen else '○'} {self.label}")
        self.set_class(chosen, "-selected")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        for ancestor in self.ancestors:
            if isinstance(ancestor, BodyMap):
                ancestor.post_message(BodyMap.Toggled(self.option_id))
                break


class BodyMap(Vertical):
    """Two legs, seen from the front: the person's right is on the left of the screen."""

    class Toggled(Message):
        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    def __init__(self, options: dict[str, str], labels: dict[str, str], selected: list[str]) -> None:
        super().__init__(id="body-map")
        self.options = options
        """Option id -> short label for the options the map can show."""
        self.labels = labels
        self.selected = set(selected)

    def compose(self) -> ComposeResult:
        yield Static(f"{self.labels['right']:^13}{self.labels['left']:^13}", classes="map-sides")
        if "back" in self.options:
            yield MapSpot("back", self.labels["back"])
        for part in PARTS:
            pair = [f"right_{part}", f"left_{part}"]
            if not any(p in self.options for p in pair):
                continue
            with Horizontal(classes="map-row"):
                for option_id in pair:
                    if option_id in self.options:
                        yield MapSpot(option_id, self.labels[part])
                    else:
                        yield Static("", classes="map-spot")
            if part != PARTS[-1]:
                yield Static("      ║            ║", classes="map-leg")

    def on_mount(self) -> None:
        self.set_selected(list(self.selected))

    def set_selected(self, selected: list[str]) -> None:
        self.selected = set(selected)
        for spot in self.query(MapSpot):
            spot.show(spot.option_id in self.selected)
