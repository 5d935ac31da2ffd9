"""The Save dialog (issue 13 item 13, issue 14 item 3): no silent overwrite, the whole path said, no
control characters in the name, a FHIR QuestionnaireResponse on request, a download in the browser."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Button, Input

from tests.tui.helpers import make_app
from tests.tui.test_screens import text_of, to_results
from wizard.tui.app import WizardApp
from wizard.tui.screens.save import SaveScreen


async def open_save(pilot: Any, app: WizardApp) -> SaveScreen:
    await to_results(pilot, app)
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SaveScreen)
    return app.screen


def notices(app: WizardApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_an_existing_file_is_replaced_only_after_a_warning_and_the_whole_path_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.html").write_text("keep me")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_save(pilot, app)
        screen.query_one("#path", Input).value = "mine.html"
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "mine.html").read_text() == "keep me"
        assert f"{tmp_path / 'mine.html'} already exists" in text_of(screen, "#save-message")
        assert str(screen.query_one("#save", Button).label) == "Replace"
        await pilot.press("enter")  # the second, explicit Save replaces it
        await pilot.pause()
        assert "<!doctype html>" in (tmp_path / "mine.html").read_text()
        assert f"Saved to {tmp_path / 'mine.html'}" in notices(app)


async def test_another_name_after_the_warning_is_warned_about_afresh(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.md").write_text("b")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_save(pilot, app)
        field = screen.query_one("#path", Input)
        field.value = str(tmp_path / "a.md")
        await pilot.press("enter")
        await pilot.pause()
        field.value = str(tmp_path / "b.md")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "a.md").read_text() == "a" and (tmp_path / "b.md").read_text() == "b"
        assert "b.md already exists" in text_of(screen, "#save-message")


async def test_the_name_takes_no_control_or_bidi_characters_typed_or_pasted(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_save(pilot, app)
        field = screen.query_one("#path", Input)
        field.value = ""
        for text in ("a\x1b]52;c;cm0gLXJmIH4=\x07", "b\u202elmth.exe", "c\x9b31m", "d\u2066"):
            field.post_message(events.Paste(text))
            await pilot.pause()
        await pilot.press("x", "tab")
        await pilot.pause()
        assert field.value == "x"
        field.insert_text_at_cursor("ok.md")
        assert field.value == "xok.md"


async def test_a_fhir_questionnaire_response_is_saved_for_a_name_ending_fhir_json(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_save(pilot, app)
        screen.query_one("#path", Input).value = str(tmp_path / "visit.fhir.json")
        await pilot.press("enter")
        await pilot.pause()
    response = json.loads((tmp_path / "visit.fhir.json").read_text())
    assert response["resourceType"] == "QuestionnaireResponse" and response["status"] == "completed"
    assert response["questionnaire"].split("|")[0].endswith(app.flow.model.flow.id.replace("_", "-"))
    assert response["item"] and "authored" in response


async def test_the_default_name_comes_from_the_flow(tmp_path: Path) -> None:
    app = make_app()  # the shoulder flow
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_save(pilot, app)
        name = screen.query_one("#path", Input).value
        assert name == f"{app.flow.model.flow.id.replace('_', '-')}-results.html"
        assert "knee" not in name and "ankle" not in name


async def test_in_a_browser_the_file_is_delivered_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(WizardApp, "is_web", property(lambda self: True))
    delivered: list[tuple[str, dict[str, Any]]] = []

    def deliver_text(file: io.StringIO, **options: Any) -> None:
        delivered.append((file.getvalue(), options))

    app = make_app()
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_save(pilot, app)
        assert "your browser downloads it" in text_of(screen, ".muted")
        screen.query_one("#path", Input).value = "../../etc/handout.md"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SaveScreen)
    assert list(tmp_path.iterdir()) == []
    [(text, options)] = delivered
    assert text.startswith("# Shoulder pain check") and options["save_filename"] == "handout.md"
    assert options["mime_type"] == "text/markdown"
