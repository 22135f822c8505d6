"""The schema of coach.db, as numbered sqlite-utils migrations.

The schema is part of the product (documented in the README): users may open the file with
sqlite-utils or Datasette. Each migration runs once, in a transaction, recorded in
`_sqlite_migrations`; a migration is never edited after release, only followed by a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "coach"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    _execute_each(
        db,
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,                 -- the user's local date, YYYY-MM-DD
            at TEXT NOT NULL,                  -- UTC instant, ISO 8601
            pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
            activity TEXT NOT NULL DEFAULT 'rest'
                CHECK (activity IN ('run', 'walk', 'strength', 'other', 'rest')),
            activity_min INTEGER NOT NULL DEFAULT 0 CHECK (activity_min BETWEEN 0 AND 1440),
            sleep TEXT CHECK (sleep IN ('poor', 'fair', 'good')),
            stiffness TEXT CHECK (stiffness IN ('none', 'under_30', 'longer')),
            new_symptoms INTEGER NOT NULL DEFAULT 0 CHECK (new_symptoms IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            superseded_at TEXT                 -- set when a later check-in that day replaced it
        );
        CREATE INDEX idx_checkins_day ON checkins(day);

        CREATE TABLE peg (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER REFERENCES checkins(id),
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            pain_avg INTEGER NOT NULL CHECK (pain_avg BETWEEN 0 AND 10),
            enjoyment INTEGER NOT NULL CHECK (enjoyment BETWEEN 0 AND 10),
            general_activity INTEGER NOT NULL CHECK (general_activity BETWEEN 0 AND 10),
            score REAL NOT NULL CHECK (score BETWEEN 0 AND 10)
        );
        CREATE INDEX idx_peg_day ON peg(day);

        CREATE TABLE red_flags (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER REFERENCES checkins(id),
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            saddle_numbness INTEGER NOT NULL CHECK (saddle_numbness IN (0, 1)),
            bladder_bowel INTEGER NOT NULL CHECK (bladder_bowel IN (0, 1)),
            leg_weakness INTEGER NOT NULL CHECK (leg_weakness IN (0, 1)),
            fever INTEGER NOT NULL CHECK (fever IN (0, 1)),
            trauma INTEGER NOT NULL CHECK (trauma IN (0, 1)),
            cancer_history INTEGER NOT NULL CHECK (cancer_history IN (0, 1)),
            night_pain INTEGER NOT NULL CHECK (night_pain IN (0, 1)),
            result TEXT NOT NULL CHECK (result IN ('none', 'same_day', 'urgent'))
        );
        CREATE INDEX idx_red_flags_day ON red_flags(day);

        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine TEXT NOT NULL,             -- the routine's id (its file stem)
            day TEXT NOT NULL,                 -- local date the session started
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('in_progress', 'completed', 'stopped')),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            active_s REAL NOT NULL DEFAULT 0   -- seconds of guided time, pauses excluded
        );
        CREATE INDEX idx_sessions_day ON sessions(day);
        CREATE INDEX idx_sessions_status ON sessions(status);

        CREATE TABLE reps (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            step_no INTEGER NOT NULL,          -- which step of the routine (0-based)
            exercise TEXT NOT NULL,
            set_no INTEGER NOT NULL,
            rep_no INTEGER NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
            hold_s REAL NOT NULL,              -- planned hold
            held_s REAL NOT NULL,              -- measured on the monotonic clock
            at TEXT NOT NULL,
            UNIQUE (session_id, step_no, set_no, rep_no, side)
        );
        CREATE INDEX idx_reps_session ON reps(session_id);
        """,
    )


@migrations(name="0002_runs")
def runs(db: Database) -> None:
    _execute_each(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,                 -- the user's local date, YYYY-MM-DD
            at TEXT NOT NULL,                  -- UTC instant the run was recorded, ISO 8601
            stage TEXT NOT NULL,               -- the running stage's id (its file stem)
            pain_during INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),  -- the worst
            pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
            intervals_done INTEGER NOT NULL CHECK (intervals_done >= 0)
        );
        CREATE INDEX idx_runs_day ON runs(day);
        """,
    )


@migrations(name="0003_safety")
def safety(db: Database) -> None:
    """The second set of warning-sign questions (one thing per question), screens that a later
    one replaced, follow-ups of a warning sign, the background asked once, dismissed notices.

    red_flags is rebuilt because its answer columns become nullable: a sign not asked (the
    rest of the list after an urgent yes, a question for another background, or a question of
    the other set) is NULL, not "no". Rows and ids are kept; the first set's own questions
    (leg_weakness, trauma, cancer_history) stay as columns, NULL from now on."""
    _execute_each(
        db,
        """
        CREATE TABLE red_flags_v2 (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER REFERENCES checkins(id),
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            question_set INTEGER NOT NULL DEFAULT 1,  -- which list of questions was asked
            saddle_numbness INTEGER CHECK (saddle_numbness IN (0, 1)),
            bladder_bowel INTEGER CHECK (bladder_bowel IN (0, 1)),
            sexual_dysfunction INTEGER CHECK (sexual_dysfunction IN (0, 1)),
            both_legs INTEGER CHECK (both_legs IN (0, 1)),
            walking INTEGER CHECK (walking IN (0, 1)),
            serious_accident INTEGER CHECK (serious_accident IN (0, 1)),
            chest_pain INTEGER CHECK (chest_pain IN (0, 1)),
            one_leg INTEGER CHECK (one_leg IN (0, 1)),
            fever INTEGER CHECK (fever IN (0, 1)),
            weight_loss INTEGER CHECK (weight_loss IN (0, 1)),
            back_lump INTEGER CHECK (back_lump IN (0, 1)),
            night_pain INTEGER CHECK (night_pain IN (0, 1)),
            straining_pain INTEGER CHECK (straining_pain IN (0, 1)),
            upper_back INTEGER CHECK (upper_back IN (0, 1)),
            minor_fall INTEGER CHECK (minor_fall IN (0, 1)),
            sudden_onset INTEGER CHECK (sudden_onset IN (0, 1)),
            worsening INTEGER CHECK (worsening IN (0, 1)),
            leg_weakness INTEGER CHECK (leg_weakness IN (0, 1)),
            trauma INTEGER CHECK (trauma IN (0, 1)),
            cancer_history INTEGER CHECK (cancer_history IN (0, 1)),
            result TEXT NOT NULL CHECK (result IN ('none', 'same_day', 'urgent')),
            superseded_at TEXT                    -- set when a later screen that day replaced it
        );
        INSERT INTO red_flags_v2 (id, checkin_id, day, at, question_set, saddle_numbness,
            bladder_bowel, fever, night_pain, leg_weakness, trauma, cancer_history, result)
        SELECT id, checkin_id, day, at, 1, saddle_numbness, bladder_bowel, fever, night_pain,
            leg_weakness, trauma, cancer_history, result FROM red_flags;
        DROP TABLE red_flags;
        ALTER TABLE red_flags_v2 RENAME TO red_flags;
        CREATE INDEX idx_red_flags_day ON red_flags(day);

        CREATE TABLE follow_ups (
            id INTEGER PRIMARY KEY,
            red_flag_id INTEGER NOT NULL REFERENCES red_flags(id),  -- the latest screen it answers
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('seen', 'gone', 'not_yet'))
        );
        CREATE INDEX idx_follow_ups_red_flag ON follow_ups(red_flag_id);

        CREATE TABLE about_you (
            id INTEGER PRIMARY KEY,                -- the latest row counts, earlier ones are kept
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            cancer_history INTEGER NOT NULL CHECK (cancer_history IN (0, 1)),
            steroids_osteoporosis INTEGER NOT NULL CHECK (steroids_osteoporosis IN (0, 1)),
            weak_immunity INTEGER NOT NULL CHECK (weak_immunity IN (0, 1)),
            over_50_at_onset INTEGER NOT NULL CHECK (over_50_at_onset IN (0, 1))
        );

        CREATE TABLE notice_dismissals (
            id INTEGER PRIMARY KEY,
            notice TEXT NOT NULL,                  -- which "see your GP" rule was dismissed
            day TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """,
    )


@migrations(name="0004_activity_answered")
def activity_answered(db: Database) -> None:
    """Whether the person said what they did yesterday: a check-in saved without choosing keeps
    `activity` at its stored default ('rest') with `activity_answered` 0, so that no figure
    takes an unanswered day for a rest day. Check-ins from before are NULL (not known)."""
    db.execute(
        "ALTER TABLE checkins ADD COLUMN activity_answered INTEGER "
        "CHECK (activity_answered IN (0, 1))"
    )


@migrations(name="0005_progression")
def progression(db: Database) -> None:
    """What the person says after each exercise and after a session, and the doses they set by
    hand: the records the next session's doses are worked out from (coach.progression)."""
    _execute_each(
        db,
        """
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            step_no INTEGER NOT NULL,          -- which step of the routine (0-based)
            exercise TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),  -- 1 too easy … 4 it hurt
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (session_id, step_no)       -- rated again after going back: the latest counts
        );
        CREATE INDEX idx_ratings_session ON ratings(session_id);

        ALTER TABLE sessions ADD COLUMN leg_pain INTEGER CHECK (leg_pain IN (0, 1));
        ALTER TABLE sessions ADD COLUMN leg_pain_exercise TEXT;

        CREATE TABLE hand_doses (
            id INTEGER PRIMARY KEY,            -- the latest row for a routine's exercise counts
            routine TEXT NOT NULL,
            exercise TEXT NOT NULL,
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            reps TEXT,                         -- one count per set, "5,3,1" (NULL: the routine's)
            hold_s INTEGER CHECK (hold_s BETWEEN 1 AND 300)
        );
        CREATE INDEX idx_hand_doses_routine ON hand_doses(routine, exercise);
        """,
    )


@migrations(name="0006_run_intervals")
def run_intervals(db: Database) -> None:
    """A run is written as it goes: its row when it starts (no pains yet, so they become
    nullable, and `ended_at` is set when it ends), and a row per run interval as each ends, so
    a crash loses at most the interval in progress; its guided time (`active_s`) is written as
    it ends, for the next morning's check-in. Earlier runs were written whole at their end:
    their `ended_at` is their `at`, and they have no interval rows nor guided time."""
    _execute_each(
        db,
        """
        CREATE TABLE runs_v2 (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,                 -- the user's local date, YYYY-MM-DD
            at TEXT NOT NULL,                  -- UTC instant the run began, ISO 8601
            stage TEXT NOT NULL,               -- the running stage's id (its file stem)
            pain_during INTEGER CHECK (pain_during BETWEEN 0 AND 10),  -- the worst, if said
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            intervals_done INTEGER NOT NULL DEFAULT 0 CHECK (intervals_done >= 0),
            ended_at TEXT,                     -- NULL while running, or if coach was stopped
            active_s REAL                      -- seconds of guided time, pauses excluded
        );
        INSERT INTO runs_v2 (id, day, at, stage, pain_during, pain_after, intervals_done,
            ended_at)
        SELECT id, day, at, stage, pain_during, pain_after, intervals_done, at FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v2 RENAME TO runs;
        CREATE INDEX idx_runs_day ON runs(day);

        CREATE TABLE run_intervals (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            interval_no INTEGER NOT NULL CHECK (interval_no >= 1),  -- which repeat, from 1
            run_s REAL NOT NULL,               -- planned running time
            ran_s REAL NOT NULL,               -- measured on the monotonic clock
            at TEXT NOT NULL,                  -- UTC instant it ended
            UNIQUE (run_id, interval_no)
        );
        CREATE INDEX idx_run_intervals_run ON run_intervals(run_id);
        """,
    )


@migrations(name="0007_peg_checkin_index")
def peg_checkin_index(db: Database) -> None:
    """The PEG asked with a check-in is found by an index, not a scan of every PEG: the check-in
    form reopened, `coach checkin --peg` and a day's detail look it up by `checkin_id`."""
    db.execute("CREATE INDEX idx_peg_checkin ON peg(checkin_id)")


@migrations(name="0008_reps_session_exercise_index")
def reps_session_exercise_index(db: Database) -> None:
    """Which exercises a session did is read from an index alone, not from each of its reps:
    every routine's doses replay its sessions, and home asks for them at start-up. The index
    on `session_id` alone is the new one's first column, so it goes."""
    db.execute("CREATE INDEX idx_reps_session_exercise ON reps(session_id, exercise)")
    db.execute("DROP INDEX idx_reps_session")


def _execute_each(db: Database, script: str) -> None:
    """Run statements one by one: executescript would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def known_migrations() -> list[str]:
    return [migration.name for migration in migrations._migrations]
