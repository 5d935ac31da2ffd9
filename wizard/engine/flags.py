"""Which red flags fire: the one evaluation that triage, the emergency interrupt and every tool share."""

from __future__ import annotations

from dataclasses import dataclass

from ..flow.conditions import evaluator
from ..flow.loaded import LoadedFlow
from ..flow.model import RedFlag


@dataclass(frozen=True)
class FiredFlag:
    flag: RedFlag
    certain: bool
    """False when it fired only because an answer was "not sure" or missing (fail-closed)."""


def fired_flags(flow: LoadedFlow, lookup: evaluator.Lookup) -> list[FiredFlag]:
    """The red flags that act for these answers (hold or might hold), most urgent first."""
    fired = []
    for flag, rule in flow.red_flags:
        value = rule.value(lookup)
        if rule.kind.acts(value):
            fired.append(FiredFlag(flag, value is True))
    fired.sort(key=lambda f: flow.rank[f.flag.level])
    return fired
