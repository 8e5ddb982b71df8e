"""DriverStatement runs Core statements on the driver: rows must read as through SQLAlchemy,
errors must be SQLAlchemy's, and the pooled connection must go back as it came (not left in
autocommit, a broken one dropped). On SQLite and, in CI, on PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from awareness.dbtypes import UTCDateTime
from awareness.driversql import DriverStatement
from awareness.extensions import db

metadata = sa.MetaData()
things = sa.Table(
    "driver_thing", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(40), nullable=False, unique=True),
    sa.Column("done", sa.Boolean, nullable=False),
    sa.Column("at", UTCDateTime, nullable=True),
)
INSERT = DriverStatement(sa.insert(things).values(
    {name: sa.bindparam(name) for name in ("name", "done", "at")}))
BY_NAME = sa.select(things.c.name, things.c.done, things.c.at,
                    sa.func.coalesce(things.c.at, sa.bindparam("fallback", type_=UTCDateTime)),
                    ).where(things.c.name == sa.bindparam("name"))
READ = DriverStatement(BY_NAME)
AMSTERDAM = timezone(timedelta(hours=1))


@pytest.fixture
def table(app) -> Iterator[sa.Table]:
    metadata.create_all(db.engine)
    yield things
    db.session.rollback()
    metadata.drop_all(db.engine)


def test_rows_read_as_through_sqlalchemy(table) -> None:
    moment = datetime(2026, 11, 30, 9, 0, 12, 345678, tzinfo=AMSTERDAM)
    fallback = datetime(2026, 1, 1, tzinfo=UTC)
    INSERT.execute({"name": "with time", "done": True, "at": moment})
    INSERT.execute({"name": "without", "done": False, "at": None})
    for name in ("with time", "without"):
        params = {"name": name, "fallback": fallback}
        expected = tuple(db.session.execute(BY_NAME, params).one())
        assert READ.first(params) == expected
    row = READ.first({"name": "with time", "fallback": fallback})
    assert row is not None
    name, done, at, either = row
    assert done is True and at == moment and at.tzinfo == UTC and either == moment
    assert READ.first({"name": "without", "fallback": fallback}) == (
        "without", False, None, fallback)
    assert READ.first({"name": "nobody", "fallback": fallback}) is None


def test_a_statement_commits_on_its_own_and_leaves_the_pool_as_it_was(table) -> None:
    INSERT.execute({"name": "kept", "done": True, "at": None})
    db.session.rollback()  # no transaction of the session held it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(things)) == 1
    # The pooled connection is back in transactions: a session's rollback still undoes.
    db.session.execute(sa.insert(things).values(name="undone", done=False))
    db.session.rollback()
    assert db.session.scalars(sa.select(things.c.name)).all() == ["kept"]


def test_driver_errors_are_sqlalchemys(table) -> None:
    INSERT.execute({"name": "once", "done": True, "at": None})
    with pytest.raises(IntegrityError):
        INSERT.execute({"name": "once", "done": False, "at": None})
    assert READ.first({"name": "once", "fallback": None}) == ("once", True, None, None)


def test_naive_datetimes_are_refused(table) -> None:
    with pytest.raises(ValueError, match="naive"):
        INSERT.execute({"name": "naive", "done": True, "at": datetime(2026, 11, 30, 9, 0)})


def test_a_broken_connection_is_dropped_from_the_pool(table) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server that ends a connection: PostgreSQL only")
    INSERT.execute({"name": "before", "done": True, "at": None})
    killer = sa.create_engine(db.engine.url, poolclass=sa.NullPool)
    with killer.connect() as other:  # ends every other connection to this database
        other.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        other.commit()
    killer.dispose()
    db.session.remove()
    failures = 0
    for _ in range(20):  # more than the pool holds: each pooled connection fails once, at most
        try:
            row = READ.first({"name": "before", "fallback": None})
        except DBAPIError as error:
            assert error.connection_invalidated
            failures += 1
            continue
        assert row == ("before", True, None, None)
        break
    else:
        pytest.fail("every try failed: broken connections went back to the pool")
    assert failures >= 1
