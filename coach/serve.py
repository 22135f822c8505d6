"""`coach serve`: the whole app in a browser, for a phone or tablet propped up beside the mat.

textual-serve does the serving: each browser tab that connects gets its own `coach` process,
driven over a websocket, on the same database file as the terminal app (WAL lets the copies
share it). This module puts every request behind a token and chooses where to listen.

Why a token on loopback too: every user and every program on the machine can reach 127.0.0.1,
and the app shows health records (Jupyter's rule). The token is `secrets.token_urlsafe(32)`, new
each run, compared with `hmac.compare_digest`; a request without it gets 403 and nothing else.

Where the token travels: the printed URL carries it as `/?token=…`; the page then loads its
script and stylesheet and opens its websocket under `/<token>/…`, because textual.js appends its
own query string to the websocket URL and the page appends file names to the static URL. Not in
a cookie: a browser sends 127.0.0.1's cookies to every port of 127.0.0.1, that is to any other
local user's server. The page is coach's own (`serve.html`): textual-serve's loads a font from
Google, and nothing should leave the machine; this one uses the font textual-serve ships.

No Textual here: the app runs in the child processes.
"""

from __future__ import annotations

import hmac
import re
import secrets
import shlex
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp.typedefs import Handler
from textual_serve.server import Server, to_int

LOOPBACK = "127.0.0.1"
#: What `--token` accepts: it goes into URLs as it is, and must be hard to guess.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")
PAGE = "serve.html"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_problem(token: str) -> str | None:
    """Why `token` cannot be used (said to the user), or None."""
    if TOKEN_PATTERN.fullmatch(token):
        return None
    return "a token must be 16 to 128 letters, digits, '-' or '_'"


def lan_address() -> str | None:
    """This machine's address on its local network, or None when it has none.

    A UDP socket "connected" to an address outside the machine makes the kernel pick the
    interface it would route through; no packet is sent.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): routed by default, never used
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def listen_hosts(
    lan: bool, lan_address: Callable[[], str | None] = lan_address
) -> list[str] | None:
    """Where to listen: loopback, and with `lan` the LAN address first (the one to show a
    phone); None when `lan` is asked for and the machine is on no network."""
    if not lan:
        return [LOOPBACK]
    address = lan_address()
    return None if address is None else [address, LOOPBACK]


def app_command(db: Path, *arguments: str) -> str:
    """The shell command textual-serve runs for each browser tab: this coach, on `db` (the
    same file as the terminal app's), with any further `arguments` (`start ROUTINE`)."""
    return shlex.join([sys.executable, "-m", "coach", "--db", str(db.resolve()), *arguments])


class TokenServer(Server):
    """textual-serve's Server with every route behind the token and coach's own page.

    Only the websocket handler and the static files are textual-serve's; it never binds
    anything itself here (see `serve`), so the addresses are this module's choice.
    """

    def __init__(self, command: str, token: str) -> None:
        super().__init__(command, title="coach")
        self.token = token

    def web_app(self) -> web.Application:
        app = web.Application(middlewares=[self._require_token])
        here = Path(__file__).parent
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(here / "templates"))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get(f"/{self.token}/ws", self.handle_websocket, name="websocket"),
                web.static(f"/{self.token}/static", self.statics_path, name="static"),
            ]
        )
        return app

    def presented(self, request: web.Request) -> str:
        """The token a request carries: `?token=` for the page, the first path part below it."""
        if request.path == "/":
            return request.query.get("token", "")
        return request.path.split("/", 2)[1]

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not hmac.compare_digest(self.presented(request).encode(), self.token.encode()):
            raise web.HTTPForbidden()
        response = await handler(request)
        if not response.prepared:  # a websocket's headers are already sent
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["Cache-Control"] = "no-store"
        return response

    @aiohttp_jinja2.template(PAGE)
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with URLs on the host the browser used (loopback, or the LAN address)."""
        router = request.app.router
        static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "websocket_url": f"ws://{request.host}{router['websocket'].url_for()}",
            "static_url": f"http://{request.host}{static}",
            "title": self.title,
        }

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `coach serve` says itself where it listens and who can reach it."""


async def start(server: TokenServer, hosts: Sequence[str], port: int) -> tuple[web.AppRunner, int]:
    """Listen on each of `hosts` at `port` (0: a free one, the same for every host); return
    the runner (`await runner.cleanup()` to stop) and the port."""
    runner = web.AppRunner(server.web_app(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        for host in hosts:
            site = web.TCPSite(runner, host, port)
            await site.start()
            port = port or runner.addresses[0][1]
    except BaseException:
        await runner.cleanup()
        raise
    return runner, port


def url(host: str, port: int, token: str) -> str:
    return f"http://{host}:{port}/?token={token}"
