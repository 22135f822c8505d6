"""`coach checkin` and `coach status`: the same check-in from a script, one line for a prompt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coach.cli.checkin import checkin
from coach.cli.main import cli
from coach.clock import SystemClock
from coach.store import Store
from coach.vocabulary import ACTIVITY, SLEEP, STIFFNESS

PAIN_MESSAGE = "coach: pain must be a whole number from 0 to 10\n"
#: What the first check-in from a script needs besides the pain: the warning signs, about you.
FIRST = ("--red-flags", "none", "--about-you", "none")


def run(db_file: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_file), *args])


def table(db_file: Path, name: str) -> list[dict[str, object]]:
    store = Store.open(db_file)
    try:
        return list(store.db[name].rows)
    finally:
        store.close()


@pytest.mark.parametrize("pain", ["11", "-1", "4.5", "abc", ""])
def test_bad_pain_exits_non_zero_says_the_range_and_saves_nothing(db_file: Path, pain: str) -> None:
    result = run(db_file, "checkin", "--pain", pain, "--red-flags", "none")
    assert result.exit_code == 2
    assert result.stderr == PAIN_MESSAGE
    assert not db_file.exists()  # refused before the database is even opened


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--activity", "swim:20"], "activity must be one of run, walk, strength, other, rest"),
        (["--activity", "run:2000"], "activity minutes must be a whole number from 0 to 1440"),
        (["--sleep", "great"], "sleep must be one of poor, fair, good"),
        (["--stiffness", "some"], "stiffness must be one of none, under_30, longer"),
        (["--peg", "5,4"], "PEG must be three whole numbers from 0 to 10"),
        (["--red-flags", "back_ache"], "red flags must be none or a comma-separated list of"),
    ],
)
def test_each_bad_value_is_refused(db_file: Path, args: list[str], message: str) -> None:
    result = run(db_file, "checkin", "--pain", "3", "--red-flags", "none", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"coach: {message}")
    assert not db_file.exists()


def test_the_first_checkin_needs_the_red_flag_answers_and_about_you(db_file: Path) -> None:
    result = run(db_file, "checkin", "--pain", "3")
    assert result.exit_code == 2
    assert "add --red-flags none" in result.stderr and "add --about-you none" in result.stderr
    assert table(db_file, "checkins") == []
    without_background = run(db_file, "checkin", "--pain", "3", "--red-flags", "none")
    assert without_background.exit_code == 2
    assert "about you is asked once" in without_background.stderr
    assert table(db_file, "checkins") == [] and table(db_file, "about_you") == []


def test_a_checkin_from_a_script(db_file: Path) -> None:
    result = run(
        db_file,
        "checkin",
        "--pain", "3",
        "--activity", "run:25",
        "--sleep", "good",
        "--stiffness", "under_30",
        "--note", "felt fine",
        "--peg", "4,3,2",
        *FIRST,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Check-in saved: pain 3/10.",
        # the week's first strength day (coach.programme)
        "Today: Normal day. Strength today (or core), with the pre-run routine before a run.",
        "Running: your usual run; stop if pain rises above 5",
        "(Not a runner? Answer on coach's home screen or under Running in its Settings, or set "
        'runner = "no" in settings.toml.)',
    ]
    [row] = table(db_file, "checkins")
    assert row["day"] == SystemClock().today().isoformat()
    assert (row["pain"], row["activity"], row["activity_min"]) == (3, "run", 25)
    assert (row["sleep"], row["stiffness"], row["note"]) == ("good", "under_30", "felt fine")
    assert table(db_file, "peg")[0]["score"] == 3.0
    assert table(db_file, "red_flags")[0]["result"] == "none"


@pytest.mark.parametrize(
    ("flags", "result", "words"),
    [
        ("saddle_numbness", "urgent", "WARNING SIGN: Get emergency care now."),
        ("fever,minor_fall", "same_day", "WARNING SIGN: See a doctor today."),
        ("none", "none", "Today: Easy day."),
    ],
)
def test_the_red_flag_paths(db_file: Path, flags: str, result: str, words: str) -> None:
    outcome = run(db_file, "checkin", "--pain", "5", "--red-flags", flags, "--about-you", "none")
    assert outcome.exit_code == 0, outcome.output
    assert words in outcome.stdout
    assert ("coach is not a diagnosis" in outcome.stdout) is (result != "none")
    assert ("Today:" in outcome.stdout) is (result == "none")  # no advice past a red flag
    [row] = table(db_file, "red_flags")
    assert row["result"] == result


def test_new_symptoms_need_the_red_flag_answers_again(db_file: Path) -> None:
    assert run(db_file, "checkin", "--pain", "3", *FIRST).exit_code == 0
    again = run(db_file, "checkin", "--pain", "4", "--replace", "--new-symptoms")
    assert again.exit_code == 2 and "--red-flags" in again.stderr
    assert [row["pain"] for row in table(db_file, "checkins")] == [3]


def test_a_second_checkin_needs_replace(db_file: Path) -> None:
    assert run(db_file, "checkin", "--pain", "3", *FIRST).exit_code == 0
    second = run(db_file, "checkin", "--pain", "6")
    assert second.exit_code == 2
    assert "you already checked in today (pain 3 at " in second.stderr
    assert "add --replace" in second.stderr
    replaced = run(db_file, "checkin", "--pain", "6", "--replace")
    assert replaced.exit_code == 0, replaced.output
    first, latest = table(db_file, "checkins")
    assert first["superseded_at"] is not None and latest["superseded_at"] is None
    assert latest["pain"] == 6


def test_the_peg_reminder_when_it_is_due(db_file: Path) -> None:
    result = run(db_file, "checkin", "--pain", "2", *FIRST)
    assert "The weekly PEG questions are due" in result.stdout


def test_a_peg_replaced_with_its_checkin_is_asked_for_again(db_file: Path) -> None:
    """The week's PEG belongs to its check-in: replaced by one without a PEG, it counts for
    nothing (the history leaves it out), so the week's PEG is due again, not in a week."""
    first = run(db_file, "checkin", "--pain", "2", "--peg", "5,4,6", *FIRST)
    assert "PEG questions are due" not in first.stdout
    again = run(db_file, "checkin", "--pain", "3", "--replace")
    assert again.exit_code == 0, again.output
    assert "The weekly PEG questions are due" in again.stdout
    added = run(db_file, "checkin", "--peg", "5,4,6")
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("The week's PEG is saved with today's check-in (pain 3 at ")


def test_the_cli_defaults_are_the_screens(db_file: Path) -> None:
    defaults = {param.name: param.default for param in checkin.params}
    assert defaults["activity"] == ACTIVITY.default
    assert defaults["sleep"] == SLEEP.default
    assert defaults["stiffness"] == STIFFNESS.default


def test_status_with_no_database_creates_nothing(db_file: Path) -> None:
    result = run(db_file, "status")
    said = f"coach: check-in due (no database at {db_file} yet)\n"
    assert (result.exit_code, result.stdout) == (0, said)
    assert not db_file.exists()


def test_status_is_fast_and_never_imports_textual(db_file: Path) -> None:
    assert run(db_file, "checkin", "--pain", "3", *FIRST).exit_code == 0
    code = (
        "import sys\n"
        f"sys.argv = ['coach', '--db', {str(db_file)!r}, 'status']\n"
        "from coach.cli.main import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line, leaked = result.stdout.splitlines()
    assert line == "coach: pain 3 · normal day · Strength due · run: usual"
    assert leaked == "[]"
    assert " textual" not in result.stderr  # -X importtime lists every module imported


def test_peg_given_on_a_second_call_that_day_is_the_weeks_peg(db_file: Path) -> None:
    """The hint after a check-in says to add --peg: the same command with --peg added is
    accepted, as is --peg alone; other answers, or a warning sign, need --replace."""
    first = [
        "checkin",
        "--pain",
        "3",
        "--activity",
        "run:25",
        "--red-flags",
        "none",
        "--about-you",
        "none",
    ]
    saved = run(db_file, *first)
    assert "coach checkin --peg AVG,ENJOY,ACTIVITY" in saved.stdout
    again = run(db_file, *first, "--peg", "5,4,6")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("The week's PEG is saved with today's check-in (pain 3 at ")
    assert again.stdout.endswith("score 5.0.\n")
    [peg] = table(db_file, "peg")
    [checkin] = table(db_file, "checkins")
    assert (peg["checkin_id"], peg["score"]) == (checkin["id"], 5.0)
    twice = run(db_file, "checkin", "--peg", "1,1,1")
    assert twice.exit_code == 2
    assert "already has the week's PEG (score 5.0); to change it, add --replace" in twice.stderr
    other = run(db_file, "checkin", "--pain", "6", "--peg", "1,1,1")
    assert other.exit_code == 2 and "with other answers: give --peg alone" in other.stderr
    sign = run(db_file, "checkin", "--peg", "1,1,1", "--red-flags", "fever")
    assert sign.exit_code == 2 and "add --replace" in sign.stderr
    assert len(table(db_file, "peg")) == 1 and len(table(db_file, "checkins")) == 1


def test_peg_alone_needs_a_checkin_today_and_pain_is_needed_otherwise(db_file: Path) -> None:
    alone = run(db_file, "checkin", "--peg", "5,4,6")
    assert alone.exit_code == 2
    assert "no check-in today to add the PEG to: give --pain" in alone.stderr
    nothing = run(db_file, "checkin", "--red-flags", "none")
    assert nothing.exit_code == 2 and "--pain is needed" in nothing.stderr
    assert table(db_file, "checkins") == []


def test_an_activity_left_out_is_saved_as_not_said(db_file: Path) -> None:
    first = run(db_file, "checkin", "--pain", "3", "--red-flags", "none", "--about-you", "none")
    assert first.exit_code == 0, first.output
    again = run(db_file, "checkin", "--pain", "3", "--activity", "rest", "--replace")
    assert again.exit_code == 0, again.output
    rows = [(row["activity"], row["activity_answered"]) for row in table(db_file, "checkins")]
    assert rows == [("rest", 0), ("rest", 1)]
