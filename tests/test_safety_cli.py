"""The safety gate from the command line: a warning sign remembered the next morning, its
follow-up, `coach status` and `coach start` while it holds, the emergency number from the
settings. The real file, the real commands (click's runner), a frozen clock moved by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coach.cli.main import cli
from coach.clock import FakeClock
from coach.store import Store


def run(db_file: Path, clock: FakeClock, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_file), *args], obj=clock)


def rows(db_file: Path, sql: str) -> list[tuple]:
    store = Store.open(db_file)
    try:
        return store.conn.execute(sql).fetchall()
    finally:
        store.close()


def urgent_yesterday(db_file: Path, clock: FakeClock) -> None:
    first = run(
        db_file, clock, "checkin", "--pain", "4", "--about-you", "none",
        "--red-flags", "saddle_numbness",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "WARNING SIGN: Get emergency care now." in first.stdout
    assert "Call 999 or go to the emergency department (A&E) now." in first.stdout
    clock.advance(86400)


def test_the_next_morning_asks_the_follow_up_before_anything_else(
    db_file: Path, clock: FakeClock
) -> None:
    """Urgent on day 1; on day 2 `coach checkin --pain 9` is not a gentle day: it is refused
    until the follow-up is answered, and says how."""
    urgent_yesterday(db_file, clock)
    refused = run(db_file, clock, "checkin", "--pain", "9")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "coach: On 25 November you reported numbness around the genitals or bottom. Have you "
        "been seen by a clinician, or has it gone? Add --follow-up seen"
    )
    assert "Nothing was saved." in refused.stderr
    assert rows(db_file, "SELECT count(*) FROM checkins WHERE day = '2026-11-26'") == [(0,)]
    status = run(db_file, clock, "status")
    assert status.stdout == (
        "coach: warning sign of 25 Nov · follow-up due: coach checkin --follow-up "
        "seen|gone|not-yet\n"
    )


def test_not_yet_records_the_checkin_and_repeats_the_advice(
    db_file: Path, clock: FakeClock
) -> None:
    urgent_yesterday(db_file, clock)
    result = run(db_file, clock, "checkin", "--pain", "9", "--follow-up", "not-yet")
    assert result.exit_code == 0, result.output
    assert "Follow-up recorded: not yet seen, and not gone." in result.stdout
    assert "WARNING SIGN: Get emergency care now." in result.stdout
    assert "Today:" not in result.stdout  # no exercise advice past it
    assert rows(db_file, "SELECT answer, day FROM follow_ups") == [("not_yet", "2026-11-26")]
    again = run(db_file, clock, "checkin", "--pain", "8", "--replace")  # asked once a day
    assert again.exit_code == 0, again.output
    assert "WARNING SIGN" in again.stdout
    start = run(db_file, clock, "start", "core")
    assert start.exit_code == 2
    assert "No exercise until it is followed up" in start.stderr
    assert "Run: coach checkin --pain N --follow-up seen|gone|not-yet" in start.stderr


@pytest.mark.parametrize("answer", ["seen", "gone"])
def test_seen_or_gone_lift_the_hold_and_the_signs_are_asked_again(
    db_file: Path, clock: FakeClock, answer: str
) -> None:
    urgent_yesterday(db_file, clock)
    without_signs = run(db_file, clock, "checkin", "--pain", "3", "--follow-up", answer)
    assert without_signs.exit_code == 2
    assert "add --red-flags none" in without_signs.stderr
    lifted = run(
        db_file, clock, "checkin", "--pain", "3", "--follow-up", answer, "--red-flags", "none"
    )
    assert lifted.exit_code == 0, lifted.output
    said = {"seen": "seen by a clinician, and told exercise is fine", "gone": "it has gone"}
    assert f"Follow-up recorded: {said[answer]}." in lifted.stdout  # as the report says it
    assert "Today: Normal day." in lifted.stdout
    # a warning sign is a flare: the programme's level went one down, to pelvic tilts
    status = run(db_file, clock, "status").stdout
    assert status.startswith("coach: pain 3 · normal day · Pelvic tilts due")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("none", "there is no warning sign to follow up"),
        ("today", "the warning sign was reported today: the follow-up is asked from tomorrow"),
    ],
)
def test_a_follow_up_without_a_warning_to_follow_is_refused(
    db_file: Path, clock: FakeClock, setup: str, message: str
) -> None:
    flags = "none" if setup == "none" else "fever"
    first = run(db_file, clock, "checkin", "--pain", "3", "--about-you", "none",
                "--red-flags", flags)  # fmt: skip
    assert first.exit_code == 0, first.output
    result = run(db_file, clock, "checkin", "--pain", "3", "--replace", "--follow-up", "gone")
    assert result.exit_code == 2 and message in result.stderr


def test_the_emergency_number_comes_from_the_settings(
    db_file: Path, clock: FakeClock, private_home: Path
) -> None:
    config = private_home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('emergency_number = "911"\n')
    result = run(db_file, clock, "checkin", "--pain", "2", "--about-you", "none",
                 "--red-flags", "chest_pain")  # fmt: skip
    assert "Call 911 or go to the emergency department now." in result.stdout  # no "A&E"
    status = run(db_file, clock, "status")
    assert status.stdout == "coach: warning sign · get emergency care now (call 911)\n"


def test_about_you_raises_the_tier_from_the_command_line(db_file: Path, clock: FakeClock) -> None:
    result = run(db_file, clock, "checkin", "--pain", "2", "--about-you", "weak_immunity",
                 "--red-flags", "fever")  # fmt: skip
    assert "WARNING SIGN: Get emergency care now." in result.stdout
    assert rows(db_file, "SELECT weak_immunity FROM about_you") == [(1,)]
    only_with_cancer = run(db_file, clock, "checkin", "--pain", "2", "--replace",
                           "--new-symptoms", "--red-flags", "one_leg")  # fmt: skip
    assert only_with_cancer.exit_code == 2
    assert "red flags must be none or a comma-separated list of" in only_with_cancer.stderr


def test_a_mistaken_yes_is_taken_back_the_same_day_from_the_command_line(
    db_file: Path, clock: FakeClock
) -> None:
    """Replacing the check-in with all "no" leaves the day held (the earlier yes stands, as
    it would if a later screen simply missed it); --mistake is the care screen's
    "I answered by mistake": the yes kept as replaced (the replacing check-in's all-clear
    stands: it was not the mistake), the day follows the new."""
    nothing = run(db_file, clock, "checkin", "--mistake", "--red-flags", "none")
    assert nothing.exit_code == 2
    assert "there is no warning sign from today to take back" in nothing.stderr
    first = run(db_file, clock, "checkin", "--pain", "4", "--about-you", "none",
                "--red-flags", "chest_pain")  # fmt: skip
    assert "Answered by mistake? coach checkin --mistake --red-flags none|LIST" in first.stdout
    replaced = run(db_file, clock, "checkin", "--pain", "4", "--replace", "--red-flags", "none")
    assert "WARNING SIGN: Get emergency care now." in replaced.stdout
    start = run(db_file, clock, "start", "core")
    assert start.exit_code == 2
    assert "Answered by mistake? Run: coach checkin --mistake --red-flags none|LIST" in (
        start.stderr
    )
    mixed = run(db_file, clock, "checkin", "--mistake", "--pain", "3", "--red-flags", "none")
    assert mixed.exit_code == 2 and "--mistake takes only --red-flags, not --pain" in mixed.stderr
    bare = run(db_file, clock, "checkin", "--mistake")
    assert bare.exit_code == 2 and "--mistake needs the answers again" in bare.stderr
    taken_back = run(db_file, clock, "checkin", "--mistake", "--red-flags", "none")
    assert taken_back.exit_code == 0, taken_back.output
    assert taken_back.stdout == (
        "Your earlier answers (chest pain) are kept as replaced by mistake; the day follows "
        "these.\nNo warning sign: exercise is open again today.\n"
    )
    assert run(db_file, clock, "status").stdout.startswith("coach: pain 4 · easy day")
    assert rows(db_file, "SELECT result, superseded_at IS NOT NULL FROM red_flags ORDER BY id") == [
        ("urgent", 1),
        ("none", 0),
        ("none", 0),
    ]


def test_a_yes_is_not_taken_back_the_next_day(db_file: Path, clock: FakeClock) -> None:
    urgent_yesterday(db_file, clock)
    late = run(db_file, clock, "checkin", "--mistake", "--red-flags", "none")
    assert late.exit_code == 2
    assert "Answers can be taken back only on their own day" in late.stderr
    assert rows(db_file, "SELECT count(*) FROM red_flags WHERE superseded_at IS NULL") == [(1,)]
