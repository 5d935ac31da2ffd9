"""The command line's arguments: every command, option and check of an option's value.

Kept apart from `wizard.cli` (which dispatches) so each stays small; a bad value is refused
here with one line, before any command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import math
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line (the hint to --help on the same line) and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _flow_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--flow",
        type=Path,
        default=None,
        metavar="FLOW",
        help="flow YAML file (default: the built-in knee and ankle flow)",
    )


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default=None, metavar="LANG", help="language code, for example en")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of seconds') from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text}: use a number of seconds from 0 to 3600")
    return value


def _port(text: str) -> int:
    if not (text.isdecimal() and len(text) <= 5 and 1 <= int(text) <= 65535):
        raise argparse.ArgumentTypeError(f'"{text}" is not a port: use a number from 1 to 65535')
    return int(text)


def _sessions(text: str) -> int:
    if not (text.isdecimal() and len(text) <= 4 and 1 <= int(text) <= 1000):
        raise argparse.ArgumentTypeError(f'"{text}": use a number of sessions from 1 to 1000')
    return int(text)


def _host(text: str) -> str:
    """An IP address or a host name (letters, digits, dots, hyphens), as a browser would put it in Host."""
    import ipaddress
    import re

    label = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    name = text.strip("[]")
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(name))
    if len(name) > 253 or not re.fullmatch(rf"{label}(\.{label})*", name):
        raise argparse.ArgumentTypeError(f'"{text}" is not an IP address or a host name')
    return name.lower()


def _budget_seconds(text: str) -> float:
    """explore's --timeout: NaN would switch the budget off (every comparison with it is false)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of seconds') from None
    if not (math.isfinite(value) and 0 < value <= 86_400):
        raise argparse.ArgumentTypeError(f"{text}: use a number of seconds above 0 and at most 86400")
    return value


def _positive_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number') from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: use a whole number of 1 or more")
    return value


def _kiosk_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kiosk", action="store_true", help="waiting-room mode: never exits on a visitor's key, resets when abandoned"
    )
    parser.add_argument(
        "--kiosk-config",
        type=Path,
        default=None,
        metavar="KIOSK.yaml",
        help="kiosk settings file (also WIZARD_KIOSK_CONFIG)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="kiosk: seconds without input before the warning (default 90)",
    )
    parser.add_argument(
        "--idle-warning",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="kiosk: seconds the warning counts down before the reset (default 20)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wizard",
        description="Knee and ankle pain self-assessment (education, not diagnosis). "
        "Without a command, starts the full-screen wizard.",
    )
    _flow_option(parser)
    _lang_option(parser)
    parser.add_argument(
        "--theme",
        choices=("default", "high-contrast"),
        default="default",
        help="colour theme of the full-screen wizard",
    )
    parser.add_argument(
        "--accessible",
        action="store_true",
        help="plain numbered prompts for screen readers and scripts (also when ACCESSIBLE=1)",
    )
    _kiosk_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="assess the answers in an answers file, without a screen")
    run.add_argument("answers", type=Path, metavar="ANSWERS.yaml")
    _flow_option(run)
    _lang_option(run)
    run.add_argument("--format", choices=("text", "json", "markdown", "html"), default="text")

    replay = sub.add_parser("replay", help="answer through the real screens, headless, and save the results as SVG")
    replay.add_argument("answers", type=Path, metavar="ANSWERS.yaml")
    _flow_option(replay)
    _lang_option(replay)
    replay.add_argument("--size", default="80x24", metavar="WxH", help="terminal size (default 80x24)")
    replay.add_argument(
        "--screenshot", type=Path, default=None, metavar="PATH.svg", help="where to save the results screen"
    )

    check = sub.add_parser("check", help="load and validate flow files")
    check.add_argument(
        "flows",
        type=Path,
        nargs="*",
        metavar="FLOW",
        help="default: flows/knee_ankle.yaml in the current folder (a clone being edited) when it exists, "
        "else the wizard's own built-in flow; a line on standard error says which",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--show-silenced",
        action="store_true",
        help="also list the findings silenced with lint: ignore: (JSON always lists them)",
    )

    graph = sub.add_parser(
        "graph",
        help="print the order questions can be asked in, with their texts, each show_if on the edges into its "
        "question and a dashed edge around each question that can be skipped",
    )
    graph.add_argument("flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    _lang_option(graph)

    schema = sub.add_parser("schema", help="print the JSON Schema of the flow format (for editors) or of the results")
    schema.add_argument(
        "of", nargs="?", choices=("flow", "results"), default="flow", help="flow files (default) or result JSON"
    )

    explain = sub.add_parser(
        "explain", help="the whole flow in plain words (Markdown or printable HTML), for clinical sign-off"
    )
    explain.add_argument("flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow")
    _lang_option(explain)
    explain.add_argument("--format", choices=("markdown", "html"), default="markdown")

    sub.add_parser("kiosk-pin", help="make the salted hash of a staff PIN for the kiosk config")

    serve = sub.add_parser("serve", help="serve the wizard to web browsers (each browser gets its own process)")
    serve.add_argument("--host", type=_host, default="127.0.0.1", help="address to listen on (default: this machine)")
    serve.add_argument("--port", type=_port, default=8000, help="port, 1 to 65535 (default 8000)")
    serve.add_argument(
        "--max-sessions",
        type=_sessions,
        default=None,
        metavar="N",
        help="browser tabs served at once; more get a busy page (default: sized to this machine)",
    )
    serve.add_argument(
        "--allow-host",
        type=_host,
        action="append",
        default=None,
        metavar="NAME",
        help="a host name browsers may use to reach the server (repeatable; this machine's names always work)",
    )
    _flow_option(serve)
    _lang_option(serve)
    _kiosk_options(serve)

    explore = sub.add_parser("explore", help="every distinct path through a flow: coverage and safety invariants")
    explore.add_argument("flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow")
    explore.add_argument("--format", choices=("text", "json"), default="text")
    explore.add_argument(
        "--max-states",
        type=_positive_count,
        default=200_000,
        metavar="N",
        help="stop after N merged states (default 200000)",
    )
    explore.add_argument(
        "--timeout",
        type=_budget_seconds,
        default=60.0,
        metavar="SECONDS",
        help="stop after this many seconds (default 60)",
    )

    test = sub.add_parser("test", help="run scenario files and compare with their expectations")
    test.add_argument(
        "scenarios",
        type=Path,
        nargs="*",
        metavar="SCENARIO",
        help="files or folders (default: flows/scenarios/ in the current folder when it exists, else the "
        "wizard's own scenarios of the built-in flow; a line on standard error says which)",
    )
    test.add_argument(
        "--flow",
        type=Path,
        default=None,
        metavar="FLOW",
        help="flow YAML file (default: flows/knee_ankle.yaml in the current folder when it exists, else the "
        "wizard's own built-in flow; a line on standard error says which)",
    )
    _fhir_parser(sub)
    return parser


def _fhir_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    fhir = sub.add_parser("fhir", help="HL7 FHIR: the flow as a Questionnaire, answers as a QuestionnaireResponse")
    what = fhir.add_subparsers(dest="fhir_command", metavar="WHAT", parser_class=_Parser, required=True)
    questionnaire = what.add_parser("questionnaire", help="print the flow as a FHIR Questionnaire (JSON)")
    questionnaire.add_argument(
        "flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow"
    )
    response = what.add_parser(
        "response", help="print the answers in a file as a FHIR QuestionnaireResponse (JSON, valid in R4 and R5)"
    )
    response.add_argument("answers", type=Path, metavar="ANSWERS.yaml")
    _flow_option(response)
    for command in (questionnaire, response):
        _lang_option(command)
        command.add_argument(
            "--base-url", default=None, metavar="URL", help="canonical base of the questionnaire and its code systems"
        )
    questionnaire.add_argument("--version", choices=("R4", "R5"), default="R4", help="FHIR release (default R4)")
    questionnaire.add_argument("--status", choices=("draft", "active", "retired"), default="draft")
    questionnaire.add_argument("--publisher", default=None, help="the publisher named in the questionnaire")
