"""`coach routines`: the list, `show ID` and `check [FILE…]`, in-process and installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coach.cli.main import cli

ROUTINE = 'name = "Legs"\nsummary = "Mine."\n[[steps]]\nexercise = "{exercise}"\n'
EXERCISE = (
    'name = "Wall sit"\narea = "strength"\ninstructions = ["Slide down a wall."]\n'
    'cues = []\nreps = 3\nhold_s = 20\nsides = "both"\nrest_s = 30\n'
)


@pytest.fixture(autouse=True)
def user_config(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("COLUMNS", "200")  # one row per routine, however long the paths
    return config_dir


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["routines", *args], catch_exceptions=False)


def user_file(config_dir: Path, kind: str, name: str, text: str) -> Path:
    path = config_dir / kind / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def rows(output: str) -> dict[str, list[str]]:
    """The list's table rows by routine id, split on the column gaps."""
    found = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        if cells and not line.startswith(("ID ", "─", "skipped ", "Your files are ")):
            found[cells[0]] = cells
    return found


def test_bare_routines_lists_every_routine() -> None:
    result = run()
    assert result.exit_code == 0
    table = rows(result.output)
    assert table["pelvic-tilts"] == ["pelvic-tilts", "Pelvic tilts", "gentle", "3", "built-in"]
    assert table["core"] == ["core", "Core", "standard", "15", "built-in"]
    assert set(table) == {"core", "gentle", "pelvic-tilts", "pre-run", "strength"}


def test_the_list_shows_user_files_replacements_and_skipped_files(user_config: Path) -> None:
    user_file(user_config, "exercises", "wall-sit.toml", EXERCISE)
    legs = user_file(user_config, "routines", "legs.toml", ROUTINE.format(exercise="wall-sit"))
    core = user_file(user_config, "routines", "core.toml", ROUTINE.format(exercise="curl-up"))
    user_file(user_config, "routines", "bad.toml", ROUTINE.format(exercise="nope"))
    result = run()
    assert result.exit_code == 0
    table = rows(result.output)
    assert table["legs"] == ["legs", "Legs", "–", "1", "your file"]
    assert table["core"] == ["core", "Legs", "–", "1", "your file, replaces built-in"]
    assert legs.parent == core.parent == user_config / "routines"
    assert f"Your files are {user_config}/routines/ID.toml;" in result.output
    assert "bad" not in table
    assert (
        f'skipped {user_config}/routines/bad.toml: steps[0].exercise: no exercise "nope" '
        "(ids are exercise file names)"
    ) in result.output


def test_paths_under_home_are_shown_with_a_tilde(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = private_home / ".config" / "coach"
    monkeypatch.setenv("COACH_CONFIG_DIR", str(folder))
    user_file(folder, "routines", "legs.toml", ROUTINE.format(exercise="curl-up"))
    result = run()
    assert rows(result.output)["legs"][-1] == "your file"
    assert (
        "Your files are ~/.config/coach/routines/ID.toml; "
        "exercises go in ~/.config/coach/exercises."
    ) in result.output


def test_long_paths_are_never_folded_mid_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns, with a config folder longer than a line: every path comes out whole on
    one line (the terminal wraps it; a copy of it works), and no table cell holds one."""
    folder = tmp_path / ("a-long-folder-name-" * 5) / "coach"
    monkeypatch.setenv("COACH_CONFIG_DIR", str(folder))
    monkeypatch.setenv("COLUMNS", "80")
    user_file(folder, "routines", "legs.toml", ROUTINE.format(exercise="curl-up"))
    user_file(folder, "routines", "bad.toml", ROUTINE.format(exercise="nope"))
    result = run()
    lines = result.output.splitlines()
    assert any(f"{folder}/routines/ID.toml" in line for line in lines)
    assert any(line.startswith(f"skipped {folder}/routines/bad.toml: ") for line in lines)
    assert all(len(line) <= 80 for line in lines if "─" in line or line.startswith("ID"))
    shown = run("show", "legs").output.splitlines()
    assert any(line.endswith(f"{folder}/routines/legs.toml") for line in shown)


def test_show_prints_the_steps() -> None:
    result = run("show", "pelvic-tilts")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Pelvic tilts (pelvic-tilts)"
    assert lines[2] == "gentle · about 3 min · 30 holds · built-in"
    steps = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert steps == [
        ["1", "Single-leg", "pelvic", "tilt", "1", "10", "2", "s", "each", "15", "s"],
        ["2", "Double-leg", "pelvic", "tilt", "1", "10", "2", "s", "both", "15", "s"],
    ]


def test_show_core_has_the_warm_up_first_the_swap_and_the_sources() -> None:
    result = run("show", "core")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1].startswith("Cat–camel to warm up, then McGill's big three")
    header = next(line.split() for line in lines if line.startswith("#"))
    assert header == ["#", "Exercise", "Sets", "Reps", "Hold", "Sides", "Rest", "Between", "sets"]
    steps = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert steps == [
        ["1", "Cat–camel", "1", "6", "3", "s", "both", "10", "s"],
        ["2", "Curl-up", "3", "5-3-1", "10", "s", "both", "15", "s", "swap", "legs"],
        ["3", "Side", "plank", "3", "5-3-1", "10", "s", "each", "20", "s"],
        ["4", "Bird", "dog", "3", "5-3-1", "10", "s", "each", "15", "s"],
        ["5", "Glute", "bridge", "1", "8", "3", "s", "both", "30", "s"],
    ]
    strength = [line.split() for line in run("show", "strength").output.splitlines()]
    assert ["1", "Chair", "squat", "3", "10", "2", "s", "both", "45", "s"] in strength  # 10 a set
    sources = lines[lines.index("Sources") + 1 :]
    assert sources[0].startswith("Core          McGill SM, Back Mechanic (Backfitpro, 2015)")
    assert sources[2].startswith("Curl-up       McGill SM, Back Mechanic (Backfitpro, 2015)")
    assert len(sources) == 6  # the routine, then each of its five exercises


def test_show_a_user_routine_without_a_source(user_config: Path) -> None:
    user_file(user_config, "routines", "legs.toml", ROUTINE.format(exercise="chair-squat"))
    lines = [line.rstrip() for line in run("show", "legs").output.splitlines()]
    assert lines[lines.index("Sources") + 1 :] == [
        "Legs         none given in its file",
        "Chair squat  Kisner C, Colby LA, Therapeutic Exercise: Foundations and Techniques "
        "(F.A. Davis): the partial squat, in exercise for the hip",
    ]


def test_show_an_unknown_routine_suggests_one() -> None:
    result = CliRunner().invoke(cli, ["routines", "show", "cor"])
    assert result.exit_code == 2
    assert result.stderr == (
        'coach: no routine "cor" (did you mean "core"?); `coach routines` lists them\n'
    )


def test_show_a_skipped_routine_says_why(user_config: Path) -> None:
    bad = user_file(user_config, "routines", "legs.toml", "name = ")
    result = CliRunner().invoke(cli, ["routines", "show", "legs"])
    assert result.exit_code == 2
    assert result.stderr == (
        f'coach: routine "legs" was skipped: {bad}: '
        "not valid TOML: Invalid value (at end of document)\n"
    )


def test_check_everything() -> None:
    result = run("check")
    assert result.exit_code == 0
    assert result.output.startswith("checked ") and result.output.endswith(" files: all valid\n")


def test_check_everything_fails_on_a_broken_user_file(user_config: Path) -> None:
    text = EXERCISE.replace("reps = 3", 'reps = "three"')
    bad = user_file(user_config, "exercises", "wall-sit.toml", text)
    result = run("check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f'{bad}: reps: expected a whole number from 1 to 100, got "three"'
    assert len(lines) == 2 and lines[1].endswith(" files: 1 with errors (1 error)")


def test_check_everything_names_an_easier_form_that_is_no_exercise(user_config: Path) -> None:
    bad = user_file(user_config, "exercises", "wall-sit.toml", EXERCISE + 'easier = "sqat"\n')
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f'{bad}: easier: no exercise "sqat" (ids are exercise file names)'
    )


def test_check_given_files_together(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    move = tmp_path / "new" / "wall-sit.toml"
    move.write_text(EXERCISE)
    legs = tmp_path / "new" / "legs.toml"
    legs.write_text(ROUTINE.format(exercise="wall-sit"))
    assert run("check", str(legs), str(move)).output == "checked 2 files: all valid\n"

    result = run("check", str(legs), str(tmp_path / "missing.toml"))
    assert result.exit_code == 1
    assert result.output == (
        f'{legs}: steps[0].exercise: no exercise "wall-sit" (ids are exercise file names)\n'
        f"{tmp_path}/missing.toml: cannot be read: no such file or directory\n"
        "checked 2 files: 2 with errors (2 errors)\n"
    )


def test_check_reports_every_error_of_a_file(tmp_path: Path) -> None:
    bad = tmp_path / "routines" / "legs.toml"
    bad.parent.mkdir()
    bad.write_text('name = "Legs"\nlevel = "hard"\n[[steps]]\nexercise = "curl-up"\nreps = 0\n')
    result = run("check", str(bad))
    assert result.exit_code == 1
    assert result.output == (
        f'{bad}: level: expected one of "gentle", "standard", "strong", got "hard"\n'
        f"{bad}: steps[0].reps: expected a whole number from 1 to 100, or a list of them with "
        "one per set (such as [5, 3, 1]), got 0\n"
        "checked 1 file: 1 with errors (2 errors)\n"
    )
    bad.write_text('name = "Legs"\n[[steps]]\nexercise = "curl-up"\n')  # no summary: fine
    assert run("check", str(bad)).output == "checked 1 file: all valid\n"


def test_check_reports_every_error_of_an_exercise_file(tmp_path: Path) -> None:
    move = tmp_path / "exercises" / "wall-sit.toml"
    move.parent.mkdir()
    move.write_text(EXERCISE.replace('"strength"', '"legs"').replace("reps = 3", "reps = 0"))
    result = run("check", str(move))
    assert result.exit_code == 1
    assert result.output == (
        f'{move}: area: expected one of "mobility", "core", "stretch", "strength", got "legs"\n'
        f"{move}: reps: expected a whole number from 1 to 100, got 0\n"
        "checked 1 file: 1 with errors (2 errors)\n"
    )


COACH = shutil.which("coach", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(COACH is None, reason="the coach command is not installed in this venv")
def test_the_installed_command(user_config: Path) -> None:
    user_file(user_config, "routines", "bad.toml", 'name = "x"\nsummary = "y"\nsteps = 3\n')

    def coach(*args: str) -> subprocess.CompletedProcess[str]:
        assert COACH
        return subprocess.run(
            [COACH, "routines", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COLUMNS": "200"},
            stdin=subprocess.DEVNULL,
        )

    listed = coach()
    assert listed.returncode == 0, listed.stderr
    assert {"core", "gentle", "pelvic-tilts", "pre-run", "strength"} <= set(rows(listed.stdout))
    assert (
        f"skipped {user_config}/routines/bad.toml: steps: expected 1 to 60 [[steps]] tables, got 3"
        in listed.stdout
    )
    shown = coach("show", "core")
    assert shown.returncode == 0 and "Side plank" in shown.stdout
    checked = coach("check")
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0] == (
        f"{user_config}/routines/bad.toml: steps: expected 1 to 60 [[steps]] tables, got 3"
    )


def test_a_dose_is_set_by_hand_shown_and_reset(tmp_path: Path) -> None:
    db = tmp_path / "data" / "coach.db"

    def dose(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(db), "routines", "dose", *args])

    result = dose("core", "bird-dog", "3x6", "--hold", "8")
    assert (result.exit_code, result.output) == (0, "Bird dog: 3 × 6 reps, 8 s holds\n")
    table = rows(dose("core").output)
    assert table["Bird dog"][1:3] == ["3 × 6 reps, 8 s holds", "5-3-1 reps, 10 s holds"]
    assert table["Bird dog"][3].endswith(": set by hand")
    assert table["Curl-up"][3] == "–"
    assert dose("core", "bird-dog", "4").output == "Bird dog: 4 reps, 8 s holds\n"
    assert dose("core", "bird-dog", "--reset").output == "Bird dog: 5-3-1 reps, 10 s holds\n"
    assert dose("core", "curl-up", "5,3,1", "--hold", "12").output == (
        "Curl-up: 5-3-1 reps, 12 s holds\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("core", "bird-dog", "x"),
         'reps must be like 8, 3x8 or 5,3,1 (one number per set), not "x"'),
        (("core", "bird-dog", "0"), "reps must be whole numbers from 1 to 100"),
        (("core", "bird-dog", "5", "--hold", "301"), "a hold must be from 1 to 300 seconds"),
        (("core", "bird-dog"), "give REPS (and perhaps --hold), or --reset"),
        (("core", "bird-dog", "5", "--reset"), "give REPS (and perhaps --hold), or --reset"),
        (("core", "birddog", "5"), 'routine "core" has no exercise "birddog": cat-camel, curl-up, '
         "side-plank, bird-dog, glute-bridge"),
        (("cor",), 'no routine "cor" (did you mean "core"?); `coach routines` lists them'),
    ],
)  # fmt: skip
def test_a_dose_by_hand_that_cannot_be_is_refused(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "coach.db"), "routines", "dose", *args]
    )
    assert (result.exit_code, result.output) == (2, f"coach: {message}\n")
