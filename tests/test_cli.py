"""The installed `coach` command: version, help, and bad files reported in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach import __version__
from coach.cli.main import cli

COACH = shutil.which("coach", path=str(Path(sys.executable).parent))


def run_coach(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert COACH, "the coach command is not installed in this venv"
    return subprocess.run(
        [COACH, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_version() -> None:
    result = run_coach("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"coach, version {__version__}"


def test_help_names_the_db_option() -> None:
    result = run_coach("--help")
    assert result.returncode == 0
    assert "--db PATH" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01garbage" * 100, "is not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 40, "is damaged"),
    ],
)
def test_a_bad_database_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "coach.db"
    bad.write_bytes(content)
    result = run_coach("--db", str(bad))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("coach: ")
    assert bad.read_bytes() == content


def test_coach_db_variable_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "afolder"
    folder.mkdir()
    result = run_coach(env={"COACH_DB": str(folder)})
    assert result.returncode == 2
    assert f"{folder} is a folder" in result.stderr


@pytest.mark.parametrize(
    "content", [b"\x00\x01garbage" * 100, b"SQLite format 3\x00" + b"\x00" * 40]
)
def test_coach_alone_refuses_a_bad_database_as_the_commands_do(
    tmp_path: Path, content: bytes
) -> None:
    """`coach` alone opens the app without click; a file it cannot use is the same one line,
    with the same exit code, as through click."""
    bad = tmp_path / "coach.db"
    bad.write_bytes(content)
    alone = run_coach(env={"COACH_DB": str(bad)})
    through_click = run_coach("--db", str(bad))
    assert (alone.returncode, alone.stderr) == (2, through_click.stderr)
    assert through_click.returncode == 2


def test_coach_alone_does_not_import_click(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['coach']\n"
        "from coach.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    print(stop.code, 'click' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COACH_DB": str(tmp_path)},  # a folder: refused before the screen
    )
    assert result.stdout.split() == ["2", "False"], result.stderr
    assert (
        result.stderr
        == f"coach: {tmp_path} is a folder, not a database file. Point --db at a file.\n"
    )


def test_python_dash_m_coach_is_the_coach_command(tmp_path: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "coach", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (version.returncode, version.stdout) == (0, f"coach, version {__version__}\n")
    status = subprocess.run(
        [sys.executable, "-m", "coach", "--db", str(tmp_path / "new.db"), "status"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = f"coach: check-in due (no database at {tmp_path / 'new.db'} yet)\n"
    assert (status.returncode, status.stdout) == (0, said)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("histroy", "Did you mean 'history'?"),
        ("exprot", "Did you mean 'export'?"),
        ("statsu", "(Did you mean one of: 'start', 'status'?)"),
    ],
)
def test_a_mistyped_command_gets_a_did_you_mean(typed: str, suggestion: str) -> None:
    """Every command is offered, not only those already imported (they load lazily)."""
    result = CliRunner().invoke(cli, [typed])
    assert result.exit_code == 2
    said = f"coach: No such command '{typed}'. {suggestion} See "
    assert result.stderr.startswith(said) and result.stderr.endswith(" --help.\n")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["export", "--format", "bad"],
            "coach: Invalid value for '--format': 'bad' is not one of 'csv', 'json', 'md', "
            "'html'. See coach export --help.",
        ),
        (
            ["history", "--weeks", "x"],
            "coach: Invalid value for '--weeks': 'x' is not a valid integer range. "
            "See coach history --help.",
        ),
        (
            ["export", "--since", "2026-13-45"],
            "coach: Invalid value for '--since': '2026-13-45' is not a date like 2026-03-01. "
            "See coach export --help.",
        ),
        (["--bogus"], "coach: No such option '--bogus'. See coach --help."),
        (
            ["status", "extra"],
            "coach: Got unexpected extra argument (extra). See coach status --help.",
        ),
    ],
)
def test_a_usage_error_is_one_line_on_stderr(tmp_path: Path, args: list[str], line: str) -> None:
    """A bad option, value or argument, of coach or of a command: the one line every error
    is, on stderr, exit code 2 as click gives it; no "Usage:" and "Try" lines."""
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "coach.db"), *args], prog_name="coach")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line + "\n")
