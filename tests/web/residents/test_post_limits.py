"""Resident POSTs (start a module, a quiz, a municipality, a language) write rows: one budget
per client address for all of them (L-4). Reading is not limited; another address is not
affected."""
from __future__ import annotations

import re

OTHER = {"REMOTE_ADDR": "198.51.100.5"}


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_resident_posts_are_limited_per_address(app, synced, client) -> None:
    app.config["RESIDENT_POST_LIMIT"] = "3/minute"
    token = _csrf(client.get("/taal").text)
    codes = [client.post("/taal", data={"csrf_token": token, "lang": "nl"}).status_code
             for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    token = _csrf(client.get("/gemeente").text)
    assert client.post("/gemeente", data={"csrf_token": token, "organisation": "0"}
                       ).status_code == 429  # one budget for every resident POST
    assert client.get("/taal").status_code == 200  # reading is not limited
    assert client.post("/taal", data={"csrf_token": token, "lang": "nl"},
                       environ_base=OTHER).status_code == 302
