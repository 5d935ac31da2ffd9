"""What `wizard explore` reports: paths, coverage and each invariant with its counterexample, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..engine.answers import Answer
from ..flow.conditions import evaluator
from ..flow.loaded import LoadedFlow


@dataclass
class InvariantResult:
    name: str
    description: str
    holds: bool | None = True
    """None when the exploration stopped early without finding a failure."""
    counterexample: str | None = None
    """An answers file (YAML) that breaks it."""

    def fail(self, flow: LoadedFlow, answers: dict[str, Answer], why: str) -> None:
        """Keep the first failure found, with its answers."""
        if self.holds is not False:
            self.holds = False
            self.counterexample = answers_file(flow, answers, f"{self.name}: {why}")


@dataclass
class Exploration:
    """What `wizard explore` reports."""

    flow: LoadedFlow
    paths: int
    complete: bool
    explored: int
    at_least: int
    states: int
    coverage: dict[str, dict[str, int]]
    invariants: list[InvariantResult]
    seconds: float = 0.0
    observed: dict[int, set[evaluator.Tri]] = field(default_factory=dict)
    """Values each rule of `flow.rules` took where it was decided, over every walk."""

    @property
    def failed(self) -> list[InvariantResult]:
        return [i for i in self.invariants if i.holds is False]

    def to_json(self) -> str:
        data = {
            "flow": self.flow.id,
            "paths": self.paths,
            "complete": self.complete,
            "explored": self.explored,
            "at_least": self.at_least,
            "states": self.states,
            "coverage": self.coverage,
            "invariants": [
                {"name": i.name, "description": i.description, "holds": i.holds, "counterexample": i.counterexample}
                for i in self.invariants
            ],
            "seconds": round(self.seconds, 3),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"flow {self.flow.id}: {self.paths:,} paths ({self.states:,} merged states) in {self.seconds:.2f} s"]
        if not self.complete:
            lines.append(f"incomplete: explored {self.explored:,} of at least {self.at_least:,} paths")
        lines.append("")
        for kind, counts in self.coverage.items():
            reached = sum(1 for n in counts.values() if n)
            lines.append(f"{kind}: {reached} of {len(counts)} reached")
            zero = [item for item, n in counts.items() if not n]
            if zero:
                lines.append(f"  never reached: {', '.join(zero)}")
        if "triage" in self.coverage:
            lines.append("  " + ", ".join(f"{level} {n:,}" for level, n in self.coverage["triage"].items()))
        lines.append("")
        for result in self.invariants:
            mark = {True: "holds", False: "FAILS", None: "not proved (incomplete)"}[result.holds]
            lines.append(f"{mark}: {result.name}: {result.description}")
            if result.counterexample:
                lines.extend("    " + line for line in result.counterexample.splitlines())
        return "\n".join(lines) + "\n"


def answers_file(flow: LoadedFlow, answers: dict[str, Answer], why: str) -> str:
    """An answers file `wizard run` accepts (values as JSON, which is YAML too)."""
    lines = [f"# {why}", f"flow: {flow.id}", "answers:" if answers else "answers: {}"]
    lines.extend(f"  {qid}: {json.dumps(value)}" for qid, value in answers.items())
    return "\n".join(lines) + "\n"
