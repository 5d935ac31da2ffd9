"""How many browser sessions `wizard serve` holds with its default settings, and what each costs.

    python -m benchmarks.serve_load [--extra 2] [--kiosk] [--json]

Starts `wizard serve` on a loopback port with no --max-sessions (the default cap, sized to this
machine), in an empty folder. Then opens tabs one at a time, as a browser would (same-origin
websocket, a terminal size), until the cap and `--extra` more: each accepted tab must draw its
first screen; each one past the cap must get the busy answer (503). It reads every child's
resident memory (RSS, and PSS, which shares the libraries fairly) once all are drawn, closes all
the tabs and times how long until the last child is gone. At the end the folder must still be
empty: no browser session wrote a file. The server is stopped with SIGTERM either way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

from .common import PYTHON, ROOT, Row, print_rows

FIRST_SCREEN_SECONDS = 60.0
VERBOSE = bool(os.environ.get("SERVE_LOAD_VERBOSE"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The server's child processes (one per tab: the command `exec`s the wizard)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; PSS counts shared pages by their share."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


async def open_tab(http: aiohttp.ClientSession, port: int) -> aiohttp.ClientWebSocketResponse | int:
    """A tab: its websocket once the wizard drew into it, or the HTTP status it was refused with."""
    try:
        ws = await http.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=100&height=32", headers={"Origin": f"http://127.0.0.1:{port}"}
        )
    except aiohttp.WSServerHandshakeError as refused:
        return refused.status
    deadline = time.monotonic() + FIRST_SCREEN_SECONDS
    drawn = 0
    while drawn < 2000 and time.monotonic() < deadline:
        message = await ws.receive(timeout=deadline - time.monotonic())
        if message.type == aiohttp.WSMsgType.BINARY:
            drawn += len(message.data)
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            return 0
    return ws if drawn >= 2000 else 0


async def keep_reading(tab: aiohttp.ClientWebSocketResponse) -> None:
    """What a browser does with an open tab: read what comes (the pings are answered while reading)."""
    while not tab.closed:
        message = await tab.receive()
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            return


async def load(port: int, server: int, extra: int) -> dict[str, float]:
    tabs: list[aiohttp.ClientWebSocketResponse] = []
    readers: list[asyncio.Task[None]] = []
    refused: list[int] = []
    figures: dict[str, float] = {}
    async with aiohttp.ClientSession() as http:
        start = time.monotonic()
        while len(refused) < extra:
            opened = await open_tab(http, port)
            if VERBOSE:
                print(
                    f"tab {len(tabs) + len(refused) + 1}: {opened if isinstance(opened, int) else 'drawn'}",
                    file=sys.stderr,
                )
            if isinstance(opened, int):
                refused.append(opened)
            else:
                tabs.append(opened)
                readers.append(asyncio.create_task(keep_reading(opened)))  # a live tab answers pings
            if len(tabs) > 1000:
                break
        figures["open_seconds"] = time.monotonic() - start
        page = await http.get(f"http://127.0.0.1:{port}/")
        figures["busy_page_status"] = page.status
        await asyncio.sleep(2)  # let the last ones settle after their first screen
        pids = children(server)
        memories = [memory_mb(pid) for pid in pids]
        figures["sessions"] = len(tabs)
        figures["children"] = len(pids)
        figures["still_open"] = sum(not tab.closed for tab in tabs)
        figures["refused_503"] = sum(status == 503 for status in refused)
        figures["refused"] = len(refused)
        figures["rss_mean"] = sum(m[0] for m in memories) / max(1, len(memories))
        figures["rss_max"] = max((m[0] for m in memories), default=0)
        figures["pss_mean"] = sum(m[1] for m in memories) / max(1, len(memories))
        figures["pss_total"] = sum(m[1] for m in memories)
        figures["server_rss"] = memory_mb(server)[0]
        closed = time.monotonic()
        await asyncio.gather(*(tab.close() for tab in tabs))
        for reader in readers:
            reader.cancel()
        while children(server) and time.monotonic() - closed < 30:
            await asyncio.sleep(0.1)
        figures["children_left"] = len(children(server))
        figures["end_seconds"] = time.monotonic() - closed
    return figures


def measure(extra: int, kiosk: bool) -> tuple[dict[str, float], int, list[str]]:
    """(figures, the cap the server announced, what the sessions wrote in the server's folder)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": folder}
        command = [PYTHON, "-m", "wizard", "serve", "--port", str(port), *(["--kiosk"] if kiosk else [])]
        server = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert server.stderr is not None
            announced = server.stderr.readline().decode()
            cap = int(announced.split("at most ")[1].split()[0])
            log: list[str] = []
            threading.Thread(
                target=lambda: log.extend(line.decode() for line in server.stderr or ()), daemon=True
            ).start()
            before = {path.name for path in Path(folder).iterdir()}  # the server's own parsed-flow cache
            figures = asyncio.run(load(port, server.pid, extra))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        written = sorted({path.name for path in Path(folder).iterdir()} - before)
    if VERBOSE:
        print("".join(log[-40:]), file=sys.stderr)
    return figures, cap, written


def rows(extra: int, kiosk: bool) -> list[Row]:
    figures, cap, written = measure(extra, kiosk)
    face = "kiosk" if kiosk else "normal"
    held = figures["sessions"] == figures["children"] == figures["still_open"] == cap
    held = held and figures["refused_503"] == extra and figures["busy_page_status"] == 503
    return [
        Row(
            f"serve ({face}): sessions the default cap holds on this machine ({os.cpu_count()} cores)",
            f"{int(figures['sessions'])} drawn, the next {int(figures['refused'])} refused with 503 "
            f"({figures['open_seconds']:.0f} s to open them all)",
            f"cap {cap}",
            None,
            "= the cap, then busy",
            held,
            f"{figures}",
        ),
        Row(
            f"serve ({face}): memory per session",
            f"RSS {figures['rss_mean']:.0f} MB mean, {figures['rss_max']:.0f} MB max; "
            f"PSS {figures['pss_mean']:.0f} MB mean, {figures['pss_total']:.0f} MB for all {int(figures['children'])}; "
            f"server {figures['server_rss']:.0f} MB",
            "budget 120 MB (wizard/serve.py SESSION_MB)",
            None,
            "RSS max <= 120 MB",
            figures["rss_max"] <= 120,
        ),
        Row(
            f"serve ({face}): children gone after their tabs closed",
            f"{int(figures['children_left'])} left after {figures['end_seconds']:.1f} s",
            "-",
            None,
            "0 left within 5 s",
            figures["children_left"] == 0 and figures["end_seconds"] <= 5,
        ),
        Row(f"serve ({face}): files the sessions wrote", ", ".join(written) or "none", "-", None, "none", not written),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=2, help="tabs to open past the cap (each must be refused)")
    parser.add_argument("--kiosk", action="store_true", help="serve the kiosk (`wizard serve --kiosk`)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON (benchmarks/run.py reads it)")
    args = parser.parse_args()
    found = rows(args.extra, args.kiosk)
    print_rows(found, args.json)
    return 0 if args.json or all(row.met is not False for row in found) else 1


if __name__ == "__main__":
    sys.exit(main())
