"""Loading flows; the broken-flow corpus (one file per mistake) is in test_broken_flows.py."""

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


def test_yaml_1_1_words_stay_text_where_text_is_expected(write) -> None:  # type: ignore[no-untyped-def]
    """YAML 1.1 would read an unquoted No as false; here it is the word, so the flow loads."""
    path = write("flow.yaml", BASE.replace('no: "No"', "no: No", 1))
    assert load_flow(path).model.texts.no == "No"


def test_condition_errors_point_at_the_column_inside_the_string(write) -> None:  # type: ignore[no-untyped-def]
    problems, text = broken(write, 'when: "danger == yes"', 'when: "danger == yes or walk == maybe"')
    line = line_of(text, "walk == maybe")
    col = text.splitlines()[line - 1].index("walk == maybe") + 1
    assert problems[0].split(":")[1:3] == [str(line), str(col)]


def test_mapping_form_conditions_are_checked_too(write) -> None:  # type: ignore[no-untyped-def]
    problems, _ = broken(write, 'when: "danger == yes"', 'when: {any: ["danger == yes", {not: "walk == nope"}]}')
    assert '"nope" is not an option of "walk"' in problems[0]


def test_builtin_flow_loads_and_has_the_fixed_ids(flow) -> None:  # type: ignore[no-untyped-def]
    m = flow.model
    assert [t.id for t in m.triage] == ["emergency", "urgent", "soon", "self_care"]
    assert {"joint_injury", "compensation", "activity_increase", "ignored_issue", "chronic_condition"} <= {
        c.id for c in m.causes
    }
    assert {
        "standing_calf_stretch",
        "calf_raises",
        "lateral_step_downs",
        "standing_side_leg_raise",
        "single_leg_rdl",
        "ankle_mobilization",
    } <= {e.id for e in m.exercises}
    assert {
        "exercise_therapy",
        "peace_and_love",
        "ice_and_heat",
        "activity_modification",
        "new_shoes",
        "massage_gun",
    } <= {t.id for t in m.treatments}
    assert {"stay_active", "start_slow", "movement_breaks", "good_shoes", "replace_shoes", "act_fast"} <= {
        p.id for p in m.prevention
    }


def test_emergency_signs_are_asked_first(flow) -> None:  # type: ignore[no-untyped-def]
    """Like NHS 111: every emergency red flag is decided by the first two sections."""
    from wizard.flow.conditions import questions_read

    first = {s.id for s in flow.model.sections[:2]}
    for flag, rule in flow.red_flags:
        if flag.level == "emergency":
            assert {flow.section_of[q].id for q in questions_read(rule.node)} <= first, flag.id
