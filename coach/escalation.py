"""When the person's own records say "see your GP or physiotherapist".

Not a warning sign and not a stop: exercise goes on. Four rules, every number from
`coach.rules.THRESHOLDS`:
- pain at or above `high_pain_from` on `high_pain_mornings` mornings running;
- pain at `worst_pain` (the worst imaginable) even once;
- after `no_improvement_after_days` of use, the last fortnight's average pain has not improved
  on the first fortnight's by a change people notice, and is still `still_moderate_from` or more;
- a PEG score of `peg_high_from` or more in `peg_high_weeks` weekly answers running.
A notice is shown while what raised it is recent (`notice_window_days`); dismissed, it stays
away for `notice_quiet_days`. The clinician's report lists every notice, dismissed or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.rules import (
    AVERAGE_DAYS,
    CHANGE_RULES,
    MIN_DAYS_FOR_CLAIM,
    WORST_PAIN,
    is_noticeable_change,
    threshold,
    whole,
)
from coach.store.db import Store
from coach.store.history import calendar_days, pain_period, peg_trend, record_span
from coach.store.red_flags import dismissed_since

HIGH_PAIN_FROM = whole("high_pain_from")
HIGH_PAIN_MORNINGS = whole("high_pain_mornings")
NO_IMPROVEMENT_AFTER_DAYS = whole("no_improvement_after_days")
STILL_MODERATE_FROM = threshold("still_moderate_from")
PEG_HIGH_FROM = threshold("peg_high_from")
PEG_HIGH_WEEKS = whole("peg_high_weeks")
WINDOW_DAYS = whole("notice_window_days")
QUIET_DAYS = whole("notice_quiet_days")

SEE_CLINICIAN = "See your GP or physiotherapist"


@dataclass(frozen=True)
class Notice:
    #: Which rule raised it (what a dismissal records).
    rule: str
    #: Why, from the person's own numbers.
    reason: str

    @property
    def text(self) -> str:
        return f"{SEE_CLINICIAN}: {self.reason}."


def notice_text(shown: Sequence[Notice]) -> str:
    """One notice as one sentence; several under one heading, a line for each reason."""
    if len(shown) <= 1:
        return "".join(notice.text for notice in shown)
    return "\n".join([f"{SEE_CLINICIAN}:", *(f"· {notice.reason}." for notice in shown)])


def notices(store: Store, today: date) -> list[Notice]:
    """Every rule that holds today, dismissed or not (the clinician's report lists them all)."""
    found = [
        _high_pain_run(store, today),
        _worst_pain(store, today),
        _no_improvement(store, today),
        _peg_high(store, today),
    ]
    return [notice for notice in found if notice is not None]


def shown_notices(store: Store, today: date) -> list[Notice]:
    """The notices to show today: those not dismissed in the last `notice_quiet_days`."""
    quiet = dismissed_since(store, today - timedelta(days=QUIET_DAYS - 1))
    return [notice for notice in notices(store, today) if notice.rule not in quiet]


def _high_pain_run(store: Store, today: date) -> Notice | None:
    start = today - timedelta(days=WINDOW_DAYS + HIGH_PAIN_MORNINGS - 2)
    days = calendar_days(store, start, today)
    run: list[date] = []
    best: list[date] = []
    day = start
    while day <= today:
        record = days.get(day)
        if record is not None and record.pain is not None and record.pain >= HIGH_PAIN_FROM:
            run.append(day)
            if len(run) >= HIGH_PAIN_MORNINGS:
                best = list(run)
        else:
            run = []
        day += timedelta(days=1)
    if not best:
        return None
    return Notice(
        "high_pain_run",
        f"pain {HIGH_PAIN_FROM}/10 or more on {len(best)} mornings running "
        f"({best[0]:%-d %b} to {best[-1]:%-d %b})",
    )


def _worst_pain(store: Store, today: date) -> Notice | None:
    days = calendar_days(store, today - timedelta(days=WINDOW_DAYS - 1), today)
    worst = [day for day, record in days.items() if (record.pain or 0) >= WORST_PAIN]
    if not worst:
        return None
    return Notice(
        "worst_pain",
        f"pain {WORST_PAIN}/10, the worst imaginable, on {max(worst):%-d %b}",
    )


def _no_improvement(store: Store, today: date) -> Notice | None:
    span = record_span(store)
    days_of_use = (today - span[0]).days + 1 if span is not None else 0
    if span is None or days_of_use < NO_IMPROVEMENT_AFTER_DAYS:
        return None
    first = pain_period(store, span[0], span[0] + timedelta(days=AVERAGE_DAYS - 1))
    recent = pain_period(store, today - timedelta(days=AVERAGE_DAYS - 1), today)
    if first.avg_pain is None or recent.avg_pain is None:
        return None
    if min(first.days, recent.days) < MIN_DAYS_FOR_CLAIM:
        return None
    if round(recent.avg_pain, 1) < STILL_MODERATE_FROM:
        return None
    improved = round(recent.avg_pain, 1) < round(first.avg_pain, 1)
    if improved and is_noticeable_change(first.avg_pain, recent.avg_pain, averaged=True):
        return None
    weeks = days_of_use // 7
    rule = CHANGE_RULES["averaged"]
    return Notice(
        "no_improvement",
        f"after {weeks} weeks your 2-week average pain is {recent.avg_pain:.1f}, against "
        f"{first.avg_pain:.1f} in your first 2 weeks: less than the {rule.points:g} points or "
        f"{rule.fraction or 0:.0%} people notice",
    )


def _peg_high(store: Store, today: date) -> Notice | None:
    span = WINDOW_DAYS + 7 * PEG_HIGH_WEEKS
    points = peg_trend(store, today - timedelta(days=span))
    latest = points[-PEG_HIGH_WEEKS:]
    if len(latest) < PEG_HIGH_WEEKS or (today - latest[-1].day).days >= WINDOW_DAYS:
        return None
    if any(point.score < PEG_HIGH_FROM for point in latest):
        return None
    scores = " and ".join(f"{point.score:.1f}" for point in latest)
    return Notice(
        "peg_high",
        f"your weekly PEG score was {scores}: {PEG_HIGH_FROM:g} or more {len(latest)} weeks "
        "running",
    )
