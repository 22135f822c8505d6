"""Starting, resuming and refusing a routine: the rules the player, the routine list, the
resume offer and the CLI share.

No Textual here. A screen calls these and keeps only what is its own (pushing a screen,
a notification, the layout), so the app and `coach` in a shell cannot disagree on whether a
routine may start, how long it is with the user's timings, or where a session resumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coach.clock import Clock
from coach.library import Library, Routine
from coach.plan import Length, Phase, Plan, build_plan, plan_length
from coach.progression import RoutineDoses, routine_doses
from coach.red_flags import Gate, gate
from coach.settings import Settings
from coach.store.checkins import todays_pain
from coach.store.claims import SessionClaim, claim_path, claim_session
from coach.store.days import played_elsewhere_on
from coach.store.db import Store, StoreError
from coach.store.sessions import (
    Session,
    close_unfinished,
    get_session,
    reps_done,
    start_session,
)
from coach.timer import resume_index


class RoutineRefused(Exception):
    """No routine may start: a warning sign has not been followed up. The message says why,
    in the words to show."""


class SessionUnavailable(Exception):
    """An unfinished session that cannot be resumed or closed from here, in the words to show:
    another window is playing it, or it ended since it was offered."""


class ScreeningDue(Exception):
    """The questions come first: "about you" (once) or the warning-sign screen (first use,
    weekly, something new, after a warning). Asked and all clear, the routine may start."""

    def __init__(self, gate: Gate) -> None:
        super().__init__("the warning-sign questions come first")
        self.gate = gate


def check_gate(store: Store, day: date, settings: Settings) -> None:
    """The one gate every start and resume passes: RoutineRefused while a warning sign holds,
    ScreeningDue while the screen is not current; nothing when exercise may start."""
    current = gate(store, day)
    if current.hold is not None:
        raise RoutineRefused(current.hold.refusal(day, settings.emergency_number))
    if not current.clear:
        raise ScreeningDue(current)


def user_plan(routine: Routine, library: Library, settings: Settings) -> Plan:
    """`routine` timed with the user's own get-into-position and release seconds."""
    return build_plan(
        routine, library, position_s=settings.position_s, release_s=settings.release_s
    )


def user_length(routine: Routine, settings: Settings) -> Length:
    """How long `user_plan` would last, and its holds, without building it: what the lists
    show."""
    return plan_length(routine, position_s=settings.position_s, release_s=settings.release_s)


def person_length(
    store: Store,
    library: Library,
    settings: Settings,
    routine_id: str,
    day: date,
) -> Length:
    """`user_length` of `routine_id` with the person's own doses (coach.progression): what
    the player plays, and so what every list shows."""
    doses = routine_doses(store, library, routine_id, day=day)
    return user_length(doses.routine, settings)


@dataclass(frozen=True)
class RoutineStart:
    """A routine cleared to start: its plan, and this morning's check-in pain (None before
    the check-in), offered as the answer to "pain now?"."""

    routine_id: str
    plan: Plan
    morning_pain: int | None
    #: The person's doses the plan plays, and how each came to be (None: a session going on
    #: from an earlier day's, which carries its own, `ResumePoint.doses`).
    doses: RoutineDoses | None = None


def playing_refusal(store: Store, day: date, library: Library, routine_id: str) -> str | None:
    """Why `routine_id` may not start on `day`, or None: another copy of coach is playing it
    today, and one routine is never played twice at once."""
    if routine_id not in played_elsewhere_on(store, day):
        return None
    return in_another_window(library.routine_name(routine_id))


def prepare_start(
    store: Store, day: date, library: Library, settings: Settings, routine_id: str
) -> RoutineStart:
    """Everything needed to start `routine_id` on `day`; SessionUnavailable while another
    window plays it, RoutineRefused or ScreeningDue from `check_gate`, KeyError when there is
    no such routine."""
    playing = playing_refusal(store, day, library, routine_id)
    if playing is not None:
        raise SessionUnavailable(playing)
    check_gate(store, day, settings)
    doses = routine_doses(store, library, routine_id, day=day)
    plan = user_plan(doses.routine, library, settings)
    return RoutineStart(routine_id, plan, todays_pain(store, day), doses)


def begin_session(
    store: Store, clock: Clock, settings: Settings, start: RoutineStart, pain_before: int | None
) -> SessionClaim:
    """Write the session (in progress) and claim it for the player. The gate is passed again,
    as "pain now?" may have waited: RoutineRefused when a warning sign arrived meanwhile,
    ScreeningDue when the screen stopped being current (left open past midnight into the day
    the week is up); SessionUnavailable when another window began playing the routine
    meanwhile; StoreError if it cannot be written.

    Another copy that reads the new row before the claim is taken may offer it, but cannot
    act on the offer: resuming and closing claim first (`claim_unfinished`)."""
    check_gate(store, clock.today(), settings)
    if start.routine_id in played_elsewhere_on(store, clock.today()):  # since it was prepared
        raise SessionUnavailable(in_another_window(start.plan.routine.name))
    session_id = start_session(store, clock, start.routine_id, pain_before=pain_before)
    claim = claim_session(store, session_id)
    if claim is None:  # only a coach still playing a deleted database's session of that id
        close_unfinished(store, session_id)
        raise StoreError(
            f"{claim_path(store, session_id)} is held by a coach playing another database at "
            "this path: quit it first."
        )
    return claim


@dataclass(frozen=True)
class ResumePoint:
    """Where an unfinished session picks up: the first hold after the last rep done."""

    plan: Plan
    index: int  # the phase to start at; len(plan.phases) when every rep is done
    doses: RoutineDoses  # as they stood when the session began

    @property
    def phase(self) -> Phase | None:
        """The phase it resumes at; None when only the ending (pain now, summary) is left."""
        return self.plan.phases[self.index] if self.index < len(self.plan.phases) else None


def resume_plan(
    store: Store, library: Library, settings: Settings, session: Session
) -> ResumePoint | None:
    """The session's plan, with the doses it began with, and where to pick it up; None when
    its routine is gone."""
    if session.routine not in library.routines:
        return None
    day = date.fromisoformat(session.day)
    doses = routine_doses(store, library, session.routine, day=day, as_of=session.started_at)
    plan = user_plan(doses.routine, library, settings)
    done = [rep.key for rep in reps_done(store, session.id)]
    return ResumePoint(plan, resume_index(plan, done), doses)


def in_another_window(name: str) -> str:
    """What to say of a session another copy of coach is playing."""
    return f"{name} is in progress in another window: finish it or leave it there."


def played_elsewhere_notice(library: Library, session: Session) -> str:
    """`in_another_window` for a session found so at start-up, named as its routine is."""
    routine = library.routines.get(session.routine)
    return in_another_window(routine.name if routine is not None else session.routine)


def claim_unfinished(store: Store, session: Session, name: str) -> SessionClaim:
    """Claim a session left unfinished before resuming or closing it (`name` is its routine's,
    for the message); SessionUnavailable when another window plays it or it has ended."""
    claim = claim_session(store, session.id)
    if claim is None:
        raise SessionUnavailable(in_another_window(name))
    now = get_session(store, session.id)
    if now is None or now.status != "in_progress":  # ended by another copy since the offer
        claim.release()
        raise SessionUnavailable(f"{name} has already ended.")
    return claim


def close_left_session(store: Store, session: Session, name: str) -> None:
    """Close a session left unfinished as stopped, every rep kept, unless another window
    plays it (SessionUnavailable); StoreError if it cannot be written."""
    claim = claim_unfinished(store, session, name)
    try:
        close_unfinished(store, session.id)
    except BaseException:
        claim.release()
        raise
    claim.end()


def continue_today(
    store: Store,
    clock: Clock,
    settings: Settings,
    session: Session,
    plan: Plan,
    pain_before: int | None,
) -> SessionClaim:
    """An earlier day's unfinished session goes on as today's: it is closed as stopped under
    its own day, every rep kept there, and the rest of the routine is a new session of today's
    (begun now, claimed), so no rep done today is filed under another day. SessionUnavailable
    when another window plays the old one; RoutineRefused, ScreeningDue and StoreError as
    `begin_session`, the old one then left as it was."""
    check_gate(store, clock.today(), settings)
    close_left_session(store, session, plan.routine.name)
    start = RoutineStart(session.routine, plan, None)
    return begin_session(store, clock, settings, start, pain_before)


def prepare_resume(
    store: Store, day: date, library: Library, settings: Settings, session: Session
) -> ResumePoint | None:
    """`resume_plan`, through the same gate as a start (`check_gate`)."""
    check_gate(store, day, settings)
    return resume_plan(store, library, settings, session)


@dataclass(frozen=True)
class UnfinishedSession:
    """What the resume offer says about a session left unfinished, as plain data."""

    name: str  # the routine's name, or its id when the routine is no longer in the library
    started: datetime  # local wall-clock time
    reps_done: int
    resume: ResumePoint | None  # None when the routine is gone: it cannot be resumed
    #: Started on a day before today: resuming goes on as a new session of today's
    #: (`continue_today`), and one with every rep done can only be closed.
    earlier_day: bool = False

    @property
    def can_resume(self) -> bool:
        if self.resume is None:
            return False
        return not (self.earlier_day and self.resume.phase is None)


def describe_unfinished(
    store: Store, library: Library, settings: Settings, session: Session, today: date
) -> UnfinishedSession:
    """The unfinished session's routine, start, reps done and resume point."""
    resume = resume_plan(store, library, settings, session)
    name = resume.plan.routine.name if resume is not None else session.routine
    started = datetime.fromisoformat(session.started_at.replace("Z", "+00:00")).astimezone()
    done = len(reps_done(store, session.id))
    return UnfinishedSession(name, started, done, resume, session.day < today.isoformat())
