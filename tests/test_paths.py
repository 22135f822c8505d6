"""Where data lives: XDG folders honoured, --db over COACH_DB over the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import paths


def test_default_database_is_in_the_xdg_data_folder(private_home: Path) -> None:
    assert paths.db_path() == private_home / ".local" / "share" / "coach" / "coach.db"


def test_config_folder_follows_xdg(private_home: Path) -> None:
    assert paths.config_dir() == private_home / ".config" / "coach"


def test_coach_db_variable_overrides_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DB", str(tmp_path / "env.db"))
    assert paths.db_path() == tmp_path / "env.db"


def test_db_option_overrides_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DB", str(tmp_path / "env.db"))
    assert paths.db_path(str(tmp_path / "option.db")) == tmp_path / "option.db"


def test_config_override_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_CONFIG_DIR", str(tmp_path / "cfg"))
    assert paths.config_dir() == tmp_path / "cfg"
