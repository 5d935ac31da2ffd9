"""The exported Questionnaire in NLM's LHC-Forms, in headless Chromium: the same branching as the engine.

For one scenario of each triage level, the test answers question after question in the
rendered form (clicking radio buttons and check boxes, typing numbers) and, after every
answer, compares the questions the form shows with those the engine shows for the same
answers. At the end the form's own QuestionnaireResponse goes through `wizard run`, which
must reach the scenario's triage. LHC-Forms comes from the npm registry (`npm pack`, into a
cache folder) and is served from a temporary folder on loopback; the page makes no other
request, which the test checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from wizard.cli import main
from wizard.engine.answerfile import read_answers
from wizard.engine.session import Session
from wizard.fhir import codes
from wizard.fhir.questionnaire import questionnaire
from wizard.flow.builtin import BUILTIN_FLOW, SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow
from wizard.flow.questions import Number, Scale
from wizard.tools.scenarios import scenario_files

from .test_browser import CHROMIUM, FLAGS, Page, free_port

LFORMS_VERSION = "40.1.3"
NPM = shutil.which("npm")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)"),
    pytest.mark.skipif(
        NPM is None, reason="npm is not installed, so LHC-Forms cannot be fetched (.ci/run installs it)"
    ),
]
CACHE = Path(os.environ.get("WIZARD_LFORMS_CACHE", Path.home() / ".cache" / "knee-ankle-wizard")) / (
    f"lforms-{LFORMS_VERSION}"
)

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="lforms/webcomponent/styles.css">
<script src="lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="lforms/webcomponent/runtime.js" type="module"></script>
<script src="lforms/webcomponent/polyfills.js" type="module"></script>
<script src="lforms/webcomponent/main.js" type="module"></script>
<script src="lforms/fhir/R4/lformsFHIR.min.js" defer></script>
</head><body><div id="form"></div>
<script>
window.addEventListener("load", async () => {
  try {
    const questionnaire = await (await fetch("questionnaire.json")).json();
    await LForms.Util.addFormToPage(questionnaire, "form", {});
    window.formReady = true;
  } catch (error) {
    window.formError = String(error);
  }
});
</script></body></html>
"""


def lforms() -> Path:
    """LHC-Forms' built files (`dist/lforms` of the npm package), fetched once into the cache."""
    if (CACHE / "webcomponent" / "main.js").is_file():
        return CACHE
    assert NPM is not None
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            [NPM, "pack", f"lforms@{LFORMS_VERSION}", "--pack-destination", scratch, "--silent"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert packed.returncode == 0, f"npm pack lforms failed: {packed.stderr.strip()}"
        partial = CACHE.with_name(CACHE.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        with tarfile.open(Path(scratch) / packed.stdout.strip().splitlines()[-1]) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/dist/lforms/")
                if member.isfile() and name != member.name and ".." not in name and not name.endswith(".map"):
                    target = partial / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source = archive.extractfile(member)
                    assert source is not None
                    target.write_bytes(source.read())
        shutil.rmtree(CACHE, ignore_errors=True)
        partial.rename(CACHE)
    return CACHE


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(root: Path) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


FLOW = load_flow(BUILTIN_FLOW)


def one_path_per_level(flow: LoadedFlow) -> list[Path]:
    """The first shipped scenario of each triage level."""
    chosen: dict[str, Path] = {}
    for path in scenario_files([SCENARIOS_DIR]):
        level = (read_answers(path).expect or {}).get("triage")
        if isinstance(level, str):
            chosen.setdefault(level, path)
    assert set(chosen) == {t.id for t in flow.model.triage}, "a triage level has no scenario"
    return [chosen[t.id] for t in flow.model.triage]


PATHS = one_path_per_level(FLOW)

SHOWN = """Array.from(document.querySelectorAll("lhc-item"))
  .map(e => e.id.replace(/^item-/, "").replace(/(\\/\\d+)+$/, ""))"""


class Form:
    """The rendered form, driven as a person would: clicks and typing."""

    def __init__(self, page: Page) -> None:
        self.page = page

    async def shown(self) -> list[str]:
        ids: list[str] = await self.page.evaluate(SHOWN)
        return [i for i in ids if i in FLOW.order]

    async def element(self, link: str, suffix: str = "") -> str:
        """A JavaScript expression for an element inside the question's item."""
        inner = f"[id$={json.dumps(suffix)}]" if suffix else "input"
        return f"document.querySelector('lhc-item[id^=\"item-{link}/\"] {inner}')"

    async def click(self, link: str, system: str, code: str) -> None:
        found = await self.element(link, f"|{system}|{code}")
        done = await self.page.evaluate(
            f"(() => {{ const e = {found}; if (!e) return false; "
            f"(e.querySelector('input') || e).click(); return true; }})()"
        )
        assert done, f"{link}: no option {code} on the form"

    async def type(self, link: str, text: str) -> None:
        found = await self.element(link)
        assert await self.page.evaluate(
            f"(() => {{ const e = {found}; if (!e) return false; e.focus(); return true; }})()"
        )
        await self.page.call("Input.insertText", text=text)
        await self.page.evaluate(f"{found}.blur()")

    async def answer(self, link: str, value: Any) -> None:
        question = FLOW.question(link)
        if isinstance(question, (Scale, Number)):
            await self.type(link, f"{value:g}" if isinstance(value, float) else str(value))
            return
        for option in value if isinstance(value, list) else [value]:
            system, code = codes.coding(codes.DEFAULT_BASE, FLOW.id, question, option)
            await self.click(link, system, code)


async def settle(form: Form, expected: list[str], timeout: float = 5) -> list[str]:
    """What the form shows once it has caught up (or after `timeout`)."""
    deadline = time.monotonic() + timeout
    shown = await form.shown()
    while shown != expected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        shown = await form.shown()
    return shown


async def open_form(page: Page, url: str) -> Form:
    await page.call("Page.navigate", url=url)
    for _ in range(300):
        if await page.evaluate("!!window.formReady || !!window.formError"):
            break
        await asyncio.sleep(0.1)
    error = await page.evaluate("window.formError || ''")
    assert await page.evaluate("!!window.formReady"), f"LHC-Forms did not render the questionnaire: {error}"
    return Form(page)


async def walk_path(page: Page, url: str, path: Path) -> tuple[str | None, dict[str, Any]]:
    """Answer the scenario in the form: the first mismatch (None if there is none) and the form's response."""
    form = await open_form(page, url)
    answers = read_answers(path).answers
    session = Session(FLOW)

    async def mismatch(after: str, timeout: float = 3) -> str | None:
        expected = [q.id for q in session.visible_questions()]
        shown = await settle(form, expected, timeout)
        if shown == expected:
            return None
        extra, missing = sorted(set(shown) - set(expected)), sorted(set(expected) - set(shown))
        return f"{path.name}, after {after}: the form also shows {extra} and lacks {missing}"

    problem = await mismatch("no answer")
    for question in FLOW.questions:
        if problem is not None:
            break
        if question.id in answers and session.is_visible(question.id):
            await form.answer(question.id, answers[question.id])
            session.set_answer(question.id, answers[question.id])
            problem = await mismatch(question.id)
    if problem is None:
        await asyncio.sleep(0.5)  # nothing changes later on its own
        problem = await mismatch("a pause", timeout=0)
    response: dict[str, Any] = await page.evaluate(
        "LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'))"
    )
    return problem, response


async def drive(root: Path, port: int, profile: Path) -> tuple[list[str], list[dict[str, Any]], list[str]]:
    debug = free_port()
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={debug}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as http_client:
            pages: list[dict[str, Any]] = []
            for _ in range(150):
                with contextlib.suppress(aiohttp.ClientError):
                    targets = await (await http_client.get(f"http://127.0.0.1:{debug}/json/list")).json()
                    pages = [t for t in targets if t["type"] == "page"]
                if pages:
                    break
                await asyncio.sleep(0.2)
            assert pages, "Chromium opened no page"
            async with http_client.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                url = f"http://127.0.0.1:{port}/index.html"
                problems: list[str] = []
                responses = []
                for path in PATHS:
                    problem, response = await walk_path(page, url, path)
                    problems += [problem] if problem else []
                    responses.append(response)
                requested: list[str] = await page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
                return problems, responses, requested
    finally:
        browser.kill()
        browser.wait(timeout=10)


def test_lhc_forms_shows_what_the_engine_shows(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "lforms").symlink_to(lforms(), target_is_directory=True)
    (root / "index.html").write_text(PAGE)
    (root / "questionnaire.json").write_text(json.dumps(questionnaire(FLOW)))
    with served(root) as port:
        problems, responses, requested = asyncio.run(drive(root, port, tmp_path / "profile"))
    assert not problems, "\n".join(problems)
    assert requested and all(u.startswith(f"http://127.0.0.1:{port}/") for u in requested), requested
    for path, response in zip(PATHS, responses, strict=True):
        saved = tmp_path / f"{path.stem}.lforms.json"
        saved.write_text(json.dumps(response, indent=2))
        expected = read_answers(path).expect or {}
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["run", str(saved), "--format", "json"])
        assert code == 0, f"LHC-Forms' response to {path.name} does not read back: {err.getvalue()}"
        assert json.loads(out.getvalue())["triage"]["level"] == expected["triage"], path.name
