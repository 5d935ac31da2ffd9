"""Rasterise a Textual SVG screenshot's cells as a terminal draws them, so a QR reader can look at the screen.

Each cell becomes a block of pixels, split into a top and a bottom half for the half-block
characters (█ ▀ ▄): what a phone camera sees of a code drawn with them. Other characters
are drawn as their background: only the blocks matter to a reader.
"""

from __future__ import annotations

import html
import re

from PIL import Image

CELL_WIDTH = 12.2  # Rich's SVG export: 20 px font, 0.61 em per character
LINE_HEIGHT = 24.4
BASELINE = 20.0  # a text's y is its line's top plus this, near enough to round
RECT = re.compile(
    r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" shape-rendering'
)
TEXT = re.compile(r'<text class="[\w-]+-(r\d+)" x="([\d.]+)" y="([\d.]+)" textLength="[\d.]+"[^>]*>([^<]*)</text>')
STYLE = re.compile(r"\.[\w-]+-(r\d+) \{ fill: (#[0-9a-f]{6})")


def cells(svg: str, width: int, height: int) -> list[list[tuple[str, str, str]]]:
    """(character, foreground, background) of every cell of a `width` x `height` screen."""
    grid = [[(" ", "#000000", "#000000") for _ in range(width)] for _ in range(height)]
    for fill, x, y, w in RECT.findall(svg):
        row, first = round((float(y) - 1.5) / LINE_HEIGHT), round(float(x) / CELL_WIDTH)
        for col in range(first, min(width, first + round(float(w) / CELL_WIDTH))):
            if 0 <= row < height:
                grid[row][col] = (grid[row][col][0], grid[row][col][1], fill)
    colours = dict(STYLE.findall(svg))
    for style, x, y, text in TEXT.findall(svg):
        row, first = round((float(y) - BASELINE) / LINE_HEIGHT), round(float(x) / CELL_WIDTH)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            col = first + offset
            if 0 <= row < height and 0 <= col < width:
                grid[row][col] = (char, colours.get(style, "#ffffff"), grid[row][col][2])
    return grid


def raster(svg: str, width: int, height: int, scale: int = 4) -> Image.Image:
    """The screen in grey levels, `scale` pixels per module: each cell is one module wide and two tall."""
    image = Image.new("L", (width * scale, height * 2 * scale), 0)
    for y, row in enumerate(cells(svg, width, height)):
        for x, (char, fg, bg) in enumerate(row):
            for half, lit in enumerate((char in "█▀", char in "█▄")):
                colour = fg if lit else bg
                grey = round(sum(int(colour[i : i + 2], 16) for i in (1, 3, 5)) / 3)
                box = (x * scale, (2 * y + half) * scale, (x + 1) * scale, (2 * y + half + 1) * scale)
                image.paste(grey, box)
    return image
