"""Every clinical rule coach applies, in three tables, each row citing where it comes from.

- SIGNS: the warning signs (red flags) of serious back trouble, one thing per question, with
  the tier a yes leads to: *urgent* (emergency care now) or *same_day* (a doctor today). Some
  are asked, or raised to urgent, only when the person's background makes them matter.
- BACKGROUND: what does not change week to week ("about you"), asked once.
- THRESHOLDS: every number a rule compares with: when the screen is due, today's plan, what
  counts as a change people notice, and when coach says "see your GP or physiotherapist".

The README's warning-sign table is this module, rendered; `tests/test_rules.py` tests each
row at, under and over its limit. Nothing here reads the database or imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Tier = Literal["urgent", "same_day"]
#: What a warning-sign screen adds up to.
Result = Literal["none", "same_day", "urgent"]
#: Worst first: a screen's result is the worst tier among its yes answers.
TIER_ORDER: tuple[Tier, ...] = ("urgent", "same_day")


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


SOURCES: dict[str, Source] = {
    "nhs": Source("NHS: Back pain (when to call 999; when to ask for an urgent GP appointment "
                  "or call 111)", "https://www.nhs.uk/conditions/back-pain/"),
    "ng59": Source("NICE NG59: Low back pain and sciatica in over 16s, 1.1.1 (think of other "
                   "causes when symptoms are new or change)", "https://www.nice.org.uk/guidance/ng59"),
    "cks": Source("NICE CKS: Back pain - low (without radiculopathy), red flags for cauda equina, "
                  "fracture, cancer and infection",
                  "https://cks.nice.org.uk/topics/back-pain-low-without-radiculopathy/"),
    "ces": Source("GIRFT / NHS England: National suspected cauda equina syndrome pathway (2023)"),
    "ng41": Source("NICE NG41: Spinal injury: assessment and initial management",
                   "https://www.nice.org.uk/guidance/ng41"),
    "ng234": Source("NICE NG234: Spinal metastases and metastatic spinal cord compression",
                    "https://www.nice.org.uk/guidance/ng234"),
    "farrar": Source("Farrar et al. 2001, Pain 94:149-158: a change of about 2 points or 30% on "
                     "the 0-10 scale is the smallest people notice"),
    "krebs": Source("Krebs et al. 2009, J Gen Intern Med 24:733-738: the PEG scale"),
    "nrs": Source("The 0-10 numeric rating scale: 0 no pain, 10 worst imaginable; 1-3 mild, "
                  "4-6 moderate, 7-10 severe"),
    "osterberg": Source("Osterberg & Blaschke 2005, N Engl J Med 353:487-497: there is no "
                        "agreed threshold of adequate adherence; trials usually accept 80% or "
                        "more of the prescribed doses"),
    "coach": Source("coach's own rule, chosen to err on the side of asking"),
}  # fmt: skip


# --- about you ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackgroundItem:
    column: str
    #: As the "about you" list shows it.
    question: str
    #: In the clinician's report: "a history of cancer".
    label: str
    sources: tuple[str, ...]


BACKGROUND: tuple[BackgroundItem, ...] = (
    BackgroundItem(
        "cancer_history", "You have had cancer", "a history of cancer", ("cks", "ng234")
    ),
    BackgroundItem(
        "steroids_osteoporosis",
        "You take steroid tablets long-term, or have osteoporosis (thin bones)",
        "long-term steroids or osteoporosis",
        ("cks",),
    ),
    BackgroundItem(
        "weak_immunity",
        "Your immune system is weakened (by an illness or a medicine)",
        "a weakened immune system",
        ("cks",),
    ),
    BackgroundItem(
        "over_50_at_onset",
        "You were over 50 when your back pain first began",
        "over 50 at the first episode",
        ("cks",),
    ),
)
BACKGROUND_COLUMNS = tuple(item.column for item in BACKGROUND)


# --- the warning signs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sign:
    column: str
    #: As the checklist shows it: one thing, current or new.
    question: str
    #: Short, for the day view, the report and the CLI: "chest pain".
    label: str
    tier: Tier
    sources: tuple[str, ...]
    #: Asked only when the background holds one of these (empty: asked of everyone).
    asked_with: frozenset[str] = frozenset()
    #: Urgent, whatever `tier` says, when the background holds one of these.
    urgent_with: frozenset[str] = frozenset()

    def tier_for(self, background: frozenset[str]) -> Tier:
        return "urgent" if self.urgent_with & background else self.tier

    def is_asked(self, background: frozenset[str]) -> bool:
        return not self.asked_with or bool(self.asked_with & background)


SIGNS: tuple[Sign, ...] = (
    # Urgent: emergency care now (cauda equina syndrome, a serious injury, the heart).
    Sign(
        "saddle_numbness",
        "New numbness or tingling around your genitals or bottom",
        "numbness around the genitals or bottom",
        "urgent",
        ("nhs", "cks", "ces"),
    ),
    Sign(
        "bladder_bowel",
        "New trouble peeing, or losing control of your bladder or bowel",
        "new bladder or bowel trouble",
        "urgent",
        ("nhs", "cks", "ces"),
    ),
    Sign(
        "sexual_dysfunction",
        "A new change in sexual function or feeling (erection, numbness)",
        "new sexual dysfunction",
        "urgent",
        ("ces",),
    ),
    Sign(
        "both_legs",
        "New numbness, tingling or weakness in both legs",
        "numbness or weakness in both legs",
        "urgent",
        ("nhs", "cks", "ces"),
    ),
    Sign(
        "walking",
        "New difficulty walking, or legs that feel heavy",
        "difficulty walking",
        "urgent",
        ("ces", "ng234"),
    ),
    Sign(
        "serious_accident",
        "The pain began after a serious accident (car crash, fall from a height)",
        "back pain after a serious accident",
        "urgent",
        ("nhs", "ng41", "cks"),
    ),
    Sign("chest_pain", "Chest pain along with the back pain", "chest pain", "urgent", ("nhs",)),
    # Asked only with a history of cancer: any new limb weakness is an emergency then.
    Sign(
        "one_leg",
        "New numbness or weakness in one leg",
        "numbness or weakness in one leg",
        "urgent",
        ("ng234",),
        asked_with=frozenset({"cancer_history"}),
    ),
    # Same day: a doctor today (cancer, infection, fracture).
    Sign(
        "fever",
        "A fever, or feeling hot, shivery and unwell",
        "fever or feeling unwell",
        "same_day",
        ("nhs", "cks"),
        urgent_with=frozenset({"weak_immunity"}),
    ),
    Sign(
        "weight_loss",
        "Weight loss you cannot explain",
        "unexplained weight loss",
        "same_day",
        ("nhs", "cks"),
    ),
    Sign(
        "back_lump",
        "A lump or swelling on your back, or a change in its shape",
        "a lump or a change in the shape of the back",
        "same_day",
        ("nhs", "cks"),
    ),
    Sign(
        "night_pain",
        "Pain that is worse at night, or not eased by rest",
        "night pain not eased by rest",
        "same_day",
        ("nhs", "cks", "ng234"),
    ),
    Sign(
        "straining_pain",
        "Pain made worse by coughing, sneezing or straining on the toilet",
        "pain worse when coughing, sneezing or straining",
        "same_day",
        ("nhs", "ng234"),
    ),
    Sign(
        "upper_back",
        "Pain high in your back, between the shoulder blades",
        "pain between the shoulder blades",
        "same_day",
        ("nhs", "ng234"),
    ),
    Sign(
        "minor_fall",
        "A fall or a blow to your back (not a serious accident)",
        "a fall or blow to the back",
        "same_day",
        ("cks", "ng41"),
    ),
    # Asked only when the background makes them a sign of a fracture or of cancer.
    Sign(
        "sudden_onset",
        "Pain that came on suddenly after a small strain, a lift or a cough",
        "sudden pain after a small strain",
        "same_day",
        ("cks",),
        asked_with=frozenset({"steroids_osteoporosis"}),
    ),
    Sign(
        "worsening",
        "Pain that keeps getting worse, week after week",
        "pain getting worse week after week",
        "same_day",
        ("cks", "ng234"),
        asked_with=frozenset({"cancer_history", "over_50_at_onset"}),
    ),
)
SIGN_COLUMNS = tuple(sign.column for sign in SIGNS)
SIGNS_BY_COLUMN: dict[str, Sign] = {sign.column: sign for sign in SIGNS}
#: Bumped whenever SIGNS changes what is asked: a screen taken with another set is not current.
QUESTION_SET = 2
#: Questions of the first set that asked two things at once; kept to label old records.
RETIRED_SIGNS: dict[str, str] = {
    "leg_weakness": "weakness or numbness in both legs, or a leg getting weaker",
    "trauma": "a recent fall, accident or blow",
    "cancer_history": "a history of cancer, or unexplained weight loss",
}


def sign_label(column: str) -> str:
    """The short words for any sign ever asked, retired ones included."""
    sign = SIGNS_BY_COLUMN.get(column)
    return sign.label if sign is not None else RETIRED_SIGNS[column]


def signs_asked(background: frozenset[str]) -> tuple[Sign, ...]:
    """The signs to ask, urgent ones first (for this background), each once."""
    asked = [sign for sign in SIGNS if sign.is_asked(background)]
    return tuple(sorted(asked, key=lambda sign: TIER_ORDER.index(sign.tier_for(background))))


def classify(answers: Mapping[str, bool | None], background: frozenset[str]) -> Result:
    """The worst tier among the signs answered yes; none when every answer is no."""
    tiers = {SIGNS_BY_COLUMN[column].tier_for(background) for column, yes in answers.items() if yes}
    return next((tier for tier in TIER_ORDER if tier in tiers), "none")


def worst(results: list[str]) -> Result:
    """The worst of several screens' results."""
    return next((tier for tier in TIER_ORDER if tier in results), "none")


# --- every number a rule compares with --------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float
    meaning: str
    sources: tuple[str, ...]


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "screen_interval_days",
        7,
        "the warning signs are asked again once this many days have passed (and whenever "
        "something is new)",
        ("ng59", "coach"),
    ),
    Threshold(
        "peg_interval_days",
        7,
        "the PEG questions are asked weekly: they cover the past week",
        ("krebs",),
    ),
    Threshold(
        "gentle_pain_from",
        7,
        "pain at or above this is a gentle day (severe pain)",
        ("nrs",),
    ),
    Threshold(
        "easy_pain_from",
        4,
        "pain at or above this is an easy day (moderate pain)",
        ("nrs",),
    ),
    Threshold(
        "rise_points",
        2,
        "pain this many points above the median of recent days is rising: a gentle day",
        ("farrar",),
    ),
    Threshold(
        "median_days",
        7,
        "the days before today that the median is taken over",
        ("coach",),
    ),
    Threshold(
        "min_days_for_claim",
        5,
        "fewer check-in days than this behind a figure and coach claims nothing about it",
        ("coach",),
    ),
    Threshold(
        "high_pain_from",
        8,
        "pain at or above this on `high_pain_mornings` mornings running: see your GP or "
        "physiotherapist",
        ("nhs", "nrs"),
    ),
    Threshold("high_pain_mornings", 3, "…on this many mornings running", ("nhs", "coach")),
    Threshold(
        "worst_pain",
        10,
        "pain this high (the worst imaginable) even once: see your GP or physiotherapist, and "
        "no walk or routine is suggested",
        ("nrs", "nhs"),
    ),
    Threshold(
        "no_improvement_after_days",
        42,
        "after this many days of use, the last fortnight's average pain is compared with the "
        "first fortnight's",
        ("cks", "nhs"),
    ),
    Threshold(
        "average_days",
        14,
        "the length of the fortnights compared (the summary, the report, the no-improvement "
        "rule): one week is too noisy for pain that varies day to day",
        ("coach",),
    ),
    Threshold(
        "still_moderate_from",
        4,
        "no noticeable improvement while the recent average is at or above this: see your GP "
        "or physiotherapist",
        ("nrs", "farrar"),
    ),
    Threshold(
        "peg_high_from",
        7,
        "a PEG score at or above this in `peg_high_weeks` weeks running: see your GP or "
        "physiotherapist",
        ("krebs", "coach"),
    ),
    Threshold("peg_high_weeks", 2, "…in this many weekly answers running", ("krebs", "coach")),
    Threshold(
        "notice_window_days",
        7,
        "a notice is shown while the data that raised it is this recent",
        ("coach",),
    ),
    Threshold(
        "notice_quiet_days", 7, "a dismissed notice stays away for this many days", ("coach",)
    ),
    Threshold(
        "completed_reps_share",
        0.8,
        "a routine counts as completed (a ✓ on home, the calendar and what helps) only when at "
        "least this share of its planned reps was held; below it, it is stopped. No exercise "
        "standard exists: the 80% that adherence research usually accepts for medication, "
        "as coach's own choice",
        ("osterberg", "coach"),
    ),
)
_VALUES: dict[str, float] = {threshold.name: threshold.value for threshold in THRESHOLDS}


def threshold(name: str) -> float:
    return _VALUES[name]


def whole(name: str) -> int:
    """A threshold that is a whole number (days, points, mornings)."""
    value = _VALUES[name]
    assert float(value).is_integer(), f"{name} is not a whole number"
    return int(value)


#: Fewer days (or sessions) than this behind a figure and coach claims nothing about it: the
#: reports' and history's figures, and the "see your GP" rule that compares fortnights.
MIN_DAYS_FOR_CLAIM = whole("min_days_for_claim")
#: The days averaged to compare pain (fortnights: one week is too noisy for pain that varies
#: day to day).
AVERAGE_DAYS = whole("average_days")
#: The worst imaginable pain: even once, "see your GP or physiotherapist" (coach.escalation),
#: and that day no routine or walk is suggested (coach.clinical).
WORST_PAIN = whole("worst_pain")


# --- when a change in pain is named -------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRule:
    """How far pain on the 0–10 scale must move before coach calls it less or more pain: at
    least `points`, or `fraction` of where it started if that is smaller, but never fewer than
    `floor` points."""

    points: float
    fraction: float | None
    floor: float
    source: str

    def needed(self, before: float) -> float:
        if self.fraction is None:
            return self.points
        return min(self.points, max(self.floor, self.fraction * before))


#: Single readings (one session's pain before and after) against averages (a fortnight's daily
#: pain, the mean of many sessions or mornings). The 2 points / 30% are for change over weeks
#: of averaged scores; a single reading moves a point from one hour to the next by itself.
CHANGE_RULES: dict[str, ChangeRule] = {
    "single": ChangeRule(
        points=2.0,
        fraction=None,
        floor=2.0,
        source="Farrar et al. 2001, Pain 94:149-158 (about 2 points on the 0-10 scale is the "
        "smallest change people call much better); one reading gets no 30% alternative, which "
        "at low pain is under one point",
    ),
    "averaged": ChangeRule(
        points=2.0,
        fraction=0.30,
        floor=1.0,
        source="Farrar et al. 2001, Pain 94:149-158 (2 points or 30%); Ostelo et al. 2008, "
        "Spine 33:90-94 (30% improvement from baseline for low back pain); the floor of 1 point "
        "is coach's own, so 1.0 → 1.3 is not called a change",
    ),
}


def is_noticeable_change(before: float, after: float, *, averaged: bool) -> bool:
    """A change, either way, that passes the rule for single readings or for averages."""
    rule = CHANGE_RULES["averaged" if averaged else "single"]
    before, after = round(before, 1), round(after, 1)
    change = abs(round(after - before, 1))
    # The tolerance keeps 5.0 → 3.5 (exactly 30%) from failing on float rounding.
    return change + 1e-9 >= rule.needed(before)
