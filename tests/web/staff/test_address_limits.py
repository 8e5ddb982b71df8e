"""Rate limits per client address on the staff links (L-4), beside the per-link limit: tight
for links that do not exist, generous for the rest. Another address is not affected."""
from __future__ import annotations

from tests.support.staffquiz import answer_token

SCANNER = {"REMOTE_ADDR": "203.0.113.66"}
OTHER = {"REMOTE_ADDR": "198.51.100.5"}


def test_guessing_staff_links_from_one_address_is_stopped(client, quiz_round) -> None:
    """The review sent 35 bogus tokens and never saw a 429: the per-link limit counts each
    token on its own. Failed links now count per address (20 a minute by default)."""
    codes = [client.get(f"/m/a/bogus-{n}/a", environ_base=SCANNER).status_code
             for n in range(25)]
    assert codes[:20] == [404] * 20 and set(codes[20:]) == {429}
    _, (delivery, *_) = quiz_round
    real = f"/m/a/{answer_token(delivery)}/a"
    assert client.get(real, environ_base=SCANNER).status_code == 429  # that address is stopped
    assert client.get(real, environ_base=OTHER).status_code == 200  # nobody else is


def test_working_links_do_not_count_as_failures(client, quiz_round) -> None:
    _, deliveries = quiz_round
    for _ in range(8):  # a town hall behind one address: many people, real links
        for delivery in deliveries:
            assert client.get(f"/m/a/{answer_token(delivery)}/a").status_code == 200


def test_all_staff_requests_of_one_address_have_a_ceiling(app, client, quiz_round) -> None:
    app.config["STAFF_ADDRESS_LIMIT"] = "5/minute"
    _, (delivery, *_) = quiz_round
    codes = [client.get(f"/m/a/{answer_token(delivery)}/a").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
