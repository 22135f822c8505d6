"""The rule tables: every warning sign's tier for every background, and every threshold's value,
each at, under and over its limit where it has one."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest

from coach import rules
from coach.rules import (
    BACKGROUND,
    BACKGROUND_COLUMNS,
    CHANGE_RULES,
    SIGNS,
    SOURCES,
    THRESHOLDS,
    classify,
    is_noticeable_change,
    signs_asked,
    threshold,
)
from coach.settings import emergency_number_for
from coach.store import Store

#: The triage the signs must give, from the NHS back-pain page and NICE NG59 / CKS / the
#: cauda-equina pathway, for a person with none of the background items.
EXPECTED_TIERS = {
    "saddle_numbness": "urgent",
    "bladder_bowel": "urgent",
    "sexual_dysfunction": "urgent",
    "both_legs": "urgent",
    "walking": "urgent",
    "serious_accident": "urgent",
    "chest_pain": "urgent",
    "fever": "same_day",
    "weight_loss": "same_day",
    "back_lump": "same_day",
    "night_pain": "same_day",
    "straining_pain": "same_day",
    "upper_back": "same_day",
    "minor_fall": "same_day",
}
EVERY_BACKGROUND = [
    frozenset(combo)
    for size in range(len(BACKGROUND_COLUMNS) + 1)
    for combo in combinations(BACKGROUND_COLUMNS, size)
]


@pytest.mark.parametrize(("column", "tier"), EXPECTED_TIERS.items())
def test_each_sign_alone_gives_its_tier(column: str, tier: str) -> None:
    asked = signs_asked(frozenset())
    answers = {sign.column: sign.column == column for sign in asked}
    assert classify(answers, frozenset()) == tier


def test_everyone_is_asked_exactly_the_triage_list() -> None:
    assert {sign.column for sign in signs_asked(frozenset())} == set(EXPECTED_TIERS)


@pytest.mark.parametrize(
    "background", EVERY_BACKGROUND, ids=lambda b: "+".join(sorted(b)) or "none"
)
def test_urgent_signs_come_first_whatever_the_background(background: frozenset[str]) -> None:
    tiers = [sign.tier_for(background) for sign in signs_asked(background)]
    assert tiers == sorted(tiers, key=rules.TIER_ORDER.index)
    assert classify({sign.column: False for sign in signs_asked(background)}, background) == (
        "none"
    )


@pytest.mark.parametrize(
    ("background", "yes", "tier"),
    [
        # a weakened immune system: a fever may be a spinal infection, an emergency
        ({"weak_immunity"}, "fever", "urgent"),
        (set(), "fever", "same_day"),
        # a history of cancer: new weakness in one leg may be spinal cord compression
        ({"cancer_history"}, "one_leg", "urgent"),
        # …and pain getting worse week after week, night pain and weight loss: a doctor today
        ({"cancer_history"}, "worsening", "same_day"),
        ({"over_50_at_onset"}, "worsening", "same_day"),
        ({"cancer_history"}, "night_pain", "same_day"),
        ({"cancer_history"}, "weight_loss", "same_day"),
        # steroids or osteoporosis: sudden pain after a small strain may be a fracture
        ({"steroids_osteoporosis"}, "sudden_onset", "same_day"),
        # an urgent yes outranks any same-day one
        ({"cancer_history"}, "one_leg,night_pain", "urgent"),
    ],
)
def test_the_background_raises_sensitivity(background: set[str], yes: str, tier: str) -> None:
    given = frozenset(background)
    ticked = set(yes.split(","))
    answers = {sign.column: sign.column in ticked for sign in signs_asked(given)}
    assert ticked <= set(answers), "asked of this background"
    assert classify(answers, given) == tier


@pytest.mark.parametrize(
    ("column", "asked_of"),
    [
        ("one_leg", {"cancer_history"}),
        ("sudden_onset", {"steroids_osteoporosis"}),
        ("worsening", {"cancer_history", "over_50_at_onset"}),
    ],
)
def test_some_signs_are_asked_only_when_the_background_makes_them_matter(
    column: str, asked_of: set[str]
) -> None:
    for background in EVERY_BACKGROUND:
        asked = column in {sign.column for sign in signs_asked(background)}
        assert asked is bool(background & asked_of), background


def test_the_weekly_list_asks_only_current_symptoms_one_thing_each() -> None:
    """Lifelong history is "about you", asked once; no weekly question asks for it."""
    for sign in SIGNS:
        assert "history" not in sign.question.lower() and "cancer" not in sign.question.lower()
        assert not sign.question.endswith("?")  # a checklist line, ticked or not
    neurological = ("saddle_numbness", "bladder_bowel", "both_legs", "walking", "one_leg")
    for column in neurological:
        assert rules.SIGNS_BY_COLUMN[column].question.startswith("New ")


def test_every_row_cites_known_sources(store: Store) -> None:
    for row in (*SIGNS, *BACKGROUND, *THRESHOLDS):
        assert row.sources and set(row.sources) <= set(SOURCES), row
    columns = set(store.db["red_flags"].columns_dict)
    assert {sign.column for sign in SIGNS} <= columns
    assert set(rules.RETIRED_SIGNS) <= columns
    assert set(BACKGROUND_COLUMNS) <= set(store.db["about_you"].columns_dict)


#: Every threshold, at its documented value: a change here is a clinical change.
EXPECTED_THRESHOLDS = {
    "screen_interval_days": 7,
    "peg_interval_days": 7,
    "gentle_pain_from": 7,
    "easy_pain_from": 4,
    "rise_points": 2,
    "median_days": 7,
    "min_days_for_claim": 5,
    "high_pain_from": 8,
    "high_pain_mornings": 3,
    "worst_pain": 10,
    "no_improvement_after_days": 42,
    "average_days": 14,
    "still_moderate_from": 4,
    "peg_high_from": 7,
    "peg_high_weeks": 2,
    "notice_window_days": 7,
    "notice_quiet_days": 7,
    "completed_reps_share": 0.8,
}


def test_every_threshold_is_the_documented_one() -> None:
    assert {row.name: row.value for row in THRESHOLDS} == EXPECTED_THRESHOLDS
    assert all(threshold(name) == value for name, value in EXPECTED_THRESHOLDS.items())


@pytest.mark.parametrize(
    ("before", "after", "noticeable"),
    [
        (8.0, 6.0, True),  # at 2 points (30% of 8 is more)
        (8.0, 6.1, False),  # under both limits
        (8.0, 5.9, True),  # over
        (5.0, 3.5, True),  # at 30%
        (5.0, 3.6, False),
        (3.0, 5.0, True),  # either way
    ],
)
def test_a_noticeable_change_of_averages(before: float, after: float, noticeable: bool) -> None:
    """The rule the escalation compares fortnights with (`CHANGE_RULES["averaged"]`)."""
    assert is_noticeable_change(before, after, averaged=True) is noticeable


@pytest.mark.parametrize(
    ("environ", "number"),
    [
        ({"LANG": "en_GB.UTF-8"}, "999"),
        ({"LANG": "en_US.UTF-8"}, "911"),
        ({"LANG": "fr_CA.UTF-8"}, "911"),
        ({"LANG": "de_DE.UTF-8"}, "112"),
        ({"LANG": "C.UTF-8"}, "112"),
        ({}, "112"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "en_GB.UTF-8"}, "911"),  # LC_ALL wins
    ],
)
def test_the_emergency_number_follows_the_locale(environ: dict[str, str], number: str) -> None:
    assert emergency_number_for(environ) == number


def test_the_readme_table_is_the_rule_table() -> None:
    """Each sign's row in the README: its question, its tier and its sources, in that order."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ")]
    for sign in SIGNS:
        [row] = [line for line in rows if line.startswith(f"| {sign.question}")]
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1] == sign.tier.replace("_", " "), sign.column
        assert cells[2] == ", ".join(source.upper() for source in sign.sources), sign.column


def test_the_readme_escalation_table_gives_the_rule_tables_numbers_and_sources() -> None:
    """Each "see your GP or physiotherapist" rule in the README, worded with THRESHOLDS' and
    CHANGE_RULES' numbers, citing only sources its thresholds cite."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| rule | sources |\n| --- | --- |\n")[1].split("\n\n")[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()]

    def n(name: str) -> str:
        return f"{threshold(name):g}"

    def weeks(name: str) -> str:
        return f"{threshold(name) / 7:g}"

    averaged = CHANGE_RULES["averaged"]
    expected = {
        f"pain {n('high_pain_from')}/10 or more on {n('high_pain_mornings')} mornings running": (
            "high_pain_from",
            "high_pain_mornings",
        ),
        f"pain {n('worst_pain')}/10 (the worst imaginable) even once; no routine or walk is "
        "suggested that day": ("worst_pain",),
        f"after {weeks('no_improvement_after_days')} weeks of use, the last "
        f"{weeks('average_days')} weeks' average pain has not improved on the first "
        f"{weeks('average_days')} weeks' by {averaged.points:g} points or "
        f"{averaged.fraction or 0:.0%}, and is still {n('still_moderate_from')} or more": (
            "no_improvement_after_days",
            "average_days",
            "still_moderate_from",
        ),
        f"a PEG score of {n('peg_high_from')} or more in {n('peg_high_weeks')} weekly answers "
        "running": ("peg_high_from", "peg_high_weeks"),
    }
    assert [rule for rule, _ in rows] == list(expected)
    cited = {row.name: set(row.sources) for row in THRESHOLDS}
    for rule, sources in rows:
        named = {source.strip().lower() for source in sources.split(",")}
        allowed = set().union(*(cited[name] for name in expected[rule]))
        assert named and named <= allowed, rule


def test_each_threshold_is_named_in_one_module() -> None:
    """A module that needs a threshold of the table imports its name from the module that
    names it: two `NAME = whole("x")` for one threshold would be two names to keep in step."""
    named: dict[str, list[str]] = {}
    for module in sorted(Path(rules.__file__).parent.rglob("*.py")):
        for match in re.finditer(
            r'^\w+ = (?:whole|threshold)\("(\w+)"\)', module.read_text(), re.M
        ):
            named.setdefault(match[1], []).append(module.name)
    assert {name: where for name, where in named.items() if len(where) > 1} == {}
