"""The assessment's safety rules on the small test flow, where each rule is easy to see."""

from __future__ import annotations

from wizard.engine.assessment import assess
from wizard.engine.session import Session
from wizard.flow.loader import LoadedFlow
from wizard.results.view import build_view

from .conftest import session_from

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


def test_no_loading_exercise_when_weight_bearing_is_no_or_unknown(mini: LoadedFlow) -> None:
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
