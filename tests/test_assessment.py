"""The assessment's safety rules on the small test flow, where each rule is easy to see."""

from __future__ import annotations

import json

from wizard.engine.assessment import assess
from wizard.engine.session import Session
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow_data
from wizard.flow.yamlsafe import parse_yaml, read_yaml
from wizard.results.view import build_view

from .conftest import MINIMAL, session_from

CALM = {"where": ["knee"], "danger": "no", "walk": "yes", "injury": "none", "pain": 4, "age": 30}


def session_for(mini: LoadedFlow, **changes: object) -> Session:
    return session_from(mini, {**CALM, **changes})


def test_self_care_offers_exercises_ranked_by_cause(mini: LoadedFlow) -> None:
    result = assess(session_for(mini))
    assert result.triage.id == "self_care"
    assert [e.id for e in result.exercises] == ["squat", "circles"]
    assert [(c.cause.id, c.score, c.because) for c in result.causes] == [("strain", 2, ["It hurts."])]
    assert [t.id for t in result.treatments] == ["rest"]


def test_unsure_red_flag_fires_as_uncertain(mini: LoadedFlow) -> None:
    result = assess(session_for(mini, danger="unsure"))
    assert result.triage.id == "emergency"
    assert [(f.flag.id, f.certain) for f in result.red_flags] == [("danger_sign", False)]


def test_emergency_shows_no_exercise_and_says_why(mini: LoadedFlow) -> None:
    session = session_for(mini, danger="yes")
    result = assess(session)
    assert result.exercises == [] and not result.exercises_allowed
    assert result.exercises_withheld == []  # one statement for the level, not a "not now" line per exercise
    view = build_view(session, result)
    assert view.exercises.none_now == "Get checked first." and view.exercises.withheld == []
    assert view.tip is None  # pacing advice does not fit "get help now"
    assert result.treatments == []  # "triage != emergency"


def test_triage_is_the_most_urgent_flag(mini: LoadedFlow) -> None:
    result = assess(session_for(mini, danger="yes", age=70))
    assert [f.flag.level for f in result.red_flags] == ["emergency", "soon"]
    assert result.triage.id == "emergency"


def test_no_weight_bearing_exercise_when_walking_is_no_or_unknown(mini: LoadedFlow) -> None:
    for walk in ("no", "unsure"):
        result = assess(session_for(mini, walk=walk))
        assert [e.id for e in result.exercises] == ["circles"]
        assert [(w.id, w.reason) for w in result.exercises_withheld] == [("squat", "Not while you cannot stand on it.")]


def test_contraindication_withholds_with_reason_and_gentle_policy(mini: LoadedFlow) -> None:
    result = assess(session_for(mini, injury="recent", crack="yes"))
    assert result.triage.id == "soon" and result.gentle
    assert [(w.id, w.reason) for w in result.exercises_withheld] == [("squat", "Not after a crack.")]


def test_exercises_follow_location(mini: LoadedFlow) -> None:
    result = assess(session_for(mini, where=["ankle"]))
    assert [e.id for e in result.exercises] == ["circles"]
    assert [r.id for r in result.regions] == ["ankle"]


def test_interim_assessment_does_not_count_unreached_questions(mini: LoadedFlow) -> None:
    session = Session(mini)
    session.answer(["knee"])
    session.next()
    session.answer("no")
    assert assess(session, final=False).red_flags == []
    assert assess(session).red_flags == []  # not finished: the default reading is the interim one
    assert {f.flag.id for f in assess(session, final=True).red_flags} == {"older_age"}  # age unanswered: unknown


def laddered() -> LoadedFlow:
    """The minimal flow rewritten with a load ladder, load rules at every place they can sit, and likely conditions."""
    data = read_yaml(MINIMAL).data
    data["loads"] = [{"id": "none_on_leg", "label": "No weight"}, {"id": "strength", "label": "Strength"}]
    data["texts"].update(likely_title="What it may be", likely_intro="Possibilities, not a diagnosis.")
    data["triage"][0]["explains"] = False
    data["triage"][1]["loads"] = {"allow": ["none_on_leg"], "reason": "Gentle ones only for now."}
    no_weight = {"id": "no_weight", "loads": ["strength"], "when": "walk == no", "reason": "Not on that leg."}
    data["safety"] = {"withhold": [{**no_weight, "source": "src"}]}
    data["red_flags"].append(
        {
            "id": "bone_spot",
            "level": "self_care",
            "title": "Bone spot",
            "when": "pain >= 9",
            "advice": "Careful.",
            "loads": {"allow": ["none_on_leg"], "reason": "A bone may be sore: no load."},
            "source": "src",
        }
    )
    data["likely"] = [
        {
            "id": "sprain",
            "title": "A sprain",
            "explanation": "It may be a sprain.",
            "source": "src",
            "min_score": 2,
            "evidence": [
                {"when": "injury == recent", "weight": 2, "because": "You hurt it."},
                {"when": "pain >= 3", "weight": 1, "because": "It hurts."},
            ],
        },
        {
            "id": "ache",
            "title": "An ache",
            "explanation": "It may be an ache.",
            "source": "src",
            "evidence": [{"when": "pain >= 3", "weight": 1, "because": "It hurts."}],
        },
    ]
    for exercise, load in zip(data["exercises"], ["strength", "none_on_leg"], strict=True):
        exercise["load"] = load
    return load_flow_data(parse_yaml(json.dumps(data), "laddered.json"))


def test_each_place_a_load_rule_sits_withholds_with_its_own_reason() -> None:
    flow = laddered()
    assert flow.load_of == {"squat": "strength", "circles": "none_on_leg"}

    def withheld(**changes: object) -> list[tuple[str, str]]:
        result = assess(session_from(flow, {**CALM, **changes}))
        return [(w.id, str(w.reason)) for w in result.exercises_withheld]

    assert withheld() == []
    assert withheld(walk="unsure") == [("squat", "Not on that leg.")]  # fail-closed
    assert withheld(pain=9) == [("squat", "A bone may be sore: no load.")]  # a red flag's own limit
    assert withheld(age=70) == [("squat", "Gentle ones only for now.")]  # the level's limit ("soon")
    # Several rules at once: the red flag's reason comes first, and the reason is said once.
    assert withheld(age=70, walk="no", pain=9) == [("squat", "A bone may be sore: no load.")]


def test_likely_conditions_are_ranked_and_absent_where_the_level_does_not_explain() -> None:
    flow = laddered()
    session = session_from(flow, {**CALM, "injury": "recent", "crack": "no"})
    result = assess(session)
    assert [(c.condition.id, c.score, c.because) for c in result.likely] == [
        ("sprain", 3, ["You hurt it.", "It hurts."]),
        ("ache", 1, ["It hurts."]),
    ]
    view = build_view(session, result)
    assert view.likely is not None and view.causes is not None
    assert view.sections().index(view.likely) < view.sections().index(view.causes)
    assert view.likely.intro == "Possibilities, not a diagnosis." and view.likely.conditions[0].title == "A sprain"
    emergency = assess(session_from(flow, {**CALM, "danger": "yes"}))
    assert emergency.triage.id == "emergency" and emergency.likely == [] and emergency.causes == []
    assert build_view(session_from(flow, {**CALM, "danger": "yes"}), emergency).likely is None


def test_a_flow_without_loads_needs_no_load_rules() -> None:
    data = read_yaml(MINIMAL).data
    data.pop("safety")
    data.pop("loads")
    for exercise in data["exercises"]:
        exercise.pop("load")
    flow = load_flow_data(parse_yaml(json.dumps(data), "no-loads.json"))
    assert flow.loads == [] and flow.withhold == [] and set(flow.load_of.values()) == {None}
    result = assess(session_from(flow, {**CALM, "walk": "no"}))
    assert [e.id for e in result.exercises] == ["squat", "circles"]
