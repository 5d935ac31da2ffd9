"""The hardened YAML reader: every risky or surprising feature is one located error."""

from __future__ import annotations

import time

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
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True, "f": "2024-01-01",
                    "g": "1:30", "h": 10, "i": None}


def test_positions_are_recorded_for_values_and_keys() -> None:
    located = parse_yaml("top:\n  items:\n    - x\n    - {id: y}\n", "f")
    assert located.values[("top", "items", 1, "id")] == (4, 12)
    assert located.keys[("top", "items")] == (2, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", 'f.yaml:3:1: error: duplicate key "a" (first at line 1) [yaml/duplicate-key]'),
        ("a: &x 1\nb: *x\n", "f.yaml:1:4: error: anchors (&name) are not allowed; write each value out [yaml/anchor]"),
        ("b: *x\n", "f.yaml:1:4: error: aliases (*name) are not allowed; write the value out [yaml/alias]"),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", "f.yaml:3:3: error: merge keys (<<) are not allowed; write the keys out "
                                         "[yaml/merge-key]"),
        ("a: !!python/object:os.system x\n", "[yaml/tag]"),
        ("a: !custom 1\n", "[yaml/tag]"),
        ("a:\n\t- 1\n", "f.yaml:2:1: error: a tab character is not allowed here; indent YAML with spaces"),
        ("a: [1, 2\nb: 3\n", "f.yaml:2:2: error: YAML syntax error"),
        ("", "f.yaml:1:1: error: the file is empty [yaml/empty]"),
        ("# only a comment\n", "the file is empty"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: error: YAML syntax error: expected a single document"),
        ("[" * 200 + "]" * 200, "nested more than 40 levels deep [yaml/too-deep]"),
        ("? [a, b]\n: 1\n", "a key must be a plain word, not a list or mapping [yaml/complex-key]"),
    ],
)
def test_refused_features_get_one_located_line(text: str, expected: str) -> None:
    assert expected in problem(text)


def test_non_utf8_bytes_are_located() -> None:
    expected = "f.yaml:2:7: error: the file is not UTF-8 text (byte 0xe9) [yaml/encoding]"
    assert problem(b"a: ok\nb: caf\xe9\n") == expected


def test_size_cap_is_checked_before_parsing() -> None:
    text = "a: " + "x" * (MAX_BYTES + 1)
    assert "the limit is" in problem(text)


def test_alias_bomb_is_rejected_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    start = time.perf_counter()
    assert "[yaml/anchor]" in problem("\n".join(lines))
    assert time.perf_counter() - start < 1
