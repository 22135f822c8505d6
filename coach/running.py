"""May I run today? The `Running:` line of every plan, and the return-to-running stages.

One table (`RULES`) holds every threshold, each with its source. The programme's stage is
worked out afresh from the records each time (the runs, each morning's pain, the flare days),
so there is no stored state to drift: the same records always give the same stage.

How the stage moves, by the pain-monitoring model (Silbernagel et al. 2007):
- a run is *good* when the worst pain during it was 3 or under, or 5 or under and the next
  morning's pain was back to that day's morning pain (the baseline);
- it is *too much* when pain during it passed 5, or the next morning's pain was 2 or more
  above the baseline: the next run is one stage back;
- otherwise (or while the next morning is not known yet) the stage is repeated;
- two good runs in a row move up a stage; two good runs at the last stage finish the
  programme: back to "your usual run".
A flare (a gentle day or a warning-sign day, as the day's plan decides) restarts two stages
below the stage last run, or at the first after a long flare: never at "your usual run".
Someone who has never had a flare on record is taken to be running as usual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from coach.clinical import GENTLE_PAIN_FROM, MEDIAN_DAYS, TodaysPlan, todays_plan
from coach.library import RunStage
from coach.settings import Runner
from coach.store.db import Store
from coach.store.red_flags import worst_by_day
from coach.store.runs import RunEntry, RunRecord, pains_by_day, runs_until
from coach.words import count, duration

RunVerdict = Literal["good", "repeat", "too_much"]


@dataclass(frozen=True)
class Rule:
    value: int
    source: str


#: Every threshold of the running answer, with what it rests on.
RULES: dict[str, Rule] = {
    # No running on a day whose pain makes it a gentle day (as the day's plan says).
    "not_today_pain": Rule(
        GENTLE_PAIN_FROM, "the day's plan (clinical.GENTLE_PAIN_FROM): high pain, a gentle day"
    ),
    # Pain during at or under this: a good run whatever the next morning says.
    "good_during": Rule(3, "Silbernagel et al., Am J Sports Med 2007 (pain-monitoring model)"),
    # Pain during above this: too much. Up to it is acceptable if settled by the next morning.
    "limit_during": Rule(5, "Silbernagel et al., Am J Sports Med 2007 (pain-monitoring model)"),
    # Next morning this many points above the baseline: too much.
    "morning_rise": Rule(
        2,
        "Silbernagel et al. 2007 (settled by the next morning); about 2 points is a change "
        "patients notice (Farrar et al., Pain 2001)",
    ),
    # Good runs in a row before moving up a stage.
    "good_runs_to_move_up": Rule(
        2, "graded walk–run programmes (NHS Couch to 5K repeats each step before the next)"
    ),
    # Stages back after a flare.
    "flare_steps_back": Rule(2, "coach's cautious choice: restart below where the flare began"),
    # A flare this many days long restarts the programme at its first stage.
    "long_flare_days": Rule(
        14, "coach's cautious choice: two weeks of gentle days lose running fitness"
    ),
}


def rule(name: str) -> int:
    return RULES[name].value


def verdict(run: RunEntry, baseline: int | None, next_morning: int | None) -> RunVerdict:
    """Good, too much, or repeat, by the pain-monitoring model (see the module's docstring)."""
    rise = next_morning - baseline if next_morning is not None and baseline is not None else None
    if run.pain_during > rule("limit_during") or (
        rise is not None and rise >= rule("morning_rise")
    ):
        return "too_much"
    if run.pain_during <= rule("good_during") or (rise is not None and rise <= 0):
        return "good"
    return "repeat"


def is_flare(plan: TodaysPlan) -> bool:
    return plan.kind in ("severe", "gentle", "stop")


def flare_days(pains: Mapping[date, int], warning_days: set[date]) -> set[date]:
    """The days whose plan was a gentle day or a warning-sign day."""
    flares = set(warning_days)
    for day, pain in pains.items():
        recent = [
            pains[earlier]
            for offset in range(MEDIAN_DAYS, 0, -1)
            if (earlier := day - timedelta(days=offset)) in pains
        ]
        if is_flare(todays_plan(pain, recent)):
            flares.add(day)
    return flares


def stage_index(
    stage_count: int,
    runs: Sequence[RunEntry],
    pains: Mapping[date, int],
    flares: set[date],
) -> int:
    """Where the programme stands: 0 for the first stage … `stage_count` for usual running.

    A flare restarts two stages below the stage last run (or where the programme stood, with
    no run since the last flare): a run judged too much the evening before a flare is part of
    the same setback, not a second one.
    """
    index, good_in_a_row = stage_count, 0
    last_run_index: int | None = None
    runs_by_day: dict[date, list[RunEntry]] = {}
    for run in runs:
        runs_by_day.setdefault(run.day, []).append(run)
    flare_length = 0
    for day in sorted(set(runs_by_day) | flares):
        if day in flares:
            continuing = flare_length > 0 and day - timedelta(days=1) in flares
            flare_length = flare_length + 1 if continuing else 1
            if not continuing:
                base = index if last_run_index is None else last_run_index
                index = min(index, max(0, base - rule("flare_steps_back")))
                last_run_index = None
            if flare_length >= rule("long_flare_days"):
                index = 0
            good_in_a_row = 0
        for run in runs_by_day.get(day, ()):
            last_run_index = index
            result = verdict(run, pains.get(day), pains.get(day + timedelta(days=1)))
            if result == "too_much":
                index, good_in_a_row = max(0, index - 1), 0
            elif result == "repeat":
                good_in_a_row = 0
            else:
                good_in_a_row += 1
                if good_in_a_row >= rule("good_runs_to_move_up"):
                    index, good_in_a_row = min(stage_count, index + 1), 0
    return index


def flares_on(store: Store, day: date) -> set[date]:
    """`flare_days` up to `day` from what is on disk, worked out once while nothing is written
    (the running stage and every routine's doses read them)."""

    def work_out() -> set[date]:
        warning_days = set(worst_by_day(store, date.min, day))
        return flare_days(pains_on(store, day), warning_days)

    return store.remembered(("flare days", day), work_out)


def pains_on(store: Store, day: date) -> Mapping[date, int]:
    """`pains_by_day`, read once while nothing is written (the flare days and the running
    stage both read every morning's pain)."""
    return store.remembered(("pains", day), lambda: pains_by_day(store, day))


def current_stage(store: Store, stages: Sequence[RunStage], day: date) -> RunStage | None:
    """The stage to run on `day`, or None for usual running, from everything on disk."""

    def work_out() -> int:
        runs = runs_until(store, day - timedelta(days=1))
        return stage_index(len(stages), runs, pains_on(store, day), flares_on(store, day))

    index = store.remembered(("running stage", day, len(stages)), work_out)
    return stages[index] if index < len(stages) else None


def stage_words(stage: RunStage) -> str:
    """ "walk 2 min / run 1 min × 8", or "run 20 min" for continuous running."""
    if stage.walk_s == 0:
        return f"run {duration(stage.run_s)}"
    return f"walk {duration(stage.walk_s)} / run {duration(stage.run_s)} × {stage.repeats}"


@dataclass(frozen=True)
class RunningAnswer:
    #: The whole line: "Running: …" (or "Walking: …" for someone who does not run).
    line: str
    #: A few words for `coach status`: "run: stage 3", "run: not today".
    short: str
    #: The stage to play, when the answer is a stage of the programme.
    stage: RunStage | None = None


def running_answer(
    plan: TodaysPlan, runner: Runner, stage: RunStage | None, stages: Sequence[RunStage]
) -> RunningAnswer:
    """The `Running:` line for the day's plan, the person, and the programme's stage."""
    limit = f"stop if pain rises above {rule('limit_during')}"
    if runner == "no":
        return _walking_answer(plan, limit)
    if plan.kind == "stop":
        return RunningAnswer("Running: not today — a warning sign comes first", "run: not today")
    if plan.kind == "severe":
        return RunningAnswer("Running: not today — not at 10/10", "run: not today")
    if plan.kind == "gentle":
        return RunningAnswer("Running: not today — walk 10–20 min instead", "run: not today")
    if stage is not None:
        number = stages.index(stage) + 1
        return RunningAnswer(
            f"Running: stage {number} of {len(stages)} — {stage_words(stage)}; {limit}",
            f"run: stage {number}",
            stage,
        )
    if plan.kind == "easy":
        return RunningAnswer(f"Running: an easy 20–30 min at most; {limit}", "run: easy")
    return RunningAnswer(f"Running: your usual run; {limit}", "run: usual")


def _walking_answer(plan: TodaysPlan, limit: str) -> RunningAnswer:
    if plan.kind == "stop":
        return RunningAnswer("Walking: none guided today — a warning sign comes first", "walk: -")
    if plan.kind == "severe":
        return RunningAnswer("Walking: none guided today — not at 10/10", "walk: -")
    if plan.kind == "gentle":
        return RunningAnswer("Walking: a short, easy walk of 10–20 min", "walk: 10–20 min")
    if plan.kind == "easy":
        return RunningAnswer(f"Walking: 20–30 min at an easy pace; {limit}", "walk: 20–30 min")
    return RunningAnswer("Walking: 30 min or more, brisk if it feels fine", "walk: 30 min")


def answer_for_day(
    store: Store, plan: TodaysPlan, runner: Runner, stages: Sequence[RunStage], day: date
) -> RunningAnswer:
    """The day's running answer from what is on disk."""
    stage = current_stage(store, stages, day) if runner != "no" else None
    return running_answer(plan, runner, stage, stages)


# --- runs as the history and the clinician's report tell them --------------------------------


def stage_name(stage_id: str, stages: Sequence[RunStage]) -> str:
    """ "stage 3 of 8, Walk 2 min / run 1 min"; the id alone for a stage whose file is gone."""
    for number, stage in enumerate(stages, start=1):
        if stage.id == stage_id:
            return f"stage {number} of {len(stages)}, {stage.name}"
    return stage_id


def _planned(run: RunRecord, stages: Sequence[RunStage]) -> int | None:
    return next((stage.repeats for stage in stages if stage.id == run.stage), None)


def run_finished(run: RunRecord, stages: Sequence[RunStage]) -> bool:
    """Every run interval of its stage done (a stage whose file is gone: not known, so not)."""
    planned = _planned(run, stages)
    return planned is not None and run.intervals_done >= planned


def pain_too_high(run: RunRecord) -> bool:
    """The worst pain during it passed the limit the Running line names (a step back)."""
    return run.pain_during is not None and run.pain_during > rule("limit_during")


def run_words(run: RunRecord, stages: Sequence[RunStage]) -> str:
    """ "finished, 8 of 8 run intervals, 24 min, worst pain during 2, after 1": how far it
    went and the pains asked at its end."""
    planned = _planned(run, stages)
    done = (
        f"{run.intervals_done} of {count(planned, 'run interval')}"
        if planned is not None
        else count(run.intervals_done, "run interval")
    )
    words = [f"{'finished' if run_finished(run, stages) else 'stopped'}, {done}"]
    if run.active_s:
        words.append(duration(run.active_s))
    if run.pain_during is None:
        words.append("pain not asked")
    else:
        after = f", after {run.pain_after}" if run.pain_after is not None else ""
        words.append(f"worst pain during {run.pain_during}{after}")
    return ", ".join(words)


@dataclass(frozen=True)
class RunningSummary:
    """The runs of a period, for the clinician's report."""

    runs: int
    finished: int
    #: The highest stage run in the period ("stage 4 of 8, …"), None without a run.
    stage_reached: str | None
    #: Each run whose worst pain passed the limit: its day, and whether it was stopped there.
    too_painful: tuple[tuple[date, bool], ...]

    @property
    def stopped(self) -> int:
        return self.runs - self.finished

    def lines(self) -> list[str]:
        """The report's Running section, a line each."""
        if not self.runs:
            return ["No interval run in this period."]
        limit = rule("limit_during")
        lines = [
            f"Stage reached: {self.stage_reached} (the highest stage run in this period).",
            f"Runs: {self.runs}, {self.finished} finished and {self.stopped} stopped part-way.",
        ]
        if not self.too_painful:
            lines.append(f"No run had pain above {limit}/10 during it.")
        else:
            days = ", ".join(
                f"{day.isoformat()}{' (stopped)' if stopped else ''}"
                for day, stopped in self.too_painful
            )
            lines.append(f"Pain above {limit}/10 during a run (the next is a stage back): {days}.")
        return lines


def running_summary(runs: Sequence[RunRecord], stages: Sequence[RunStage]) -> RunningSummary:
    order = {stage.id: number for number, stage in enumerate(stages)}
    known = [run.stage for run in runs if run.stage in order]
    highest = max(known, key=order.__getitem__) if known else None
    if highest is None and runs:
        highest = runs[-1].stage  # only stages whose files are gone: the last one run
    return RunningSummary(
        runs=len(runs),
        finished=sum(run_finished(run, stages) for run in runs),
        stage_reached=stage_name(highest, stages) if highest is not None else None,
        too_painful=tuple(
            (run.day, not run_finished(run, stages)) for run in runs if pain_too_high(run)
        ),
    )
