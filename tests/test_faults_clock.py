"""The wall clock jumps: a hold lasts its seconds on the monotonic clock, and a check-in's day is
the user's local date at the moment of the check-in, across DST changes.

README's promise on time, and where each part is tested: holds under an hour's jump forward and back
`test_a_wall_clock_jump_during_a_hold_changes_nothing` (late frames and a frozen process:
tests/test_timer.py); the day around both New York DST changes
`test_the_checkin_day_is_the_local_date_across_dst`; the real clock of the command in the
zones furthest from UTC `test_coach_checkin_records_the_local_date_not_the_utc_one`.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.store import Store
from coach.store.checkins import save_checkin
from harness.terminal import COACH, coach_env
from tests.helpers import end_phase, four_app, pain_now_kept


async def test_a_wall_clock_jump_during_a_hold_changes_nothing(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = four_app(store, clock, config_dir)  # 2-second holds
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        end_phase(screen, clock)
        for jump in (3600, -3600, -7200):  # forward an hour, back (DST ends), back two
            assert screen.timer.kind == "hold"
            clock.advance(0.5)
            clock.jump_wall(jump)
            screen.on_deadline()  # what a timer firing at the wrong moment would do
            assert screen.timer.kind == "hold"
            assert screen.timer.remaining() == 1.5
            clock.advance(1.5)
            screen.on_deadline()  # the hold's real end
            assert screen.timer.kind == "release"
            end_phase(screen, clock)
    held = store.db.execute("SELECT hold_s, held_s FROM reps ORDER BY id").fetchall()
    assert held == [(2.0, 2.0)] * 3


@pytest.fixture
def new_york() -> Iterator[None]:
    before = os.environ["TZ"]
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        os.environ["TZ"] = before
        time.tzset()


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        ("2026-03-08T04:59:00", "2026-03-07"),  # 23:59 EST, the evening before clocks go forward
        ("2026-03-08T06:59:00", "2026-03-08"),  # 01:59 EST
        ("2026-03-08T07:00:00", "2026-03-08"),  # 03:00 EDT: 02:00 never happened
        ("2026-11-01T03:59:00", "2026-10-31"),  # 23:59 EDT, the evening before clocks go back
        ("2026-11-01T05:30:00", "2026-11-01"),  # 01:30 EDT
        ("2026-11-01T06:30:00", "2026-11-01"),  # 01:30 EST, the same hour again
        ("2026-11-25T02:00:00", "2026-11-24"),  # 21:00 EST: already the 25th in UTC
    ],
)
def test_the_checkin_day_is_the_local_date_across_dst(
    new_york: None, store: Store, instant: str, day: str
) -> None:
    clock = FakeClock(datetime.fromisoformat(instant).replace(tzinfo=UTC))
    save_checkin(store, clock, checkin_entry(pain=3))
    assert store.db.execute("SELECT day, at FROM checkins").fetchall() == [(day, f"{instant}.000Z")]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])  # UTC+14 and UTC-12
def test_coach_checkin_records_the_local_date_not_the_utc_one(tmp_path: Path, zone: str) -> None:
    """At any moment one of these two zones is on a different date from UTC."""
    db = tmp_path / "coach.db"
    env = {**coach_env(tmp_path, db), "TZ": zone}
    local = ZoneInfo(zone)
    before = datetime.now(local).date()
    result = subprocess.run(
        [str(COACH), "checkin", "--pain", "2", "--red-flags", "none", "--about-you", "none"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    after = datetime.now(local).date()
    assert result.returncode == 0, result.stderr
    store = Store.open(db)
    try:
        (day,) = store.db.execute("SELECT day FROM checkins").fetchone()
    finally:
        store.close()
    assert date.fromisoformat(day) in {before, after}
