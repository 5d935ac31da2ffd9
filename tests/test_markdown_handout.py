"""The Markdown handout is valid CommonMark with the structure a reader expects (checked by markdown-it-py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.results.markdown import to_markdown
from wizard.results.view import ResultView, build_view
from wizard.tools.scenarios import scenario_files

FILES = scenario_files([SCENARIOS_DIR])


def view_of(flow: LoadedFlow, path: Path, lang: str = "en") -> ResultView:
    session = replay(read_answers(path), flow, lang)
    return build_view(session, assess(session))


def tokens(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(markdown)


def words(token: Token) -> str:
    """What a reader sees of an inline token: its text, without Markdown's marks."""
    return "".join(
        c.content if c.type == "text" else " " if c.type == "softbreak" else "" for c in token.children or []
    )


def enclosing(stream: list[Token], index: int) -> list[str]:
    """The block types open around token `index` (outermost first)."""
    stack: list[str] = []
    for token in stream[:index]:
        if token.nesting == 1:
            stack.append(token.type.removesuffix("_open"))
        elif token.nesting == -1:
            stack.pop()
    return stack


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_handout_parses_to_the_expected_blocks(flow: LoadedFlow, path: Path) -> None:
    view = view_of(flow, path)
    stream = tokens(to_markdown(view))
    assert not [t for t in stream if t.type.startswith("html")], "no raw HTML reaches the handout"
    inline = [(i, words(t)) for i, t in enumerate(stream) if t.type == "inline"]
    headings = [stream[i + 1].content for i, t in enumerate(stream) if t.type == "heading_open"]
    assert headings[0] == view.flow.title and view.triage.label in headings
    for index, text in inline:
        if text.startswith("Because:"):
            assert enclosing(stream, index)[-3:] == ["bullet_list", "list_item", "paragraph"], text
        if text.startswith(("How much:", "How soon:")):
            assert enclosing(stream, index) == ["paragraph"], text  # a paragraph of its own, not run into the steps
    starts = [i for i, t in enumerate(stream) if t.type == "heading_open"]
    for exercise in view.exercises.exercises:
        # Within the exercise's own part of the handout, every step, dose and stop sign is one block
        # of its own: nothing runs into its neighbour.
        begin = next(i for i, text in inline if text == exercise.title)
        end = next((i for i in starts if i > begin), len(stream))
        own = [(i, text) for i, text in inline if begin < i < end]
        steps = [i for i, text in own if text in exercise.steps]
        assert len(steps) == len(exercise.steps), exercise.id
        assert all("ordered_list" in enclosing(stream, i) for i in steps), exercise.id
        assert f"How much: {exercise.dosing}" in [text for _, text in own], exercise.id
        stops = [i for i, text in own if text in exercise.stop_when]
        assert len(stops) == len(exercise.stop_when), exercise.id
        assert all("bullet_list" in enclosing(stream, i) for i in stops), exercise.id
    first = view.answers.answers[0]
    assert any(first.question in text and first.answer in text for _, text in inline), "the answers given are listed"
    assert any(view.date in text for _, text in inline), "the handout carries its date"


def test_markdown_and_html_in_flow_text_stay_text(flow: LoadedFlow) -> None:
    view = view_of(flow, FILES[0])
    hostile = "<b>bold</b> *star* [link](https://evil.example) `code` # not a heading"
    triage = view.triage.model_copy(update={"advice": hostile})
    view = view.model_copy(update={"triage": triage})
    stream = tokens(to_markdown(view))
    assert not [t for t in stream if t.type.startswith("html")]
    paragraph = next(t for t in stream if t.type == "inline" and "bold" in t.content)
    kinds = {c.type for c in paragraph.children or []}
    assert kinds <= {"text", "softbreak"}, kinds
