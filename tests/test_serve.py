"""`coach serve`: every request behind the token, loopback only unless --lan, the real app in a
real headless Chromium. Everything here listens on and connects to 127.0.0.1 only.

In-process tests start the same TokenServer the command starts (aiohttp, textual-serve) on a
free loopback port; the command itself runs as a subprocess, as a user runs it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from coach.cli.main import cli
from coach.serve import (
    LOOPBACK,
    TokenServer,
    app_command,
    listen_hosts,
    new_token,
    start,
    token_problem,
)
from coach.store import Store
from harness.browser import CHROMIUM, Chromium, poll
from harness.terminal import COACH, coach_env
from tests.terminal import checked_in_today

TOKEN = "a-token-for-the-tests-0123456789"


def _prepare(home: Path, db: Path, *, position_s: float = 5) -> None:
    """Today's check-in and warning signs (real time: the served coach runs on the real clock)
    and settings that ask nothing, for a coach about to be served."""
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        f"position_s = {position_s}\nbell = false\nvoice = 'off'\n"
    )
    checked_in_today(db)


@dataclass
class Served:
    port: int
    token: str

    def at(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"


@pytest.fixture
async def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Served]:
    home, db = tmp_path / "home", tmp_path / "data" / "coach.db"
    _prepare(home, db)
    for key, value in coach_env(home, db).items():  # the served coach's environment
        monkeypatch.setenv(key, value)
    runner, port = await start(TokenServer(app_command(db), TOKEN), [LOOPBACK], 0)
    try:
        yield Served(port, TOKEN)
    finally:
        await runner.cleanup()
        # textual-serve never waits on the coach it ran for a websocket: let it exit, and its
        # transport be collected, while this test's event loop is still open.
        await poll(lambda: not _descendants(), "the served coach to quit")
        gc.collect()


REFUSED = [
    "/",
    "/?token=",
    "/?token=a-token-for-the-tests-012345678",  # one character short
    f"/?token={TOKEN}x",
    f"/?tok={TOKEN}",
    "/static/js/textual.js",  # textual-serve's own paths
    "/ws",
    "/download/x",
    f"/{TOKEN[:-1]}/static/js/textual.js",
    f"/x/{TOKEN}/static/js/textual.js",
]


async def test_every_request_without_the_token_gets_403_and_nothing_else(served: Served) -> None:
    async with aiohttp.ClientSession() as session:
        for path in REFUSED:
            async with session.get(served.at(path)) as response:
                assert response.status == 403, path
                assert await response.text() == "403: Forbidden", path


async def test_the_page_and_its_files_come_with_the_token(served: Served) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(served.at(f"/?token={TOKEN}")) as response:
            assert response.status == 200
            page = await response.text()
            assert response.headers["Referrer-Policy"] == "no-referrer"
        websocket = f"ws://{LOOPBACK}:{served.port}/{TOKEN}/ws"
        assert f'data-session-websocket-url="{websocket}"' in page
        assert "googleapis" not in page and "https://" not in page  # nothing from elsewhere
        for name in ("js/textual.js", "css/xterm.css", "fonts/RobotoMono-VariableFont_wght.ttf"):
            async with session.get(served.at(f"/{TOKEN}/static/{name}")) as response:
                assert response.status == 200, name


async def test_the_websocket_is_refused_without_the_token_and_runs_coach_with_it(
    served: Served, tmp_path: Path
) -> None:
    async with aiohttp.ClientSession() as session:
        for path in ("/ws", f"/{TOKEN[:-1]}/ws", f"/ws?token={TOKEN}"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"ws://{LOOPBACK}:{served.port}{path}")
            assert refused.value.status == 403, path
        address = f"ws://{LOOPBACK}:{served.port}/{TOKEN}/ws?width=40&height=30"
        async with session.ws_connect(address) as websocket:
            drawn = 0
            async with asyncio.timeout(60):
                while drawn < 1000:  # the app's first frame, as terminal bytes
                    message = await websocket.receive()
                    if message.type == aiohttp.WSMsgType.BINARY:
                        drawn += len(message.data)
            # The app is a coach on the same database as the terminal app's.
            db = str(tmp_path / "data" / "coach.db")
            assert [sys.executable, "-m", "coach", "--db", db] in _descendants()


def _descendants() -> list[list[str]]:
    """The command lines of every process under this one."""
    commands, pending = [], [os.getpid()]
    while pending:
        pid = pending.pop()
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                pending.append(int(child))
                argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")[:-1]
                commands.append([part.decode() for part in argv])
    return commands


def test_the_command_per_browser_tab_is_this_coach_on_this_database(tmp_path: Path) -> None:
    db = tmp_path / "my records" / "coach's.db"
    assert shlex.split(app_command(db)) == [sys.executable, "-m", "coach", "--db", str(db)]
    assert shlex.split(app_command(db, "start", "core"))[-2:] == ["start", "core"]


def test_tokens_are_new_each_run_and_a_given_one_must_be_hard_to_guess() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(token) >= 43 for token in tokens)
    assert all(token_problem(token) is None for token in tokens)
    assert token_problem(TOKEN) is None
    for bad in ("short", "x" * 15, "has space in it!!", "a/b" * 8, "é" * 20, "x" * 129):
        assert token_problem(bad) is not None, bad


def test_loopback_only_unless_lan() -> None:
    assert listen_hosts(lan=False, lan_address=lambda: "192.168.1.20") == [LOOPBACK]
    assert listen_hosts(lan=True, lan_address=lambda: "192.168.1.20") == [
        "192.168.1.20",
        LOOPBACK,
    ]
    assert listen_hosts(lan=True, lan_address=lambda: None) is None


# --- the command, as a user runs it -------------------------------------------------------------


@contextmanager
def _coach_serve(tmp_path: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`coach serve --port 0 …` running; yields what it printed up to "Stop it" and the
    process. Stopped with Ctrl+C (SIGINT) at the end."""
    home, db = tmp_path / "home", tmp_path / "data" / "coach.db"
    if not db.exists():
        _prepare(home, db)
    process = subprocess.Popen(
        [str(COACH), "serve", "--port", "0", *options],
        env=coach_env(home, db),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    printed = []
    try:
        for line in process.stdout:
            printed.append(line)
            if line.startswith("Stop it with Ctrl+C"):
                break
        yield "".join(printed), process
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def _listening(port: int) -> set[str]:
    """The local addresses with a socket listening on `port`, from /proc/net/tcp{,6}."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                addresses.add(address)
    return addresses


def test_coach_serve_says_where_who_and_how_to_stop_and_listens_on_loopback_only(
    tmp_path: Path,
) -> None:
    with _coach_serve(tmp_path) as (printed, process):
        links = re.findall(r"http://(\S+):(\d+)/\?token=(\S+)", printed)
        assert [(host, token_problem(token)) for host, _, token in links] == [(LOOPBACK, None)]
        port = int(links[0][1])
        assert _listening(port) == {"0100007F"}  # 127.0.0.1, and nothing else
        assert "Who can reach it: only this machine" in printed
        assert "403 Forbidden" in printed
        assert "Stop it with Ctrl+C." in printed
        assert "▀" in printed and "▄" in printed  # the QR code
        assert str(tmp_path / "data" / "coach.db") in printed
        first_token = links[0][2]
    assert process.returncode == 0
    assert process.stdout is not None and "Stopped" in process.stdout.read()

    with _coach_serve(tmp_path) as (printed, _):
        assert first_token not in printed  # a new token each run
    with _coach_serve(tmp_path, "--token", TOKEN) as (printed, _):
        assert f"?token={TOKEN}" in printed


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--token", "guessable"], "--token: a token must be 16 to 128 letters"),
        (["--port", "70000"], "70000 is not in the range"),
    ],
)
def test_bad_options_are_refused_in_one_line(
    tmp_path: Path, options: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "coach.db"), "serve", *options])
    assert result.exit_code == 2
    assert message in result.output


def test_a_database_coach_cannot_use_is_refused_before_serving(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    db.write_text("not a database")
    result = CliRunner().invoke(cli, ["--db", str(db), "serve", "--port", "0"])
    assert result.exit_code == 2
    assert result.output.startswith("coach: ") and "http://" not in result.output
    assert db.read_text() == "not a database"


# --- a real browser ------------------------------------------------------------------------------

#: The colour at (x, y) of the app's drawing in the page: the topmost canvas that has ink there.
PIXEL = """
((x, y) => {
  const layers = [...document.querySelectorAll('.xterm-screen canvas')].reverse();
  for (const canvas of layers) {
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    const [r, g, b, a] = canvas.getContext('2d')
      .getImageData((x - box.left) * scale, (y - box.top) * scale, 1, 1).data;
    if (a > 0) return [r, g, b];
  }
  return null;
})(%d, %d)
"""
#: Where the phase band and the footer's "Pause" key are on a phone (390×844 CSS pixels).
BAND = (30, 80)
PAUSE_KEY = (70, 830)


def _sessions(db: Path) -> int:
    store = Store.open(db)
    try:
        return store.db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        store.close()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
# A real browser, a served app and a tap on its canvas: on a machine busy with other work the
# first frame or the tap can miss its wait; more tries tell a slow machine from a broken page.
@pytest.mark.flaky(reruns=3)
async def test_a_real_browser_on_a_phone_shows_coach_and_its_footer_keys_take_taps(
    tmp_path: Path,
) -> None:
    """Chromium at a phone's size opens the printed link: the app draws, keys start a routine
    in the database the command was given, and a tap on the footer's Pause pauses it. The
    screenshots are kept in the test's folder to look at."""
    home, db = tmp_path / "home", tmp_path / "data" / "coach.db"
    _prepare(home, db, position_s=60)  # the get-ready lasts: nothing moves while we look
    with _coach_serve(tmp_path) as (printed, _):
        link = re.search(r"http://\S+", printed)
        assert link is not None
        async with Chromium() as browser:
            await browser.open(link.group(0))
            assert await browser.settled_ink() > 10_000
            await browser.screenshot(tmp_path / "phone-home.png")
            await browser.press("r")
            await asyncio.sleep(1)
            await browser.press("enter")
            await asyncio.sleep(1)
            await browser.press("enter")  # pain now: this morning's answer kept
            await poll(lambda: _sessions(db), "the player to start, on this database")
            await browser.wait_for(f"(({PIXEL % BAND}) || [0, 0])[1] > 120")  # GET READY: amber
            for kind in ("touchStart", "touchEnd"):
                points = [{"x": PAUSE_KEY[0], "y": PAUSE_KEY[1]}] if kind == "touchStart" else []
                await browser.send("Input.dispatchTouchEvent", type=kind, touchPoints=points)
            await browser.wait_for(f"(({PIXEL % BAND}) || [0, 255])[1] < 100")  # PAUSED: red
            await browser.screenshot(tmp_path / "phone-paused.png")
    assert (tmp_path / "phone-home.png").stat().st_size > 10_000
