"""The answers a check-in records, each with every wording it has, in one table per question.

A `Choice` is one answer: the value stored in its `checkins` column, the label of its button
on the check-in screen (also the heading of its column in the week table), and the phrase that
names it inside a sentence ("after a run", "poor sleep"). The store, the clinical checks, the
check-in screen, the day detail, the reports, the CLI help and the demo all read these tables,
so an answer is added or reworded here alone. The first migration's CHECK constraints hold the
same values; tests/test_vocabulary.py checks that the database accepts exactly these.

Imports nothing: every layer may read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    #: Stored in the database and typed on the command line.
    value: str
    #: The check-in screen's button, and the week table's column heading.
    button: str
    #: The answer inside a sentence: "after {phrase}", "yesterday: {phrase}".
    phrase: str


@dataclass(frozen=True)
class Question:
    #: The column the answer is stored in (of `checkins`, or of `follow_ups` for FOLLOW_UP).
    column: str
    #: The check-in screen's label for the question.
    label: str
    choices: tuple[Choice, ...]
    #: The answer given when the person does not choose one; None: it stays unanswered.
    default: str | None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def choice(self, value: str) -> Choice:
        """The choice stored as `value`; KeyError for a value that is not one."""
        for choice in self.choices:
            if choice.value == value:
                return choice
        raise KeyError(value)

    def phrase(self, value: str) -> str:
        return self.choice(value).phrase

    def listed(self) -> str:
        """The values for a sentence of help: "poor, fair or good"."""
        return in_words(self.values)


def in_words(items: Sequence[str], last: str = "or") -> str:
    """Items in a sentence: "a, b or c" (or "a, b and c"); one item alone."""
    *most, final = items
    return f"{', '.join(most)} {last} {final}" if most else final


#: Yesterday's activity (the morning check-in asks about the day before). It has no default:
#: a day the person did not say is not a rest day (coach.store.checkins keeps it "not said").
ACTIVITY = Question(
    column="activity",
    label="Yesterday",
    choices=(
        Choice("run", "Run", "a run"),
        Choice("walk", "Walk", "a walk"),
        Choice("strength", "Strength", "strength work"),
        Choice("other", "Other", "other activity"),
        Choice("rest", "Rest", "rest"),
    ),
    default=None,
)
#: A check-in whose activity was left unanswered, in a sentence: "yesterday: not said".
NOT_SAID = "not said"
#: The one activity that has no minutes.
REST = "rest"
#: What a run played in coach the day before makes of the next morning's answer.
RUN = "run"

SLEEP = Question(
    column="sleep",
    label="Sleep",
    choices=(
        Choice("poor", "Poor", "poor sleep"),
        Choice("fair", "Fair", "fair sleep"),
        Choice("good", "Good", "good sleep"),
    ),
    default="fair",
)

STIFFNESS = Question(
    column="stiffness",
    label="Morning stiffness",
    choices=(
        Choice("none", "None", "no morning stiffness"),
        Choice("under_30", "Under 30 min", "stiff under 30 min"),
        Choice("longer", "Longer", "stiff 30 min or longer"),
    ),
    default="none",
)

#: The morning after a warning sign, before the check-in: "Have you been seen by a clinician,
#: or has it gone?" Only the first two lift the hold (coach.store.red_flags.LIFTING).
FOLLOW_UP = Question(
    column="answer",
    label="Have you been seen by a clinician, or has it gone?",
    choices=(
        Choice(
            "seen",
            "I have been seen by a clinician, and told exercise is fine",
            "seen by a clinician, and told exercise is fine",
        ),
        Choice("gone", "It has gone", "it has gone"),
        Choice("not_yet", "Not yet", "not yet seen, and not gone"),
    ),
    default=None,
)
