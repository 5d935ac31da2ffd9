"""Browser mode end to end: `wizard serve` on loopback, the page in headless Chromium, driven over CDP.

The Chrome DevTools Protocol is spoken with aiohttp (already installed with textual-serve),
so no browser-download tool is needed: Debian's `chromium` is enough.
"""

from __future__ import annotations

import asyncio
import base64
import io
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1000,900",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture
def served() -> Iterator[int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "wizard", "serve", "--port", str(port), "--kiosk"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


class Page:
    """One Chromium tab, over the DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse[bool]) -> None:
        self.ws = ws
        self.calls = 0
        self.requested: list[str] = []
        """Every URL the page asked for (with Network.enable), in order."""

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.calls += 1
        await self.ws.send_json({"id": self.calls, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("method") == "Network.requestWillBeSent":
                self.requested.append(message["params"]["request"]["url"])
            elif message.get("method") == "Network.webSocketCreated":
                self.requested.append(message["params"]["url"])
            if message.get("id") == self.calls:
                result: dict[str, Any] = message["result"]
                return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")  # no value while the page is still loading and the script throws

    async def screenshot(self) -> Image.Image:
        data = (await self.call("Page.captureScreenshot", format="png"))["data"]
        return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")

    async def tap(self, x: int, y: int) -> None:
        """A touch on a touch screen reaches the terminal as a mouse press and release."""
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def is_blue(pixel: tuple[int, int, int]) -> bool:
    """The primary button's blue: the Start button on the first screen, Next on a question."""
    r, g, b = pixel
    return r < 40 and 90 < g < 150 and b > 180


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def button_blue(image: Image.Image) -> int:
    return sum(1 for pixel in pixels(image) if is_blue(pixel))


def blue_box(image: Image.Image) -> tuple[int, int, int, int]:
    """The bounding box of the largest run of blue rows: the big Start button."""
    width, every = image.width, pixels(image)
    rows = [y for y in range(image.height) if sum(is_blue(p) for p in every[y * width : (y + 1) * width]) > 150]
    assert rows, "no button on the screen"
    columns = [x for x in range(width) if is_blue(every[rows[len(rows) // 2] * width + x])]
    return columns[0], rows[0], columns[-1] - columns[0], len(rows)


OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
"""Chromium resolves no name but this machine's address: the network cable is out."""


async def drive(port: int, tmp_path: Path, *, offline: bool = False) -> tuple[Image.Image, Image.Image, list[str]]:
    """The first screen, the screen after a tap on Start, and every URL the page requested."""
    debug = free_port()
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [
            CHROMIUM,
            *FLAGS,
            *([OFFLINE] if offline else []),
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--remote-debugging-port={debug}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as http:
            pages: list[dict[str, Any]] = []
            for _ in range(150):
                try:
                    targets = await (await http.get(f"http://127.0.0.1:{debug}/json/list")).json()
                    pages = [t for t in targets if t["type"] == "page"]
                except aiohttp.ClientError:
                    pages = []
                if pages:
                    break
                await asyncio.sleep(0.2)
            assert pages, "Chromium opened no page"
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.call("Network.enable")
                await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                for _ in range(150):  # the page adds -first-byte once the wizard's process has drawn something
                    if await page.evaluate("!!document.body && document.body.classList.contains('-first-byte')"):
                        break
                    await asyncio.sleep(0.2)
                else:
                    raise AssertionError("the wizard never drew into the page")
                await asyncio.sleep(1.5)
                first = await page.screenshot()
                first.save(tmp_path / "first.png")
                left, top, width, height = blue_box(first)
                await page.tap(left + width // 2, top + height // 2)  # the Start button
                await asyncio.sleep(1.5)
                second = await page.screenshot()
                second.save(tmp_path / "second.png")
                fonts = await page.evaluate("document.fonts.check('16px \"Roboto Mono\"')")
                assert fonts, "the page's own font did not load"
                return first, second, page.requested
    finally:
        browser.kill()
        browser.wait(timeout=10)


def test_wizard_serve_shows_the_wizard_in_chromium(served: int, tmp_path: Path) -> None:
    first, second, _ = asyncio.run(drive(served, tmp_path))
    assert button_blue(first) > 2000, "no Start button on the first screen"
    assert first.tobytes() != second.tobytes(), "a tap on Start did not move on to the first question"
    assert button_blue(second) > 500, "no Next button on the first question"


def test_the_page_works_offline_and_asks_nothing_of_any_other_machine(served: int, tmp_path: Path) -> None:
    """Issue 13 item 21: with every other host unreachable the wizard still draws and moves on,
    and every request (page, script, styles, fonts, websocket) went to this server."""
    first, second, requested = asyncio.run(drive(served, tmp_path, offline=True))
    assert button_blue(first) > 2000 and first.tobytes() != second.tobytes()
    here = (f"http://127.0.0.1:{served}/", f"ws://127.0.0.1:{served}/")
    elsewhere = [url for url in requested if not url.startswith((*here, "data:"))]
    assert requested and elsewhere == []
    assert any(url.endswith(".ttf") for url in requested) and any("/ws" in url for url in requested)
