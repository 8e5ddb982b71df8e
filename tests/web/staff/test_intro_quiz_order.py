"""The intro course quiz shows its options shuffled: the same on a reload of one attempt
(`?poging=N`), new for the next attempt (the 'try again' link), graded by key."""
from __future__ import annotations

from tests.web.residents.test_quiz_order import _Options
from tests.web.staff.conftest import csrf_token
from tests.web.staff.test_intro_course import answers, invited, module


def order(html: str) -> dict[str, list[str]]:
    parser = _Options()
    parser.feed(html)
    return parser.order


def test_the_intro_quiz_order_is_stable_per_attempt_and_new_on_the_next(client, synced):
    token, _ = invited(synced)
    url = f"/m/intro/{token}/quiz"
    first = order(client.get(url).text)
    file_order = {f"q_{q.key}": [o["key"] for o in q.options] for q in module().questions}
    assert {q: sorted(keys) for q, keys in first.items()} == file_order
    assert first != file_order
    assert order(client.get(url).text) == first
    assert order(client.get(url + "?poging=1").text) == first
    assert order(client.get(url + "?poging=2").text) != first
    assert order(client.get(url + "?poging=nee").text) == first  # a bad value is attempt 1


def test_try_again_moves_on_to_the_next_attempt_and_grading_goes_by_key(client, synced):
    token, _ = invited(synced)
    url = f"/m/intro/{token}/quiz?poging=3"
    csrf = csrf_token(client.get(url).text)
    failed = client.post(url, data={"csrf_token": csrf, **answers(2)})
    assert "Nog niet genoeg goed" in failed.text
    assert f'href="/m/intro/{token}/quiz?poging=4"' in failed.text
    passed = client.post(url, data={"csrf_token": csrf, **answers(6)})
    assert "Je had 6 van de 6 vragen goed." in passed.text
