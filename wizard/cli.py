"""Command-line parsing and dispatch only; the work happens in the engine and tools.

Imports stay inside the command functions so that `wizard run` never loads
anything it does not need (and never Textual).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, WizardError

if TYPE_CHECKING:
    from .flow.loader import LoadedFlow


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def _flow_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flow", type=Path, default=None, metavar="FLOW",
                        help="flow YAML file (default: the built-in knee and ankle flow)")


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default=None, metavar="LANG", help="language code, for example en")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wizard", description="Knee and ankle pain self-assessment (education, not diagnosis). "
                     "Without a command, starts the full-screen wizard.")
    _flow_option(parser)
    _lang_option(parser)
    parser.add_argument("--theme", choices=("default", "high-contrast"), default="default",
                        help="colour theme of the full-screen wizard")
    parser.add_argument("--accessible", action="store_true",
                        help="plain numbered prompts for screen readers and scripts (also when ACCESSIBLE=1)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="assess the answers in an answers file, without a screen")
    run.add_argument("answers", type=Path, metavar="ANSWERS.yaml")
    _flow_option(run)
    _lang_option(run)
    run.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    replay = sub.add_parser("replay", help="answer through the real screens, headless, and save the results as SVG")
    replay.add_argument("answers", type=Path, metavar="ANSWERS.yaml")
    _flow_option(replay)
    _lang_option(replay)
    replay.add_argument("--size", default="80x24", metavar="WxH", help="terminal size (default 80x24)")
    replay.add_argument("--screenshot", type=Path, default=None, metavar="PATH.svg",
                        help="where to save the results screen")

    check = sub.add_parser("check", help="load and validate flow files")
    check.add_argument("flows", type=Path, nargs="*", metavar="FLOW", help="default: the built-in flow")

    graph = sub.add_parser("graph", help="print the question graph with the conditions on its edges")
    graph.add_argument("flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")

    sub.add_parser("schema", help="print the JSON Schema of the flow format (for editors)")

    explain = sub.add_parser("explain", help="the whole flow in plain words (Markdown), for clinical sign-off")
    explain.add_argument("flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow")
    _lang_option(explain)

    explore = sub.add_parser("explore", help="every distinct path through a flow: coverage and safety invariants")
    explore.add_argument("flow", type=Path, nargs="?", default=None, metavar="FLOW", help="default: the built-in flow")
    explore.add_argument("--format", choices=("text", "json"), default="text")
    explore.add_argument("--max-states", type=int, default=200_000, metavar="N",
                         help="stop after N merged states (default 200000)")
    explore.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                         help="stop after this many seconds (default 60)")

    test = sub.add_parser("test", help="run scenario files and compare with their expectations")
    test.add_argument("scenarios", type=Path, nargs="*", metavar="SCENARIO",
                      help="files or folders (default: the built-in flow's scenarios)")
    _flow_option(test)
    return parser


def _load(flow_path: Path | None) -> LoadedFlow:
    from .flow.builtin import BUILTIN_FLOW
    from .flow.loader import load_flow

    return load_flow(flow_path or BUILTIN_FLOW)


def _from_environment(available: Sequence[str]) -> str | None:
    """The first of LC_ALL, LC_MESSAGES, LANG that names an available language (es_ES.UTF-8 -> es)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code in available:
            return code
        if value and code not in ("c", "posix"):
            return None  # set to a language we do not have: the default, not a lower-priority variable
    return None


def _language(flow: LoadedFlow, lang: str | None) -> str:
    languages = flow.model.flow.languages
    if lang is None:
        return _from_environment(languages) or str(languages[0])
    if lang not in languages:
        raise WizardError([Problem(f'language "{lang}" is not in this flow; available: {", ".join(languages)}')])
    return lang


def cmd_run(args: argparse.Namespace) -> int:
    from .engine.answerfile import read_answers, replay
    from .engine.assessment import assess
    from .report import outcome, to_json, to_text

    flow = _load(args.flow)
    doc = read_answers(args.answers)
    lang = _language(flow, args.lang or doc.lang)
    session = replay(doc, flow, lang)
    data = outcome(session, assess(session))
    if args.format == "json":
        print(to_json(data))
    else:
        print(to_text(data, markdown=args.format == "markdown"), end="")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    import asyncio

    from .engine.answerfile import read_answers, replay
    from .tui.replay import ReplayError, parse_size, replay_screens

    flow = _load(args.flow)
    doc = read_answers(args.answers)
    lang = _language(flow, args.lang or doc.lang)
    size = parse_size(args.size)
    replay(doc, flow, lang)  # a wrong file gets its located messages before any screen starts
    try:
        shown = asyncio.run(replay_screens(flow, lang, doc.answers, size, args.screenshot))
    except ReplayError as exc:
        raise WizardError([Problem(str(exc), str(args.answers))]) from None
    print(f"triage: {shown.triage} ({shown.triage_label})")
    print(f"top cause: {shown.top_cause or '-'}")
    if args.screenshot is not None:
        print(f"screenshot: {args.screenshot}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .flow.builtin import BUILTIN_FLOW
    from .flow.loader import load_flow

    failed = False
    for path in args.flows or [BUILTIN_FLOW]:
        try:
            flow = load_flow(path)
        except WizardError as exc:
            failed = True
            for problem in exc.problems:
                print(problem.format())
        else:
            for warning in flow.warnings:
                print(warning.format())
            print(f"{path}: ok: flow {flow.id} {flow.model.flow.version}, {len(flow.questions)} questions, "
                  f"{len(flow.red_flags)} red flags, {len(flow.warnings)} warnings")
    return 1 if failed else 0


def cmd_graph(args: argparse.Namespace) -> int:
    from .tools.graph import to_dot, to_mermaid

    flow = _load(args.flow)
    print(to_mermaid(flow) if args.format == "mermaid" else to_dot(flow), end="")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .tools.explain import Explainer

    flow = _load(args.flow)
    print(Explainer(flow, _language(flow, args.lang)).report(), end="")
    return 0


EXPLORE_INCOMPLETE = 3
"""Exit status when the budget ran out before every path was explored (1 means an invariant fails)."""


def cmd_explore(args: argparse.Namespace) -> int:
    from .tools.explore import explore

    flow = _load(args.flow)
    result = explore(flow, max_states=args.max_states, timeout=args.timeout)
    print(result.to_json() if args.format == "json" else result.to_text(), end="\n" if args.format == "json" else "")
    if result.failed:
        return 1
    return 0 if result.complete else EXPLORE_INCOMPLETE


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .flow.model import Flow

    schema = Flow.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Knee and ankle wizard flow"
    print(json.dumps(schema, indent=2))
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from .tools.scenarios import run_scenarios

    return run_scenarios(args.scenarios, args.flow, sys.stdout)


def cmd_plain(args: argparse.Namespace) -> int:
    from .plain import InputEnded, PlainWizard
    from .ui_text import ui

    flow = _load(args.flow)
    lang = _language(flow, args.lang)
    try:
        PlainWizard(flow, lang, iter(sys.stdin), sys.stdout).run()
    except InputEnded:
        print(file=sys.stdout)
        print(ui("plain_eof", lang), file=sys.stderr)
        return 1
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from .flow.builtin import BUILTIN_FLOW
    from .tui.app import DEFAULT_THEME, WizardApp
    from .ui_text import languages

    if args.lang is not None and args.lang not in languages():
        raise WizardError([Problem(f'language "{args.lang}" is not available; available: {", ".join(languages())}')])
    lang = args.lang or _from_environment(languages())
    # The built-in flow loads inside the app after the first frame is drawn; a flow named on the command
    # line is checked first, so its problems are printed before any screen appears.
    flow = BUILTIN_FLOW if args.flow is None else _load(args.flow)
    app = WizardApp(flow, lang, theme=DEFAULT_THEME if args.theme == "default" else args.theme)
    app.run()
    if app.problems:
        raise WizardError(app.problems)
    return app.return_code or 0


COMMANDS = {"run": cmd_run, "replay": cmd_replay, "check": cmd_check, "test": cmd_test, "graph": cmd_graph,
            "schema": cmd_schema, "explain": cmd_explain, "explore": cmd_explore}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            accessible = args.accessible or os.environ.get("ACCESSIBLE", "") not in ("", "0")
            return cmd_plain(args) if accessible else cmd_tui(args)
        return COMMANDS[args.command](args)
    except WizardError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (for example `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
