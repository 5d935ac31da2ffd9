"""The body map is one widget: what it draws, and which spot a click or the mouse is on, found from the offset."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from wizard.tui.widgets.bodymap import BodyMap, Spot

from .helpers import drawn, drawn_at

SPOTS = [
    Spot("neck", 0, "middle", "neck"),
    Spot("right_shoulder", 1, "left", "shoulder"),
    Spot("left_shoulder", 1, "right", "shoulder"),
    Spot("right_arm", 2, "left", "arm"),
]


class MapApp(App[None]):
    CSS_PATH = "../../wizard/tui/wizard.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.toggled: list[str] = []

    def compose(self) -> ComposeResult:
        yield BodyMap(SPOTS, ("Your right", "Your left"), ["left_shoulder"])

    def on_body_map_toggled(self, event: BodyMap.Toggled) -> None:
        self.toggled.append(event.option_id)


async def test_the_picture_has_its_headings_spots_legs_and_ticks() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        body_map = app.query_one(BodyMap)
        lines = drawn(body_map)
        assert "Your right" in lines[1] and "Your left" in lines[1]
        assert "○ neck" in lines[2]
        assert lines[3].index("○ shoulder") < lines[3].index("● shoulder")  # the person's left is drawn right
        assert lines[4].count("║") == 1  # only the right side goes on to an arm
        assert lines[4].index("║") in range(drawn_at(body_map, "arm").x - 3, drawn_at(body_map, "arm").x + 4)
        body_map.set_selected(["right_arm"])
        await pilot.pause()
        assert "● arm" in drawn(body_map)[5] and "● shoulder" not in "".join(drawn(body_map))


async def test_a_click_toggles_the_spot_under_it_and_nothing_elsewhere() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        body_map = app.query_one(BodyMap)
        await pilot.click("#body-map", offset=drawn_at(body_map, "shoulder", 1))
        await pilot.click("#body-map", offset=drawn_at(body_map, "○ neck"))
        await pilot.click("#body-map", offset=drawn_at(body_map, "║"))  # a leg is not a spot
        await pilot.click("#body-map", offset=drawn_at(body_map, "Your left"))
        await pilot.click("#body-map", offset=(0, 3))  # the border
        await pilot.pause()
        assert app.toggled == ["left_shoulder", "neck"]


def background_at(body_map: BodyMap, x: int, y: int) -> object:
    """The background colour drawn in one cell of the widget."""
    strip = body_map.render_lines(Region(0, 0, *body_map.outer_size))[y]
    cells = [segment.style.bgcolor if segment.style else None for segment in strip for _ in segment.text]
    return cells[x]


async def test_the_spot_under_the_mouse_is_highlighted() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        body_map = app.query_one(BodyMap)
        arm = drawn_at(body_map, "arm")
        plain = background_at(body_map, *arm)
        await pilot.hover("#body-map", offset=arm)
        await pilot.pause()
        assert background_at(body_map, *arm) != plain
        await pilot.hover("#body-map", offset=drawn_at(body_map, "║"))
        await pilot.pause()
        assert background_at(body_map, *arm) == plain
