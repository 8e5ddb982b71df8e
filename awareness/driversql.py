"""Core statements run on a pooled driver connection, past SQLAlchemy's execution layer.

For the few statements on every request of the hottest pages (an answer link a whole
organisation opens at 09:00, a learner's place on a lesson): there that layer costs more in
Python than the round trip itself (about 90 us a statement on PostgreSQL under load, against
the 250 us the driver and the kernel take). What stays SQLAlchemy's: the statement is written in
Core and compiled by the dialect (once per dialect), values pass through the column types' own
bind and result processors (so SQLite's datetimes and booleans read as they do through a
session, and UTCDateTime stays aware), and driver errors are raised as SQLAlchemy's
(`IntegrityError`, ...), with a broken connection invalidated in the pool.

Every statement commits on its own: one round trip, no BEGIN or COMMIT on PostgreSQL. Engine
events (`before_cursor_execute`) do not see these statements."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import exc
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

from awareness.extensions import db

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # bind names in order, for positional paramstyles
    binds: Mapping[str, Processor]
    results: Sequence[Processor]


class DriverStatement:
    """A Core statement (a module-level constant, with named `bindparam`s) run on the driver."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def first(self, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row, its values converted as SQLAlchemy would; None when there is none."""
        return self._run(params, fetch=True)

    def execute(self, params: Mapping[str, Any]) -> None:
        """Run a statement that returns no rows (an INSERT, UPDATE or DELETE)."""
        self._run(params, fetch=False)

    def _run(self, params: Mapping[str, Any], fetch: bool) -> tuple[Any, ...] | None:
        engine = db.engine
        dialect = engine.dialect
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        arguments = _arguments(compiled, params)
        # psycopg opens a transaction before a connection's first statement (a round trip of its
        # own, and one more to end it), so its statements run in autocommit. Python's sqlite3
        # opens one only before a write, and switching it back costs a PRAGMA: there a read
        # runs as it is and a write commits.
        switch = dialect.name != "sqlite"
        connection = engine.raw_connection()
        dbapi_connection = cast(DBAPIConnection, connection.dbapi_connection)
        cursor: DBAPICursor | None = None
        row = None
        try:
            if switch:
                dialect.set_isolation_level(dbapi_connection, "AUTOCOMMIT")
            cursor = connection.cursor()
            cursor.execute(compiled.sql, arguments)
            if fetch:
                row = cursor.fetchone()
            elif not switch:
                dbapi_connection.commit()
        except dialect.loaded_dbapi.Error as error:
            broken = dialect.is_disconnect(error, dbapi_connection, cursor)
            if broken:
                connection.invalidate(error)
            raise exc.DBAPIError.instance(compiled.sql, arguments, error,
                                          dialect.loaded_dbapi.Error, dialect=dialect,
                                          connection_invalidated=broken) from error
        finally:
            if connection.is_valid:  # not invalidated above: its cursor and state are sound
                if cursor is not None:
                    cursor.close()
                if switch:
                    dialect.reset_isolation_level(dbapi_connection)
            connection.close()  # back to the pool, which rolls back what is left open
        if row is None:
            return None
        return tuple(value if convert is None else convert(value)
                     for convert, value in zip(compiled.results, row, strict=True))

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = cast(SQLCompiler, cast(ClauseElement, self.statement).compile(dialect=dialect))
        binds = {name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                 for bind, name in compiled.bind_names.items()}
        columns = getattr(self.statement, "selected_columns", ())
        results = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                   for column in columns]
        positions = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        self._compiled[dialect.name] = _Compiled(compiled.string, positions, binds, results)
        return self._compiled[dialect.name]


def _arguments(compiled: _Compiled, params: Mapping[str, Any]) -> Any:
    values = {name: params[name] if convert is None else convert(params[name])
              for name, convert in compiled.binds.items()}
    if compiled.positions is not None:
        return tuple(values[name] for name in compiled.positions)
    return values
