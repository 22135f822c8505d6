"""Persistence: the SQLite file and the queries over it. Knows nothing of screens."""

from coach.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
