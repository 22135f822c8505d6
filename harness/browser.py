"""Drive a real headless Chromium over the DevTools protocol (its websocket, with aiohttp).

Used by the `coach serve` tests and by `screenshots/phone.py`: open a page at a phone's size,
wait for what the page shows, press keys, take a screenshot. Nothing but loopback is touched.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import aiohttp

T = TypeVar("T")

CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None
)
#: A phone held upright, in CSS pixels (an iPhone 14's viewport). At one pixel per CSS pixel:
#: headless Chromium's xterm.js canvas is drawn at the wrong size at a higher density.
PHONE = (390, 844)

#: How many pixels of the app's drawing are not the page's background: the text canvas of
#: xterm.js (the canvas renderer, as headless Chromium has no WebGL here) read back in the page.
INK = """
(() => {
  let ink = 0;
  for (const canvas of document.querySelectorAll('.xterm-screen canvas')) {
    const context = canvas.getContext('2d');
    if (!context || !canvas.width || !canvas.height) continue;
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
  }
  return ink;
})()
"""

_KEYS = {
    "enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
    "space": {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "text": " "},
}


class Chromium:
    """One headless Chromium with one page; `async with Chromium() as browser:`."""

    def __init__(self, size: tuple[int, int] = PHONE) -> None:
        if CHROMIUM is None:
            raise RuntimeError("Chromium is not installed (.ci/run installs it)")
        self.size = size
        self._ids = itertools.count(1)
        self._profile = tempfile.TemporaryDirectory(prefix="coach-chromium-")
        self._process: subprocess.Popen[bytes] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None

    async def __aenter__(self) -> Chromium:
        port = await asyncio.to_thread(self._launch)
        self._session = aiohttp.ClientSession()
        async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        self._socket = await self._session.ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_msg_size=0
        )
        width, height = self.size
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
        if self._process is not None:
            self._process.terminate()
            await asyncio.to_thread(self._process.wait, 30)
        self._profile.cleanup()

    def _launch(self) -> int:
        """Start Chromium, a plain child process (not asyncio's, so nothing of it outlives the
        test's event loop); return its DevTools port."""
        assert CHROMIUM is not None
        self._process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",  # tests run as root in CI containers
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile.name}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return self._devtools_port()

    def _devtools_port(self) -> int:
        """Read Chromium's log until it names its DevTools port; then drain the rest in a
        thread (Chromium logs all the time: an unread pipe would fill and stall it)."""
        assert self._process is not None and self._process.stderr is not None
        stderr = self._process.stderr
        for line in stderr:
            found = re.search(rb"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                threading.Thread(target=stderr.read, daemon=True).start()
                return int(found.group(1))
        raise RuntimeError("Chromium exited before it opened its DevTools port")

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command and its result (events that arrive meanwhile are dropped)."""
        assert self._socket is not None
        request_id = next(self._ids)
        command = {"id": request_id, "method": method, "params": params}
        await self._socket.send_str(json.dumps(command))
        async with asyncio.timeout(60):
            while True:
                message = json.loads(await self._socket.receive_str())
                if message.get("id") == request_id:
                    if "error" in message:
                        raise RuntimeError(f"{method}: {message['error']}")
                    return message["result"]

    async def open(self, url: str) -> None:
        await self.send("Page.enable")
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for(self, expression: str) -> Any:
        """Poll `expression` in the page until it is truthy (within a minute); its value."""
        return await poll(lambda: self.evaluate(expression), expression)

    async def settled_ink(self) -> int:
        """Wait until the app has drawn and stopped drawing (two equal readings 0.5 s apart)."""
        await self.wait_for("document.body.classList.contains('-first-byte')")
        readings = [-1]

        async def settled() -> int:
            readings.append(await self.evaluate(INK))
            return readings[-1] if readings[-1] == readings[-2] else 0

        return await poll(settled, "the app to finish drawing", every=0.5)

    async def press(self, *keys: str) -> None:
        """Keys as a person types them: "r", or a name in _KEYS ("enter", "space"), into the
        terminal (focused first, as a tap on it would)."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        for key in keys:
            fields = _KEYS.get(key, {"key": key, "text": key})
            await self.send("Input.dispatchKeyEvent", type="keyDown", **fields)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=fields["key"])

    async def screenshot(self, path: Path) -> Path:
        shot = await self.send("Page.captureScreenshot", format="png")
        await asyncio.to_thread(path.write_bytes, base64.b64decode(shot["data"]))
        return path


async def poll(
    check: Callable[[], Awaitable[T] | T], what: str, *, every: float = 0.1, within: float = 60
) -> T:
    """Call `check` (a function or a coroutine function) until it returns something truthy."""
    for _ in range(int(within / every)):
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        await asyncio.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")
