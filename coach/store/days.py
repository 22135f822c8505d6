"""What a single day holds, for the home screen and `coach status`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.store.checkins import current_checkin
from coach.store.claims import played_elsewhere
from coach.store.db import Store
from coach.store.red_flags import held_tier


@dataclass(frozen=True)
class DayStatus:
    day: date
    checkin_pain: int | None
    #: 'urgent' or 'same_day' while a warning sign (today's or an earlier day's) has not been
    #: followed up as seen or gone; None otherwise.
    red_flag: str | None
    sessions_completed: tuple[str, ...]  # routine ids, in order
    #: Routine ids of the day's sessions another copy of coach is playing now, in order.
    sessions_elsewhere: tuple[str, ...] = ()

    @property
    def checked_in(self) -> bool:
        return self.checkin_pain is not None


def day_status(store: Store, day: date) -> DayStatus:
    conn = store.conn
    iso = day.isoformat()
    checkin = current_checkin(store, day)
    completed = conn.execute(
        "SELECT routine FROM sessions WHERE day = ? AND status = 'completed' ORDER BY started_at",
        [iso],
    ).fetchall()
    return DayStatus(
        day=day,
        checkin_pain=checkin.pain if checkin else None,
        red_flag=held_tier(store),
        sessions_completed=tuple(row[0] for row in completed),
        sessions_elsewhere=played_elsewhere_on(store, day),
    )


def played_elsewhere_on(store: Store, day: date) -> tuple[str, ...]:
    """Routine ids of `day`'s sessions another copy of coach is playing now, in order."""
    in_progress = store.conn.execute(
        "SELECT id, routine FROM sessions WHERE day = ? AND status = 'in_progress' "
        "ORDER BY started_at",
        [day.isoformat()],
    ).fetchall()
    return tuple(
        routine for session_id, routine in in_progress if played_elsewhere(store, session_id)
    )
