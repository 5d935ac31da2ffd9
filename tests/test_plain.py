"""The accessible plain mode: same outcome as `wizard run`, no escape codes, scriptable."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.engine.session import Session
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow, option_ids
from wizard.flow.questions import MultipleChoice, Number, Scale
from wizard.plain import InputEnded, PlainWizard
from wizard.results.plain import to_plain
from wizard.results.view import build_view
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
    expected = to_plain(build_view(session, assess(session)))
    shown = run_plain(flow, [*typed_lines(session), ""], lang)  # Enter at the review: the results
    assert expected in shown
    assert "\x1b" not in shown


def test_invalid_input_is_re_asked_with_the_reason_and_back_and_help_work(flow: LoadedFlow) -> None:
    out = io.StringIO()
    lines = iter(["help", "back", "12", "one", "9", "1", "back", "2, 3", "30"])
    with pytest.raises(InputEnded):
        PlainWizard(flow, "en", lines, out).run()
    text = out.getvalue()
    assert "This is the first question." in text
    assert text.count("Please type a number from 1 to 9.") == 2
    assert "Please choose at least one knee or ankle as well." in text.replace("\n", " ")
    assert "Pick each knee, ankle or other area that hurts." in text  # help
    assert text.count("How old are you?") == 2  # asked, back, asked again


def test_emergency_advice_is_said_at_once(flow: LoadedFlow) -> None:
    out = io.StringIO()
    with pytest.raises(InputEnded):
        PlainWizard(flow, "en", iter(["1", "3", "1"]), out).run()
    assert "Stop here. Emergency" in out.getvalue()


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
        PlainWizard(flow, "es", iter(["1, 12", "1", ""]), out).run()
    assert "Escriba un número del 1 al 9." in out.getvalue()
    assert "Escriba un número, por favor." in out.getvalue()  # the age left empty


def test_review_changes_an_answer_by_number_and_asks_only_what_the_change_reveals(mini: LoadedFlow) -> None:
    # where: knee; danger: no; walk: yes; injury: none; pain 2; age skipped; then the review.
    lines = ["1", "2", "1", "2", "2", "skip", "4", "1", "1", ""]
    text = run_plain(mini, lines)
    assert "Left blank." in text
    assert "You chose: 2: None." in text
    review = text.index("Your answers. Type a number")
    assert "4. Injury? Answer: 2: None" in text[review:]
    # 4 changed injury to "Recent", which asks the crack question, and only that one.
    after = text[review:]
    asked = after.split("Type 1 to 5 to change an answer")[1].split("Your answers. Type a number")[0]
    assert "You chose: 1: Recent." in asked and "Crack?" in asked and "Pain?" not in asked and "Age?" not in asked
    assert "Your answer so far: 2: None." in asked
    assert "5. Crack? Answer: 1: Yes" in after
    assert "Soon" in text.split("Your results")[-1]


def test_results_can_be_asked_for_once_an_emergency_sign_is_known_and_quit_ends_cleanly(mini: LoadedFlow) -> None:
    text = run_plain(mini, ["1", "1", "results", "quit"])
    assert "Stop here. Emergency" in text and "Type results to see your results now" in text
    results = text.split("Your results")[-1]
    assert "Emergency" in results and "before every question was answered" in results
    assert text.rstrip().endswith("Goodbye. Take care.")
    assert run_plain(mini, ["quit"]).rstrip().endswith("Goodbye. Take care.")


def test_back_says_the_answer_already_given(mini: LoadedFlow) -> None:
    text = run_plain(mini, ["1", "back", "", "quit"])
    assert "Your answer so far: 1: Knee. Press Enter to keep it" in text


def test_after_the_results_a_handout_can_be_saved_and_a_new_person_can_start(mini: LoadedFlow, tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    lines = ["1", "2", "1", "2", "2", "skip", "", "save", str(target), "save", str(target), "again", "quit"]
    text = run_plain(mini, lines)
    assert target.read_text(encoding="utf-8").startswith("# Mini flow")
    flat = " ".join(text.split())
    assert f"Saved to {target}" in flat and "already exists; nothing was written" in flat
    assert text.count("Question 1, about") == 2  # started again


def test_plain_output_has_no_screen_reader_noise(flow: LoadedFlow) -> None:
    session = replay(read_answers(FILES[0]), flow, "en")
    text = run_plain(flow, [*typed_lines(session), ""], "en")
    for line in text.splitlines():
        assert len(line) <= 80, line
        assert not set(line) <= set("=-") or not line, line
        letters = [c for c in line if c.isalpha()]
        assert not (len(letters) > 3 and all(c.isupper() for c in letters)), line
    assert "<http" not in text and "FACTS" not in text and "§" not in text


def test_errors_name_options_by_number_and_label_never_by_id(mini: LoadedFlow) -> None:
    text = run_plain(mini, ["1, 3", "quit"])
    assert '3, "Neither", cannot be combined with other answers.' in text
    assert "neither" not in text.replace("Neither", "")
    odd = run_plain(mini, ["²", "1" * 5000, "quit"])
    assert odd.count("Please type a number from 1 to 3.") == 2


NOISE = "=<>[]{}§*_#|~^\\"
"""Characters a screen reader in punctuation mode reads by name: none of them belongs in the plain mode."""


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt install espeak-ng)")
@pytest.mark.parametrize("lang", ["en", "es"])
def test_espeak_ng_in_punctuation_mode_reads_no_symbol_names(flow: LoadedFlow, lang: str) -> None:
    """espeak-ng speaks the same phonemes with and without naming the noise characters: none was there to read."""
    paths = [FILES[0], *(p for p in FILES if "emergency" in p.stem)][:3]  # self-care with exercises, and alarm
    transcript = "".join(
        run_plain(flow, [*typed_lines(replay(read_answers(path), flow, lang)), ""], lang) for path in paths
    )

    def phonemes(*punct: str) -> str:
        voice = "es" if lang == "es" else "en"
        command = ["espeak-ng", "-q", "-x", "-v", voice, *punct, "--stdin"]
        return subprocess.run(command, input=transcript, capture_output=True, text=True, check=True).stdout

    assert phonemes(f"--punct={NOISE}") == phonemes()
    said = subprocess.run(
        ["espeak-ng", "-q", "-x", f"--punct={NOISE}", "--stdin"], input="a = b", capture_output=True, text=True
    ).stdout
    assert (
        said
        != subprocess.run(["espeak-ng", "-q", "-x", "--stdin"], input="a = b", capture_output=True, text=True).stdout
    )
