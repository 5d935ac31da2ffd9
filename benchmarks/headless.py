"""Without a screen: a cold `wizard run` against importing its libraries, and the engine's throughput.

    python -m benchmarks.headless [--runs 9] [--seconds 3]

The cold run starts a new process each time (`python -m wizard run` on one
scenario) and is compared with `python -c "import yaml, pydantic"`, the least any
process that reads YAML and uses pydantic pays. Throughput replays every scenario's
answers through Session + assess + the result view, in one thread, over and over.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from .common import PYTHON, Row, alternate, fmt, ratio_row, wall_time

SCENARIO = "flows/scenarios/self_care_pickleball.yaml"
RUN = [PYTHON, "-m", "wizard", "run", SCENARIO]
IMPORTS = [PYTHON, "-c", "import yaml, pydantic"]
FLOOR = [PYTHON, "-c", "import yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"]
"""The least a program pays that validates anything with a pydantic model: the reference's `import
pydantic` is lazy and stops before BaseModel, its schema builder and its plugin loader."""
RUN_TARGET = 1.5
THROUGHPUT_TARGET = 5000


def cold_run_rows(runs: int) -> list[Row]:
    run, imports = alternate(lambda: wall_time(RUN), lambda: wall_time(IMPORTS), runs=runs)
    no_cache = {**os.environ, "WIZARD_CACHE": "0"}
    uncached, imports_again = alternate(
        lambda: wall_time(RUN, no_cache), lambda: wall_time(IMPORTS), runs=max(3, runs // 3)
    )
    floor, imports_floor = alternate(lambda: wall_time(FLOOR), lambda: wall_time(IMPORTS), runs=runs)
    return [
        ratio_row(
            "cold `wizard run` (new process)",
            run,
            imports,
            "s",
            RUN_TARGET,
            "import yaml, pydantic",
            f"validating with any pydantic model already costs {floor / imports_floor:.2f}x the reference "
            "(next row); on top of that we import our ~25 model classes and validate the whole flow on "
            "every load, since the cache keeps only the parsed YAML so that a planted entry cannot skip "
            "validation",
        ),
        Row(
            "floor: import yaml, validate a one-field pydantic model (context)",
            fmt(floor, "s"),
            f"import yaml, pydantic {fmt(imports_floor, 's')}",
            floor / imports_floor,
        ),
        Row(
            "cold `wizard run`, flow cache off (context)",
            fmt(uncached, "s"),
            f"import yaml, pydantic {fmt(imports_again, 's')}",
            uncached / imports_again,
        ),
    ]


def sessions_per_second(seconds: float) -> tuple[float, int]:
    """Complete sessions per second over all scenarios, and how many scenarios there are."""
    from wizard.engine.answerfile import read_answers, replay
    from wizard.engine.assessment import assess
    from wizard.flow.builtin import BUILTIN_FLOW, SCENARIOS_DIR
    from wizard.flow.loader import load_flow
    from wizard.results.view import build_view

    flow = load_flow(BUILTIN_FLOW)
    docs = [read_answers(path) for path in sorted(SCENARIOS_DIR.glob("*.yaml"))]
    done = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for doc in docs:
            session = replay(doc, flow, doc.lang)
            build_view(session, assess(session))
        done += len(docs)
    return done / elapsed, len(docs)


def per_answer_us(flow: Any, changes: int = 2000) -> float:
    """Microseconds for the engine's part of one answer change: store it, then count progress over the flow.

    The progress count needs the visibility of every later question, so this is
    the one piece of per-key work that grows with the flow's length.
    """
    from wizard.engine.session import Session
    from wizard.flow.loader import option_ids

    session = Session(flow)
    question = next(q for q in flow.questions if q.type in ("single", "yes_no_unsure") and session.is_visible(q.id))
    options = option_ids(question)
    start = time.perf_counter()
    for number in range(changes):
        session.set_answer(question.id, options[number % len(options)])
        session.progress()
    return (time.perf_counter() - start) / changes * 1e6


def per_answer_rows() -> list[Row]:
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow

    from .synthetic import synthetic_flow

    builtin, large = load_flow(BUILTIN_FLOW), synthetic_flow(200)
    return [
        Row(
            "engine work per answer change, with the progress count (context)",
            f"{per_answer_us(builtin):.0f} us ({len(builtin.questions)} questions)",
            f"synthetic 200 questions {per_answer_us(large):.0f} us",
        )
    ]


def throughput_rows(seconds: float) -> list[Row]:
    rate, scenarios = sessions_per_second(seconds)
    met = rate >= THROUGHPUT_TARGET
    why = (
        ""
        if met
        else (
            f"{(1 - rate / THROUGHPUT_TARGET) * 100:.0f}% short; each session checks every answer "
            "and evaluates a few hundred compiled conditions; a busy machine slows it too"
        )
    )
    return [
        Row(
            f"engine throughput, {scenarios} scenarios, one thread",
            fmt(rate, "sessions/s"),
            "-",
            None,
            f">= {THROUGHPUT_TARGET:,} sessions/s",
            met,
            why,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    for row in [*cold_run_rows(args.runs), *throughput_rows(args.seconds), *per_answer_rows()]:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
