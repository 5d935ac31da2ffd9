"""Without a screen: a cold `wizard run` against importing its libraries, and the engine's throughput.

    python -m benchmarks.headless [--runs 9] [--seconds 3]

The cold run starts a new process each time (`python -m wizard run` on one
scenario, with the parsed-flow cache off, so the flow is read and validated in full)
and is compared with `python -c "import yaml, pydantic"`, the least any process that
reads YAML and uses pydantic pays. For context: the same with the cache on, and the
floor any pydantic validation pays (import yaml, define and validate a one-field model).
Throughput replays every scenario's answers through Session + assess + the result view,
in one thread, over and over.
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
RUN_TARGET = 2.5
THROUGHPUT_TARGET = 5000


def cold_run_rows(runs: int) -> list[Row]:
    no_cache = {**os.environ, "WIZARD_CACHE": "0"}
    run, imports, floor, cached = alternate(
        lambda: wall_time(RUN, no_cache),
        lambda: wall_time(IMPORTS),
        lambda: wall_time(FLOOR),
        lambda: wall_time(RUN),
        runs=runs,
    )
    return [
        ratio_row(
            "cold `wizard run` (new process, nothing cached, the flow read and validated in full)",
            run,
            imports,
            "s",
            RUN_TARGET,
            "import yaml, pydantic",
            f"validating anything with pydantic already costs {floor / imports:.2f}x the reference (next row), "
            "whose `import pydantic` is lazy and stops before BaseModel, its schema builder and its plugin "
            "loader; beyond that we import our ~25 model classes, build their validators and validate "
            "the whole flow, an answers file and a result view on every run",
        ),
        Row(
            "floor: import yaml, validate a one-field pydantic model (context)",
            fmt(floor, "s"),
            f"import yaml, pydantic {fmt(imports, 's')}",
            floor / imports,
        ),
        Row(
            "cold `wizard run`, parsed-flow cache on (context)",
            fmt(cached, "s"),
            f"import yaml, pydantic {fmt(imports, 's')}",
            cached / imports,
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
    from wizard.flow.loaded import option_ids

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
