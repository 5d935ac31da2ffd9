"""Command-line dispatch only (the arguments are in `wizard.arguments`); the work happens in the engine and tools.

Imports stay inside the command functions so that `wizard run` never loads
anything it does not need (and never Textual).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .arguments import build_parser
from .errors import Problem, WizardError
from .textsafe import OutputFailed, guard, input_lines, json_safe, safe, silence

if TYPE_CHECKING:
    from .engine.answerfile import AnswersFile
    from .flow.loaded import LoadedFlow
    from .kiosk.config import KioskConfig


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


def _file_language(flow: LoadedFlow, lang: str | None, doc: AnswersFile) -> str:
    """--lang, else the answers file's own `lang:` (reported at its line when the flow lacks it)."""
    languages = flow.model.flow.languages
    if lang is None and doc.lang is not None and doc.lang not in languages:
        message = f'language "{doc.lang}" is not in this flow; available: {", ".join(languages)}'
        raise WizardError([doc.located.problem(("lang",), message, rule="answers/shape")])
    return _language(flow, lang or doc.lang)


def cmd_run(args: argparse.Namespace) -> int:
    from .engine.answerfile import replay
    from .engine.assessment import assess
    from .fhir.answers import read_answers_or_response
    from .results.formats import render
    from .results.view import build_view

    flow = _load(args.flow)
    doc = read_answers_or_response(args.answers, flow)
    lang = _file_language(flow, args.lang, doc)
    session = replay(doc, flow, lang)
    print(render(build_view(session, assess(session)), args.format), end="")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    import asyncio

    from .engine.answerfile import replay
    from .fhir.answers import read_answers_or_response
    from .tui.replay import ReplayError, parse_size, replay_screens

    flow = _load(args.flow)
    doc = read_answers_or_response(args.answers, flow)
    lang = _file_language(flow, args.lang, doc)
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

    flow = _load(args.flow)
    lang = _language(flow, args.lang)
    print(to_mermaid(flow, lang) if args.format == "mermaid" else to_dot(flow, lang), end="")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .tools.explain import Explainer

    flow = _load(args.flow)
    explainer = Explainer(flow, _language(flow, args.lang))
    print(explainer.html() if args.format == "html" else explainer.report(), end="")
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

        flow = _load(args.flow)
        lang = _language(flow, args.lang)
        resource = questionnaire(
            flow, lang, version=args.version, base=base, status=args.status, publisher=args.publisher or PUBLISHER
        )
    else:
        from .engine.answerfile import replay
        from .fhir.answers import read_answers_or_response
        from .fhir.response import questionnaire_response
        from .tools.scenarios import parse_expect

        flow = _load(args.flow)
        doc = read_answers_or_response(args.answers, flow)
        session = replay(doc, flow, _language(flow, args.lang or doc.lang))
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


def cmd_plain(args: argparse.Namespace) -> int:
    from .plain import InputEnded, PlainWizard
    from .ui_text import ui

    flow = _load(args.flow)
    lang = _language(flow, args.lang)
    try:
        PlainWizard(flow, lang, _stdin_lines(), sys.stdout, echo=not sys.stdin.isatty()).run()
    except InputEnded:
        print(file=sys.stdout)
        print(ui("plain_eof", lang), file=sys.stderr)
        return 1
    return 0


def _kiosk_config(args: argparse.Namespace) -> KioskConfig:
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
    config = _kiosk_config(args)
    flow = _load(args.flow)
    _language(flow, config.lang)
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
        pin = next(_stdin_lines(), "").rstrip("\r\n")
    try:
        stored = hash_pin(pin)
    except ValueError as exc:
        raise WizardError([Problem(str(exc))]) from None
    print(f'staff_pin_hash: "{stored}"')
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if args.kiosk:
        _kiosk_config(args)  # a bad setting is reported here, not in every browser that connects
    flow = _load(args.flow)
    lang = _language(flow, args.lang)
    return serve(args, title=flow.text(flow.model.flow.title, lang))


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


def _stdin_lines() -> Iterator[str]:
    """Standard input line by line; bytes that are not text in its encoding are said once, never raised."""
    if sys.stdin is None:
        return iter(())
    return input_lines(
        sys.stdin.buffer, sys.stdin.encoding or "utf-8", lambda text: print(f"wizard: {text}", file=sys.stderr)
    )


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
