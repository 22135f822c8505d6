"""Drive the installed `coach` in a real terminal: tmux on a private socket, keys in, screen out.

The end-to-end tests and the terminal benchmarks both use it, so it lives outside either."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

COACH = Path(sys.executable).parent / "coach"


class Terminal:
    """One tmux server and window running a command; killed on close."""

    def __init__(
        self, command: list[str], *, env: dict[str, str], width: int = 100, height: int = 30
    ) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed (.ci/run installs it)")
        self.socket = f"coach-test-{os.getpid()}-{time.monotonic_ns()}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        shell_command = f"env {exports} {shlex.join(command)}; sleep 30"
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height), "-s", "coach", shell_command
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Send tmux key names (`Enter`, `Escape`, `Space`) or literal text."""
        self._tmux("send-keys", "-t", "coach", *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "coach")

    def pane_title(self) -> str:
        """The title the program in the pane has set (OSC 0 or 2), tmux's host name if none."""
        return self._tmux("display-message", "-p", "-t", "coach", "#{pane_title}").strip()

    def modes(self) -> dict[str, bool]:
        """The terminal modes the program in the pane has left set: the alternate screen, and
        mouse reporting of any kind."""
        names = ("alternate_on", "mouse_any_flag", "mouse_button_flag", "mouse_standard_flag",
                 "mouse_sgr_flag")  # fmt: skip
        query = " ".join(f"#{{{name}}}" for name in names)
        values = self._tmux("display-message", "-p", "-t", "coach", query).split()
        return {name: value == "1" for name, value in zip(names, values, strict=True)}

    def pid(self) -> int:
        """The pid of the process tmux started (the `env` exec'd into coach by then)."""
        return int(self._tmux("display-message", "-p", "-t", "coach", "#{pane_pid}").strip())

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        return self.wait_until(lambda screen: text in screen, timeout, f"{text!r} on screen")

    def wait_until(self, predicate: Callable[[str], bool], timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def coach_env(home: Path, db: Path) -> dict[str, str]:
    """A private, deterministic environment for a coach under test.

    PATH is the caller's, so where a speech program is installed the first routine asks
    whether to speak: a test that plays a routine says `voice = 'off'` in its settings.toml.
    """
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "COACH_DB": str(db),
        "TERM": "xterm-256color",
        "TZ": os.environ.get("TZ", "Europe/London"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
    }
