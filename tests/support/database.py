"""Test databases: a fresh SQLite file per test, or the PostgreSQL server named by
DATABASE_URL (schema created once per session, tables emptied after each test)."""
from __future__ import annotations

import os

import sqlalchemy as sa

from awareness.extensions import db


def test_database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = os.environ.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith(
            "postgresql://") else url
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def reset_schema() -> None:
    """Create the schema (first use) or empty every table."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        inspector = sa.inspect(engine)
        if not inspector.has_table("organisation"):
            db.drop_all()
            db.create_all()
            return
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    else:
        db.create_all()
