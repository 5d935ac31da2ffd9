"""What a visitor can take home without the clinic storing anything: a short text, as a QR code.

The text is built from the same outcome the screen shows, in the visitor's language,
and kept small enough for a QR code a phone reads from across a desk: items are added
in order of importance until the byte budget is spent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ui_text import ui

if TYPE_CHECKING:
    from ..results.view import ResultView

BUDGET = 340
"""Bytes of UTF-8; at error correction L this stays within QR version 12 (65 modules wide)."""


def summary(view: ResultView) -> str:
    """Triage and what to do, warning signs, what it may be, exercise names and the disclaimer line.

    "May be behind it" names the most likely condition first, then the top cause: the condition
    says more to a visitor than the mechanism behind it."""
    lang = view.lang
    triage = view.triage
    head = [triage.label, f"{ui('how_soon', lang)}: {triage.how_soon}"]
    tail = [ui("take_home_disclaimer", lang)]
    likely = [condition.title for condition in (view.likely.conditions if view.likely else [])][:1]
    causes = (likely + [cause.title for cause in (view.causes.causes if view.causes else [])])[:2]
    exercises = [exercise.title for exercise in view.exercises.exercises][:4]
    signs = view.warning_signs.signs if view.warning_signs else []
    # Warning signs first, then what to do at home, then why; more of each while room is left.
    wanted = [("take_home_flags", sign.title) for sign in signs]
    wanted += [("take_home_exercises", title) for title in exercises[:2]]
    wanted += [("take_home_causes", title) for title in causes[:1]]
    wanted += [("take_home_exercises", title) for title in exercises[2:]]
    wanted += [("take_home_causes", title) for title in causes[1:]]
    kept: dict[str, list[str]] = {"take_home_flags": [], "take_home_causes": [], "take_home_exercises": []}
    for key, title in wanted:
        kept[key].append(title)
        if _size([*head, *_lines(kept, lang), *tail]) > BUDGET:
            kept[key].pop()
    return "\n".join([*head, *_lines(kept, lang), *tail])


def _lines(kept: dict[str, list[str]], lang: str) -> list[str]:
    return [f"{ui(key, lang)}: {'; '.join(titles)}" for key, titles in kept.items() if titles]


def _size(lines: list[str]) -> int:
    return len("\n".join(lines).encode())


def qr_lines(text: str, *, border: int = 2) -> list[str]:
    """The QR code of `text` drawn with half blocks: one character is one module wide and two tall.

    Meant to be drawn dark on light ('█' is a dark module pair); a border of quiet zone is included.
    """
    import segno  # only the kiosk's results screen needs it

    code = segno.make(text, error="l", micro=False, boost_error=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyph = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    return [
        "".join(glyph[(bool(a), bool(b))] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]
