"""Fixtures for the administration tests: municipality "alfa" at a frozen moment, and a
coordinator of it logged in through the real pages (password + TOTP)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from awareness.organisations.models import Organisation
from awareness.timeutil import freeze
from tests.support.accounts import login, make_org, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def alfa(synced: Flask) -> Organisation:
    freeze(T0)
    return make_org("alfa")


@pytest.fixture
def coordinator(synced: Flask, alfa: Organisation) -> FlaskClient:
    client = synced.test_client()
    login(client, make_user("coord@alfa.nl", organisation=alfa))
    return client
