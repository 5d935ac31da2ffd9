"""A clickable picture of where it hurts, drawn in the terminal from the flow's own spots.

The picture is the mouse and touch way to answer a `widget: body_map` question; the
list beside it is the keyboard way, and both edit the same selection. Every spot, its
row and column and its short label come from the options' `map` entries, so any flow
(legs, a shoulder, a back) draws its own picture.

It is one widget that draws the whole picture as one `Content` (Textual's own text, which
keeps the theme's translucent colours such as `$text-muted`) and finds the spot under a
click from the click's offset: a widget per spot and row made the question screen
several times as costly for Textual to style, lay out and render (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import reactive
from textual.style import NULL_STYLE
from textual.style import Style as VisualStyle
from textual.widget import Widget

CELL = 13
"""Characters per column; a row with only a middle spot spans two."""
COLUMNS = ("left", "middle", "right")


def _centred(text: str, width: int) -> str:
    """`text` in the middle of `width` cells, any odd cell on the right (as `content-align: center` puts it)."""
    pad = max(0, width - cell_len(text))
    return " " * (pad // 2) + text + " " * (pad - pad // 2)


@dataclass(frozen=True)
class Spot:
    option_id: str
    row: int
    column: str
    label: str


@dataclass(frozen=True)
class Cell:
    """A stretch of one line of the picture: a spot's cell (the click target), a heading, a leg or blank."""

    width: int
    spot: Spot | None = None
    text: str = ""
    muted: bool = False


class BodyMap(Widget):
    """The spots in their rows, the flow's headings over the columns, and a line joining each column."""

    COMPONENT_CLASSES = {"body-map--muted", "body-map--selected", "body-map--hover"}
    """The headings and legs; a ticked spot (its filled dot shows it without colour too); the spot under the mouse."""

    hovered: reactive[str | None] = reactive(None)
    """The option id of the spot under the mouse, if any."""

    class Toggled(Message):
        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    def __init__(self, spots: list[Spot], headings: tuple[str, str], selected: list[str]) -> None:
        super().__init__(id="body-map")
        self.spots = sorted(spots, key=lambda s: (s.row, COLUMNS.index(s.column)))
        self.headings = headings
        self.selected = set(selected)
        self.lines = self.layout_lines()

    # --- the picture ------------------------------------------------------------------------

    def layout_lines(self) -> list[list[Cell]]:
        """Every line as cells: the headings, then each row of spots and the legs down to the next."""
        left, right = self.headings
        lines = [[Cell(CELL * 2, text=f"{left:^{CELL}}{right:^{CELL}}", muted=True)]]
        rows = sorted({s.row for s in self.spots})
        for number, row in enumerate(rows):
            here = {s.column: s for s in self.spots if s.row == row}
            if set(here) == {"middle"}:
                lines.append([Cell(CELL * 2, here["middle"])])
            else:
                lines.append([Cell(CELL, here.get(c)) for c in COLUMNS if c in here or c != "middle"])
            joint = self.joint(here, rows[number + 1]) if number + 1 < len(rows) else ""
            if joint:
                lines.append([Cell(len(joint), text=joint, muted=True)])
        return lines

    def joint(self, here: dict[str, Spot], next_row: int) -> str:
        """The line between two rows: a limb under each side column that goes on in the next row."""
        below = {s.column for s in self.spots if s.row == next_row}
        marks = [("║" if column in here and column in below else " ").center(CELL) for column in ("left", "right")]
        return "".join(marks).rstrip()

    def render(self) -> Content:
        muted = self.get_visual_style("body-map--muted", partial=True)
        selected = self.get_visual_style("body-map--selected", partial=True)
        # Textual's partial style drops an opaque background; the full one carries its colour too.
        hover = VisualStyle(background=self.get_visual_style("body-map--hover").background)
        pieces: list[tuple[str, VisualStyle]] = []
        for number, line in enumerate(self.lines):
            if number:
                pieces.append(("\n", NULL_STYLE))
            for cell in line:
                if cell.spot is None:
                    pieces.append((f"{cell.text:<{cell.width}}", muted if cell.muted else NULL_STYLE))
                    continue
                chosen = cell.spot.option_id in self.selected
                style = selected if chosen else NULL_STYLE
                if cell.spot.option_id == self.hovered:
                    style += hover
                pieces.append((_centred(f"{'●' if chosen else '○'} {cell.spot.label}", cell.width), style))
        return Content.assemble(*pieces)

    def set_selected(self, selected: list[str]) -> None:
        if set(selected) != self.selected:
            self.selected = set(selected)
            self.refresh()

    # --- where a spot is ----------------------------------------------------------------------

    def spot_at(self, offset: Offset) -> Spot | None:
        """The spot whose cell holds `offset` (from the top left of the content), if any."""
        if not 0 <= offset.y < len(self.lines):
            return None
        x = 0
        for cell in self.lines[offset.y]:
            if x <= offset.x < x + cell.width:
                return cell.spot
            x += cell.width
        return None

    def offset_of(self, option_id: str) -> Offset | None:
        """The middle of a spot's cell, from the widget's top left (as `Pilot.click` takes it)."""
        for y, line in enumerate(self.lines):
            x = 0
            for cell in line:
                if cell.spot is not None and cell.spot.option_id == option_id:
                    return Offset(self.gutter.left + x + cell.width // 2, self.gutter.top + y)
                x += cell.width
        return None

    # --- the mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        spot = None if offset is None else self.spot_at(offset)
        if spot is not None:
            event.stop()
            self.post_message(self.Toggled(spot.option_id))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        spot = None if offset is None else self.spot_at(offset)
        self.hovered = None if spot is None else spot.option_id

    def on_leave(self) -> None:
        self.hovered = None
