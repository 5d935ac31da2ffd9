"""The headless commands, run as a person would run them: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from wizard.flow.builtin import SCENARIOS_DIR
from wizard.results.view import ResultView

from .conftest import MINIMAL

PICKLEBALL = SCENARIOS_DIR / "self_care_pickleball.yaml"


def wizard(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def assert_one_clean_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def test_run_json_has_the_documented_shape(tmp_path: Path) -> None:
    result = wizard("run", PICKLEBALL, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == set(ResultView.model_fields)
    assert data["flow"] == {"id": "knee_ankle", "version": "1.0.0", "title": data["flow"]["title"]}
    assert {"level", "label", "advice", "how_soon"} <= set(data["triage"])
    assert all({"id", "title", "score", "because"} <= set(c) for c in data["causes"]["causes"])
    items = data["exercises"]["exercises"] + data["treatments"]["items"] + data["prevention"]["items"]
    assert items and all({"id", "title"} <= set(e) for e in items)
    ResultView.model_validate(data)  # the published schema's model reads its own output back
    schema = json.loads(wizard("schema", "results").stdout)
    jsonschema.validate(data, schema)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_run_text_formats_start_with_what_to_do(fmt: str) -> None:
    result = wizard("run", PICKLEBALL, "--format", fmt)
    assert result.returncode == 0
    head = result.stdout.splitlines()[:6]
    assert any("Self-care" in line for line in head)


def test_check_builtin_from_another_folder(tmp_path: Path) -> None:
    result = wizard("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert ": ok: flow knee_ankle" in result.stdout


def test_check_reports_every_error_and_exits_nonzero(write: Callable[[str, str], Path]) -> None:
    text = (
        MINIMAL.read_text()
        .replace('when: "danger == yes"', 'when: "dangr == yes"')
        .replace("locations: [knee]}", "locations: [kne]}")
    )
    result = wizard("check", write("bad.yaml", text))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert [line.split(": ")[1] for line in lines[:2]] == ["error", "error"]
    assert lines[2].endswith("bad.yaml: not loaded: 2 errors, 0 warnings, 0 silenced")
    assert "Traceback" not in result.stdout + result.stderr


def test_test_command_ends_with_the_count() -> None:
    result = wizard("test")
    assert result.stdout.strip().splitlines()[-1].endswith(" failed")
    assert result.returncode == 0, result.stdout


BAD_ANSWERS = [
    ("answers:\n  wher: [left_knee]\n", 'unknown question "wher" (did you mean "where"?)', "bad.yaml:2:3:"),
    (
        "answers:\n  where: [left_knee]\n  injury: recnt\n",
        '(did you mean "recent"?); valid: recent, older, none',
        "bad.yaml:3:11:",
    ),
    (
        "answers:\n  where: [left_knee]\n  injury: none\n  compartment: no\n",
        '"compartment" is not asked with these answers: it is shown only when recent_injury',
        "bad.yaml:4:3:",
    ),
    ("answers:\n  where: [left_knee]\n", 'missing answer to "injury"', "bad.yaml:1:1:"),
    ("answers:\n  where: [left_knee\n", "YAML syntax error", "bad.yaml:3:1:"),
    ("answers:\n  where: [left_knee]\n  where: [right_knee]\n", 'duplicate key "where"', "bad.yaml:3:3:"),
    (
        "answers:\n  where: [left_knee]\n  injury: none\n  deformity: true\n",
        "write the word, not true/false",
        "bad.yaml:4:14:",
    ),
    (
        "answers:\n  where: [left_knee]\n  injury: none\n  deformity: maybe\n",
        "valid: yes, no, unsure",
        "bad.yaml:4:14:",
    ),
    ("answer:\n  where: [left_knee]\n", 'unknown key "answer" (did you mean "answers"?)', "bad.yaml:1:1:"),
    ("- where\n", 'an answers file is a mapping with an "answers:" key', "bad.yaml:1:1:"),
    ("answers:\n  where: [back]\n", "Please choose at least one knee or ankle", "bad.yaml:2:10:"),
    ("answers: &a\n  where: [back]\n", "anchors (&name) are not allowed", "bad.yaml:1:10:"),
]


@pytest.mark.parametrize(("text", "message", "where"), BAD_ANSWERS)
def test_bad_answers_file_is_one_clear_line(
    write: Callable[[str, str], Path], text: str, message: str, where: str
) -> None:
    path = write("bad.yaml", text)
    line = assert_one_clean_error(wizard("run", path), message)
    assert line.startswith(f"{path.parent}/{where}"), line


def test_missing_answers_file_and_bad_arguments() -> None:
    assert_one_clean_error(wizard("run", "nope.yaml"), "nope.yaml: error: no such file")
    result = wizard("run", PICKLEBALL, "--format", "pdf")
    assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr
    assert_one_clean_error(wizard("run", PICKLEBALL, "--lang", "xx"), 'language "xx" is not in this flow')


def test_headless_run_never_imports_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wizard", "run", str(PICKLEBALL)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "wizard.engine.session" in imported
    assert not [name for name in imported if name.split(".")[0] == "textual"]


# --- issue 14: bad arguments, standard streams, scenario runs ----------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ["--timeout", "nan"],
        ["--timeout", "inf"],
        ["--timeout", "-1"],
        ["--timeout", "0"],
        ["--timeout", "soon"],
        ["--max-states", "0"],
        ["--max-states", "-5"],
        ["--max-states", "many"],
    ],
)
def test_explore_budgets_that_turn_the_budget_off_are_refused_in_one_line(option: list[str]) -> None:
    """`--timeout nan` compared false with every deadline, so the budget never ran out."""
    result = wizard("explore", *option, MINIMAL)
    assert result.returncode == 2 and not result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"wizard explore: error: argument {option[0]}: ") and "Traceback" not in line


def raw(*args: str | Path, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_stdin_that_is_not_utf8_is_said_in_one_line_not_a_traceback() -> None:
    """In a UTF-8 locale Python decodes standard input strictly: the first stray byte raised."""
    done = raw("--accessible", stdin=b"\xff\xfe\n", env={"PYTHONIOENCODING": "utf-8:strict"})
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    lines = done.stderr.decode().splitlines()
    assert lines[0] == "wizard: standard input is not utf-8 text; bytes that are not were read as U+FFFD"
    assert "ended before every question was answered" in lines[1]


def test_a_closed_or_full_standard_output_is_one_line() -> None:
    closed = subprocess.run(
        [sys.executable, "-m", "wizard", "check", str(MINIMAL)],
        capture_output=False,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=60,
    )
    assert closed.returncode == 1
    assert closed.stderr.decode() == "wizard: error: standard output is closed; nothing was done\n"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "wizard", "explain"], stdout=full, stderr=subprocess.PIPE, timeout=60
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "wizard: error: cannot write the output: No space left on device\n"


def test_escape_codes_in_arguments_and_file_names_are_never_echoed_raw(tmp_path: Path) -> None:
    done = raw("run", "\x1b]0;pwned\x07.yaml", "--format", "\x9b31m")
    assert done.returncode == 2 and b"\x1b" not in done.stderr and b"\x9b" not in done.stderr
    assert done.stderr.decode().count("\n") == 1
    missing = tmp_path / "\x1b]52;c;ZWNobyBoaQ==\x07.yaml"
    done = raw("check", missing, "--format", "json")
    assert done.returncode == 1 and b"\x1b" not in done.stdout + done.stderr
    (found,) = json.loads(done.stdout)["files"][0]["problems"]
    assert found["path"] == str(missing) and found["rule"] == "file/missing"
    done = raw("check", missing)
    assert (
        b"\x1b" not in done.stdout and "\\x1b]52;c;ZWNobyBoaQ==\\x07.yaml: error: no such file" in done.stdout.decode()
    )


def test_a_broken_scenario_is_a_failure_and_the_run_goes_on(tmp_path: Path) -> None:
    """A raw control byte (ReaderError) or a 5,000-digit number (ValueError) used to end the run with a
    traceback; an unknown lang passed silently although `wizard run` refuses it."""
    good = PICKLEBALL.read_text(encoding="utf-8")
    (tmp_path / "a_good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "b_raw_control.yaml").write_bytes(b"answers:\n  where: [left_knee\x1b]\n")
    (tmp_path / "c_long_number.yaml").write_text("answers: {pain_score: " + "9" * 5000 + "}\nexpect: {}\n")
    (tmp_path / "d_lang.yaml").write_text("lang: xx\n" + good.replace("lang: en\n", ""), encoding="utf-8")
    (tmp_path / "e_syntax.yaml").write_text("answers: [\n")
    done = raw("test", tmp_path)
    out = done.stdout.decode()
    assert done.returncode == 1 and b"Traceback" not in done.stderr + done.stdout, done.stderr
    assert out.splitlines()[-1] == "1 passed, 4 failed"
    assert f"{tmp_path}/b_raw_control.yaml:2:20: error: the file contains \\x1b (a control character)" in out
    assert f"{tmp_path}/c_long_number.yaml:1:23: error: a number of 5,000 digits" in out
    assert f'{tmp_path}/d_lang.yaml:1:7: error: language "xx" is not in this flow; available: en, es' in out
