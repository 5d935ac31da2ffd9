"""The accessible plain mode: same outcome as `wizard run`, no escape codes, scriptable."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.engine.session import Session
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loader import LoadedFlow, option_ids
from wizard.flow.model import MultipleChoice, Number, Scale
from wizard.plain import InputEnded, PlainWizard
from wizard.report import outcome, to_text
from wizard.tools.scenarios import scenario_files

FILES = scenario_files([SCENARIOS_DIR])


def typed_lines(session: Session) -> list[str]:
    """What a person types to give a finished session's answers, in the order they are asked."""
    lines = []
    for question in session.visible_questions():
        value = session.answer_of(question.id)
        if isinstance(question, (Scale, Number)):
            lines.append(f"{value:g}")
        elif isinstance(question, MultipleChoice):
            assert isinstance(value, list)
            lines.append(", ".join(str(option_ids(question).index(v) + 1) for v in value))
        else:
            lines.append(str(option_ids(question).index(str(value)) + 1))
    return lines


def run_plain(flow: LoadedFlow, lines: list[str], lang: str = "en") -> str:
    out = io.StringIO()
    PlainWizard(flow, lang, iter(lines), out).run()
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_plain_mode_reproduces_wizard_run(path: Path, flow: LoadedFlow, lang: str) -> None:
    doc = read_answers(path)
    session = replay(doc, flow, lang)
    expected = to_text(outcome(session, assess(session)))
    shown = run_plain(flow, typed_lines(session), lang)
    assert shown.endswith(expected)
    assert "\x1b" not in shown


def test_invalid_input_is_re_asked_with_the_reason_and_back_and_help_work(flow: LoadedFlow) -> None:
    out = io.StringIO()
    lines = iter(["help", "back", "12", "one", "9", "1", "back", "2, 3", "3"])
    with pytest.raises(InputEnded):
        PlainWizard(flow, "en", lines, out).run()
    text = out.getvalue()
    assert "This is the first question." in text
    assert text.count("Please type a number from 1 to 9.") == 2
    assert "Please choose at least one knee or ankle as well." in text.replace("\n", " ")
    assert "Pick each knee, ankle or other area that hurts." in text  # help
    assert text.count("Did the pain start with an injury") == 2  # asked, back, asked again


def test_emergency_advice_is_said_at_once(flow: LoadedFlow) -> None:
    out = io.StringIO()
    with pytest.raises(InputEnded):
        PlainWizard(flow, "en", iter(["1", "3", "1"]), out).run()
    assert "STOP. Emergency" in out.getvalue()


def test_piped_stdin_end_of_input_and_environment_language() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "--accessible"], input="1\n3\n", capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "The input ended before every question was answered" in result.stderr
    assert "\x1b" not in result.stdout
    env = {"ACCESSIBLE": "1", "LANG": "es_ES.UTF-8", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "wizard"], input="", capture_output=True, text=True, timeout=60, env=env
    )
    assert "¿Dónde" in result.stdout and "La entrada terminó" in result.stderr


def test_reasons_are_given_in_the_persons_language(flow: LoadedFlow) -> None:
    out = io.StringIO()
    with pytest.raises(InputEnded):
        PlainWizard(flow, "es", iter(["1, 1", "1", ""]), out).run()
    assert "una opción está elegida dos veces" in out.getvalue()
    assert "Escriba un número del 1 al 3." in out.getvalue()
