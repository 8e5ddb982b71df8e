"""The web layer: one blueprint per audience. This file is the URL map at a glance."""
from __future__ import annotations

from flask import Flask

from awareness.config import DEVELOPMENT
from awareness.outbox.transports import mail_folder
from awareness.web import errors, limits, pagecache, security, sessions, templating


def init_app(app: Flask) -> None:
    from awareness.web.auth import bp as auth_bp
    from awareness.web.coordinators import bp as coordinators_bp
    from awareness.web.embed import bp as embed_bp
    from awareness.web.residents import bp as residents_bp
    from awareness.web.staff import bp as staff_bp

    app.register_blueprint(residents_bp)  # /            residents, anonymous
    app.register_blueprint(staff_bp, url_prefix="/m")  # /m/...  personal staff links
    app.register_blueprint(auth_bp, url_prefix="/beheer")  # login, TOTP, reset
    app.register_blueprint(coordinators_bp, url_prefix="/beheer")  # dashboard, roster
    app.register_blueprint(embed_bp, url_prefix="/embed")  # in the municipality's iframe
    if (app.config.get("DEV_MAIL_VIEW") and app.config["ENV_NAME"] == DEVELOPMENT
            and mail_folder(app.config["MAIL_URL"]) is not None):
        from awareness.web.devmail import bp as devmail_bp

        # Only when switched on (DEV_MAIL_VIEW=1), and it answers loopback only.
        app.register_blueprint(devmail_bp, url_prefix="/dev/mail")
    limits.init_app(app)  # per client address, for the staff links and resident POSTs
    security.init_app(app)
    sessions.init_app(app)
    pagecache.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
