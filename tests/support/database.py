"""Test databases: a fresh SQLite file per test, or, when DATABASE_URL names a PostgreSQL
server, a database of this test run's own (created at start, dropped at the end, so parallel
runs never share tables); its schema is built once and emptied after each test."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from awareness.extensions import db


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


@contextmanager
def private_postgres_database() -> Iterator[str]:
    """Create `<name>_<pid>` next to the database DATABASE_URL names; drop it afterwards."""
    url = make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"{url.database}_{os.getpid()}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_schema() -> None:
    """Create the schema (first use) or empty every table."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        db.create_all()
        return
    existing = set(sa.inspect(engine).get_table_names())
    if not set(db.metadata.tables) <= existing:
        db.drop_all()
        db.create_all()
        return
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
