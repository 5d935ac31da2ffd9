"""The hardened YAML reader's own behaviour; each refused feature has a file in tests/data/broken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.errors import WizardError
from wizard.flow.files import MAX_BYTES, read_bytes
from wizard.flow.yamlsafe import MAX_DIGITS, parse_yaml
from wizard.textsafe import is_safe


def problem(text: str | bytes) -> str:
    with pytest.raises(WizardError) as info:
        parse_yaml(text, "f.yaml")
    assert len(info.value.problems) == 1
    return info.value.problems[0].format()


def test_values_keep_yaml_1_1_words_as_strings() -> None:
    data = parse_yaml("a: yes\nb: no\nc: on\nd: off\ne: true\nf: 2024-01-01\ng: 1:30\nh: 010\ni: ~\n", "f").data
    assert data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": True,
        "f": "2024-01-01",
        "g": "1:30",
        "h": 10,
        "i": None,
    }


def test_positions_are_recorded_for_values_and_keys() -> None:
    located = parse_yaml("top:\n  items:\n    - x\n    - {id: y}\n", "f")
    assert located.values[("top", "items", 1, "id")] == (4, 12)
    assert located.keys[("top", "items")] == (2, 3)


def test_an_empty_string_is_an_empty_file() -> None:
    """The corpus covers files; this is the in-memory path with no bytes at all."""
    assert problem("") == "f.yaml:1:1: error: the file is empty [yaml/empty]"


def test_size_cap_is_checked_before_parsing() -> None:
    text = "a: " + "x" * (MAX_BYTES + 1)
    assert "the limit is" in problem(text)


# --- issue 14: control characters, numbers and special files ------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("a: x\nb: y\x1b]0;title\n", "f.yaml:2:5:", "\\x1b (a control character)"),
        ("a: \x01\n", "f.yaml:1:4:", "\\x01 (a control character)"),
        ("a: x\x9b31m\n", "f.yaml:1:5:", "\\x9b (a control character)"),
        ("a: x\x85y\n", "f.yaml:1:5:", "\\x85"),
        ("a: x\x7f\n", "f.yaml:1:5:", "\\x7f"),
        ("# a comment \u202e hides\na: x\n", "f.yaml:1:13:", "U+202E (RLO, a bidirectional control)"),
        ("a: abc\u2066x\n", "f.yaml:1:7:", "U+2066 (LRI"),
        ('a: "ok \\e]52;c;ZWNobyBoaQ==\\a"\n', "f.yaml:1:8:", "\\x1b"),
        ('a:\n  - "fine"\n  - "x\\x9b"\n', "f.yaml:3:7:", "\\x9b"),
        ('a: "\\u202Ex"\n', "f.yaml:1:5:", "U+202E"),
        ('a: "lone \\ud800"\n', "f.yaml:1:10:", "U+D800 (a lone surrogate"),
        ('a: "\\r"\n', "f.yaml:1:5:", "\\x0d"),
        ('"k\\x1b": 1\n', "f.yaml:1:3:", "\\x1b"),
    ],
)
def test_control_characters_are_refused_where_they_are_written(text: str, where: str, says: str) -> None:
    """Raw (the reader's ReaderError used to escape as a traceback) or written as a double-quoted escape."""
    line = problem(text)
    assert line.startswith(where) and says in line and line.endswith("[text/control-char]"), line
    assert is_safe(line)


def test_newlines_and_tabs_in_texts_are_kept() -> None:
    assert parse_yaml('a: "one\\ttwo\\nthree"\nb: |\n  x\n  y\n', "f").data == {"a": "one\ttwo\nthree", "b": "x\ny\n"}


def test_many_control_characters_are_summed_up_in_one_more_line() -> None:
    with pytest.raises(WizardError) as info:
        parse_yaml("a: " + "\x1b" * 500 + "\n", "f.yaml")
    lines = [p.format() for p in info.value.problems]
    assert (
        len(lines) == 11
        and lines[-1] == "f.yaml:1:14: error: 490 more control characters from here on [text/control-char]"
    )


def test_a_character_yaml_never_allows_is_one_located_line() -> None:
    assert (
        problem("a: b\nc: \ufffe\n")
        == "f.yaml:2:4: error: the file contains U+FFFE, which YAML does not allow [yaml/encoding]"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [("a: " + "9" * 5000, "a number of 5,000 digits"), ("a: -" + "1" * 101, "101 digits"), ("a: 1e999", "too large")],
)
def test_numbers_too_long_to_use_are_refused(text: str, says: str) -> None:
    line = problem(text)
    assert line.startswith("f.yaml:1:4: error:") and says in line and line.endswith("[schema/invalid]")


def test_a_long_number_within_the_limit_is_a_number() -> None:
    assert parse_yaml("a: " + "9" * MAX_DIGITS + "\nb: '" + "9" * 5000 + "'", "f").data["a"] == int("9" * MAX_DIGITS)


def read_problem(path: Path, max_bytes: int = MAX_BYTES) -> str:
    with pytest.raises(WizardError) as info:
        read_bytes(path, max_bytes=max_bytes)
    (found,) = info.value.problems
    return found.format()


READ = (
    "import resource, sys\n"
    "from pathlib import Path\n"
    "from wizard.errors import WizardError\n"
    "from wizard.flow.files import read_bytes\n"
    "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    "try:\n"
    "    read_bytes(Path(sys.argv[1]))\n"
    "except WizardError as exc:\n"
    "    print(exc.problems[0].format())\n"
)
"""In a process of its own, with 1 GB of address space: reading /dev/zero without limit, or waiting on a FIFO,
must fail this test, not take the machine's memory or hang the run."""


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda folder: Path("/dev/zero"), "/dev/zero: error: this is a device, not a regular file [file/unreadable]"),
        (
            lambda folder: _fifo(folder),
            "flow.yaml: error: this is a named pipe (FIFO), not a regular file [file/unreadable]",
        ),
    ],
    ids=["dev-zero", "fifo"],
)
def test_special_files_are_refused_at_once_without_reading_them(
    tmp_path: Path, make: Callable[[Path], Path], says: str
) -> None:
    path = make(tmp_path)
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=20)
    assert done.stdout.strip().endswith(says), done.stderr[-500:]
    assert time.monotonic() - start < 10


def _fifo(folder: Path) -> Path:
    fifo = folder / "flow.yaml"
    os.mkfifo(fifo)
    return fifo


def test_a_socket_and_a_folder_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert read_problem(path).endswith("this is a socket, not a regular file [file/unreadable]")
    assert read_problem(tmp_path).endswith("this is a folder, not a file [file/missing]")


def test_a_file_is_read_up_to_the_cap_plus_one_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A regular file that says it is small but grows (as /proc files do) is still cut at the cap."""
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a" * 5000)
    asked: list[int] = []
    real_read = os.read

    def read(fd: int, size: int) -> bytes:
        asked.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", read)
    assert read_problem(path, max_bytes=100).endswith("the file is 5,000 bytes; the limit is 100 [yaml/too-large]")
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0o100644, 0, 0, 1, 0, 0, 10, 0, 0, 0)))
    assert read_problem(path, max_bytes=100).endswith("more than 100 bytes; the limit is 100 [yaml/too-large]")
    assert sum(asked) <= 101
    assert read_bytes(Path("/proc/self/stat"), max_bytes=100_000).startswith(str(os.getpid()).encode())
