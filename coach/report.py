"""What the history means in words, and the reports for a clinician.

Every figure says what it measured and over which days, and claims only what the records
support: a change in pain is named only past the thresholds of `CHANGE_RULES` (else "no clear
change"), and no figure is given with fewer than MIN_DAYS_FOR_CLAIM days or sessions behind it.
Numbers are compared as displayed (one decimal), so the words always agree with the figures.

The Markdown report is written here, a section at a time, and the HTML one in
`coach.html_report` from the same `ClinicianReport`; `coach.export` puts them in files (and
writes the rows of the CSV and JSON exports itself).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, TextIO

from coach import __version__
from coach.red_flags import TIER_TITLES, labels
from coach.rules import (
    AVERAGE_DAYS,
    BACKGROUND,
    CHANGE_RULES,
    MIN_DAYS_FOR_CLAIM,
    is_noticeable_change,
)
from coach.store.db import Store
from coach.store.history import (
    ActivityEffect,
    Note,
    PainPeriod,
    PairedChange,
    PegPoint,
    RoutineEffect,
    RoutineTotal,
    WeekRow,
    WhatHelps,
    monday_of,
    notes,
    pain_period,
    peg_trend,
    record_span,
    red_flags_raised,
    routine_totals,
    weeks,
    what_helps,
)
from coach.store.red_flags import FollowUp, StoredScreen, background, follow_ups
from coach.store.runs import run_records
from coach.user_text import shown
from coach.vocabulary import ACTIVITY, FOLLOW_UP, Choice
from coach.words import count, count_pair, when_recorded

if TYPE_CHECKING:
    from coach.escalation import Notice
    from coach.library import Library
    from coach.progression import DoseSummary
    from coach.running import RunningSummary

MINUS = "\u2212"
DASH = "—"


#: When a change in pain is named: `coach.rules.CHANGE_RULES`, in words.
_AVERAGED = CHANGE_RULES["averaged"]
NOTICEABLE = (
    f"people notice a change of {_AVERAGED.points:g} points, or of {_AVERAGED.fraction or 0:.0%} "
    f"when that is at least {_AVERAGED.floor:g} point{'s' if _AVERAGED.floor != 1 else ''}"
)


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


def change_figures(before: float, after: float, spread: float | None = None) -> str:
    """'5.8 → 3.1 (−2.7)', rounded as the verdict compares them; with the spread of the
    changes, '5.8 → 3.1 (−2.7, spread 1.2)'."""
    b, a = round(before, 1), round(after, 1)
    extra = f", spread {spread:.1f}" if spread is not None else ""
    return f"{b:.1f} → {a:.1f} ({signed(round(a - b, 1))}{extra})"


def change_verdict(before: float, after: float, *, averaged: bool = True) -> str:
    """'less pain', 'more pain' or 'no clear change', by `CHANGE_RULES`."""
    if not is_noticeable_change(before, after, averaged=averaged):
        return "no clear change"
    return "less pain" if round(after, 1) < round(before, 1) else "more pain"


def span_words(start: date, end: date) -> str:
    """'12–25 Nov 2026', '29 Oct – 11 Nov 2026', '28 Dec 2025 – 10 Jan 2026'."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%-d}–{end:%-d %b %Y}"
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


# --- the period a report or a screen covers ------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days a set of figures covers; `from_first_record` when it starts at the first
    record, so its first fortnight is the start of the episode coach saw."""

    start: date
    end: date
    from_first_record: bool

    @property
    def words(self) -> str:
        return span_words(self.start, self.end)


def report_period(store: Store, since: date | None) -> Period | None:
    """From `since` (or the first record) to the last record; None when nothing is in it."""
    span = record_span(store)
    if span is None:
        return None
    first, last = span
    start = max(first, since) if since else first
    if start > last:
        return None
    return Period(start, last, from_first_record=start == first)


# --- how it is going: fortnights compared --------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Two fortnights of daily pain, and whether they hold enough days to compare."""

    label: str
    before: PainPeriod
    after: PainPeriod
    #: Said after the verdict: why the change may not be what it seems.
    caveat: str = ""

    @property
    def enough(self) -> bool:
        return (
            min(self.before.days, self.after.days) >= MIN_DAYS_FOR_CLAIM
            and self.before.avg_pain is not None
            and self.after.avg_pain is not None
        )

    def sentence(self) -> str:
        """'Average daily pain, 12–25 Nov 2026 vs …: 5.0 → 3.0 (−2.0): less pain.'"""
        sentence = f"Average daily pain, {self.label}: {self.short()}."
        return f"{sentence} {self.caveat}" if self.caveat and self.enough else sentence

    def short(self) -> str:
        """'2.9 → 2.1 (−0.8): no clear change', for the history screen."""
        if not self.enough:
            return (
                "too few check-ins to compare "
                f"({count_pair(self.before.days, self.after.days, 'day')}; "
                f"each needs at least {MIN_DAYS_FOR_CLAIM})"
            )
        assert self.before.avg_pain is not None and self.after.avg_pain is not None
        before, after = self.before.avg_pain, self.after.avg_pain
        return f"{change_figures(before, after)}: {change_verdict(before, after)}"


#: The first fortnight coach saw is usually the worst of an episode of back pain.
FIRST_FORTNIGHT = (
    "The first two weeks are usually the worst of an episode: part of any fall from them "
    "would have come anyway."
)


#: Said instead of the comparisons when a period has no days before its last fortnight.
TOO_SHORT = "Too short to compare: the last 2 weeks need days before them."


def comparisons(store: Store, period: Period) -> list[Comparison]:
    """The last fortnight of `period` against the one before, and against its first; none
    when it is too short. Only days inside `period` count."""
    recent = _fortnight(store, period.end, period.start)
    if recent.start == period.start:
        return []
    previous = _fortnight(store, recent.start - timedelta(days=1), period.start)
    latest = span_words(recent.start, recent.end)
    if previous.end - previous.start == timedelta(days=AVERAGE_DAYS - 1):
        label = f"{latest} vs the 2 weeks before"
    else:
        label = f"{latest} vs {span_words(previous.start, previous.end)}"
    result = [Comparison(label, previous, recent)]
    first_end = period.start + timedelta(days=AVERAGE_DAYS - 1)
    if first_end < previous.start:
        opening = pain_period(store, period.start, first_end)
        whose = "your first 2 weeks" if period.from_first_record else "the first 2 weeks here"
        result.append(
            Comparison(
                f"{latest} vs {whose} ({span_words(opening.start, opening.end)})",
                opening,
                recent,
                FIRST_FORTNIGHT if period.from_first_record else "",
            )
        )
    return result


def _fortnight(store: Store, end: date, earliest: date) -> PainPeriod:
    """The 14 days to `end`, none before `earliest`."""
    return pain_period(store, max(end - timedelta(days=AVERAGE_DAYS - 1), earliest), end)


def summary_lines(store: Store) -> list[str]:
    """The comparisons over the whole record, as sentences (`coach history`)."""
    period = report_period(store, None)
    if period is None:
        return []
    return [comparison.sentence() for comparison in comparisons(store, period)] or [TOO_SHORT]


# --- what seems to help: paired changes ----------------------------------------------------

ROUTINE_HEADING = "During a routine"
ROUTINE_MEASURE = (
    "pain asked as it starts → pain asked at its end, sessions completed or stopped part-way"
)
MORNING_HEADING = "The morning after"
MORNING_MEASURE = "pain that morning → the next morning, after each kind of day"
#: Said wherever the figures are: on the screen and in every report.
HELPS_CAVEAT = (
    "Each change is paired: the same session's pain before and after, or the same day's "
    "morning and the next. A pattern, not proof: you may run on mornings you already feel "
    "better, and rest because a day was bad. Spread: how much the change varied from one "
    "time to the next (its standard deviation). No figure is given with fewer than "
    f"{MIN_DAYS_FOR_CLAIM} days or sessions."
)


def paired_words(change: PairedChange, noun: str) -> str:
    """'12 days: 3.2 → 2.8 (−0.4, spread 1.1): no clear change', or why there is no claim."""
    if change.pairs < MIN_DAYS_FOR_CLAIM or change.before is None or change.after is None:
        return f"too few {noun}s to say ({change.pairs}; needs {MIN_DAYS_FOR_CLAIM})"
    figures = change_figures(change.before, change.after, change.spread)
    return f"{count(change.pairs, noun)}: {figures}: {change_verdict(change.before, change.after)}"


def routine_line(effect: RoutineEffect, name: str) -> str:
    """'Core, 34 sessions: 4.1 → 3.4 (−0.7, spread 0.9): no clear change' (`name`: the
    routine's, `Library.routine_name`)."""
    return f"{name}, {paired_words(effect.change, 'session')}"


def activity_line(effect: ActivityEffect) -> str:
    """'after a run, 12 days: 3.2 → 2.8 (−0.4, spread 1.1): no clear change'."""
    return f"after {ACTIVITY.phrase(effect.activity)}, {paired_words(effect.change, 'day')}"


def activity_lines(helps: WhatHelps) -> list[str]:
    return [activity_line(effect) for effect in helps.activities]


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


@dataclass(frozen=True)
class ClinicianReport:
    """Everything the Markdown and HTML reports say, for the period asked, each figure
    computed over that period alone."""

    today: date
    since: date | None
    records: tuple[date, date] | None  # the first and last day on record, whatever `since`
    period: Period | None  # the days the report covers; None when none hold a record
    comparisons: list[Comparison]
    helps: WhatHelps | None
    weeks: list[WeekRow]
    peg: list[PegPoint]
    red_flags: list[StoredScreen]
    follow_ups: list[FollowUp]
    #: "About you", asked once: context for the whole record (None: never answered).
    background: frozenset[str] | None
    #: "See your GP or physiotherapist", from the records as of `today`, dismissed or not.
    notices: list[Notice]
    routines: list[RoutineTotal]
    sources: list[str]  # what each routine done follows, one line each (`source_line`)
    notes: list[Note] | None  # None: left out, as the person chose
    #: Each routine id in the records → the name a person reads (`Library.routine_name`).
    routine_names: Mapping[str, str]
    #: The doses coach plays that are not the routines' own, and the steps down, with why.
    doses: DoseSummary
    #: The interval runs of the return to running begun in the period.
    running: RunningSummary

    def name_of(self, routine_id: str) -> str:
        return self.routine_names.get(routine_id, routine_id)


DOSES_NOTE = (
    "coach changes each exercise's reps and hold from how it felt (too easy twice: a step "
    "up; it hurt, pain into a leg, pain above 5/10 after it, or 2 points more the next "
    "morning: a step down)."
)
DOSES_HEADER = ["Routine", "Exercise", "Dose now", "The routine's"]
ALL_OWN_DOSES = "Every exercise is at its routine's own dose."
STEPS_DOWN_HEADING = "Steps down, and why"
NO_STEP_DOWN = "No step down in this period."


def clinician_report(
    store: Store, library: Library, *, since: date | None, today: date, with_notes: bool = True
) -> ClinicianReport:
    """The report's figures; `library` names the sources of the routines done."""
    # The report's alone, imported here: the week table (the history screen, `coach history`,
    # the CSV export) does not pay for them.
    from coach.escalation import notices
    from coach.progression import dose_summary
    from coach.running import running_summary

    period = report_period(store, since)
    start = period.start if period else since
    routines = routine_totals(store, start)
    helps = what_helps(store, period.start, period.end) if period else None
    ids = {total.routine for total in routines} | {
        effect.routine for effect in (helps.routines if helps else ())
    }
    return ClinicianReport(
        today=today,
        since=since,
        records=record_span(store),
        period=period,
        comparisons=comparisons(store, period) if period else [],
        helps=helps,
        weeks=_period_weeks(store, period) if period else [],
        peg=peg_trend(store, start),
        red_flags=red_flags_raised(store, start),
        follow_ups=follow_ups(store, start),
        background=background(store),
        notices=notices(store, today),
        routines=routines,
        sources=[source_line(total.routine, library) for total in routines],
        notes=notes(store, start) if with_notes else None,
        routine_names={routine_id: library.routine_name(routine_id) for routine_id in ids},
        doses=dose_summary(store, library, today, start),
        running=running_summary(
            run_records(store, start or date.min), tuple(library.stages.values())
        ),
    )


def source_line(routine_id: str, library: Library) -> str:
    """What a routine follows, in the words of its file: 'Core: McGill SM, …'."""
    routine = library.routines.get(routine_id)
    if routine is None:
        return f"{routine_id}: no longer in the library"
    return f"{routine.name}: {routine.source or 'no source given in its file'}"


def weeks_note(period: Period) -> str:
    """The week table's legend, and where its first week starts when not on a Monday."""
    note = f"{WEEK_LEGEND}."
    if not period.from_first_record and period.start != monday_of(period.start):
        note += f" The first week counts from {period.start.isoformat()}."
    return note


def summary_sentences(report: ClinicianReport) -> list[str]:
    return [comparison.sentence() for comparison in report.comparisons] or [TOO_SHORT]


def covers(report: ClinicianReport) -> str:
    """The opening lines: when it was made, the days it covers, and on what scale."""
    made = f"Exported {report.today.isoformat()} by coach {__version__}."
    if report.records is None:
        return f"{made} No records yet."
    first, last = report.records
    whole = f"the records run from {first.isoformat()} to {last.isoformat()}"
    if report.period is None:
        assert report.since is not None
        return f"{made} Nothing was recorded from {report.since.isoformat()} on; {whole}."
    asked = f", from {report.since.isoformat()} as asked" if report.since else ""
    return (
        f"{made} This report covers {report.period.start.isoformat()} to "
        f"{report.period.end.isoformat()}{asked}; {whole}. Every figure is for the days it "
        "covers. Pain is on the 0–10 scale, one morning check-in a day."
    )


def red_flag_line(flag: StoredScreen) -> str:
    """'2026-11-02 07:31: fever or feeling unwell (see a doctor today)'."""
    advice = TIER_TITLES[flag.result].lower() if flag.result in TIER_TITLES else "no action"
    line = f"{when_recorded(flag.day, flag.at)}: {labels(flag.yes) or 'no sign'} ({advice})"
    if flag.superseded:
        line += ", answered by mistake and replaced the same day"
    return line


def follow_up_line(follow_up: FollowUp) -> str:
    """'2026-11-03 07:40: follow-up of 2026-11-02: it has gone'."""
    answer = FOLLOW_UP.phrase(follow_up.answer)
    when = when_recorded(follow_up.day, follow_up.at)
    return f"{when}: follow-up of {follow_up.red_flag_day.isoformat()}: {answer}"


def background_line(report: ClinicianReport) -> str:
    """The person's background, asked once, as context for everything after it."""
    if report.background is None:
        return "Background (asked once): not answered."
    said = [item.label for item in BACKGROUND if item.column in report.background]
    none = "none of " + ", ".join(item.label for item in BACKGROUND)
    return f"Background (asked once): {', '.join(said) if said else none}."


SEE_CLINICIAN_HEADING = "See a GP or physiotherapist"
NO_NOTICE = "No rule of coach's suggests it from the records as of the day of this report."


def notice_line(notice: Notice) -> str:
    return notice.reason[:1].upper() + notice.reason[1:] + "."


PEG_HEADER = ["Date", "PEG score", "Pain", "Enjoyment", "General activity"]


def peg_cells(point: PegPoint) -> list[str]:
    return [
        point.day.isoformat(),
        f"{point.score:.1f}",
        str(point.pain_avg),
        str(point.enjoyment),
        str(point.general_activity),
    ]


ROUTINES_HEADER = ["Routine", "Completed", "Stopped part-way", "Minutes", "First", "Last"]
ROUTINES_NOTE = "Minutes are guided time, pauses left out, the sessions stopped part-way included."
SOURCES_HEADING = "Sources the routines follow"


def routine_cells(total: RoutineTotal, name: str) -> list[str]:
    """A row of the routines table; `name` is the routine's (`ClinicianReport.name_of`)."""
    return [
        shown(name),
        str(total.completed),
        str(total.partly_done),
        f"{total.minutes:.0f}",
        total.first_day.isoformat(),
        total.last_day.isoformat(),
    ]


RUNNING_HEADING = "Running"

NOTES_LEFT_OUT = "Left out: the person chose not to include their notes."


def write_markdown(report: ClinicianReport, out: TextIO) -> None:
    """A report a clinician can read: how it is going, what seems to help, the weeks, the PEG
    trend, warning signs, routines and the person's notes."""
    out.write(f"# Low back pain record\n\n{covers(report)}\n")
    if report.period is None:
        return
    out.write(f"\n{background_line(report)}\n")
    out.write("\n## How it is going\n\n")
    for line in summary_sentences(report):
        out.write(f"- {line}\n")
    out.write(f"\nAverage of each day's pain over 2 weeks: {NOTICEABLE}.\n")

    helps = report.helps
    assert helps is not None
    out.write(f"\n## What seems to help ({span_words(helps.start, helps.end)})\n\n")
    out.write(f"{ROUTINE_HEADING}: {ROUTINE_MEASURE}.\n\n")
    for effect in helps.routines:
        out.write(f"- {_md(routine_line(effect, report.name_of(effect.routine)))}\n")
    if not helps.routines:
        out.write("- No routine with pain before and after in this period.\n")
    out.write(f"\n{MORNING_HEADING}: {MORNING_MEASURE}.\n\n")
    for line in activity_lines(helps):
        out.write(f"- {line}\n")
    out.write(f"\n{HELPS_CAVEAT}\n")

    out.write("\n## Weeks\n\n")
    _markdown_table(out, [c.title for c in WEEK_COLUMNS], map(week_cells, report.weeks))
    out.write(f"\n{weeks_note(report.period)}\n")

    out.write("\n## PEG trend\n\n")
    if report.peg:
        _markdown_table(out, PEG_HEADER, map(peg_cells, report.peg))
    else:
        out.write("No PEG questionnaires in this period.\n")

    out.write("\n## Warning signs\n\n")
    if not report.red_flags:
        out.write("None: no warning sign was reported in this period.\n")
    for flag in report.red_flags:
        out.write(f"- {red_flag_line(flag)}\n")
    for follow_up in report.follow_ups:
        out.write(f"- {follow_up_line(follow_up)}\n")

    out.write(f"\n## {SEE_CLINICIAN_HEADING}\n\n")
    if not report.notices:
        out.write(f"{NO_NOTICE}\n")
    for notice in report.notices:
        out.write(f"- {notice_line(notice)}\n")

    out.write("\n## Routines\n\n")
    if report.routines:
        rows = [routine_cells(total, report.name_of(total.routine)) for total in report.routines]
        _markdown_table(out, ROUTINES_HEADER, rows)
        out.write(f"\n{ROUTINES_NOTE}\n\n{SOURCES_HEADING}:\n\n")
        for line in report.sources:
            out.write(f"- {_md(line)}\n")
    else:
        out.write("No routine done in this period.\n")

    out.write(f"\n## {RUNNING_HEADING}\n\n")
    for line in report.running.lines():
        out.write(f"- {_md(line)}\n")

    out.write("\n## Doses\n\n")
    out.write(f"{DOSES_NOTE}\n\n")
    if report.doses.current:
        _markdown_table(out, DOSES_HEADER, (list(row) for row in report.doses.current))
    else:
        out.write(f"{ALL_OWN_DOSES}\n")
    out.write(f"\n{STEPS_DOWN_HEADING}:\n\n")
    if not report.doses.steps_down:
        out.write(f"{NO_STEP_DOWN}\n")
    for line in report.doses.steps_down:
        out.write(f"- {_md(line)}\n")

    out.write("\n## Notes\n\n")
    if report.notes is None:
        out.write(f"{NOTES_LEFT_OUT}\n")
    elif not report.notes:
        out.write("No notes in this period.\n")
    else:
        _markdown_table(out, ["Date", "Note"], ([n.day.isoformat(), n.text] for n in report.notes))


def markdown_text(
    store: Store, library: Library, *, since: date | None, today: date, with_notes: bool = True
) -> str:
    out = io.StringIO()
    report = clinician_report(store, library, since=since, today=today, with_notes=with_notes)
    write_markdown(report, out)
    return out.getvalue()


def export_weeks(store: Store, since: date | None) -> list[WeekRow]:
    """The weeks of the period from `since` (or the first record) to the last record."""
    period = report_period(store, since)
    return _period_weeks(store, period) if period else []


def _period_weeks(store: Store, period: Period) -> list[WeekRow]:
    """The weeks `period` touches, its first counted from its first day only."""
    return weeks(store, monday_of(period.start), monday_of(period.end), from_day=period.start)


#: Characters Markdown would read as formatting, a link, HTML or a table's edge.
_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|~&"})


def _md(text: str) -> str:
    """Text a person or a file supplied, shown as written by any Markdown reader."""
    return shown(text).translate(_MARKDOWN_SPECIAL)


def _markdown_table(out: TextIO, header: list[str], rows: Iterable[list[str]]) -> None:
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "|".join("---" for _ in header) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(map(_md, row)) + " |\n")
