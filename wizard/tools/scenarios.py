"""`wizard test`: run scenario files (answers plus `expect:`) and compare outcomes.

A scenario is an answers file, so `wizard run` accepts it as it is. Every id named
in `expect:` must exist in the flow: a misspelled id in an "absent" list would
otherwise pass for ever without checking anything. A scenario that cannot be read
or run is one failure with its located problems; the run goes on to the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel, ConfigDict, ValidationError

from ..engine.answerfile import AnswersFile, replay
from ..engine.assessment import assess
from ..errors import Problem, WizardError, did_you_mean
from ..fhir.answers import read_answers_or_response
from ..flow.builtin import BUILTIN_FLOW, SCENARIOS_DIR
from ..flow.loaded import LoadedFlow
from ..flow.loader import load_flow
from ..flow.schema_errors import pydantic_problems
from ..textsafe import safe


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PresentAbsent(_Strict):
    present: list[str] = []
    absent: list[str] = []


class CauseExpect(_Strict):
    top3: list[str] = []
    """Each of these must be among the three highest-ranked causes."""
    absent: list[str] = []


class Expect(_Strict):
    triage: str | None = None
    red_flags: PresentAbsent = PresentAbsent()
    causes: CauseExpect = CauseExpect()
    exercises: PresentAbsent = PresentAbsent()
    treatments: PresentAbsent = PresentAbsent()
    prevention: PresentAbsent = PresentAbsent()


@dataclass
class Result:
    path: str
    name: str
    failures: list[str] = field(default_factory=list)


def _known_ids(flow: LoadedFlow) -> dict[str, list[str]]:
    m = flow.model
    return {
        "triage": [t.id for t in m.triage],
        "red_flags": [f.id for f in m.red_flags],
        "causes": [c.id for c in m.causes],
        "exercises": [e.id for e in m.exercises],
        "treatments": [t.id for t in m.treatments],
        "prevention": [p.id for p in m.prevention],
    }


def parse_expect(doc: AnswersFile, flow: LoadedFlow) -> Expect:
    """Validate `expect:` and every id it names; raises WizardError."""
    located = doc.located
    try:
        expect = Expect.model_validate(doc.expect or {})
    except ValidationError as exc:
        raise WizardError(pydantic_problems(exc, located, ("expect",))) from None
    known = _known_ids(flow)
    problems: list[Problem] = []

    def check(kind: str, loc: tuple[str | int, ...], ids: Iterable[str]) -> None:
        for i, item in enumerate(ids):
            if item not in known[kind]:
                what = kind.rstrip("s").replace("_", " ")
                problems.append(
                    located.problem(
                        (*loc, i),
                        f'unknown {what} "{item}"{did_you_mean(item, known[kind])}',
                        rule="scenario/unknown-id",
                    )
                )

    if expect.triage is not None and expect.triage not in known["triage"]:
        problems.append(
            located.problem(
                ("expect", "triage"),
                f'unknown triage level "{expect.triage}"{did_you_mean(expect.triage, known["triage"])}',
                rule="scenario/unknown-id",
            )
        )
    for kind in ("red_flags", "exercises", "treatments", "prevention"):
        part: PresentAbsent = getattr(expect, kind)
        check(kind, ("expect", kind, "present"), part.present)
        check(kind, ("expect", kind, "absent"), part.absent)
    check("causes", ("expect", "causes", "top3"), expect.causes.top3)
    check("causes", ("expect", "causes", "absent"), expect.causes.absent)
    if problems:
        raise WizardError(problems)
    return expect


def evaluate(path: Path, flow: LoadedFlow) -> Result:
    """Run one scenario (an answers file, or a QuestionnaireResponse); problems with the file raise WizardError."""
    doc = read_answers_or_response(path, flow)
    if doc.expect is None:
        raise WizardError([doc.located.problem((), 'a scenario needs an "expect:" section', rule="scenario/no-expect")])
    languages = flow.model.flow.languages
    if doc.lang is not None and doc.lang not in languages:
        raise WizardError(
            [
                doc.located.problem(
                    ("lang",),
                    f'language "{doc.lang}" is not in this flow; available: {", ".join(languages)}',
                    rule="answers/shape",
                )
            ]
        )
    expect = parse_expect(doc, flow)
    session = replay(doc, flow, doc.lang)
    outcome = assess(session)
    result = Result(str(path), doc.title or path.stem)
    fail = result.failures.append
    if expect.triage is not None and outcome.triage.id != expect.triage:
        fail(f"triage: expected {expect.triage}, got {outcome.triage.id}")
    actual = {
        "red_flags": [f.flag.id for f in outcome.red_flags],
        "exercises": [e.id for e in outcome.exercises],
        "treatments": [t.id for t in outcome.treatments],
        "prevention": [p.id for p in outcome.prevention],
    }
    for kind, ids in actual.items():
        part: PresentAbsent = getattr(expect, kind)
        for item in part.present:
            if item not in ids:
                fail(f"{kind}: expected {item} present, got [{', '.join(ids)}]")
        for item in part.absent:
            if item in ids:
                fail(f"{kind}: expected {item} absent, got [{', '.join(ids)}]")
    ranked = [c.cause.id for c in outcome.causes]
    for item in expect.causes.top3:
        if item not in ranked[:3]:
            fail(f"causes: expected {item} in the top 3, got [{', '.join(ranked)}]")
    for item in expect.causes.absent:
        if item in ranked:
            fail(f"causes: expected {item} absent, got [{', '.join(ranked)}]")
    return result


def scenario_files(paths: Sequence[Path]) -> list[Path]:
    """Expand folders to their YAML (and QuestionnaireResponse JSON) files, sorted, so runs are repeatable."""
    files: list[Path] = []
    for path in paths or [SCENARIOS_DIR]:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json")))
        else:
            files.append(path)
    return files


def run_scenarios(paths: Sequence[Path], flow_path: Path | None, out: TextIO) -> int:
    """Run scenarios, print each failure with expected vs actual, end with `N passed, M failed`."""
    flow = load_flow(flow_path or BUILTIN_FLOW)
    passed = failed = 0
    files = scenario_files(paths)
    if not files:
        raise WizardError([Problem("no scenario files found", ", ".join(map(str, paths)))])

    def say(line: str) -> None:
        print(safe(line), file=out)  # paths and titles are anyone's text

    for path in files:
        try:
            result = evaluate(path, flow)
        except WizardError as exc:
            failed += 1
            say(f"ERROR {path}")
            for problem in exc.problems:
                say(f"  {problem.format()}")
            continue
        except Exception as exc:  # a bug of ours must not hide the scenarios after this one
            failed += 1
            say(f"ERROR {path}")
            say(f"  {path}: error: internal error {type(exc).__name__} while running this scenario: {exc}")
            continue
        if result.failures:
            failed += 1
            say(f"FAIL {result.path}: {result.name}")
            for failure in result.failures:
                say(f"  {failure}")
        else:
            passed += 1
            say(f"ok   {result.path}")
    say(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
