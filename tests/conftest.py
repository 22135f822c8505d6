"""Shared fixtures: a real SQLite file in a temp folder, a frozen clock, the app factory."""

from __future__ import annotations

import gc
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from packaging.requirements import Requirement

import coach
from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.library import builtin_dir
from coach.store import Store
from tests.helpers import SHORT

#: Tests run in one fixed zone so local dates are deterministic; tests of zones set their own.
TEST_TZ = "Europe/London"
os.environ["TZ"] = TEST_TZ
time.tzset()

#: A Wednesday morning; the frozen "now" of every test and snapshot.
FROZEN_NOW = datetime(2026, 11, 25, 7, 30, tzinfo=ZoneInfo(TEST_TZ))

#: The unprivileged user (nobody) that the read-only and unreadable cases run coach as.
NOBODY = 65534


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The terminal and browser tests share one xdist group, so under `--dist loadgroup` they
    run one at a time on one worker: each plays a real coach on real time (in tmux, or in
    Chromium), and two at once would slow each other's timers. They and the packaging tests
    (the longest group after them) go first, so the other workers share out the rest instead
    of waiting on them at the end. (tryfirst: xdist reads the groups in this same hook.)"""
    for item in items:
        if _real_time(item):
            item.add_marker(pytest.mark.xdist_group("real-time"))
    items.sort(key=lambda item: (not _real_time(item), item.get_closest_marker("slow") is None))


def _real_time(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) for name in ("terminal", "browser"))


def pytest_xdist_auto_num_workers() -> int | None:
    """`-n auto`: a worker per core and one more, since the real-time group's worker spends
    most of its time waiting on the player's holds, not computing.
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when set."""
    if "PYTEST_XDIST_AUTO_NUM_WORKERS" in os.environ:
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the seeds the randomised tests drew from (recorded with `record_property`), so a
    failing run can be replayed exactly."""
    seeds = {
        f"{name}={value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        for name, value in getattr(report, "user_properties", ())
        if name.endswith("_SEED")
    }
    if seeds:
        terminalreporter.write_line(f"randomised tests drew from {' '.join(sorted(seeds))}")


@pytest.fixture(autouse=True)
def collectable_again() -> Iterator[None]:
    """Each app run freezes what is alive after its first frame (the app's on_ready),
    apps of earlier tests not yet collected among it: unfrozen after each test, or the test
    process would keep every app it ran."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user folders."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("COACH_DB", raising=False)
    monkeypatch.delenv("COACH_CONFIG_DIR", raising=False)
    # The emergency number comes from the locale: a UK one, so every message says 999.
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return home


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.db"


@pytest.fixture
def store(db_file: Path) -> Iterator[Store]:
    opened = Store.open(db_file)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(FROZEN_NOW)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


@pytest.fixture
def app_factory(store: Store, clock: FakeClock, config_dir: Path) -> Callable[[], CoachApp]:
    return lambda: make_app(store=store, clock=clock, config_dir=config_dir)


@dataclass(frozen=True)
class AsNobody:
    """Commands run as the unprivileged user, from a copy of coach and its dependencies that
    the user can reach (the checkout and its venv may sit in a folder closed to others)."""

    coach: list[str]
    python: list[str]


def _needs_root_and_setpriv() -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run coach as an unprivileged user")


@pytest.fixture(scope="session")
def as_nobody() -> Iterator[AsNobody]:
    """A venv of the interpreter running the tests, in a 0755 folder outside the checkout, with
    coach, its built-in library and its run-time dependencies copied in; skipped, naming why,
    when the unprivileged user cannot run it (an interpreter installed in a closed folder)."""
    _needs_root_and_setpriv()
    folder = Path(tempfile.mkdtemp(prefix="coach-runtime-"))
    folder.chmod(0o755)
    try:
        venv = folder / "venv"
        subprocess.run(
            [sys._base_executable, "-m", "venv", "--without-pip", str(venv)],
            check=True,
            timeout=120,
        )
        python = venv / "bin" / "python"
        site = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.strip()
        entry = _copy_runtime(Path(site))
        command = venv / "bin" / "coach"
        command.write_text(
            f"#!{python}\nimport sys\nfrom {entry.module} import {entry.attr}\n"
            f"sys.exit({entry.attr}())\n"
        )
        command.chmod(0o755)
        user = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        probe = subprocess.run(
            [*user, command, "--version"], capture_output=True, text=True, timeout=60, cwd=folder
        )
        if probe.returncode != 0:
            reason = (probe.stderr.strip().splitlines() or [f"exit {probe.returncode}"])[-1]
            pytest.skip(f"user {NOBODY} cannot run coach from {folder}: {reason}")
        yield AsNobody(coach=[*user, str(command)], python=[*user, str(python)])
    finally:
        shutil.rmtree(folder)


def _copy_runtime(site: Path) -> importlib.metadata.EntryPoint:
    """Copy coach (with its built-in library, where an installed wheel keeps it) and every
    distribution it needs at run time into `site`; return the `coach` command's entry point."""
    package = Path(coach.__file__).parent
    shutil.copytree(package, site / "coach", ignore=shutil.ignore_patterns("__pycache__"))
    if not (site / "coach" / "_exercises").is_dir():
        shutil.copytree(builtin_dir(), site / "coach" / "_exercises")
    pending, seen = ["coach"], set()
    while pending:
        dist = importlib.metadata.distribution(pending.pop())
        name = dist.metadata["Name"].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        for file in dist.files or ():
            source = Path(dist.locate_file(file))
            in_site = file.parts[0] != ".." and file.suffix != ".pth"  # not bin/, not paths
            if in_site and (name != "coach" or ".dist-info" in file.parts[0]) and source.is_file():
                (site / file).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, site / file)
        for text in dist.requires or ():
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    [entry] = importlib.metadata.entry_points(group="console_scripts", name="coach")
    return entry


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1 MB tmpfs, so the disk really fills (ENOSPC), as it would on a full laptop."""
    folder = Path(tempfile.mkdtemp(prefix="coach-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        reason = mounted.stderr.strip()
        pytest.skip(f"cannot mount a small tmpfs here ({reason}); a full disk is simulated too")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


@pytest.fixture
def nobodys_folder() -> Iterator[Path]:
    """A folder outside pytest's root-only temp tree, owned by an unprivileged user: root reads
    and writes any file whatever its mode, so read-only cases need a user they apply to."""
    _needs_root_and_setpriv()
    folder = Path(tempfile.mkdtemp(prefix="coach-nobody-"))
    folder.chmod(0o755)
    os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)


@pytest.fixture
def short_routine(config_dir: Path) -> str:
    """The id of SHORT (two 3 s holds a side), one of the user's routines."""
    folder = config_dir / "routines"
    folder.mkdir()
    (folder / "short.toml").write_text(SHORT)
    return "short"
