"""What a single day holds, for the home screen and `coach status`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.store.checkins import current_checkin
from coach.store.db import Store


@dataclass(frozen=True)
class DayStatus:
    day: date
    checkin_pain: int | None
    red_flag: str | None  # 'urgent', 'same_day', or None when none was raised that day
    sessions_completed: tuple[str, ...]  # routine ids, in order

    @property
    def checked_in(self) -> bool:
        return self.checkin_pain is not None


def day_status(store: Store, day: date) -> DayStatus:
    conn = store.conn
    iso = day.isoformat()
    checkin = current_checkin(store, day)
    flag = conn.execute(
        "SELECT result FROM red_flags WHERE day = ? AND result != 'none' "
        "ORDER BY CASE result WHEN 'urgent' THEN 0 ELSE 1 END LIMIT 1",
        [iso],
    ).fetchone()
    completed = conn.execute(
        "SELECT routine FROM sessions WHERE day = ? AND status = 'completed' ORDER BY started_at",
        [iso],
    ).fetchall()
    return DayStatus(
        day=day,
        checkin_pain=checkin.pain if checkin else None,
        red_flag=flag[0] if flag else None,
        sessions_completed=tuple(row[0] for row in completed),
    )
