from __future__ import annotations


def test_home_and_catalogue_render(synced, client):
    assert client.get("/").status_code == 200
    page = client.get("/jongeren")
    assert page.status_code == 200
    assert "Module jong-een" in page.text
