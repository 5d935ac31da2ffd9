"""`wizard explain`: one report, as Markdown and as printable HTML for signing on paper."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow
from wizard.tools.explain import Explainer

from .conftest import MINIMAL
from .test_cli import wizard

HOSTILE = "<script>alert(1)</script> & <b>bold</b> | `tick` *star*"


class _Collect(HTMLParser):
    """Tags, attributes and the text of headings, to compare with the Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.headings: list[str] = []
        self.texts: list[str] = []
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        if re.fullmatch(r"h[1-6]", tag):
            self.open = tag
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self.open:
            self.headings[-1] += data


def hostile_flow(write: Callable[[str, str], Path]) -> Path:
    text = MINIMAL.read_text(encoding="utf-8").replace("title: Danger, when", f'title: "{HOSTILE}", when')
    return write("flow.yaml", text.replace("text: Any danger sign?", f'text: "{HOSTILE}"'))


def test_html_escapes_every_flow_text_and_loads_nothing_from_outside(write: Callable[[str, str], Path]) -> None:
    page = Explainer(load_flow(hostile_flow(write)), "en").html()
    parsed = _Collect()
    parsed.feed(page)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert not {"src", "href"} & set(parsed.attrs)
    assert not re.search(r"@import|url\(", page)
    assert sum(HOSTILE in text for text in parsed.texts) == 2  # the red flag row and the question, as text


def test_html_names_the_flow_version_and_file_and_has_a_sign_off(write: Callable[[str, str], Path]) -> None:
    path = hostile_flow(write)
    page = Explainer(load_flow(path), "en").html()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert "<title>Mini flow (mini 1)</title>" in page
    assert (
        f"of flow <code>mini</code>, version 1, from the file <code>{path.resolve()}</code>, "
        f"SHA-256 <code>{digest}</code>, and approve it for use." in page
    )
    assert all(f"<tr><th>{field}</th><td></td></tr>" in page for field in ("Name", "Signature", "Date"))


def test_markdown_and_html_are_the_same_report(flow: LoadedFlow) -> None:
    explainer = Explainer(flow, "es")
    parsed = _Collect()
    parsed.feed(explainer.html())
    markdown = [line.lstrip("#").strip() for line in explainer.report().splitlines() if line.startswith("#")]
    assert parsed.headings == markdown
    assert len(parsed.headings) > 10 and "Sign-off" in parsed.headings


def test_markdown_table_cells_keep_their_columns(write: Callable[[str, str], Path]) -> None:
    report = Explainer(load_flow(hostile_flow(write)), "en").report()
    row = next(line for line in report.splitlines() if line.startswith("| emergency |"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # level, red flag, fires when, loads, source
    assert r"\<script>alert(1)\</script> & \<b>bold\</b> \| \`tick\` \*star\*" in row


def test_explain_html_from_the_command_line() -> None:
    result = wizard("explain", "--format", "html", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('<!doctype html>\n<html lang="es">')
    assert result.stdout.rstrip().endswith("</html>")


def test_the_sign_off_names_the_whole_sha256_and_the_file_hashed(
    write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paper signed for one file must not match another: all 64 hex digits, and the full path of the copy."""
    path = write("flow.yaml", MINIMAL.read_text(encoding="utf-8"))
    monkeypatch.chdir(path.parent)
    report = Explainer(load_flow(Path("flow.yaml")), "en").report()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(digest) == 64
    sign_off = report[report.index("## Sign-off") :]
    assert f"from the file `{path.resolve()}`, SHA-256 `{digest}`, and approve it for use." in sign_off
    assert report.count(digest) == 2  # the heading paragraph names the same file
