"""The awareness application factory: it assembles config, extensions, blueprints and CLI."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from awareness.config import load_config, startup_warnings


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, overrides=test_config))
    for warning in startup_warnings(app.config):
        app.logger.warning("UNSAFE AT SCALE: %s", warning)

    # awareness.models registers every model on the metadata before the extensions start.
    from awareness import cli, extensions, models, web  # noqa: F401
    from awareness.staffquiz import sent

    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to wrap it
            app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    extensions.init_app(app)
    sent.init_app(app)  # the staff quiz's hook on the outbox
    web.init_app(app)
    cli.init_app(app)
    return app
