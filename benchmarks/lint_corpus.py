"""How long `wizard check` takes to reject each flow of the broken-flow corpus, and the built-in flow's lint.

In process, after one warm-up lint (imports and pydantic's first validation are not
counted): the median of several runs per file, the slowest file, and the budget of
one second per broken flow. The memory side is a test (tests/test_broken_flows.py).

    python benchmarks/lint_corpus.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from wizard.flow.builtin import BUILTIN_FLOW
from wizard.tools.lint import lint_file

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "broken"
BUDGET = 1.0


def median_seconds(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lint_file(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    lint_file(BUILTIN_FLOW)
    results = sorted(((median_seconds(p, args.runs), p.name) for p in sorted(CORPUS.glob("*.yaml"))), reverse=True)
    total = sum(t for t, _ in results)
    print(
        f"{len(results)} broken flows, median per file {statistics.median(t for t, _ in results) * 1000:.1f} ms, "
        f"total {total * 1000:.0f} ms"
    )
    for seconds, name in results[:3]:
        print(f"  slowest: {name} {seconds * 1000:.1f} ms")
    print(f"built-in flow: {median_seconds(BUILTIN_FLOW, args.runs) * 1000:.1f} ms")
    over = [name for seconds, name in results if seconds > BUDGET]
    if over:
        print(f"over the {BUDGET:g} s budget: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
