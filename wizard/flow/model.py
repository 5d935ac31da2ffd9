"""The flow format: a whole flow, and its outcomes (triage, red flags, causes, exercises, advice).

Conditions are kept here as their source (a string or an all/any/not mapping);
`wizard.flow.loader` parses and checks them once the whole flow is known, because
a condition can only be checked against the questions around it. The questions are
in `questions.py`, the shared field types and base models in `fields.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool

from .fields import ConditionSource, Id, Item, Lang, Model, Text, TriageExercisePolicy, unique_languages
from .questions import Section


class Source(Item):
    """A reference that flow items cite by id."""

    id: Id
    title: Text
    url: Text | None = None
    """The public page, one per language where the source has a page in each."""
    note: str | None = None
    """For the flow's authors and reviewers (shown by `wizard explain`), never to the person."""
    shown: StrictBool = True
    """False for the project's own design notes: cited for reviewers, not listed in a person's sources."""


class FlowInfo(Item):
    """Flow metadata: what it is, which version, in which languages, from which sources."""

    id: Id
    version: str
    title: Text
    description: Text | None = None
    languages: Annotated[list[Lang], AfterValidator(unique_languages)] = Field(
        min_length=1, json_schema_extra={"uniqueItems": True}
    )
    """The first language is the default and the one plain strings are written in."""
    minutes: int = Field(default=5, ge=1, le=120)
    """Roughly how long a person needs, shown on the welcome screen."""
    sources: list[Source] = Field(min_length=1)


class Texts(Item):
    """The fixed texts every front end shows, localizable like everything else."""

    disclaimer: Text
    pt_tip_title: Text
    pt_tip: Text
    no_cause: Text
    """Said when no cause stands out, so self-care never ends on an empty list."""
    exercises_withheld: Text
    """Why no exercises are shown at a level that allows none."""
    gentle_note: Text
    """The caution shown with exercises at a level that allows only gentle exercise."""
    unsure_note: Text
    """Why a red flag counts although the person answered "not sure"."""
    yes: Text
    no: Text
    unsure: Text
    stop_rule: Text
    """The stop rule shared by every exercise."""
    likely_title: Text | None = None
    """The heading of "what it may be"; required when the flow lists likely conditions."""
    likely_intro: Text | None = None
    """Said once above the likely conditions: possibilities, not a diagnosis."""


class Load(Item):
    """One step of the flow's exercise load ladder (`Flow.loads`, gentlest first)."""

    id: Id
    label: Text


class LoadLimit(Item):
    """The loads still offered, and what the person is told about the others."""

    allow: list[Id]
    """Load ids; an exercise at any other load is withheld with `reason`."""
    reason: Text


class TriageLevel(Item):
    """One level of urgency; `Flow.triage` lists them from most to least urgent."""

    id: Id
    label: Text
    advice: Text
    """What to do."""
    how_soon: Text
    tone: Literal["danger", "warning", "caution", "success"]
    exercises: TriageExercisePolicy
    """Which exercises a person at this level may be shown."""
    loads: LoadLimit | None = None
    """The loads this level allows; none given: every load (within `exercises`)."""
    explains: StrictBool = True
    """Whether results at this level say what it may be and why (likely conditions, causes).
    False where only what to do now matters, such as an emergency."""


class Region(Item):
    """A body region derived from the answers, used to match exercises to where it hurts."""

    id: Id
    label: Text
    when: ConditionSource


class RedFlag(Item):
    """A warning sign. Evaluated fail-closed: an unknown answer counts as present."""

    id: Id
    level: Id
    """A triage level id."""
    title: Text
    when: ConditionSource
    advice: Text
    loads: LoadLimit | None = None
    """The loads still offered while this sign is present (within what the triage level allows)."""
    source: Id


class Evidence(Item):
    """One rule that points to a cause, with the reason in the person's own terms."""

    when: ConditionSource
    weight: int = Field(ge=1, le=10)
    because: Text


class Scored(Item):
    """Something the results name when the evidence rules that hold reach `min_score`."""

    id: Id
    title: Text
    explanation: Text
    evidence: list[Evidence] = Field(min_length=1)
    min_score: int = Field(default=1, ge=1)
    source: Id


class Cause(Scored):
    """A probable cause ("why it may have happened"), scored by the evidence rules that hold."""


class Likely(Scored):
    """A likely condition ("what it may be"): shown as a possibility, ranked by score, never as a diagnosis."""


class Contraindication(Item):
    """When an item must not be offered, and the reason shown instead. Fail-closed."""

    when: ConditionSource
    reason: Text


class Helps(Item):
    causes: list[Id] = []
    locations: list[Id] = Field(min_length=1)
    """Region ids."""


class Exercise(Item):
    """An exercise with everything a person needs to do it safely."""

    id: Id
    title: Text
    purpose: Text
    steps: list[Text] = Field(min_length=1)
    dosing: Text
    easier: list[Text] = Field(min_length=1)
    harder: list[Text] = Field(min_length=1)
    stop_when: list[Text] = Field(min_length=1)
    load: Id | None = None
    """The step of `Flow.loads` this exercise puts on the body; none: no load rule applies to it."""
    helps: Helps
    contraindications: list[Contraindication] = []
    picture: list[str] = []
    """Frames of a text drawing of the movement, shown in turn (not translated)."""
    source: Id


class Advice(Item):
    """A treatment or prevention tip, offered when its condition holds."""

    id: Id
    title: Text
    text: Text
    when: ConditionSource | None = None
    """Strict: offered only when this is known to hold. May name `triage`."""
    unless: list[Contraindication] = []
    source: Id


class WithholdLoads(Item):
    """ "These loads are not offered when ...": a flow-wide rule, fail-closed, with the reason shown."""

    id: Id
    loads: list[Id] = Field(min_length=1)
    when: ConditionSource
    reason: Text
    source: Id


class Safety(Item):
    """Flow-wide safety rules the engine enforces; a flow without exercise loads needs none."""

    withhold: list[WithholdLoads] = []


class Invariant(Model):
    """A safety rule `wizard explore` proves over every path: whenever `when` might hold, `then` holds.

    `then` (and `when`) may read the answers and the outcome: `triage`, and `red_flags`, `likely`,
    `causes`, `exercises`, `treatments`, `prevention` as multiple choices over their ids.
    """

    id: Id
    description: str
    when: ConditionSource | None = None
    then: ConditionSource


class Flow(Model):
    """A whole flow file."""

    flow: FlowInfo
    texts: Texts
    triage: list[TriageLevel] = Field(min_length=2)
    """Most urgent first; the last level is the result when no red flag fires."""
    definitions: dict[Id, ConditionSource] = {}
    """Named conditions, usable by name in any condition after them."""
    regions: list[Region] = Field(min_length=1)
    loads: list[Load] = []
    """The exercise load ladder, gentlest first; optional (a flow about shoulders may have none)."""
    safety: Safety = Safety()
    sections: list[Section] = Field(min_length=1)
    red_flags: list[RedFlag] = []
    likely: list[Likely] = []
    """What it may be: the conditions a clinician would name from these answers."""
    causes: list[Cause] = []
    exercises: list[Exercise] = []
    treatments: list[Advice] = []
    prevention: list[Advice] = []
    invariants: list[Invariant] = []
    """Checked by `wizard explore`, never by the engine."""
