"""How `wizard explore` grows: the built-in flow, then synthetic flows of 50, 100 and 200 questions.

For each flow: seconds (best of `--runs`), distinct paths, merged states, and whether
it finished within the budget; then how time and states grow from one size to the next.

    python benchmarks/explore.py [--runs 3] [--timeout 60] [--max-states 2000000] [--sizes 50 100 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_flow
from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loader import LoadedFlow, load_flow
from wizard.tools.explore import Exploration, explore


def measure(flow: LoadedFlow, runs: int, timeout: float, max_states: int) -> tuple[float, Exploration]:
    """The best time of `runs` explorations (machine noise only ever adds time)."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = explore(flow, max_states=max_states, timeout=timeout)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--max-states", type=int, default=2_000_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200], help="synthetic flow sizes")
    args = parser.parse_args()
    flows = [("built-in", load_flow(BUILTIN_FLOW))] + [(f"synthetic {n}", synthetic_flow(n)) for n in args.sizes]
    print(f"{'flow':<14}{'questions':>10}{'seconds':>10}{'states':>11}  {'paths':<12}result")
    previous: tuple[float, int] | None = None
    for name, flow in flows:
        runs = args.runs if name == "built-in" else 1
        seconds, result = measure(flow, runs, args.timeout, args.max_states)
        if result.complete:
            outcome = "complete"
        else:
            outcome = f"incomplete: explored {result.explored:.2e} of at least {result.at_least:.2e} paths"
        failed = ", ".join(i.name for i in result.failed)
        if failed:
            outcome += f"; fails: {failed}"
        growth = ""
        if previous is not None and name != flows[1][0]:
            growth = f"  (x{seconds / previous[0]:.1f} time, x{result.states / max(previous[1], 1):.1f} states)"
        print(f"{name:<14}{len(flow.questions):>10}{seconds:>10.2f}{result.states:>11,}  {result.paths:<12.2e}"
              f"{outcome}{growth}")
        previous = (seconds, result.states)


if __name__ == "__main__":
    main()
