"""The kiosk's screen-free parts: settings from file, environment and flags; the PIN; the take-home; incidents."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.errors import WizardError
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.kiosk.config import KioskConfig, load_config
from wizard.kiosk.incident import describe
from wizard.kiosk.pin import MIN_ITERATIONS, Throttle, hash_pin, parse_hash, verify_pin
from wizard.kiosk.take_home import MAX_VERSION, fits, make, qr_lines, qr_rows, summary
from wizard.results.view import build_view
from wizard.serve import is_loopback, wizard_command
from wizard.ui_text import ui

from .test_cli import assert_one_clean_error, wizard

QUICK_HASH = hash_pin("2468", iterations=MIN_ITERATIONS)


def test_defaults_suit_a_waiting_room() -> None:
    config = load_config()
    assert (config.idle_timeout, config.idle_warning) == (90, 20)
    assert config.staff_pin_hash is None and config.print_command is None and config.qr_code


def test_flags_beat_the_environment_which_beats_the_file(write: Callable[[str, str], Path]) -> None:
    path = write("kiosk.yaml", f'idle_timeout: 60\nidle_warning: 10\nlang: es\nstaff_pin_hash: "{QUICK_HASH}"\n')
    env = {"WIZARD_KIOSK_IDLE_WARNING": "15", "WIZARD_KIOSK_PRINT_COMMAND": "lp -d 'Front desk'"}
    config = load_config(path, env, {"idle_timeout": (5.0, "--idle-timeout")})
    assert (config.idle_timeout, config.idle_warning, config.lang) == (5, 15, "es")
    assert config.print_command == ["lp", "-d", "Front desk"]
    assert config.staff_pin_hash == QUICK_HASH
    assert load_config(env={"WIZARD_KIOSK_CONFIG": str(path)}).idle_timeout == 60


def test_a_bad_file_is_located_with_a_did_you_mean(write: Callable[[str, str], Path]) -> None:
    path = write("kiosk.yaml", "idle_timeout: 90\nidle_warnin: 3\nstaff_chord: ctrl+k\n")
    with pytest.raises(WizardError) as caught:
        load_config(path)
    lines = [p.format() for p in caught.value.problems]
    assert lines[0].startswith(f'{path}:2:1: error: unknown field "idle_warnin" (did you mean "idle_warning"?)')
    assert lines[1].startswith(f"{path}:3:14: error: staff_chord: two or more key names")


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"WIZARD_KIOSK_IDLE_TIMEOUT": "soon"}, "WIZARD_KIOSK_IDLE_TIMEOUT: Input should be a valid number"),
        ({"WIZARD_KIOSK_IDLE_WARNING": "-1"}, "WIZARD_KIOSK_IDLE_WARNING: Input should be greater than 0"),
        ({"WIZARD_KIOSK_STAFF_PIN_HASH": "1234"}, "WIZARD_KIOSK_STAFF_PIN_HASH: not a PIN hash"),
        ({"WIZARD_KIOSK_PRINT_COMMAND": ""}, "WIZARD_KIOSK_PRINT_COMMAND: an empty command"),
    ],
)
def test_a_bad_variable_is_named(env: dict[str, str], needle: str) -> None:
    with pytest.raises(WizardError) as caught:
        load_config(env=env)
    assert caught.value.problems[0].format().startswith(f"error: {needle}")


def test_the_pin_is_only_kept_as_a_salted_slow_hash() -> None:
    one, two = hash_pin("2468"), hash_pin("2468")
    assert one.split("$")[2] != two.split("$")[2] and one.split("$")[3] != two.split("$")[3]  # salted
    assert parse_hash(one)[0] >= MIN_ITERATIONS
    assert verify_pin("2468", one) and not verify_pin("2469", one)
    with pytest.raises(ValueError, match="too weak"):
        parse_hash(hash_pin("2468", iterations=1000))
    with pytest.raises(ValueError, match="at least 4"):
        hash_pin("12")


def test_wrong_attempts_wait_longer_each_time_up_to_a_cap() -> None:
    throttle = Throttle(cap=8)
    waits = [throttle.fail(100.0) for _ in range(6)]
    assert waits == [1, 2, 4, 8, 8, 8]
    assert throttle.wait(107.0) == 1
    throttle.succeed()
    assert throttle.wait(100.0) == 0


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_scenario_gets_a_take_home_that_fits_80x24_and_leads_with_what_to_do(flow: LoadedFlow, lang: str) -> None:
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        session = replay(read_answers(path), flow, lang)
        view = build_view(session, assess(session))
        text = summary(view)
        lines = text.splitlines()
        code = make(text)
        assert isinstance(code.version, int) and code.version <= MAX_VERSION, path.name  # never a micro code
        assert len(qr_rows(text)) <= 24 and len(qr_rows(text)[0]) <= 56, path.name
        assert lines[0] == view.triage.label and view.triage.how_soon in lines[1], path.name
        disclaimer = ui("take_home_disclaimer", lang)
        if lines[-1] != disclaimer:  # left out only where it would not fit
            assert disclaimer not in text and not fits(f"{text}\n{disclaimer}"), path.name
        if view.warning_signs:
            assert view.warning_signs.signs[0].title in text, path.name  # the warning sign comes before the rest
        if view.exercises.exercises and view.exercises.exercises[0].title not in text:
            line = f"{ui('take_home_exercises', lang)}: {view.exercises.exercises[0].title}"
            assert not fits(f"{text}\n{line}"), path.name  # what to do at home is left out only for want of room


def test_a_short_summary_gets_stronger_error_correction_in_the_same_size() -> None:
    assert make("Urgent: get seen today").error == "M"  # version 2 either way: L would waste its room
    assert make("Urgent").error == "H"
    long = make("x" * 150)
    assert long.version == MAX_VERSION and long.error == "L"


def test_an_incident_line_keeps_the_type_and_place_but_not_the_message() -> None:
    try:
        raise KeyError("right_ankle, pain 9")
    except KeyError as error:
        line = describe(error)
    assert "builtins.KeyError" in line and "test_kiosk_parts.py:" in line
    assert "right_ankle" not in line and "9" not in line.split("KeyError")[1].split(".py:")[0]


def test_serve_listens_on_this_machine_by_default_and_passes_kiosk_options_on() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("clinic.example")
    from wizard.arguments import build_parser

    args = build_parser().parse_args(["serve", "--kiosk", "--idle-timeout", "30", "--lang", "es"])
    command = wizard_command(args)
    assert command.startswith(f"exec {sys.executable} -m wizard")  # the shell becomes the wizard
    assert "--idle-timeout 30.0" in command and "--kiosk" in command and "--lang es" in command


def test_the_theme_flag_reaches_the_kiosk() -> None:
    from wizard.arguments import build_parser
    from wizard.faces import kiosk_config

    assert kiosk_config(build_parser().parse_args(["--kiosk", "--theme", "high-contrast"])).theme == "high-contrast"
    assert kiosk_config(build_parser().parse_args(["serve", "--kiosk"])).theme == "default"


def test_kiosk_options_need_kiosk_mode() -> None:
    result = wizard("--idle-timeout", "3")
    assert result.returncode == 2 and "--idle-timeout only apply with --kiosk" in result.stderr


def test_a_bad_kiosk_setting_is_one_line_before_any_screen(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "--kiosk"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"WIZARD_KIOSK_IDLE_TIMEOUT": "soon", "PATH": "/usr/bin:/bin"},
    )
    assert_one_clean_error(result, "WIZARD_KIOSK_IDLE_TIMEOUT")


def test_kiosk_pin_prints_a_hash_that_verifies() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "kiosk-pin"], input="8642\n", capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith('staff_pin_hash: "pbkdf2_sha256$')
    config = KioskConfig(staff_pin_hash=line.split('"')[1])
    assert config.staff_pin_hash is not None and verify_pin("8642", config.staff_pin_hash)
    short = subprocess.run(
        [sys.executable, "-m", "wizard", "kiosk-pin"], input="12\n", capture_output=True, text=True, timeout=60
    )
    assert_one_clean_error(short, "at least 4")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_qr_reader_reads_the_drawn_code_back_as_the_summary(flow: LoadedFlow, lang: str) -> None:
    """Rasterise the half blocks as a terminal draws them (each cell one module wide, two tall) and decode."""
    import zxingcpp
    from PIL import Image

    session = replay(read_answers(SCENARIOS_DIR / "self_care_pickleball.yaml"), flow, lang)
    text = summary(build_view(session, assess(session)))
    drawn = qr_lines(text)
    scale = 6
    image = Image.new("L", (len(drawn[0]) * scale, len(drawn) * 2 * scale), 255)
    for y, row in enumerate(drawn):
        for x, cell in enumerate(row):
            for half, dark in enumerate((cell in "█▀", cell in "█▄")):
                if dark:
                    image.paste(0, (x * scale, (2 * y + half) * scale, (x + 1) * scale, (2 * y + half + 1) * scale))
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found] == [text]
