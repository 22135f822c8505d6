"""One day in full: its check-ins (replaced ones too), PEG, red-flag answers, sessions, reps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from coach.library import Library
from coach.progression import RATING_WORDS
from coach.red_flags import TIER_TITLES, labels
from coach.report import fmt
from coach.running import run_words, stage_name
from coach.screens.dialog import Dialog
from coach.screens.user_text import markup
from coach.store.feedback import SessionAnswers, answers_on
from coach.store.history import (
    DAY_DETAIL_MOST,
    CheckinDetail,
    DayDetail,
    SessionDetail,
    day_detail,
)
from coach.store.runs import RunRecord, run_records
from coach.vocabulary import ACTIVITY, NOT_SAID, REST, SLEEP, STIFFNESS
from coach.words import PLAYING_ELSEWHERE, SESSION_STATUS, count, duration, time_recorded

if TYPE_CHECKING:
    from coach.app import CoachApp

#: The colour of each tier's words (the words are the care screen's title, `TIER_TITLES`).
TIER_COLOURS = {"same_day": "$warning", "urgent": "$error"}


class DayScreen(Dialog[None]):
    CSS_PATH = "day.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="day.close"),
        Binding("q", "dismiss", "Close", show=False, id="day.close_q"),
    ]

    app: CoachApp

    def __init__(self, day: date) -> None:
        super().__init__(f"{day:%A %-d %B %Y}")
        self.day = day

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="day-body"):
            yield Static(id="day-text")
        yield Static("[dim]esc: back to the calendar[/dim]", id="day-hint")

    def on_mount(self) -> None:
        detail = day_detail(self.app.store, self.day)
        answers = answers_on(self.app.store, self.day)
        runs = run_records(self.app.store, self.day, self.day)
        text = day_text(detail, self.app.library, answers, runs)
        self.query_one("#day-text", Static).update(text)
        self.query_one("#day-body").focus()


def day_text(
    detail: DayDetail,
    library: Library,
    felt: Mapping[int, SessionAnswers] | None = None,
    runs: Sequence[RunRecord] = (),
) -> Content:
    """The day, with the user's own words (notes, routine, exercise and stage names) as text;
    `felt`: what was said after each session's exercises, by session id; `runs`: the day's
    interval runs."""
    if detail.is_empty and not runs:
        return Content("Nothing was recorded on this day.")
    parts: list[Content] = []
    if detail.checkins:
        parts.append(markup("[b]Check-in[/b]"))
        parts.extend(_left_out(detail.checkins_left_out, "check-in"))
        parts.extend(_checkin(checkin, detail.day) for checkin in detail.checkins)
    if detail.red_flags:
        parts.append(markup("\n[b]Warning signs asked[/b]"))
        parts.extend(_left_out(detail.red_flags_left_out, "warning-sign answer"))
        for flag in detail.red_flags:
            answers = labels(flag.yes) or "all answered no"
            line = f"  {time_recorded(flag.day, flag.at)}  {answers}: {_result_words(flag.result)}"
            if flag.superseded:
                line = f"[dim]{line}  (answered by mistake: replaced)[/dim]"
            parts.append(markup(line))
    if detail.sessions:
        parts.append(markup("\n[b]Routines[/b]"))
        parts.extend(_left_out(detail.sessions_left_out, "routine"))
        parts.extend(
            _session(session, detail.day, library, (felt or {}).get(session.id))
            for session in detail.sessions
        )
    if runs:
        parts.append(markup("\n[b]Runs[/b]" if parts else "[b]Runs[/b]"))
        stages = tuple(library.stages.values())
        parts.extend(
            markup(
                f"  {time_recorded(detail.day, run.at)}  [b]$stage[/b]  $words",
                stage=_first_upper(stage_name(run.stage, stages)),
                words=run_words(run, stages),
            )
            for run in runs
        )
    return Content("\n").join(parts)


def _first_upper(words: str) -> str:
    return words[:1].upper() + words[1:]


def _left_out(earlier: int, noun: str) -> list[Content]:
    """The line that says how many earlier records of the day the detail does not show."""
    if not earlier:
        return []
    return [
        markup(
            f"  [dim]{count(earlier, f'earlier {noun}')} of this day not shown: only the latest "
            f"{DAY_DETAIL_MOST} are; `coach export` has every one.[/dim]"
        )
    ]


def _result_words(result: str) -> str:
    """ "[$error]get emergency care now[/]", in the care screen's words; "no warning sign"."""
    if result not in TIER_TITLES:
        return "no warning sign"
    return f"[{TIER_COLOURS[result]}]{TIER_TITLES[result].lower()}[/]"


def _checkin(checkin: CheckinDetail, day: date) -> Content:
    head = f"  {time_recorded(day, checkin.at)}  pain [b]{checkin.pain}[/b]/10"
    if checkin.replaced:
        head = f"[dim]{head}  (replaced by a later check-in)[/dim]"
    if checkin.activity is None:
        activity = NOT_SAID
    else:
        activity = ACTIVITY.phrase(checkin.activity)
        if checkin.activity != REST:
            activity += f", {checkin.activity_min} min"
    details = [f"yesterday: {activity}"]
    if checkin.sleep:
        details.append(SLEEP.phrase(checkin.sleep))
    if checkin.stiffness:
        details.append(STIFFNESS.phrase(checkin.stiffness))
    if checkin.new_symptoms:
        details.append("[$warning]new symptoms[/]")
    lines = [head, "         " + " · ".join(details)]
    if checkin.peg is not None:
        pain, enjoyment, activity_score = checkin.peg
        lines.append(
            f"         PEG {fmt(checkin.peg_score)} (pain {pain}, enjoyment {enjoyment}, "
            f"general activity {activity_score})"
        )
    if checkin.note:
        lines.append("         [i]“$note”[/i]")
    return markup("\n".join(lines), note=checkin.note)


def _session(
    session: SessionDetail, day: date, library: Library, answers: SessionAnswers | None
) -> Content:
    """A routine of the day by name, and each exercise by name (ids only for those no longer
    in the library), with how it felt and whether it sent pain into a leg."""
    pain = (
        f"pain {session.pain_before} → {session.pain_after}"
        if session.pain_before is not None and session.pain_after is not None
        else f"pain before {fmt(session.pain_before, 0)}"
    )
    state = PLAYING_ELSEWHERE if session.playing_elsewhere else SESSION_STATUS[session.status]
    head = markup(
        f"  {time_recorded(day, session.started_at)}  [b]$routine[/b]  "
        f"{state}, {duration(session.active_s)}, {pain}",
        routine=library.routine_name(session.routine),
    )
    lines = [head]
    for step in session.exercises:
        short = step.min_held_s < step.hold_s * 0.9
        held = f"held {step.avg_held_s:.1f} s of {step.hold_s:g} s"
        if short:
            held += f" [$warning](shortest {step.min_held_s:.1f} s)[/]"
        reps = count(step.reps, "rep")
        name = library.exercise_name(step.exercise)
        felt = _felt(step.exercise, answers)
        lines.append(markup(f"         $exercise: {reps}, {held}{felt}", exercise=name))
    return Content("\n").join(lines)


def _felt(exercise: str, answers: SessionAnswers | None) -> str:
    """ ", rated too easy", and "[$warning]pain into a leg[/]" when it (or an exercise not
    named) sent it there."""
    if answers is None:
        return ""
    words = ""
    if exercise in answers.ratings:
        words += f", rated {RATING_WORDS[answers.ratings[exercise]]}"
    if answers.leg_pain and answers.leg_pain_exercise in (None, exercise):
        words += ", [$warning]pain into a leg[/]"
    return words
