"""A line of text with a lead ("1.", "•") whose wrapped lines stay indented under the text, not the lead."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text


def hanging(lead: str, text: str) -> Table:
    """Steps, bullets and list rows read as one block each when they wrap."""
    row = Table.grid(padding=(0, 1, 0, 0), expand=True)
    row.add_column(no_wrap=True)
    row.add_column(ratio=1)
    row.add_row(Text(lead), Text(text))
    return row
