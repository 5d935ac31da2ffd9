"""Browser mode: textual-serve runs one wizard process per browser session.

It listens on this machine only unless told otherwise, and says loudly what that
means when it is bound to any other address: no login and no encryption.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from .errors import Problem, WizardError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def wizard_command(args: argparse.Namespace) -> str:
    """The command each browser session runs: this Python, this package, the same options."""
    argv = [sys.executable, "-m", "wizard"]
    for option in ("flow", "lang", "kiosk_config", "idle_timeout", "idle_warning"):
        value = getattr(args, option, None)
        if value is not None:
            argv += [f"--{option.replace('_', '-')}", str(value)]
    if getattr(args, "theme", "default") != "default":
        argv += ["--theme", args.theme]
    if args.kiosk:
        argv.append("--kiosk")
    return shlex.join(argv)


def serve(args: argparse.Namespace, *, title: str) -> int:
    """Serve until interrupted; `title` (the flow's, in the served language) names the page."""
    from textual_serve.server import Server

    if not is_loopback(args.host):
        print(
            f"WARNING: serving on {args.host}:{args.port}, not just this machine. Anyone who can reach it can "
            "use the wizard: there is no login and no encryption. Put it behind HTTPS and a firewall.",
            file=sys.stderr,
        )
    print(f"Serving the wizard on http://{args.host}:{args.port} (ctrl+c stops it)", file=sys.stderr)
    server = Server(wizard_command(args), host=args.host, port=args.port, title=title)
    try:
        server.serve()
    except OSError as exc:
        raise WizardError([Problem(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")]) from None
    return 0
