"""The bar under a question's progress text, drawn as Textual's ProgressBar drew it."""

from __future__ import annotations

from wizard.tui.widgets.progress import bar


def test_the_bar_fills_in_half_cells_and_turns_complete_at_the_end() -> None:
    assert bar(10, 0).plain == "━" * 10
    assert bar(10, 0.5).plain == "━" * 5 + "╺" + "━" * 4
    assert bar(10, 0.25).plain == "━━╸" + "━" * 7
    assert bar(10, 0.5).spans[0].style == "$primary" and bar(10, 0.5).spans[-1].style == "$surface"
    assert bar(10, 1).plain == "━" * 10 and bar(10, 1).spans[0].style == "$success"
    assert all(len(bar(7, n / 9).plain) == 7 for n in range(10))
