"""`python -m benchmarks.vignettes`: the built-in flow against the case vignettes in tests/vignettes.

Each vignette is a story with a gold triage level, a gold condition and the highest exercise
load its sources allow, written before the flow was changed to meet them (tests/vignettes/README.md).
Every case runs through the real engine (the same replay as `wizard run`), and the report gives
the figures issue 17 asks for: triage exact, under- and over-triage, per-level agreement, self-care
right, gold condition in the top 3 of "what it may be", exercises offered that the gold label
forbids, and the most questions a person without red flags is asked.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from wizard.engine.answerfile import AnswersFile, replay
from wizard.engine.assessment import Assessment, assess
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow
from wizard.flow.yamlsafe import read_yaml

ROOT = Path(__file__).resolve().parent.parent
VIGNETTES = ROOT / "tests" / "vignettes"
FLOW = ROOT / "flows" / "knee_ankle.yaml"
LEVELS = ("emergency", "urgent", "soon", "self_care")
"""Most urgent first, as FACTS §1.2 orders them."""
MAX_LOADS = ("none", "non_weight_bearing", "gentle_weight_bearing", "loading", "impact")
"""The gold label's load scale: `none` is no exercise at all; the rest are the flow's ladder."""
TARGETS = {"triage_exact": 0.90, "self_care_right": 0.85, "condition_top3": 0.85}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Gold(_Strict):
    triage: Literal["emergency", "urgent", "soon", "self_care"]
    condition: str | None
    max_load: Literal["none", "non_weight_bearing", "gentle_weight_bearing", "loading", "impact"]
    forbidden: list[str] = []
    sources: list[str]
    why: str


class Vignette(_Strict):
    id: str
    title: str
    pair: str | None = None
    story: str
    age: int
    joint: Literal["knee", "ankle", "both"]
    onset: Literal["traumatic", "atraumatic"]
    course: Literal["acute", "chronic"]
    gold: Gold
    answers: dict[str, Any]
    notes: str | None = None


@dataclass(frozen=True)
class Case:
    """One vignette and what the flow made of it."""

    vignette: Vignette
    triage: str
    likely: list[str]
    exercises: list[tuple[str, str | None]]
    """(exercise id, its load) for every exercise offered."""
    red_flags: list[str]
    asked: int

    @property
    def exact(self) -> bool:
        return self.triage == self.vignette.gold.triage

    @property
    def under(self) -> bool:
        return LEVELS.index(self.triage) > LEVELS.index(self.vignette.gold.triage)

    @property
    def over(self) -> bool:
        return LEVELS.index(self.triage) < LEVELS.index(self.vignette.gold.triage)

    @property
    def top3(self) -> bool | None:
        """None when the gold label names no condition (the red flag itself is the answer)."""
        gold = self.vignette.gold.condition
        return None if gold is None else gold in self.likely[:3]

    @property
    def forbidden(self) -> list[str]:
        """Exercises offered above the gold load, or named as forbidden by the gold label."""
        gold = self.vignette.gold
        limit = MAX_LOADS.index(gold.max_load)
        return [
            eid
            for eid, load in self.exercises
            if eid in gold.forbidden or limit == 0 or (load is not None and MAX_LOADS.index(load) > limit)
        ]


@dataclass
class Report:
    cases: list[Case] = field(default_factory=list)

    def share(self, cases: Sequence[Case], test: str) -> tuple[int, int]:
        return sum(1 for c in cases if getattr(c, test)), len(cases)

    @property
    def triage_exact(self) -> tuple[int, int]:
        return self.share(self.cases, "exact")

    @property
    def self_care_right(self) -> tuple[int, int]:
        return self.share([c for c in self.cases if c.vignette.gold.triage == "self_care"], "exact")

    @property
    def condition_top3(self) -> tuple[int, int]:
        return self.share([c for c in self.cases if c.vignette.gold.condition is not None], "top3")

    @property
    def under(self) -> list[Case]:
        return [c for c in self.cases if c.under]

    @property
    def over(self) -> list[Case]:
        return [c for c in self.cases if c.over]

    @property
    def forbidden(self) -> list[Case]:
        return [c for c in self.cases if c.forbidden]

    @property
    def most_asked_without_flags(self) -> int:
        return max((c.asked for c in self.cases if not c.red_flags), default=0)


def read_vignette(path: Path) -> Vignette:
    return Vignette.model_validate(read_yaml(path).data)


def run_case(flow: LoadedFlow, path: Path) -> Case:
    """The vignette's answers through the real engine, as `wizard run` gives them."""
    located = read_yaml(path)
    vignette = Vignette.model_validate(located.data)
    session = replay(AnswersFile(located, vignette.answers, None, None, None, vignette.title), flow)
    result: Assessment = assess(session)
    asked = sum(1 for q in flow.questions if session.is_visible(q.id))
    return Case(
        vignette,
        result.triage.id,
        [c.condition.id for c in result.likely],
        [(e.id, flow.load_of[e.id]) for e in result.exercises],
        [f.flag.id for f in result.red_flags],
        asked,
    )


def run(flow_path: Path = FLOW, folder: Path = VIGNETTES) -> Report:
    flow = load_flow(str(flow_path))
    return Report([run_case(flow, path) for path in sorted(folder.glob("v*.yaml"))])


def _pct(share: tuple[int, int]) -> str:
    hits, total = share
    return f"{hits}/{total} ({100 * hits / total:.0f}%)" if total else "-"


def to_markdown(report: Report) -> str:
    """The figures as a Markdown table, then every case that missed, with what the flow said."""
    lines = ["| figure | value | target |", "| --- | --- | --- |"]
    lines.append(f"| cases | {len(report.cases)} | >= 60 |")
    lines.append(f"| triage exact | {_pct(report.triage_exact)} | >= 90% |")
    lines.append(f"| under-triage | {len(report.under)} | 0 |")
    lines.append(f"| over-triage | {len(report.over)} | reported |")
    for level in LEVELS:
        share = report.share([c for c in report.cases if c.vignette.gold.triage == level], "exact")
        lines.append(f"| {level} right | {_pct(share)} | {'>= 85%' if level == 'self_care' else 'reported'} |")
    lines.append(f"| gold condition in top 3 | {_pct(report.condition_top3)} | >= 85% |")
    lines.append(f"| cases offered a forbidden exercise | {len(report.forbidden)} | 0 |")
    lines.append(f"| most questions asked without a red flag | {report.most_asked_without_flags} | <= 20 |")
    misses = [c for c in report.cases if not c.exact or c.top3 is False or c.forbidden]
    if misses:
        lines += ["", "| case | gold | flow | likely (top 3) | forbidden offered |", "| --- | --- | --- | --- | --- |"]
        for c in misses:
            gold = c.vignette.gold
            lines.append(
                f"| {c.vignette.id} {c.vignette.title} | {gold.triage}, {gold.condition or '-'} | {c.triage} "
                f"({', '.join(c.red_flags) or 'no red flag'}) | {', '.join(c.likely[:3]) or '-'} "
                f"| {', '.join(c.forbidden) or '-'} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.vignettes", description=__doc__.splitlines()[0])
    parser.add_argument("--flow", type=Path, default=FLOW)
    parser.add_argument("--vignettes", type=Path, default=VIGNETTES)
    args = parser.parse_args(argv)
    report = run(args.flow, args.vignettes)
    print(to_markdown(report))
    safe = not report.under and not report.forbidden
    return 0 if safe else 1


if __name__ == "__main__":
    sys.exit(main())
