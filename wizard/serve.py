"""Browser mode: textual-serve runs one wizard process per browser session, with limits fit for a network.

textual-serve's Server is used for what it does well (the page, downloads, the process
protocol); this module adds what a clinic network needs: a cap on concurrent sessions
with a "busy, try again" page, a child process that ends within seconds of its tab,
a same-origin check on the websocket, an allowed-hosts list for the Host header
(against DNS rebinding), no directory listing, and a page that loads nothing from
outside this server. It listens on this machine only unless told otherwise.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import Problem, WizardError

SESSION_MB = 120
"""Memory to budget per session: one wizard process measured about 55 MB RSS (benchmarks/serve_load.py), with room."""
GRACE = 3.0
"""Seconds a child has to quit after its tab went away before it is killed."""
HEARTBEAT = 5.0
"""Seconds between websocket pings: a tab that vanished without closing (a cable pulled) is noticed within two."""
MAX_COLUMNS, MAX_ROWS = 500, 200
"""A resize beyond this is clamped: the child draws every cell it is told it has."""
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_max_sessions(cpus: int | None = None, available_mb: int | None = None) -> int:
    """Four sessions per core (a session mostly waits for a person), and no more than half the free memory holds."""
    cpus = cpus or os.cpu_count() or 1
    if available_mb is None:
        available_mb = _available_mb()
    return max(1, min(4 * cpus, available_mb // 2 // SESSION_MB))


def _available_mb() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 2048  # not Linux, or unreadable: assume a small machine


@dataclass(frozen=True)
class Limits:
    max_sessions: int
    allowed_hosts: frozenset[str]
    """Names the Host header may carry (without the port), lower case."""


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """This machine's own names, the address listened on (unless it is a wildcard) and any names given."""
    names = {*LOOPBACK_NAMES, *(name.lower().strip("[]") for name in extra)}
    if host not in ("0.0.0.0", "::", ""):
        names.add(host.lower().strip("[]"))
    return frozenset(names)


def host_name(header: str) -> str:
    """The name in a Host header, without the port: `[::1]:8000` -> `::1`, `Clinic:80` -> `clinic`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def same_origin(origin: str | None, host: str | None) -> bool:
    """A websocket opened by a page from this very server: its Origin is http(s)://<the Host it connects to>."""
    if not origin or not host:
        return False
    return origin.lower() in (f"http://{host.lower()}", f"https://{host.lower()}")


def wizard_command(args: argparse.Namespace) -> str:
    """The command each browser session runs: this Python, this package, the same options.

    `exec` makes the shell textual-serve starts become the wizard: one process per session, not two.
    """
    argv = [sys.executable, "-m", "wizard"]
    for option in ("flow", "lang", "kiosk_config", "idle_timeout", "idle_warning"):
        value = getattr(args, option, None)
        if value is not None:
            argv += [f"--{option.replace('_', '-')}", str(value)]
    if getattr(args, "theme", "default") != "default":
        argv += ["--theme", args.theme]
    if args.kiosk:
        argv.append("--kiosk")
    return "exec " + shlex.join(argv)


def busy_page(languages: Iterable[str]) -> str:
    """The page shown while every session is taken: says so in every language, and tries again by itself."""
    from html import escape

    from .ui_text import ui

    lines = "".join(f'<p lang="{lang}">{escape(ui("serve_busy", lang))}</p>' for lang in languages)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">'
        "<title>Busy</title><style>body{background:#0c181f;color:#fff;font:20px sans-serif;"
        "display:flex;align-items:center;justify-content:center;height:90vh;text-align:center}</style>"
        f"</head><body><div>{lines}</div></body></html>"
    )


def make_server(command: str, host: str, port: int, limits: Limits, title: str) -> Any:
    """The textual-serve Server with the limits above (built here so `wizard` never imports aiohttp otherwise)."""
    from .serve_server import WizardServer

    return WizardServer(command, host=host, port=port, limits=limits, title=title)


def serve(args: argparse.Namespace, *, title: str) -> int:
    """Serve until SIGINT or SIGTERM; `title` (the flow's, in the served language) names the page."""
    if not is_loopback(args.host):
        print(
            f"WARNING: serving on {args.host}:{args.port}, not just this machine. Anyone who can reach it can "
            "use the wizard: there is no login and no encryption. Put it behind HTTPS and a firewall, and name "
            "the host names browsers will use with --allow-host.",
            file=sys.stderr,
        )
    limits = Limits(
        max_sessions=args.max_sessions or default_max_sessions(),
        allowed_hosts=allowed_hosts(args.host, args.allow_host or ()),
    )
    announce = (
        f"Serving the wizard on http://{args.host}:{args.port} to at most {limits.max_sessions} browser tabs at once "
        "(ctrl+c stops it)"
    )
    server = make_server(wizard_command(args), args.host, args.port, limits, title)
    try:
        server.serve(announce=announce)
    except OSError as exc:
        raise WizardError([Problem(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")]) from None
    return 0
