"""The layers at run time: importing anything outside the screens, widgets and the app loads no
Textual. `lint-imports` (contracts in pyproject.toml) checks the same from the source, and the
other arrows between layers; this catches what only shows when the modules run."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import coach

UI_MODULES = ("coach.app", "coach.screens", "coach.widgets")


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(coach.__path__, prefix="coach.")
        if not info.name.startswith(UI_MODULES)
    ]
    return names


def test_the_domain_and_store_never_import_textual() -> None:
    modules = core_modules()
    assert {"coach.store.db", "coach.paths", "coach.clock", "coach.cli.main"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
