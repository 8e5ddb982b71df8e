"""Fixtures for the web tests."""
from __future__ import annotations

import flask_babel
import pytest
from flask import Flask, request_started


@pytest.fixture
def fresh_locale(app: Flask):
    """The test app context outlives requests, and Flask-Babel keeps the locale in it: forget
    it at every request, as a server does, so one test can show two visitors' languages."""
    def forget(sender: Flask, **_extra: object) -> None:
        flask_babel.refresh()

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)
