"""Staff page fixtures: an organisation with staff and one open round."""
from __future__ import annotations

import re

import pytest

from awareness.staffquiz.models import Delivery
from awareness.staffquiz.services import OpenedRound, send_round_now
from awareness.timeutil import utcnow
from tests.support.staffquiz import add_staff, deliveries, make_org

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def open_round_for(people: int) -> tuple[OpenedRound, list[Delivery]]:
    """A new organisation with `people` staff and its round, sent now."""
    org = make_org()
    add_staff(org, people)
    opened = send_round_now(org.id, utcnow())
    return opened, deliveries(opened.round_id)


@pytest.fixture
def quiz_round(synced):
    return open_round_for(3)
