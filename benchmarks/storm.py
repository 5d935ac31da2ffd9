"""The storm (issue 14 item 2): random keys, raw bytes, pastes, mouse reports and resizes, 1x1 to 300x100.

    python -m benchmarks.storm [--events 10000] [--seed N] [--player pilot|tmux|both] [--face kiosk|normal|both]

The events are tests/fuzz/storm.py's; the same seed gives the same storm in both players.
Pilot sends them in process through Textual's own input parser; tmux sends them to a real
`wizard` process (`send-keys -H` for the bytes, `resize-window`), then ctrl+z, ctrl+c and
ctrl+\\ (kiosk), then SIGTERM. Each row says how many incidents the storm caused (a kiosk
logs each caught exception as one; the normal app would end on one) and whether the process
was alive at the end. Target: 0 incidents, alive. Every tmux server it starts is killed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from .common import Row, print_rows

EVENTS = 10_000


def pilot(events: int, seed: int, kiosk: bool) -> Row:
    from tests.fuzz.storm import Outcome, play_pilot, storm
    from wizard.flow.builtin import BUILTIN_FLOW
    from wizard.flow.loader import load_flow
    from wizard.kiosk.config import KioskConfig
    from wizard.tui.app import WizardApp
    from wizard.tui.kiosk import KioskApp

    flow = load_flow(BUILTIN_FLOW)
    with tempfile.TemporaryDirectory() as workdir:

        def new_app() -> WizardApp:
            app = KioskApp(flow, KioskConfig(log_file=str(Path(workdir) / "log"))) if kiosk else WizardApp(flow, "en")
            app.animation_level = "none"
            return app

        outcome = Outcome()
        start = time.perf_counter()
        error = ""
        done = threading.Event()

        def progress() -> None:  # a long storm on a busy machine: say how far it got
            while not done.wait(60):
                print(f"{outcome.sent:,} events sent, {len(outcome.failures)} incidents", file=sys.stderr, flush=True)

        threading.Thread(target=progress, daemon=True).start()
        try:
            stream = storm(random.Random(seed), events, kiosk=kiosk)
            while outcome.sent < events and not outcome.failures:  # after a Quit, the rest goes to a new app
                asyncio.run(play_pilot(new_app(), stream, (80, 24), outcome, keep_going=True))
        except Exception as exc:  # the normal app ends on an unexpected exception: that is an incident
            error = f"{type(exc).__name__}: {exc}"
        done.set()
        seconds = time.perf_counter() - start
    failures = outcome.failures + ([error] if error else [])
    alive = not error and not any("stopped" in failure for failure in failures)
    figure = f"storm in Pilot: {events:,} events, seed {seed}, {'kiosk' if kiosk else 'normal'}"
    measured = f"{outcome.sent:,} events in {seconds:.0f} s, {len(failures)} incidents, alive: {alive}"
    measured += "" if kiosk else f", quit when asked: {outcome.quits} (a new app took the rest)"
    return Row(figure, measured, "-", None, "0 incidents, alive", not failures and alive, "; ".join(failures)[:300])


def tmux(events: int, seed: int, kiosk: bool) -> Row:
    from tests.fuzz.terminal import run_storm

    with tempfile.TemporaryDirectory() as workdir:
        report = run_storm(seed, events, kiosk=kiosk, workdir=Path(workdir))
    alive = not report.died
    parts = [f"{report.sent:,} events in {report.seconds:.0f} s (+{report.settle_seconds:.0f} s to catch up)"]
    parts.append(f"{len(report.incidents)} incidents, alive: {alive}")
    if kiosk:
        parts.append(f"raw after: {report.raw_after}, survived ctrl+z/c/\\: {report.survived_signal_keys}")
    else:
        parts.append(f"quit when asked: {report.quits}")
    parts.append(
        f"SIGTERM: ended {report.sigterm_ended} in {report.sigterm_seconds:.1f} s, terminal restored: {report.restored}"
    )
    met = (
        report.clean
        and report.sigterm_ended
        and report.restored
        and (not kiosk or (report.raw_after and report.survived_signal_keys))
    )
    figure = f"storm in tmux: {events:,} events, seed {seed}, {'kiosk' if kiosk else 'normal'}"
    why = "; ".join([*report.died, *report.incidents])[:300]
    return Row(figure, ", ".join(parts), "-", None, "0 incidents, alive, terminal restored", met, why)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--seed", type=int, default=None, help="default: a new random seed, printed")
    parser.add_argument("--player", choices=("pilot", "tmux", "both"), default="both")
    parser.add_argument("--face", choices=("kiosk", "normal", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON (benchmarks/run.py reads it)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    faces = [True, False] if args.face == "both" else [args.face == "kiosk"]
    players = [pilot, tmux] if args.player == "both" else [pilot if args.player == "pilot" else tmux]
    found = [play(args.events, seed, kiosk) for play in players for kiosk in faces]
    print_rows(found, args.json)
    return 0 if args.json or all(row.met for row in found) else 1


if __name__ == "__main__":
    sys.exit(main())
