"""A plain (non-editable) install into a fresh venv gives a working `coach` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: One xdist worker takes both tests, so the session's venv below is built once, not per worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]


@pytest.fixture(scope="session")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a wheel from the checkout and install it, as a user's `pip install .` would."""
    work = tmp_path_factory.mktemp("packaging")
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=600,
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    wheel = next(wheels.glob("coach-*.whl"))
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        timeout=600,
    )
    return venv


def run_installed(venv: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command from inside the venv, far from the checkout."""
    return subprocess.run(
        [str(venv / "bin" / "coach"), *args], capture_output=True, text=True, timeout=60, cwd=venv
    )


def test_wheel_installs_a_working_coach(installed_venv: Path) -> None:
    result = run_installed(installed_venv, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("coach, version ")


def test_wheel_ships_the_builtin_library(installed_venv: Path) -> None:
    """Not from the checkout: the routines must come from inside the installed package."""
    checked = run_installed(installed_venv, "routines", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listing = run_installed(installed_venv, "routines")
    for routine in ("pelvic-tilts", "core", "gentle", "pre-run", "strength"):
        assert routine in listing.stdout


@pytest.mark.slow
def test_wheel_ships_the_served_page_and_the_voice_question(installed_venv: Path) -> None:
    """Files beside the modules, not Python: the page `coach serve` sends, and a stylesheet."""
    code = (
        "import pathlib, coach; here = pathlib.Path(coach.__file__).parent; "
        "print((here / 'templates' / 'serve.html').is_file(), "
        "(here / 'screens' / 'voice.tcss').is_file())"
    )
    result = subprocess.run(
        [str(installed_venv / "bin" / "python"), "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=installed_venv,
    )
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_wheel_ships_the_lessons(installed_venv: Path) -> None:
    """The lessons are Markdown files beside the modules: `coach learn` lists and prints them."""
    listing = run_installed(installed_venv, "learn")
    assert listing.returncode == 0, listing.stderr
    assert len(listing.stdout.splitlines()) >= 7 + 2
    printed = run_installed(installed_venv, "learn", "pain-rule")
    assert printed.returncode == 0, printed.stderr
    assert "Silbernagel" in printed.stdout
