"""The fixed URLs and codes both directions share, so export and import cannot drift apart.

Option codes are the option ids, in one code system per question (an id such as `none`
means something else in each question). Yes / no / not sure use the codes of FHIR's
`yesnodontknow` value set, so other systems read them without our code systems.
"""

from __future__ import annotations

from ..flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice, YesNoUnsure

DEFAULT_BASE = "https://wizard.example/fhir"
"""Canonical base of our resources; `.example` is reserved, so it can never be someone else's site."""

EXT = "http://hl7.org/fhir/StructureDefinition/"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
TRANSLATION = EXT + "translation"
ITEM_CONTROL = EXT + "questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = EXT + "minValue"
MAX_VALUE = EXT + "maxValue"
UNIT = EXT + "questionnaire-unit"
OPTION_EXCLUSIVE = EXT + "questionnaire-optionExclusive"
ENABLE_WHEN_EXPRESSION = SDC + "sdc-questionnaire-enableWhenExpression"
CONSTRAINT = {"R4": EXT + "questionnaire-constraint", "R5": EXT + "targetConstraint"}
"""An answer rule: R4's core extension takes FHIRPath as a string; its R5 successor as an Expression."""
RELATED_ARTIFACT = {"R4": EXT + "cqf-relatedArtifact", "R5": EXT + "artifact-relatedArtifact"}
USAGE_CONTEXT_TYPE = "http://terminology.hl7.org/CodeSystem/usage-context-type"
SNOMED = "http://snomed.info/sct"

YES_NO_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0136"
ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
YES_NO_CODES = {"yes": (YES_NO_SYSTEM, "Y"), "no": (YES_NO_SYSTEM, "N"), "unsure": (ABSENT_SYSTEM, "asked-unknown")}
"""Our yes / no / not sure answer -> (system, code) of the `yesnodontknow` value set."""
YES_NO_ANSWERS = {coding: answer for answer, coding in YES_NO_CODES.items()}

SCENARIO = "scenario"
"""Last part of the URL of the extension that carries a scenario's title and `expect:` on a response."""

VERSIONS = ("R4", "R5")


def flow_url(base: str, flow_id: str) -> str:
    return f"{base.rstrip('/')}/Questionnaire/{flow_id}"


def option_system(base: str, flow_id: str, qid: str) -> str:
    """The code system of one question's options (ids never hold a hyphen, so this cannot collide)."""
    return f"{base.rstrip('/')}/CodeSystem/{flow_id}-{qid}"


def scenario_url(base: str) -> str:
    return f"{base.rstrip('/')}/StructureDefinition/{SCENARIO}"


def coding(base: str, flow_id: str, question: Question, option_id: str) -> tuple[str, str]:
    """(system, code) of one answer option."""
    if isinstance(question, YesNoUnsure):
        return YES_NO_CODES[option_id]
    return option_system(base, flow_id, question.id), option_id


def value_key(question: Question) -> str:
    """The `value[x]` (and `answer[x]`) name that answers to this question take."""
    if isinstance(question, (SingleChoice, MultipleChoice, YesNoUnsure)):
        return "valueCoding"
    if isinstance(question, Number) and not question.integer:
        return "valueDecimal"
    assert isinstance(question, (Scale, Number))
    return "valueInteger"


def item_type(question: Question, version: str) -> str:
    key = value_key(question)
    if key == "valueCoding":
        return "choice" if version == "R4" else "coding"
    return "decimal" if key == "valueDecimal" else "integer"


def parse_canonical(canonical: str) -> tuple[str, str | None]:
    """(flow id, version or None) from `.../Questionnaire/<flow id>|<version>`: the round trip of the export."""
    url, _, version = canonical.partition("|")
    return url.rstrip("/").rsplit("/", 1)[-1], version or None
