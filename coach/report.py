"""What the history means in words, and the exports for a clinician.

The summary follows the usual threshold for the 0–10 pain scale: a change of 2 points or 30%
is the smallest one people notice (Farrar et al. 2001). Below it the summary says "no clear
change"; with fewer than MIN_DAYS_FOR_CLAIM days behind a figure it claims nothing at all.
Numbers are compared as displayed (one decimal), so the words always agree with the figures.

The JSON and Markdown exports are composed here; `coach.export` writes them (and the CSV files).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach import __version__
from coach.store.db import Store
from coach.store.history import (
    EXPORT_TABLES,
    PainPeriod,
    RoutineEffect,
    WeekRow,
    WhatHelps,
    export_rows,
    monday_of,
    pain_period,
    peg_trend,
    record_span,
    red_flags_raised,
    routine_totals,
    weeks,
    what_helps,
)
from coach.user_text import shown
from coach.vocabulary import ACTIVITY, Choice
from coach.words import count_pair

MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
MIN_DAYS_FOR_CLAIM = 5
#: The summary compares fortnights: one week is too noisy for pain that varies day to day.
PERIOD_DAYS = 14

NOTICEABLE = "a change of 2 points or 30% is one that people notice"
MINUS = "\u2212"
DASH = "—"

RED_FLAG_LABELS = {
    "saddle_numbness": "numbness around the groin or buttocks",
    "bladder_bowel": "new bladder or bowel trouble",
    "leg_weakness": "leg weakness getting worse",
    "fever": "fever or feeling unwell",
    "trauma": "a recent fall or accident",
    "cancer_history": "history of cancer or unexplained weight loss",
    "night_pain": "pain at night that does not ease",
}


# --- numbers and words -------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    """A figure for display: one decimal by default, a dash when there is none."""
    if value is None:
        return DASH
    return f"{value:.{digits}f}"


def signed(value: float) -> str:
    """+2.4 or −2.7, with a real minus sign."""
    text = f"{abs(value):.1f}"
    return f"+{text}" if value > 0 else f"{MINUS}{text}" if value < 0 else "±0.0"


def is_meaningful(before: float, after: float) -> bool:
    """A change of at least MEANINGFUL_POINTS, or MEANINGFUL_FRACTION of where it started."""
    before, after = round(before, 1), round(after, 1)
    change = abs(round(after - before, 1))
    # The tolerance keeps 5.0 → 3.5 (exactly 30%) from failing on float rounding.
    return change + 1e-9 >= MEANINGFUL_POINTS or (
        before > 0 and change + 1e-9 >= MEANINGFUL_FRACTION * before
    )


def describe_change(before: float, after: float, what: str = "weekly average pain") -> str:
    """'weekly average pain 5.8 → 3.1 (−2.7): less pain, and a change of 2 points or 30% …'."""
    figures = f"{what} {change_figures(before, after)}"
    if not is_meaningful(before, after):
        return f"{figures}: no clear change ({NOTICEABLE})."
    return f"{figures}: {_direction(before, after)}, and {NOTICEABLE}."


def change_figures(before: float, after: float) -> str:
    """'5.8 → 3.1 (−2.7)', rounded as the verdict compares them."""
    b, a = round(before, 1), round(after, 1)
    return f"{b:.1f} → {a:.1f} ({signed(round(a - b, 1))})"


def change_verdict(before: float, after: float) -> str:
    """The few words a narrow screen has room for: 'less pain, a change people notice'."""
    if not is_meaningful(before, after):
        return "no clear change"
    return f"{_direction(before, after)}, a change people notice"


def _direction(before: float, after: float) -> str:
    return "less pain" if round(after, 1) < round(before, 1) else "more pain"


@dataclass(frozen=True)
class Comparison:
    """Two periods of daily pain, and whether they hold enough days to compare."""

    label: str
    before: PainPeriod
    after: PainPeriod

    @property
    def enough(self) -> bool:
        return (
            min(self.before.days, self.after.days) >= MIN_DAYS_FOR_CLAIM
            and self.before.avg_pain is not None
            and self.after.avg_pain is not None
        )

    def sentence(self) -> str:
        if not self.enough:
            return f"{self.label}: {self._too_few()}."
        assert self.before.avg_pain is not None and self.after.avg_pain is not None
        return f"{self.label}: {describe_change(self.before.avg_pain, self.after.avg_pain)}"

    def short(self) -> str:
        """'2.9 → 2.1 (−0.8): no clear change', for the history screen."""
        if not self.enough:
            return self._too_few()
        assert self.before.avg_pain is not None and self.after.avg_pain is not None
        before, after = self.before.avg_pain, self.after.avg_pain
        return f"{change_figures(before, after)}: {change_verdict(before, after)}"

    def _too_few(self) -> str:
        return (
            "too few check-ins to compare "
            f"({count_pair(self.before.days, self.after.days, 'day')}; "
            f"each needs at least {MIN_DAYS_FOR_CLAIM})"
        )


def comparisons(store: Store) -> list[Comparison]:
    """The last two weeks on record against the two before, and against the first two."""
    span = record_span(store)
    if span is None:
        return []
    first, last = span
    recent = pain_period(store, last - timedelta(days=PERIOD_DAYS - 1), last)
    previous_end = recent.start - timedelta(days=1)
    previous = pain_period(store, previous_end - timedelta(days=PERIOD_DAYS - 1), previous_end)
    result = [Comparison(f"Last 2 weeks ({_span(recent)}) vs the 2 before", previous, recent)]
    first_end = first + timedelta(days=PERIOD_DAYS - 1)
    if first_end < previous.start:
        opening = pain_period(store, first, first_end)
        result.append(
            Comparison(f"Last 2 weeks vs your first 2 ({_span(opening)})", opening, recent)
        )
    return result


def summary_lines(store: Store) -> list[str]:
    return [comparison.sentence() for comparison in comparisons(store)]


def routine_line(effect: RoutineEffect) -> str:
    """'core: pain −1.2 after a session on average (34 sessions)', or why there is no claim."""
    if effect.sessions < MIN_DAYS_FOR_CLAIM or effect.avg_change is None:
        return f"{effect.routine}: too few sessions to say ({effect.sessions})"
    return (
        f"{effect.routine}: pain {signed(effect.avg_change)} after a session on average "
        f"({effect.sessions} sessions)"
    )


def activity_lines(helps: WhatHelps) -> list[str]:
    """Next-morning pain after each kind of day, against the average of all days."""
    lines = []
    for effect in helps.activities:
        label = ACTIVITY.phrase(effect.activity)
        if effect.days < MIN_DAYS_FOR_CLAIM or effect.avg_next_pain is None:
            lines.append(f"after {label}: too few days to say ({effect.days})")
            continue
        lines.append(
            f"after {label}: pain {effect.avg_next_pain:.1f} next morning ({effect.days} days)"
        )
    return lines


# --- the week table, one definition for the screen, the CLI and the exports ----------------

#: The activities with a column of their own in the week table and the chart (80 columns leave
#: no room for the others).
WEEK_ACTIVITIES: tuple[Choice, ...] = tuple(
    ACTIVITY.choice(value) for value in ("run", "walk", "strength")
)
#: Their names on the chart, lower case as its other labels.
CHART_ACTIVITIES: tuple[str, ...] = tuple(activity.button.lower() for activity in WEEK_ACTIVITIES)


@dataclass(frozen=True)
class WeekColumn:
    title: str  # for files: CSV and Markdown
    short: str  # for 80 columns: the screen and `coach history`
    width: int
    cell: Callable[[WeekRow], str]


def _minutes_cell(activity: str) -> Callable[[WeekRow], str]:
    return lambda week: str(week.minutes_of(activity))


WEEK_COLUMNS: tuple[WeekColumn, ...] = (
    WeekColumn("Week", "Week", 8, lambda w: w.week),
    WeekColumn("Check-ins", "Days", 4, lambda w: str(w.checkin_days)),
    WeekColumn("Avg pain", "Avg", 4, lambda w: fmt(w.avg_pain)),
    WeekColumn("Worst pain", "Worst", 5, lambda w: fmt(w.worst_pain, 0)),
    WeekColumn("PEG", "PEG", 4, lambda w: fmt(w.peg_score)),
    WeekColumn("Routines completed", "Done", 4, lambda w: str(w.routines)),
    WeekColumn("Routines stopped part-way", "Part", 4, lambda w: str(w.partly_done)),
    WeekColumn("Routine min", "Min", 4, lambda w: f"{w.routine_min:.0f}"),
    *(
        WeekColumn(
            f"{activity.button} min",
            activity.button,
            max(4, len(activity.button)),
            _minutes_cell(activity.value),
        )
        for activity in WEEK_ACTIVITIES
    ),
)
#: What the short titles mean, printed under the table.
WEEK_LEGEND = (
    "Days: days with a check-in · Avg, Worst: pain 0–10 · PEG: 0–10 · Done, Part: routines "
    "completed, and stopped part-way · Min: minutes of routines, part-way ones included · "
    f"{', '.join(activity.button for activity in WEEK_ACTIVITIES)}: minutes, counted in the "
    "week they happened"
)


def last_weeks(store: Store, today: date, count: int) -> list[WeekRow]:
    """The `count` weeks ending with the week of `today`, oldest first, but none before the
    week of the first record: a long count shows the whole record, not years of blanks."""
    span = record_span(store)
    if span is None:
        return []
    last = monday_of(today)
    return weeks(store, max(last - timedelta(weeks=count - 1), monday_of(span[0])), last)


def week_cells(row: WeekRow) -> list[str]:
    return [column.cell(row) for column in WEEK_COLUMNS]


# --- one-file exports: composed here, written by coach.export ---------------------------


def json_text(store: Store, *, since: date | None, exported_at: datetime) -> str:
    """Every table as lists of objects, with what a reader needs to trust it."""
    tables = {}
    for name in EXPORT_TABLES:
        header, rows = export_rows(store, name, since)
        tables[name] = [dict(zip(header, row, strict=True)) for row in rows]
    document = {
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "coach_version": __version__,
        "schema": store.migration_names(),
        "since": since.isoformat() if since else None,
        "tables": tables,
    }
    return _escape_controls(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _escape_controls(json_text: str) -> str:
    """JSON that keeps accents and symbols as written but escapes (`\\u009b`) every character a
    terminal would act on, as `--out -` prints it: `json` escapes only the C0 controls."""
    return "\n".join(
        line if line.isprintable() else "".join(_json_char(char) for char in line)
        for line in json_text.split("\n")
    )


def _json_char(char: str) -> str:
    return char if shown(char) == char else json.dumps(char)[1:-1]


def markdown_text(store: Store, *, since: date | None, today: date) -> str:
    """A report a clinician can read: summary, weeks, PEG trend, red flags, routines."""
    out = io.StringIO()
    span = record_span(store)
    out.write("# Low back pain record\n\n")
    if span is None:
        out.write(f"Exported {today.isoformat()} by coach {__version__}. No records yet.\n")
        return out.getvalue()
    first, last = span
    start = max(first, since) if since else first
    out.write(
        f"Exported {today.isoformat()} by coach {__version__}. Records from "
        f"{first.isoformat()} to {last.isoformat()}"
        + (f"; this report covers {start.isoformat()} onwards" if since else "")
        + ". Pain is on the 0–10 scale, one morning check-in a day.\n\n"
    )
    out.write("## Summary\n\n")
    for line in summary_lines(store):
        out.write(f"- {line}\n")
    helps = what_helps(store)
    out.write("\nPain before → after a routine, and the next morning after each kind of day:\n\n")
    for effect in helps.routines:
        out.write(f"- {shown(routine_line(effect))}\n")
    for line in activity_lines(helps):
        out.write(f"- {line}\n")

    out.write("\n## Weeks\n\n")
    _markdown_table(
        out, [c.title for c in WEEK_COLUMNS], map(week_cells, export_weeks(store, span, since))
    )

    out.write("\n## PEG trend\n\n")
    points = peg_trend(store, since)
    if points:
        _markdown_table(
            out,
            ["Date", "PEG score", "Pain", "Enjoyment", "General activity"],
            (
                [
                    p.day.isoformat(),
                    f"{p.score:.1f}",
                    str(p.pain_avg),
                    str(p.enjoyment),
                    str(p.general_activity),
                ]
                for p in points
            ),
        )
    else:
        out.write("No PEG questionnaires in this period.\n")

    out.write("\n## Red flags recorded\n\n")
    flags = red_flags_raised(store, since)
    if not flags:
        out.write("None: no warning sign was reported in this period.\n")
    for flag in flags:
        signs = [RED_FLAG_LABELS[key] for key, yes in flag.answers.items() if yes]
        advice = {"urgent": "urgent care", "same_day": "see a doctor the same day"}
        out.write(
            f"- {_local(flag.at)}: {', '.join(signs) or 'no sign'} "
            f"({advice.get(flag.result, 'no action')})\n"
        )

    out.write("\n## Routines done\n\n")
    totals = routine_totals(store, since)
    if totals:
        _markdown_table(
            out,
            ["Routine", "Completed", "Minutes", "First", "Last"],
            (
                [
                    shown(t.routine),
                    str(t.completed),
                    f"{t.minutes:.0f}",
                    t.first_day.isoformat(),
                    t.last_day.isoformat(),
                ]
                for t in totals
            ),
        )
    else:
        out.write("No routine completed in this period.\n")
    return out.getvalue()


def export_weeks(store: Store, span: tuple[date, date] | None, since: date | None) -> list[WeekRow]:
    """The weeks from `since` (or the first record) to the last record in `span`."""
    if span is None:
        return []
    first, last = span
    start = max(first, since) if since else first
    if start > last:
        return []
    return weeks(store, monday_of(start), monday_of(last))


def _markdown_table(out: io.StringIO, header: list[str], rows: Iterable[list[str]]) -> None:
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "|".join("---" for _ in header) + "|\n")
    for row in rows:  # a `|` in a routine's id would end its cell
        out.write("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |\n")


def _span(period: PainPeriod) -> str:
    return f"{period.start:%-d %b} – {period.end:%-d %b %Y}"


def _local(at: str) -> str:
    return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
