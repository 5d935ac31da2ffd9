"""How `wizard explore` grows: the built-in flow, then synthetic flows of 50, 100 and 200 questions.

For each flow: seconds (best of `--runs`), distinct paths, merged states, and whether
it finished within the budget; then how time and states grow from one size to the next.

    python benchmarks/explore.py [--runs 3] [--timeout 60] [--max-states 2000000] [--sizes 50 100 200]
    python -m benchmarks.explore --json [--quick]     # rows for `python -m benchmarks` (see benchmarks/run.py)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_flow
from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow
from wizard.tools.exploration import Exploration
from wizard.tools.explore import explore


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
    parser.add_argument("--json", action="store_true", help="print the rows of the benchmark table as JSON")
    parser.add_argument("--quick", action="store_true", help="one run, synthetic flows of 50 and 100 questions")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.sizes = 1, [50, 100]
    flows = [("built-in", load_flow(BUILTIN_FLOW))] + [(f"synthetic {n}", synthetic_flow(n)) for n in args.sizes]
    rows: list[dict[str, object]] = []
    if not args.json:
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
        if args.json:
            row: dict[str, object] = {
                "figure": f"explore: {name} ({len(flow.questions)} questions)",
                "measured": f"{seconds:.2f} s, {result.paths:.2e} paths, {result.states:,} states, {outcome}{growth}",
            }
            if name == "built-in":
                row.update(target="< 2 s, complete", met=seconds < 2 and result.complete)
            rows.append(row)
        else:
            print(
                f"{name:<14}{len(flow.questions):>10}{seconds:>10.2f}{result.states:>11,}  {result.paths:<12.2e}"
                f"{outcome}{growth}"
            )
        previous = (seconds, result.states)
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
