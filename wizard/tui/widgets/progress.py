"""The top of a question: its section's title, how far along the person is, and a bar, as one widget.

They were two Statics and Textual's ProgressBar, which is a container holding its bar:
four widgets for Textual to style, lay out and render on every question screen (issue 15).
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BAR = "━"
HALF_RIGHT = "╸"
"""The filled part ends half way through a cell."""
HALF_LEFT = "╺"
"""The empty part starts half way through a cell."""


def bar(width: int, fraction: float) -> Content:
    """A bar `width` cells wide, filled to `fraction` in half cells, drawn as Textual's ProgressBar draws it."""
    if fraction >= 1:
        return Content.styled(BAR * width, "$success")
    end = int(max(0.0, fraction) * width * 2) / 2  # down to a half cell, as ProgressBar does
    full, half = int(end), end % 1 > 0
    filled = BAR * full + (HALF_RIGHT if half else "")
    left = width - len(filled)
    rest = HALF_LEFT + BAR * (left - 1) if full and not half and left else BAR * left
    return Content.assemble((filled, "$primary"), (rest, "$surface"))


class QuestionProgress(Widget):
    """The section, "Question 3 · 2 answered · about 9 to go" under it, and the bar under both."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.section = ""
        self.text = ""
        self.fraction = 0.0

    def show(self, section: str, text: str, answered: int, total: int) -> None:
        """Draw again only if something changed: a new text may wrap to more lines, a new count only moves the bar."""
        fraction = answered / total if total else 0.0
        if (section, text) != (self.section, self.text):
            self.section, self.text, self.fraction = section, text, fraction
            self.refresh(layout=True)
        elif fraction != self.fraction:
            self.fraction = fraction
            self.refresh()

    def render(self) -> Content:
        return Content("\n").join(
            [Content.styled(self.section, "bold $accent"), Content(self.text), bar(self.size.width, self.fraction)]
        )
