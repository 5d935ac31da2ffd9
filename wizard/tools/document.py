"""A small document (headings, paragraphs, lists, tables, a sign-off box) rendered as Markdown or HTML.

Reports that exist in both forms are built once as these blocks, so the Markdown a
reviewer reads on screen and the HTML a clinician signs on paper cannot drift
apart. Every piece of text is escaped for the format it is written into; flow
texts are data and never markup, and no control character reaches either page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ..textsafe import safe


@dataclass(frozen=True)
class Span:
    """A run of text: plain, `code` (an id the flow file uses) or `strong`."""

    text: str
    style: str = ""


Inline = tuple[Span, ...]


def plain(text: str) -> Inline:
    return (Span(text),)


@dataclass(frozen=True)
class Heading:
    level: int
    text: Inline


@dataclass(frozen=True)
class Paragraph:
    text: Inline


@dataclass(frozen=True)
class Bullet:
    text: Inline
    details: list[Inline] = field(default_factory=list)


@dataclass(frozen=True)
class Bullets:
    items: list[Bullet]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Inline]]


@dataclass(frozen=True)
class SignOff:
    """Blank lines to fill in by hand, under a statement of what is being signed."""

    statement: Inline
    fields: list[str]


Block = Heading | Paragraph | Bullets | Table | SignOff

_MD_SPECIAL = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "<": "\\<", "|": "\\|"})


def _md(inline: Inline) -> str:
    out = []
    for span in inline:
        if span.style == "code":
            out.append(f"`{span.text.replace('`', '')}`")
        elif span.style == "strong":
            out.append(f"**{span.text.translate(_MD_SPECIAL)}**")
        else:
            out.append(span.text.translate(_MD_SPECIAL))
    return "".join(out).replace("\n", " ")


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + _md(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [_md(block.text), ""]
        elif isinstance(block, Bullets):
            for item in block.items:
                out.append(f"- {_md(item.text)}")
                out += [f"  - {_md(detail)}" for detail in item.details]
            out.append("")
        elif isinstance(block, Table):
            out.append("| " + " | ".join(h.translate(_MD_SPECIAL) for h in block.header) + " |")
            out.append("| " + " | ".join("---" for _ in block.header) + " |")
            out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in block.rows]
            out.append("")
        else:
            out += [_md(block.statement), ""]
            out += [f"- {name}: ______________________________" for name in block.fields]
            out.append("")
    return safe("\n".join(out).rstrip("\n") + "\n")


def _html(inline: Inline) -> str:
    tags = {"code": "code", "strong": "strong"}
    return "".join(
        f"<{tags[s.style]}>{escape(s.text)}</{tags[s.style]}>" if s.style in tags else escape(s.text) for s in inline
    )


_STYLE = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #000; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #000; margin-top: 2rem; }
h3 { font-size: 1.1rem; } h2, h3 { page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #444; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
tr { page-break-inside: avoid; }
code { font-family: 'DejaVu Sans Mono', Menlo, monospace; font-size: 0.9em; }
.signoff { border: 2px solid #000; padding: 0.5rem 1rem 1rem; margin-top: 2rem; page-break-inside: avoid; }
.signoff td { border: none; border-bottom: 1px solid #000; height: 2.2rem; }
.signoff th { border: none; width: 9rem; }
.signoff code { overflow-wrap: anywhere; }
@media print { body { margin: 0; max-width: none; } a { color: #000; } }
"""


def to_html(blocks: list[Block], *, title: str, lang: str) -> str:
    """A self-contained, printable page: inline style, no scripts, no external files."""
    out = [
        f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
    ]
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            out.append(f"<h{level}>{_html(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{_html(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>")
            for item in block.items:
                details = "".join(f"<li>{_html(d)}</li>" for d in item.details)
                out.append(f"<li>{_html(item.text)}" + (f"<ul>{details}</ul>" if details else "") + "</li>")
            out.append("</ul>")
        elif isinstance(block, Table):
            out.append(
                "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in block.header) + "</tr></thead><tbody>"
            )
            out += ["<tr>" + "".join(f"<td>{_html(cell)}</td>" for cell in row) + "</tr>" for row in block.rows]
            out.append("</tbody></table>")
        else:
            rows = "".join(f"<tr><th>{escape(name)}</th><td></td></tr>" for name in block.fields)
            out.append(f'<section class="signoff"><p>{_html(block.statement)}</p><table>{rows}</table></section>')
    out.append("</body></html>\n")
    return safe("\n".join(out))
