"""The commands that hand the terminal, or a browser, to a person: the full-screen app, the kiosk,
the accessible plain mode and the served mode (and making the kiosk's staff PIN).

Textual is imported inside the functions, as in `wizard.cli`, so a headless command never loads it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from .errors import Problem, WizardError

if TYPE_CHECKING:
    from .kiosk.config import KioskConfig
from .launch import chosen_flow, from_environment, language, stdin_lines


def cmd_plain(args: argparse.Namespace) -> int:
    from .plain import InputEnded, PlainWizard
    from .ui_text import ui

    flow = chosen_flow(args.flow)
    lang = language(flow, args.lang)
    try:
        PlainWizard(flow, lang, stdin_lines(), sys.stdout, echo=not sys.stdin.isatty()).run()
    except InputEnded:
        print(file=sys.stdout)
        print(ui("plain_eof", lang), file=sys.stderr)
        return 1
    return 0


def kiosk_config(args: argparse.Namespace) -> KioskConfig:
    from .kiosk.config import load_config

    flags = {
        name: (getattr(args, name), f"--{name.replace('_', '-')}")
        for name in ("idle_timeout", "idle_warning", "lang")
        if getattr(args, name, None) is not None
    }
    if getattr(args, "theme", "default") != "default":
        flags["theme"] = (args.theme, "--theme")
    return load_config(args.kiosk_config, os.environ, flags)


def cmd_kiosk(args: argparse.Namespace) -> int:
    """Run the kiosk until the staff exit, SIGTERM or SIGHUP; an app that stops any other way is started again.

    The terminal stays raw and ctrl+c, ctrl+\\ and ctrl+z stay keys for the whole process, restarts
    included (see wizard.kiosk.terminal). In a browser tab the process ends with the tab instead.
    """
    import time

    from .kiosk.incident import record
    from .kiosk.terminal import Hangup, KioskTerminal, Watchdog
    from .tui.kiosk import KioskApp
    from .tui.signals import ended_by_hangup

    os.environ["WIZARD_CACHE"] = "0"  # a kiosk writes nothing to disk, not even the parsed-flow cache
    config = kiosk_config(args)
    flow = chosen_flow(args.flow)
    language(flow, config.lang)
    running: list[KioskApp] = []
    try:
        with KioskTerminal(config.log_file) as terminal:
            beat = lambda: running[-1].heartbeat if running else time.monotonic()  # noqa: E731
            watchdog = Watchdog(beat, config.log_file, terminal.saved).start()
            while True:
                app = KioskApp(flow, config)
                running[:] = [app]
                try:
                    app.run()
                except Exception as error:  # whatever escapes Textual itself: log it, wait a moment, start again
                    record(error, config.log_file)
                    terminal.between_runs()
                    time.sleep(1)
                    continue
                terminal.between_runs()
                if app.staff_exited or app.served or ended_by_hangup(app):
                    watchdog.stop()
                    return 0
                if app.problems:
                    raise WizardError(app.problems)
    except Hangup:
        return 0


def cmd_kiosk_pin(args: argparse.Namespace) -> int:
    import getpass

    from .kiosk.pin import hash_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("New staff PIN: ")
        if getpass.getpass("The same PIN again: ") != pin:
            raise WizardError([Problem("the two PINs differ; nothing was made")])
    else:
        pin = next(stdin_lines(), "").rstrip("\r\n")
    try:
        stored = hash_pin(pin)
    except ValueError as exc:
        raise WizardError([Problem(str(exc))]) from None
    print(f'staff_pin_hash: "{stored}"')
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if args.kiosk:
        kiosk_config(args)  # a bad setting is reported here, not in every browser that connects
    flow = chosen_flow(args.flow)
    lang = language(flow, args.lang)
    return serve(args, title=flow.text(flow.model.flow.title, lang))


def cmd_tui(args: argparse.Namespace) -> int:
    from .flow.builtin import BUILTIN_FLOW
    from .tui.app import DEFAULT_THEME, WizardApp
    from .ui_text import languages

    if args.lang is not None and args.lang not in languages():
        raise WizardError([Problem(f'language "{args.lang}" is not available; available: {", ".join(languages())}')])
    lang = args.lang or from_environment(languages())
    # The built-in flow loads inside the app after the first frame is drawn; a flow named on the command
    # line is checked first, so its problems are printed before any screen appears.
    flow = BUILTIN_FLOW if args.flow is None else chosen_flow(args.flow)
    app = WizardApp(flow, lang, theme=DEFAULT_THEME if args.theme == "default" else args.theme)
    app.run()
    if app.problems:
        raise WizardError(app.problems)
    return app.return_code or 0
