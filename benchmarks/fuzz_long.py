"""The long fuzz: many random keys, clicks and terminal sizes (40x12 to 250x80) against one app.

    python -m benchmarks.fuzz_long [--events 10000] [--seed N] [--kiosk] [--json]

Passes when no exception is raised and the app is still running after every
event. The same seed gives the same events, so a failure can be replayed. The
events and driver are the suite's (tests/fuzz/driver.py); the suite runs a few
hundred, this runs ten thousand. `--kiosk` fuzzes the kiosk, with every key it blocks
(ctrl+q, ctrl+c, ctrl+z, F-keys ...) and the staff chord among the keys: it must never stop.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import traceback

from .common import Row, print_rows

EVENTS = 10_000


def fuzz(events: int, seed: int, kiosk: bool = False) -> tuple[int, float, str]:
    """(events sent, seconds, "" or the failure's last line)."""
    from tests.fuzz.driver import HEIGHTS, KEYS, WIDTHS, play, random_events
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow
    from wizard.kiosk.config import KioskConfig
    from wizard.tui.app import WizardApp
    from wizard.tui.kiosk import BLOCKED_KEYS, KioskApp

    rng = random.Random(seed)
    flow = load_flow(BUILTIN_FLOW)
    app = KioskApp(flow, KioskConfig()) if kiosk else WizardApp(flow, "en")
    keys = [*KEYS, *sorted(BLOCKED_KEYS), "ctrl+k", "ctrl+p"] if kiosk else KEYS
    app.animation_level = "none"
    size = (rng.randint(*WIDTHS), rng.randint(*HEIGHTS))
    start = time.perf_counter()
    try:
        sent = asyncio.run(play(app, random_events(rng, events, keys), size))
        if isinstance(app, KioskApp) and app.incidents:
            return sent, time.perf_counter() - start, f"{len(app.incidents)} incidents: {app.incidents[0]}"
    except Exception as exc:  # report any failure as a row; the traceback goes to stderr
        traceback.print_exc()
        return 0, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return sent, time.perf_counter() - start, ""


def rows(events: int, seed: int, kiosk: bool = False) -> list[Row]:
    sent, seconds, failure = fuzz(events, seed, kiosk)
    figure = f"fuzz: {events:,} random events, seed {seed}, {'kiosk' if kiosk else 'normal'} mode"
    if failure:
        return [Row(figure, "failed", "-", None, "no exception, app alive", False, failure)]
    return [
        Row(
            figure,
            f"{sent:,} events in {seconds:.0f} s, no exception, app alive",
            "-",
            None,
            "no exception, app alive",
            True,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--seed", type=int, default=None, help="default: a new random seed, printed")
    parser.add_argument("--kiosk", action="store_true", help="fuzz the kiosk mode")
    parser.add_argument("--json", action="store_true", help="print the row as JSON (benchmarks/run.py reads it)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    found = rows(args.events, seed, args.kiosk)
    print_rows(found, args.json)
    return 0 if args.json or all(row.met for row in found) else 1


if __name__ == "__main__":
    sys.exit(main())
