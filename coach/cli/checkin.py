"""`coach checkin` (the morning check-in from a script) and `coach status` (one line for a
shell prompt or a tmux status bar).

Nothing here ever imports Textual, and the store and the clinical rules are imported inside
the commands (the rule tables, plain data, name the options). `status` runs on every prompt;
with no database yet it says a check-in is due and creates nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coach.cli.context import CLIContext
from coach.cli.main import CoachCLIError
from coach.rules import BACKGROUND_COLUMNS, SIGNS
from coach.user_text import shown
from coach.vocabulary import ACTIVITY, FOLLOW_UP, SLEEP, STIFFNESS, in_words

if TYPE_CHECKING:
    from datetime import date

    from coach.clinical import TodaysPlan
    from coach.library import Library
    from coach.red_flags import Hold
    from coach.settings import Runner
    from coach.store import Store
    from coach.store.checkins import CheckinEntry, PegEntry, StoredCheckin

#: `--follow-up`'s values, each with its meaning: "seen (seen by a clinician, and told exercise
#: is fine), gone (it has gone) or not-yet (not yet seen, and not gone)".
FOLLOW_UP_OPTIONS = in_words(
    [f"{choice.value.replace('_', '-')} ({choice.phrase})" for choice in FOLLOW_UP.choices]
)


@click.command()
@click.option(
    "--pain",
    metavar="0-10",
    help="Pain now, a whole number from 0 (no pain) to 10 (worst imaginable). Needed for a "
    "check-in; --peg alone adds the week's PEG to today's.",
)
@click.option(
    "--activity",
    default=ACTIVITY.default,
    metavar="TYPE[:MIN]",
    help=f"Yesterday's activity: {ACTIVITY.listed()}, with minutes (run:25). Left out, it is "
    "saved as not said (never taken for rest).",
)
@click.option("--sleep", default=SLEEP.default, show_default=True, help=f"{SLEEP.listed()}.")
@click.option(
    "--stiffness",
    default=STIFFNESS.default,
    show_default=True,
    help=f"Morning stiffness: {STIFFNESS.listed()}.",
)
@click.option(
    "--new-symptoms",
    is_flag=True,
    help="Something is new or different about your back or legs (the warning signs are asked).",
)
@click.option("--note", default="", metavar="TEXT", help="A free note.")
@click.option(
    "--peg",
    metavar="AVG,ENJOY,ACTIVITY",
    help="The weekly PEG answers, each 0-10: average pain in the past week, and how much pain "
    "interfered with enjoyment of life and with general activity (e.g. 5,4,6). After today's "
    "check-in, given again (alone, or with the same answers) it is added to it.",
)
@click.option(
    "--red-flags",
    metavar="none|LIST",
    help="The warning signs that are new: none, or those that apply, comma-separated ("
    + ", ".join(sign.column for sign in SIGNS if not sign.asked_with)
    + "; with some backgrounds also "
    + ", ".join(sign.column for sign in SIGNS if sign.asked_with)
    + "). Required at the first check-in, weekly, and with --new-symptoms.",
)
@click.option(
    "--about-you",
    metavar="none|LIST",
    help="Asked once, before the first warning-sign answers: none, or those that apply ("
    + ", ".join(BACKGROUND_COLUMNS)
    + "). Given again, it replaces the earlier answers.",
)
@click.option(
    "--follow-up",
    type=click.Choice([value.replace("_", "-") for value in FOLLOW_UP.values]),
    help=f"After a warning sign, from the next day on: {FOLLOW_UP_OPTIONS}. Only seen and gone "
    "lift the hold.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace today's check-in (the earlier one is kept as replaced).",
)
@click.option(
    "--mistake",
    is_flag=True,
    help="Today's warning-sign answers were a mistake: give them again with --red-flags (and "
    "nothing else). The earlier answers are kept as replaced; the day follows the new ones.",
)
@click.pass_obj
def checkin(
    context: CLIContext,
    pain: str | None,
    activity: str | None,
    sleep: str,
    stiffness: str,
    new_symptoms: bool,
    note: str,
    peg: str | None,
    red_flags: str | None,
    about_you: str | None,
    follow_up: str | None,
    replace: bool,
    mistake: bool,
) -> None:
    """Record this morning's check-in, as the check-in screen would; bad values save nothing."""
    if mistake:
        _answered_by_mistake(context, red_flags)
        return
    from coach import clinical
    from coach import red_flags as rules_at_work
    from coach.escalation import notice_text
    from coach.store import StoreError
    from coach.store.checkins import (
        CheckinExistsError,
        current_checkin,
        last_peg_day,
        save_checkin,
    )
    from coach.store.days import day_status
    from coach.store.red_flags import record_follow_up

    if pain is None and (peg is None or replace):
        raise CoachCLIError(
            "--pain is needed (pain now, 0-10); without it, --peg adds the week's PEG to "
            "today's check-in"
        )
    every_background = frozenset(BACKGROUND_COLUMNS)  # every sign asked: names checked early
    try:
        activity_name, minutes = (
            clinical.parse_activity(activity) if activity is not None else (None, 0)
        )
        entry = (
            clinical.checkin_entry(
                pain=clinical.parse_scale(pain),
                activity=activity_name,
                activity_min=minutes,
                sleep=sleep.strip().lower(),
                stiffness=stiffness.strip().lower(),
                new_symptoms=new_symptoms,
                note=note,
            )
            if pain is not None
            else None
        )
        peg_entry = clinical.parse_peg(peg) if peg is not None else None
        any_sign = (
            red_flags is not None
            and rules_at_work.parse_red_flags(red_flags, every_background).result != "none"
        )
        given_background = (
            rules_at_work.parse_background(about_you) if about_you is not None else None
        )
    except (clinical.CheckinError, rules_at_work.RedFlagError) as error:
        raise CoachCLIError(str(error)) from error
    answer = follow_up.replace("-", "_") if follow_up is not None else None
    clock = context.clock
    today = clock.today()
    number = context.settings().emergency_number
    store = context.open_store()
    try:
        existing = current_checkin(store, today)
        if peg_entry is not None and not replace and (entry is None or existing is not None):
            # A second call that day: the week's PEG goes with the check-in already saved.
            same = entry is None or _same_answers(entry, existing)
            if existing is None or not same or any_sign:
                raise CoachCLIError(_why_not_added(existing))
            _add_peg(store, context, peg_entry)
            return
        assert entry is not None, "only the PEG is added without --pain"
        gate = rules_at_work.gate(store, today)
        hold = gate.hold
        if hold is not None and hold.follow_up_due(today):
            if answer is None:
                raise CoachCLIError(
                    f"{hold.reported()} {FOLLOW_UP.label} Add --follow-up "
                    f"{FOLLOW_UP_OPTIONS}. Nothing was saved."
                )
        elif answer is not None:
            if hold is None:
                raise CoachCLIError("there is no warning sign to follow up")
            if hold.can_undo(today):
                raise CoachCLIError(
                    "the warning sign was reported today: the follow-up is asked from tomorrow"
                )
            raise CoachCLIError("the follow-up was answered today: it is asked again tomorrow")
        lifted = answer in ("seen", "gone")
        background = (
            frozenset(column for column, yes in given_background.items() if yes)
            if given_background is not None
            else gate.background
        )
        if hold is not None and not lifted:
            due = "new" if new_symptoms else None  # held: asked again only when something is new
        else:
            due = rules_at_work.screen_due(store, today, new_symptoms=new_symptoms)
        missing = []
        if due is not None and red_flags is None:
            missing.append(
                "the warning-sign questions are due (first check-in, weekly, new symptoms, or "
                "after a warning sign): add --red-flags none, or --red-flags with those that "
                "apply (coach checkin --help lists them)"
            )
        if (due is not None or red_flags is not None) and background is None:
            missing.append(
                "about you is asked once, before them: add --about-you none, or those that "
                "apply: " + ",".join(BACKGROUND_COLUMNS)
            )
        if missing:
            raise CoachCLIError("; ".join(missing) + ". Nothing was saved.")
        try:
            flags = (
                rules_at_work.parse_red_flags(red_flags, background or frozenset())
                if red_flags is not None
                else None
            )
        except rules_at_work.RedFlagError as error:
            raise CoachCLIError(str(error)) from error
        # The follow-up, the check-in and every read for what is printed after them are one
        # transaction, and nothing is printed until it is committed: a file that fails half-way
        # (damaged pages) keeps nothing and says so, never "saved" followed by an error.
        try:
            with store.write():
                if answer is not None:
                    assert hold is not None
                    record_follow_up(store, clock, hold.latest_id, answer)
                save_checkin(
                    store,
                    clock,
                    entry,
                    peg=peg_entry,
                    red_flags=flags,
                    background=given_background,
                    replace=replace,
                )
                # After the save: a PEG whose check-in this one replaced no longer counts.
                peg_due = clinical.needs_peg(last_peg=last_peg_day(store), today=today)
                lines = [f"Check-in saved: pain {entry.pain}/10."]
                if answer is not None:
                    lines.append(f"Follow-up recorded: {FOLLOW_UP.phrase(answer)}.")
                held = rules_at_work.current_hold(store)
                if held is not None:
                    lines += _care_lines(held, number, today)
                else:
                    status = day_status(store, today)
                    plan = clinical.plan_for_day(store, status, emergency_number=number)
                    assert plan is not None, "a check-in was just saved"
                    lines.append(f"Today: {plan.title}. {plan.advice}")
                    lines.append(_running_line(store, plan, today))
                    lines += notice_text(plan.notices).splitlines()
                    if peg_due:
                        lines.append(
                            "The weekly PEG questions are due: add them to this check-in with "
                            "coach checkin --peg AVG,ENJOY,ACTIVITY (e.g. 5,4,6)."
                        )
        except CheckinExistsError as error:
            raise CoachCLIError(
                f"{error}; add --replace to replace it (the earlier one is kept)"
            ) from error
        except StoreError as error:
            raise CoachCLIError(f"{error} The check-in was not saved.") from error
        click.echo("\n".join(lines))
    finally:
        store.close()


def _same_answers(entry: CheckinEntry, existing: StoredCheckin | None) -> bool:
    """The answers of this call are those of the check-in saved today."""
    if existing is None:
        return False
    fields = ("pain", "activity", "activity_min", "sleep", "stiffness", "new_symptoms", "note")
    return all(getattr(entry, name) == getattr(existing, name) for name in fields)


def _why_not_added(existing: StoredCheckin | None) -> str:
    """Why --peg could not join today's check-in, and what to do instead."""
    if existing is None:
        return "there is no check-in today to add the PEG to: give --pain (and the rest) too"
    return (
        f"you already checked in today (pain {existing.pain} at "
        f"{existing.local_time:%H:%M}) with other answers: give --peg alone to add the week's "
        "PEG to it, or add --replace to replace it (the earlier one is kept)"
    )


def _add_peg(store: Store, context: CLIContext, peg: PegEntry) -> None:
    from coach.store import StoreError
    from coach.store.checkins import add_peg

    try:
        checkin = add_peg(store, context.clock, peg)
    except StoreError as error:
        raise CoachCLIError(
            f"{error}; to change it, add --replace with the check-in's answers"
        ) from error
    click.echo(
        f"The week's PEG is saved with today's check-in (pain {checkin.pain} at "
        f"{checkin.local_time:%H:%M}): score {peg.score:.1f}."
    )


@click.command()
@click.pass_obj
def status(context: CLIContext) -> None:
    """Print one short line for a shell prompt or a tmux status bar.

    e.g. `coach: check-in due` or `coach: pain 3 · normal day · Core due`.
    """
    from coach.status import CHECKIN_DUE, status_line

    if not context.db_path.exists():  # still a line for the prompt, and none is made
        click.echo(f"{CHECKIN_DUE} (no database at {shown(str(context.db_path))} yet)")
        return
    runner, library = _running_setup()
    store = context.open_store()
    try:
        number = context.settings().emergency_number
        today = context.clock.today()
        stages = tuple(library.stages.values())
        line = status_line(
            store, today, emergency_number=number, runner=runner, stages=stages, library=library
        )
        click.echo(line)
    finally:
        store.close()


def _running_setup() -> tuple[Runner, Library]:
    """Whether the person runs (settings.toml), and the library: the running stages (with
    their own) and the routines' names."""
    from coach.library import load_library
    from coach.paths import config_dir
    from coach.settings import load_settings

    folder = config_dir()
    settings, _problems = load_settings(folder)
    return settings.runner, load_library(folder)


def _running_line(store: Store, plan: TodaysPlan, today: date) -> str:
    from coach.running import answer_for_day

    runner, library = _running_setup()
    line = answer_for_day(store, plan, runner, tuple(library.stages.values()), today).line
    if runner == "ask":
        line += (
            "\n(Not a runner? Answer on coach's home screen or under Running in its "
            'Settings, or set runner = "no" in settings.toml.)'
        )
    return line


def _care_lines(hold: Hold, number: str, today: date) -> list[str]:
    """The same words as the urgent or same-day screen, with its "answered by mistake"."""
    from coach.red_flags import MISTAKE_COMMAND, NOT_A_DIAGNOSIS, care_advice

    advice = care_advice(hold.tier, number)
    lines = [
        f"\nWARNING SIGN: {advice.title}.\n{advice.action}",
        hold.reported(),
        f"{advice.why}\n{NOT_A_DIAGNOSIS}",
    ]
    if hold.can_undo(today):
        lines.append(f"Answered by mistake? {MISTAKE_COMMAND} asks again.")
    return lines


def _answered_by_mistake(context: CLIContext, red_flags: str | None) -> None:
    """ "I answered by mistake", as on the care screen: today's warning-sign answers given again;
    those with the sign kept as replaced, and the day follows the new ones."""
    from coach import red_flags as rules_at_work
    from coach.store import StoreError
    from coach.store.red_flags import save_screen

    asked = click.get_current_context()
    others = [
        f"--{name.replace('_', '-')}"
        for name in asked.params
        if name not in ("mistake", "red_flags")
        and asked.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    ]
    if others:
        raise CoachCLIError(f"--mistake takes only --red-flags, not {', '.join(others)}")
    if red_flags is None:
        raise CoachCLIError(
            "--mistake needs the answers again: --red-flags none, or those that apply "
            "(coach checkin --help lists them)"
        )
    clock = context.clock
    today = clock.today()
    number = context.settings().emergency_number
    store = context.open_store()
    try:
        gate = rules_at_work.gate(store, today)
        hold = gate.hold
        if hold is None or not hold.can_undo(today):
            raise CoachCLIError(
                "there is no warning sign from today to take back"
                if hold is None
                else f"{hold.reported()} Answers can be taken back only on their own day; "
                "your next check-in asks whether you have been seen or it has gone"
            )
        try:
            flags = rules_at_work.parse_red_flags(red_flags, gate.background or frozenset())
        except rules_at_work.RedFlagError as error:
            raise CoachCLIError(str(error)) from error
        try:
            with store.write():
                save_screen(store, clock, flags, replacing=hold.taken_back_by_mistake)
                lines = [
                    f"Your earlier answers ({rules_at_work.labels(hold.signs)}) are kept as "
                    "replaced by mistake; the day follows these."
                ]
                held = rules_at_work.current_hold(store)
                if held is not None:
                    lines += _care_lines(held, number, today)
                else:
                    lines.append("No warning sign: exercise is open again today.")
        except StoreError as error:
            raise CoachCLIError(f"{error} Nothing was saved.") from error
        click.echo("\n".join(lines))
    finally:
        store.close()
