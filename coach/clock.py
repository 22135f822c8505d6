"""Time, injected: the app reads the wall clock and the monotonic clock only through a Clock.

Instants are stored in UTC with the user's local calendar date beside them; durations come from
the monotonic clock, which a wall-clock jump (DST, NTP, a user changing the time) cannot move.
Tests and screenshots pass a FakeClock and move it by hand.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    def today(self) -> date:
        """The user's local calendar date at this instant."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now().astimezone().date()

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to: both its wall and monotonic time advance together."""

    def __init__(self, start: datetime, *, monotonic_start: float = 1000.0) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)
        self._monotonic = monotonic_start

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.astimezone().date()

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._monotonic += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move the wall clock alone, as DST or a user changing the time would."""
        self._now += timedelta(seconds=seconds)


def iso_utc(instant: datetime) -> str:
    """The stored form of an instant: ISO 8601 in UTC with a Z, to the millisecond."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
