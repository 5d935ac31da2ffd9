"""The aiohttp side of the browser mode: textual-serve's Server with the limits of wizard/serve.py.

Only the routes and the websocket session are the wizard's own; the page, downloads and the
protocol spoken with each child process are textual-serve's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .serve import GRACE, HEARTBEAT, MAX_COLUMNS, MAX_ROWS, Limits, busy_page, host_name, same_origin
from .tui.compat import served_process
from .ui_text import languages

log = logging.getLogger("wizard.serve")

PAGE_DIR = Path(__file__).with_name("serve_page")
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
"""The page may load and connect to this server only (the inline parts are the page's own)."""
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


class WizardServer(Server):
    def __init__(self, command: str, *, host: str, port: int, limits: Limits, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=PAGE_DIR)
        self.limits = limits
        self.active = 0
        """Sessions started or starting; the cap counts these."""
        self.services: set[AppService] = set()
        self.ending: set[asyncio.Future[None]] = set()
        """Children being ended (kept here so that the tasks are not collected half way)."""

    def initialize_logging(self) -> None:
        """Plain lines on stderr: textual-serve's own handler prints tracebacks with local variables (keystrokes)."""
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(PAGE_DIR))
        app.add_routes(
            [
                web.get("/", self.index, name="index"),
                web.get("/ws", self.session, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_shutdown.append(self.end_all)
        return app

    def serve(self, debug: bool = False, announce: str = "") -> None:
        """Serve until SIGINT or SIGTERM (textual-serve's serve, with these routes); `announce` once listening."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self.make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *_: print(announce, file=sys.stderr),  # once listening
        )

    @web.middleware
    async def check_host(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Answer only to this server's own names: a page on another name reaching it is DNS rebinding."""
        if host_name(request.headers.get("Host", "")) not in self.limits.allowed_hosts:
            return web.Response(status=421, text="This server does not answer to that host name.\n")
        response: web.StreamResponse = await handler(request)
        if not response.prepared:
            response.headers.update(HEADERS)
        return response

    async def index(self, request: web.Request) -> web.StreamResponse:
        if self.active >= self.limits.max_sessions:
            return self.busy()
        response: web.StreamResponse = await self.handle_index(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Cache-Control"] = "no-store"
        return response

    def busy(self) -> web.Response:
        return web.Response(
            status=503, text=busy_page(languages()), content_type="text/html", headers={"Retry-After": "15"}
        )

    async def session(self, request: web.Request) -> web.StreamResponse:
        """One browser tab: a child process for as long as its websocket lasts, and a few seconds more at most."""
        if not same_origin(request.headers.get("Origin"), request.headers.get("Host")):
            log.warning("refused a websocket opened by a page from another origin")
            return web.Response(status=403, text="Only pages from this server may connect.\n")
        if self.active >= self.limits.max_sessions:
            return self.busy()
        self.active += 1
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=1 << 20)
        try:
            await websocket.prepare(request)
        except BaseException:
            self.active -= 1
            raise

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.services.add(service)
        watch: asyncio.Task[None] | None = None
        try:
            await service.start(*_size(request.query.get("width"), request.query.get("height")))
            watch = asyncio.create_task(self.close_when_child_ends(service, websocket))
            await self.relay(websocket, service)
        finally:
            if watch is not None:
                watch.cancel()
            # aiohttp cancels this handler when the browser goes: the child is ended in a task of its
            # own, which frees the place only once the child is gone.
            ending = asyncio.ensure_future(self.end(service))
            self.ending.add(ending)
            ending.add_done_callback(self._ended)
            await asyncio.shield(ending)
        return websocket

    async def relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """The browser's keys, sizes and focus to the child; anything malformed is dropped, never fatal."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not (isinstance(envelope, list) and envelope and isinstance(envelope[0], str)):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", "replace"))  # a lone surrogate is not UTF-8
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(*_size(data.get("width"), data.get("height")))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def close_when_child_ends(self, service: AppService, websocket: web.WebSocketResponse) -> None:
        """A child that ends on its own (staff exit, a crash) ends its tab's session too."""
        process = served_process(service)
        if process is not None:
            await process.wait()
            await websocket.close()

    async def end(self, service: AppService) -> None:
        """Ask the child to quit; kill it if it has not within GRACE seconds.

        Not `wait_for(service.stop())`: AppService's reader task waits for the process to end even
        when cancelled, so a child that ignores the request would hold `wait_for` for ever.
        """
        stopping = asyncio.ensure_future(service.stop())
        await asyncio.wait({stopping}, timeout=GRACE)
        process = served_process(service)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        await asyncio.wait({stopping}, timeout=GRACE)  # the reader sees the end of the child's output
        if stopping.done():
            stopping.exception()  # read, so asyncio does not log it: the child is gone either way
        else:
            stopping.cancel()
        self.services.discard(service)

    def _ended(self, ending: asyncio.Future[None]) -> None:
        self.ending.discard(ending)
        self.active -= 1

    async def end_all(self, app: web.Application) -> None:
        await asyncio.gather(*(self.end(service) for service in list(self.services)), return_exceptions=True)


def _size(width: object, height: object) -> tuple[int, int]:
    """A terminal size from the browser, within 1x1 and MAX_COLUMNS x MAX_ROWS (80x24 when unreadable)."""

    def number(value: object, default: int, top: int) -> int:
        try:
            return min(top, max(1, int(str(value))))
        except ValueError:
            return default

    return number(width, 80, MAX_COLUMNS), number(height, 24, MAX_ROWS)
