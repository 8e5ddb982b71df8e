"""Flask extensions, created unbound and attached to the app in init_app()."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from flask import Flask, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, Table, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    if TYPE_CHECKING:
        # Every model maps one Table (DeclarativeBase types it as any FromClause).
        __table__: ClassVar[Table]


db = SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    # db.Model is built at run time from Base (an instance attribute, which a checker cannot
    # take as a base class); to the checker it is Base, whose typed columns it inherits.
    Model = Base
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()

View = TypeVar("View", bound=Callable[..., Any])


def csrf_exempt(view: View) -> View:
    """`@csrf.exempt` that keeps the view's type (Flask-WTF ships none): it only records the
    view's name and returns the view itself."""
    csrf.exempt(view)
    return view


def autocommit_connection() -> Connection:
    """A pooled connection beside the request's session on which every statement commits on
    its own. For hot single-statement paths (answer links): one round trip per statement
    instead of three (BEGIN, the statement, COMMIT or ROLLBACK)."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def select_locale() -> str:
    from flask import current_app, has_request_context

    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # e-mails rendered by the scheduler or the CLI
        return default
    chosen = request.cookies.get("lang")
    if chosen is not None and chosen in current_app.config["LANGUAGES"]:
        return chosen
    return default


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers and the worker's writer run side by side; foreign keys are off by default.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: commits survive a process crash (only power loss may drop the last
        # ones) without an fsync each; the outbox commits once per accepted e-mail.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def _current_user() -> dict[str, Any]:
    return {"current_user": current_user}


def init_app(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    # Templates get the `current_user` proxy, not the user itself: Flask-Login's own context
    # processor loads the user for every page, the staff and resident pages that never show one
    # included.
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(_current_user)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
