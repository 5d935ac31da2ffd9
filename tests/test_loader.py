"""Broken flows: each mistake is reported once, at its line and column, with a hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.errors import WizardError
from wizard.flow.loader import load_flow

from .conftest import MINIMAL

BASE = MINIMAL.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def broken(write: Callable[[str, str], Path], old: str, new: str) -> tuple[list[str], str]:
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    path = write("flow.yaml", text)
    with pytest.raises(WizardError) as info:
        load_flow(path)
    return [p.format() for p in info.value.problems], text


def test_the_minimal_flow_loads(mini) -> None:  # type: ignore[no-untyped-def]
    assert [q.id for q in mini.questions] == ["where", "danger", "walk", "injury", "crack", "pain", "age"]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ('when: "danger == yes"', 'when: "dangr == yes"', "dangr",
         'unknown question "dangr" (did you mean "danger"?) [ref/unknown-question]'),
        ('when: "crack == yes"', 'when: "crack == yse"', "yse",
         '"yse" is not a option of "crack" (did you mean "yes"?); valid: yes, no, unsure [ref/unknown-option]'),
        ('show_if: "injury == recent"', 'show_if: "injury == recnt"', "recnt", "did you mean \"recent\"?"),
        ('show_if: "injury == recent"', 'show_if: "pain >= 3"', "pain >=",
         '"pain" is a later question; a question can only depend on earlier ones [ref/later-question]'),
        ('show_if: "injury == recent"', 'show_if: "crack == yes"', "crack == yes\"",
         '"crack" is this same question'),
        ('when: "pain >= 3"', 'when: "pain == low"', "pain == low",
         '"pain" is a number; compare it with a number, not "low" [cond/type]'),
        ('when: "pain >= 3"', 'when: "pain >= 30"', "pain >= 30", "30 is outside the range"),
        ('knee: "where has knee"', 'knee: "where == knee"', "where == knee",
         '"where" is a multiple choice; use "has" [cond/type]'),
        ('when: "danger == yes"', 'when: "danger has yes"', "danger has", '"has" needs a multiple choice'),
        ('when: "danger == yes"', 'when: "danger = yes"', "= yes", 'unexpected character "=" (use == to compare)'),
        ('when: "danger == yes"', 'when: "danger == yes and"', "danger == yes and",
         "expected a question id, a definition name"),
        ('when: "danger == yes"', 'when: "(danger == yes"', "(danger", 'expected ")", found the end'),
        ('when: "danger == yes"', 'when: "kne"', '"kne"', 'unknown name "kne" (did you mean "knee"?)'),
        ('when: "danger == yes"', 'when: "danger"', "danger\"", '"danger" is a question; compare it'),
        ("weight: 2,", "weight: high,", "weight: high", "causes.0.evidence.0.weight: Input should be a valid integer"),
        ("weight: 2,", "weight: 20,", "weight: 20", "less than or equal to 10"),
        ("    purpose: Strength.", "    purpos: Strength.", "purpos:",
         'unknown field "purpos" (did you mean "purpose"?) [schema/unknown-field]'),
        ("    dosing: 10 times.\n    easier", "    easier", "  - id: squat", 'missing required field "dosing"'),
        ("type: scale", "type: slider", "slider", "unknown type \"slider\"; valid: 'single', 'multi'"),
        ("  id: mini", "  id: Mini-Flow", "Mini-Flow", "ids use lower-case letters, digits and _"),
        ('  version: "1"', "  version: 1.0", "1.0", 'Input should be a valid string (quote it: "1.0")'),
        ("  title: Mini flow", "  title: 5", "title: 5", "expected text"),
        ("source: src}\n  - {id: crack_heard", "source: srcc}\n  - {id: crack_heard", "srcc",
         'unknown source "srcc" (did you mean "src"?)'),
        ("level: soon, title: Crack", "level: son, title: Crack", "son,", 'unknown triage level "son"'),
        ("locations: [knee]}", "locations: [kne]}", "kne]", 'unknown region "kne"'),
        ("causes: [strain]", "causes: [sprain]", "sprain", 'unknown cause "sprain"'),
        ("no: \"No\"", "no: No", "no: No", None),
    ],
)
def test_broken_flow_is_one_located_line(write, old: str, new: str, needle: str, message: str | None) -> None:  # type: ignore[no-untyped-def]
    if message is None:  # YAML 1.1 would read an unquoted No as false; here it stays text and loads.
        path = write("flow.yaml", BASE.replace(old, new, 1))
        assert load_flow(path).model.texts.no == "No"
        return
    problems, text = broken(write, old, new)
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert problems[0].startswith(f"{Path(problems[0].split(':')[0])}:{line_of(text, needle)}:")


def test_condition_errors_point_at_the_column_inside_the_string(write) -> None:  # type: ignore[no-untyped-def]
    problems, text = broken(write, 'when: "danger == yes"', 'when: "danger == yes or walk == maybe"')
    line = line_of(text, "walk == maybe")
    col = text.splitlines()[line - 1].index("walk == maybe") + 1
    assert problems[0].split(":")[1:3] == [str(line), str(col)]


def test_mapping_form_conditions_are_checked_too(write) -> None:  # type: ignore[no-untyped-def]
    problems, _ = broken(write, 'when: "danger == yes"', 'when: {any: ["danger == yes", {not: "walk == nope"}]}')
    assert '"nope" is not a option of "walk"' in problems[0]


def test_not_a_mapping_at_the_top(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WizardError) as info:
        load_flow(write("flow.yaml", "- a\n- b\n"))
    assert "a flow file must be a mapping" in info.value.problems[0].format()


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(WizardError) as info:
        load_flow(tmp_path / "nope.yaml")
    assert info.value.problems[0].format().endswith("error: no such file [file/missing]")


def test_builtin_flow_loads_and_has_the_fixed_ids(flow) -> None:  # type: ignore[no-untyped-def]
    m = flow.model
    assert [t.id for t in m.triage] == ["emergency", "urgent", "soon", "self_care"]
    assert {"joint_injury", "compensation", "activity_increase", "ignored_issue",
            "chronic_condition"} <= {c.id for c in m.causes}
    assert {"standing_calf_stretch", "calf_raises", "lateral_step_downs", "standing_side_leg_raise",
            "single_leg_rdl", "ankle_mobilization"} <= {e.id for e in m.exercises}
    assert {"exercise_therapy", "peace_and_love", "ice_and_heat", "activity_modification", "new_shoes",
            "massage_gun"} <= {t.id for t in m.treatments}
    assert {"stay_active", "start_slow", "movement_breaks", "good_shoes", "replace_shoes",
            "act_fast"} <= {p.id for p in m.prevention}


def test_duplicate_ids_name_the_first_place(write) -> None:  # type: ignore[no-untyped-def]
    extra = "      - id: walk\n        type: yes_no_unsure\n        text: Walk again?\n"
    problems, text = broken(write, "      - id: injury\n", extra + "      - id: injury\n")
    assert problems == [f"{problems[0].split(':')[0]}:{line_of(text, extra)}:13: error: duplicate question id "
                        f'"walk" (first at line {line_of(text, "id: walk")}) [id/duplicate]']


def test_emergency_signs_are_asked_first(flow) -> None:  # type: ignore[no-untyped-def]
    """Like NHS 111: every emergency red flag is decided by the first two sections."""
    from wizard.flow.conditions import questions_read

    first = {s.id for s in flow.model.sections[:2]}
    for flag, node in flow.red_flags:
        if flag.level == "emergency":
            assert {flow.section_of[q].id for q in questions_read(node)} <= first, flag.id
