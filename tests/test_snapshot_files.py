"""The committed snapshots match the snapshot tests. Under pytest-xdist (as `make test` runs)
syrupy cannot tell which snapshots no test uses any more, so an SVG left behind by a renamed or
removed test is caught here instead."""

from __future__ import annotations

import importlib
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def test_every_committed_snapshot_has_its_test() -> None:
    svgs = sorted(SNAPSHOTS.glob("*/*.svg"))
    assert svgs, f"no snapshots under {SNAPSHOTS}"
    orphans = []
    for svg in svgs:
        module = importlib.import_module(f"tests.{svg.parent.name}")
        test_name = svg.stem.split("[", 1)[0]  # a parametrised test's file is name[id].svg
        if not callable(getattr(module, test_name, None)):
            orphans.append(str(svg.relative_to(SNAPSHOTS)))
    assert orphans == [], "snapshots without a test (delete them, or restore the test)"
