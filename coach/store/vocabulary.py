"""Values the schema's columns hold, named once for the store and the domain above it."""

#: The red_flags table's answer columns, in the order the questions are asked.
RED_FLAG_COLUMNS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_bowel",
    "leg_weakness",
    "fever",
    "trauma",
    "cancer_history",
    "night_pain",
)
