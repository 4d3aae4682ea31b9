"""Alembic migrations shipped inside the package; run at start-up by ``storage.database``."""
