"""The hardened YAML reader's own behaviour; each refused feature has a file in tests/data/broken."""

from __future__ import annotations

import pytest

from wizard.errors import WizardError
from wizard.flow.yamlsafe import MAX_BYTES, parse_yaml


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
