"""The served mode's limits (issue 14 items 3-5, 7): Host and Origin checks, a session cap with a busy
page, no directory listing, a child ended within seconds of its tab, and one line for a bad argument.

The server is the real WizardServer on a loopback port (aiohttp's test server); the children are
real processes: a `sleep` that never answers textual-serve's quit request, the worst case.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from tests.test_cli import assert_one_clean_error, wizard
from wizard.serve import GRACE, Limits, allowed_hosts, default_max_sessions, host_name, same_origin
from wizard.serve_server import WizardServer
from wizard.tui.compat import served_process

SERVER = aiohttp.web.AppKey("server", WizardServer)


def served(client: TestClient) -> WizardServer:  # type: ignore[type-arg]
    """The WizardServer behind a test client."""
    assert isinstance(client.server, TestServer)
    server: WizardServer = client.server.app[SERVER]
    return server


STUBBORN_CHILD = "exec sleep 60"
"""A child that ignores its quit request: only the server's kill ends it."""


@pytest.fixture
async def client() -> AsyncIterator[TestClient[aiohttp.web.Request, aiohttp.web.Application]]:
    limits = Limits(max_sessions=1, allowed_hosts=allowed_hosts("127.0.0.1", ["clinic.example"]))
    server = WizardServer(STUBBORN_CHILD, host="127.0.0.1", port=0, limits=limits, title="Shoulder pain check")
    app = server.make_app()
    app[SERVER] = server
    test_client = TestClient(TestServer(app, host="127.0.0.1"))
    await test_client.start_server()
    try:
        yield test_client
    finally:
        await test_client.close()


def origin(client: TestClient[aiohttp.web.Request, aiohttp.web.Application]) -> dict[str, str]:
    return {"Origin": f"http://127.0.0.1:{client.port}"}


async def test_the_page_answers_only_to_its_own_host_names_and_loads_only_from_itself(client: TestClient) -> None:  # type: ignore[type-arg]
    page = await client.get("/")
    assert page.status == 200
    text = await page.text()
    assert "<title>Shoulder pain check</title>" in text and "Knee" not in text
    assert "http://" not in text and "https://" not in text  # nothing from elsewhere
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert (await client.get("/", headers={"Host": "clinic.example:8000"})).status == 200
    for rebinding in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example"):
        assert (await client.get("/", headers={"Host": rebinding})).status == 421


async def test_static_files_are_served_but_never_listed(client: TestClient) -> None:  # type: ignore[type-arg]
    assert (await client.get("/static/js/textual.js")).status == 200
    for folder in ("/static/", "/static/js/", "/static/fonts"):
        response = await client.get(folder)
        assert response.status in (403, 404), folder
        assert "textual.js" not in await response.text()


async def test_a_websocket_from_another_origin_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    server: WizardServer = served(client)
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {}):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers=headers)
        assert refused.value.status == 403
    assert server.active == 0 and not server.services  # no process was started for them


async def test_the_cap_holds_with_a_busy_page_and_a_closed_tab_ends_its_child_within_seconds(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    server: WizardServer = served(client)
    tab = await client.ws_connect("/ws?width=80&height=24", headers=origin(client))
    process = None
    for _ in range(100):
        process = next((served_process(service) for service in server.services), None)
        if process is not None:
            break
        await asyncio.sleep(0.1)
    assert process is not None and process.returncode is None
    busy = await client.get("/")
    assert busy.status == 503 and busy.headers["Retry-After"] == "15"
    assert "Every place is taken just now" in await busy.text() and 'http-equiv="refresh"' in await busy.text()
    with pytest.raises(aiohttp.WSServerHandshakeError) as second:
        await client.ws_connect("/ws", headers=origin(client))
    assert second.value.status == 503
    closed = time.monotonic()
    await tab.close()
    while process.returncode is None and time.monotonic() - closed < GRACE + 5:
        await asyncio.sleep(0.1)
    assert process.returncode is not None, "the child outlived its tab"
    assert time.monotonic() - closed < GRACE + 2
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)
    for _ in range(20):
        if server.active == 0:
            break
        await asyncio.sleep(0.1)
    assert server.active == 0 and (await client.get("/")).status == 200  # the place is free again


def test_host_and_origin_rules() -> None:
    assert host_name("[::1]:8000") == "::1" and host_name("Clinic.Example:80") == "clinic.example"
    assert host_name("::1") == "::1"
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert not same_origin("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not same_origin(None, "127.0.0.1:8000") and not same_origin("null", "127.0.0.1:8000")
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0") and "localhost" in allowed_hosts("0.0.0.0")


def test_the_default_cap_follows_the_machine() -> None:
    assert default_max_sessions(cpus=2, available_mb=8000) == 8
    assert default_max_sessions(cpus=2, available_mb=600) == 2  # half the free memory, 120 MB a session
    assert default_max_sessions(cpus=64, available_mb=100) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--port", "99999"], '"99999" is not a port'),
        (["--port", "0"], '"0" is not a port'),
        (["--port", "-1"], "--port"),
        (["--port", "http"], '"http" is not a port'),
        (["--host", "bad host"], "is not an IP address or a host name"),
        (["--max-sessions", "0"], "use a number of sessions"),
        (["--max-sessions", "lots"], "use a number of sessions"),
        (["--allow-host", "a..b"], "is not an IP address or a host name"),
        (["--lang", "xx"], 'language "xx" is not in this flow'),
        (["--flow", "/nonexistent.yaml"], "no such file"),
        (["--idle-timeout", "nan", "--kiosk"], "--idle-timeout"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_every_bad_argument_is_one_line_and_a_non_zero_exit(args: list[str], needle: str) -> None:
    done = wizard("serve", *args)
    assert_one_clean_error(done)
    assert needle in done.stderr


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = wizard("serve", "--port", str(taken.getsockname()[1]))
    assert_one_clean_error(done)
    assert "cannot listen on 127.0.0.1" in done.stderr


def test_the_page_title_is_the_flows_in_its_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard import serve as serve_module
    from wizard.cli import main

    titles: list[str] = []

    class Stub:
        def serve(self, announce: str) -> None:
            assert "Serving the wizard on http://127.0.0.1:8000" in announce

    def make_server(command: str, host: str, port: int, limits: Limits, title: str) -> Stub:
        titles.append(title)
        return Stub()

    monkeypatch.setattr(serve_module, "make_server", make_server)
    shoulder = Path(__file__).parent / "data" / "shoulder.yaml"
    assert main(["serve", "--flow", str(shoulder)]) == 0
    assert main(["serve", "--lang", "es"]) == 0
    assert titles[0] == "Shoulder pain check" and "rodilla" in titles[1].lower()
