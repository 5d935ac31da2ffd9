"""What a visitor can take home without the clinic storing anything: a short text, as a QR code.

The text is built from the same outcome the screen shows, in the visitor's language,
and kept small enough for a QR code that fits whole on an 80x24 console: items are
added in order of importance while the code stays within version 7 (45 modules).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..ui_text import ui

if TYPE_CHECKING:
    from segno import QRCode

    from ..results.view import ResultView

MAX_VERSION = 7
"""45x45 modules. Drawn with half blocks (two modules per row) and a light margin above and below,
that is 24 rows: the whole code fits on an 80x24 console."""
QUIET = 4
"""Light modules left and right of the code, as the QR standard asks; above and below, the screen's
rows allow fewer (see TakeHomeScreen), and the view's light background carries on around them."""


def make(text: str) -> QRCode:
    """The smallest code for `text`, with the strongest error correction that keeps it that small.

    Error correction L (7 % of the code can be lost) is used only where the text needs the room;
    a short text gets M, Q or H in the same size.
    """
    import segno  # only the kiosk's take-home needs it

    return segno.make(text, error="l", micro=False, boost_error=True)


def fits(text: str) -> bool:
    import segno

    try:
        return make(text).version <= MAX_VERSION  # type: ignore[operator]
    except segno.DataOverflowError:
        return False


def summary(view: ResultView) -> str:
    """Triage and how soon, warning signs, exercise names, the top cause and the disclaimer line, as room allows.

    The core (what to do, how soon, the first warning sign, the disclaimer) always goes in: long
    texts are cut short with an ellipsis, how soon and the sign sharing the room, rather than left out.
    """
    lang = view.lang
    triage = view.triage
    causes = [cause.title for cause in (view.causes.causes if view.causes else [])][:2]
    exercises = [exercise.title for exercise in view.exercises.exercises][:4]
    signs = [sign.title for sign in (view.warning_signs.signs if view.warning_signs else [])]
    tail = [ui("take_home_disclaimer", lang)]
    kept: dict[str, list[str]] = {"take_home_flags": signs[:1], "take_home_causes": [], "take_home_exercises": []}

    def text(how_soon: str) -> str:
        return "\n".join([label, how_soon, *_lines(kept, lang), *tail])

    label = _cut(triage.label, lambda cut: cut)
    how_soon = f"{ui('how_soon', lang)}: {triage.how_soon}"
    if not fits(text(how_soon)):
        how_soon = triage.how_soon  # the label already says what to do; "How soon:" is the first thing to go
    while not fits(text(how_soon)) and (len(how_soon) > CUT_TO or (signs and len(kept["take_home_flags"][0]) > CUT_TO)):
        if signs and len(kept["take_home_flags"][0]) >= len(how_soon):
            kept["take_home_flags"] = [_shorter(kept["take_home_flags"][0])]
        else:
            how_soon = _shorter(how_soon)
    if not fits(text(how_soon)):
        tail.clear()
    # Then more warning signs, what to do at home, then why; more of each while room is left.
    wanted = [("take_home_flags", title) for title in signs[1:]]
    wanted += [("take_home_exercises", title) for title in exercises[:2]]
    wanted += [("take_home_causes", title) for title in causes[:1]]
    wanted += [("take_home_exercises", title) for title in exercises[2:]]
    wanted += [("take_home_causes", title) for title in causes[1:]]
    for key, title in wanted:
        kept[key].append(title)
        if not fits(text(how_soon)):
            kept[key].pop()
    return text(how_soon)


CUT_TO = 24
"""How short a text may be cut to keep the rest of the core in the code."""


def _shorter(text: str) -> str:
    return text[:-2] + "…"


def _cut(label: str, within: Callable[[str], str]) -> str:
    """`label`, shortened with an ellipsis only as far as `within(label)` (the whole text) needs to fit."""
    while len(label) > 1 and not fits(within(label)):
        label = _shorter(label)
    return label


def _lines(kept: dict[str, list[str]], lang: str) -> list[str]:
    return [f"{ui(key, lang)}: {'; '.join(titles)}" for key, titles in kept.items() if titles]


def qr_rows(text: str, *, quiet: int = QUIET, quiet_rows: tuple[int, int] = (2, 1)) -> list[str]:
    """The QR code of `text` drawn with half blocks: one character is one module wide and two tall.

    Meant to be drawn dark on light ('█' is a dark module pair). `quiet` light modules are added
    left and right, and `quiet_rows` (top, bottom) light modules above and below.
    """
    matrix = [[bool(module) for module in row] for row in make(text).matrix_iter(scale=1, border=0)]
    width = len(matrix[0]) + 2 * quiet
    top, bottom = quiet_rows
    rows = [[False] * width for _ in range(top)]
    rows += [[False] * quiet + row + [False] * quiet for row in matrix]
    rows += [[False] * width for _ in range(bottom + (len(rows) + bottom) % 2)]
    glyph = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    return [
        "".join(glyph[pair] for pair in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]


def qr_lines(text: str, *, border: int = 2) -> list[str]:
    """The code with the same margin on every side (for a printout or a test)."""
    return qr_rows(text, quiet=border, quiet_rows=(border, border))
