"""Command-line dispatch only (the arguments are in `wizard.arguments`); the work happens in the engine and tools.

Imports stay inside the command functions so that `wizard run` never loads
anything it does not need (and never Textual).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .arguments import build_parser
from .errors import Problem, WizardError
from .faces import cmd_kiosk, cmd_kiosk_pin, cmd_plain, cmd_serve, cmd_tui
from .launch import chosen_flow, file_language, language
from .textsafe import OutputFailed, guard, json_safe, safe, silence


def cmd_run(args: argparse.Namespace) -> int:
    from .engine.answerfile import replay
    from .engine.assessment import assess
    from .fhir.answers import read_answers_or_response
    from .results.formats import render
    from .results.view import build_view

    flow = chosen_flow(args.flow)
    doc = read_answers_or_response(args.answers, flow)
    lang = file_language(flow, args.lang, doc)
    session = replay(doc, flow, lang)
    print(render(build_view(session, assess(session)), args.format), end="")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    import asyncio

    from .engine.answerfile import replay
    from .fhir.answers import read_answers_or_response
    from .tui.replay import ReplayError, parse_size, replay_screens

    flow = chosen_flow(args.flow)
    doc = read_answers_or_response(args.answers, flow)
    lang = file_language(flow, args.lang, doc)
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
    from .flow.builtin import default_flow
    from .tools.lint import lint_file, to_json, to_text

    flows = args.flows
    if not flows:
        default = default_flow()
        print(f"wizard check: no FLOW named, so checking {default.describe()}", file=sys.stderr)
        flows = [default.path]
    reports = [lint_file(path) for path in flows]
    print(to_json(reports) if args.format == "json" else to_text(reports, show_silenced=args.show_silenced), end="")
    return 0 if all(report.ok for report in reports) else 1


def cmd_graph(args: argparse.Namespace) -> int:
    from .tools.graph import to_dot, to_mermaid

    flow = chosen_flow(args.flow)
    lang = language(flow, args.lang)
    print(to_mermaid(flow, lang) if args.format == "mermaid" else to_dot(flow, lang), end="")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .tools.explain import Explainer

    flow = chosen_flow(args.flow)
    explainer = Explainer(flow, language(flow, args.lang))
    print(explainer.html() if args.format == "html" else explainer.report(), end="")
    return 0


EXPLORE_INCOMPLETE = 3
"""Exit status when the budget ran out before every path was explored (1 means an invariant fails)."""


def cmd_explore(args: argparse.Namespace) -> int:
    from .tools.explore import explore

    flow = chosen_flow(args.flow)
    result = explore(flow, max_states=args.max_states, timeout=args.timeout)
    print(result.to_json() if args.format == "json" else result.to_text(), end="\n" if args.format == "json" else "")
    if result.failed:
        return 1
    return 0 if result.complete else EXPLORE_INCOMPLETE


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .flow.model import Flow

    if args.of == "results":
        from .results.view import ResultView

        schema = ResultView.model_json_schema()
        schema["title"] = "Wizard result (wizard run --format json)"
    else:
        schema = Flow.model_json_schema()
        schema["title"] = "Wizard flow"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(schema, indent=2))
    return 0


def cmd_fhir(args: argparse.Namespace) -> int:
    import json

    from .fhir import codes

    base = args.base_url or codes.DEFAULT_BASE
    if args.fhir_command == "questionnaire":
        from .fhir.questionnaire import PUBLISHER, questionnaire

        flow = chosen_flow(args.flow)
        lang = language(flow, args.lang)
        resource = questionnaire(
            flow, lang, version=args.version, base=base, status=args.status, publisher=args.publisher or PUBLISHER
        )
    else:
        from .engine.answerfile import replay
        from .fhir.answers import read_answers_or_response
        from .fhir.response import questionnaire_response
        from .tools.scenarios import parse_expect

        flow = chosen_flow(args.flow)
        doc = read_answers_or_response(args.answers, flow)
        session = replay(doc, flow, language(flow, args.lang or doc.lang))
        scenario = None
        if doc.expect is not None:
            scenario = {"title": doc.title, "expect": parse_expect(doc, flow).model_dump(exclude_defaults=True)}
        resource = questionnaire_response(session, base=base, scenario=scenario)
    print(json.dumps(resource, indent=2, ensure_ascii=False))
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from .flow.builtin import default_flow, default_scenarios
    from .tools.scenarios import run_scenarios

    scenarios, flow = args.scenarios, args.flow
    if not scenarios:
        default = default_scenarios()
        print(f"wizard test: no SCENARIO named, so running {default.describe()}", file=sys.stderr)
        scenarios = [default.path]
    if flow is None:
        default = default_flow()
        print(f"wizard test: no --flow named, so using {default.describe()}", file=sys.stderr)
        flow = default.path
    return run_scenarios(scenarios, flow, sys.stdout)


COMMANDS = {
    "run": cmd_run,
    "replay": cmd_replay,
    "check": cmd_check,
    "test": cmd_test,
    "graph": cmd_graph,
    "schema": cmd_schema,
    "explain": cmd_explain,
    "explore": cmd_explore,
    "kiosk-pin": cmd_kiosk_pin,
    "serve": cmd_serve,
    "fhir": cmd_fhir,
}


def _prints(args: argparse.Namespace) -> bool:
    """Whether the command prints (the rest hand the terminal to Textual, or serve browsers)."""
    if args.command is None:
        return not args.kiosk and (args.accessible or os.environ.get("ACCESSIBLE", "") not in ("", "0"))
    return bool(args.command != "serve")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever it prints passes through textsafe first, and the streams are restored after."""
    saved = sys.stdout, sys.stderr
    if sys.stderr is not None:
        sys.stderr = guard(sys.stderr, safe)
    try:
        return _main(argv)
    except OutputFailed:  # standard error itself cannot be written: nothing more can be said
        return 1
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if _prints(args):
        if sys.stdout is None:  # started with standard output closed: nothing could be reported
            print("wizard: error: standard output is closed; nothing was done", file=sys.stderr)
            return 1
        json_out = getattr(args, "format", None) == "json" or args.command == "schema"
        sys.stdout = guard(sys.stdout, json_safe if json_out else safe)
    try:
        code = _dispatch(parser, args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk is reported here, not as an error at exit
        return code
    except OutputFailed as exc:
        silence(sys.stdout)
        print(f"wizard: error: cannot write the output: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (for example `| head`): stop quietly
        silence(sys.stdout)
        return 1


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    kiosk_flags = [
        f"--{name.replace('_', '-')}"
        for name in ("idle_timeout", "idle_warning", "kiosk_config")
        if getattr(args, name, None) is not None
    ]
    if kiosk_flags and not args.kiosk:
        parser.error(f"{', '.join(kiosk_flags)} only apply with --kiosk")
    try:
        if args.command is None:
            accessible = args.accessible or os.environ.get("ACCESSIBLE", "") not in ("", "0")
            if args.kiosk:
                return cmd_kiosk(args)
            return cmd_plain(args) if accessible else cmd_tui(args)
        return COMMANDS[args.command](args)
    except WizardError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
