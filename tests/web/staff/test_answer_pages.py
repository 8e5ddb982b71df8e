"""Answer links: a GET (or HEAD) never records; a confirmed POST records exactly once; closed
rounds and bad links record nothing; one's own history only."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from awareness.content import version as content_version
from awareness.content.models import Module
from awareness.driversql import DriverStatement
from awareness.extensions import db
from awareness.staffquiz import tokens
from awareness.staffquiz.models import Answer, Round
from awareness.timeutil import freeze, utcnow
from tests.support.staffquiz import answer_token
from tests.web.staff.conftest import csrf_token


def answers() -> list[Answer]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Answer)))


def correct_key(delivery) -> str:
    return next(o["key"] for o in delivery.asked.question["options"] if o["correct"])


def wrong_key(delivery) -> str:
    return next(o["key"] for o in delivery.asked.question["options"] if not o["correct"])


def confirm(client, token: str, option: str, csrf: str | None = None):
    csrf = csrf or csrf_token(client.get(f"/m/a/{token}/{option}").text)
    return client.post(f"/m/a/{token}/{option}", data={"csrf_token": csrf, "option": option})


def test_get_shows_the_question_with_the_option_preselected_and_records_nothing(
        client, quiz_round) -> None:
    _, (delivery, *_) = quiz_round
    key = wrong_key(delivery)
    page = client.get(f"/m/a/{answer_token(delivery)}/{key}")
    assert page.status_code == 200
    assert delivery.asked.question["text"] in page.text
    checked = [re.search(r'value="(\w+)"', tag).group(1)
               for tag in re.findall(r"<input[^>]*>", page.text) if " checked" in tag]
    assert checked == [key]
    assert "<script" not in page.text
    assert "Bevestig mijn antwoord" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert client.head(f"/m/a/{answer_token(delivery)}/{key}").status_code == 200
    assert answers() == []


def test_confirmed_post_records_once_and_shows_the_explanation(client, quiz_round) -> None:
    _, (delivery, *_) = quiz_round
    token, key = answer_token(delivery), correct_key(delivery)
    csrf = csrf_token(client.get(f"/m/a/{token}/{key}").text)
    result = confirm(client, token, key, csrf)
    assert result.status_code == 200
    assert "Goed gedaan" in result.text
    assert delivery.asked.question["explanation"] in result.text
    [answer] = answers()
    assert (answer.delivery_id, answer.option_key, answer.correct) == (delivery.id, key, True)
    assert answer.seconds_to_answer is not None and answer.seconds_to_answer >= 0

    again = confirm(client, token, wrong_key(delivery), csrf)
    assert "al beantwoord" in again.text
    assert len(answers()) == 1 and answers()[0].option_key == key
    assert "al beantwoord" in client.get(f"/m/a/{token}/{key}").text


def test_wrong_answer_says_so(client, quiz_round) -> None:
    _, (delivery, *_) = quiz_round
    result = confirm(client, answer_token(delivery), wrong_key(delivery))
    assert "niet het goede antwoord" in result.text
    assert answers()[0].correct is False


def test_post_without_csrf_or_with_unknown_option_records_nothing(client, quiz_round) -> None:
    _, (delivery, *_) = quiz_round
    token = answer_token(delivery)
    assert client.post(f"/m/a/{token}/a", data={"option": "a"}).status_code == 400
    page = client.get(f"/m/a/{token}")
    bad = client.post(f"/m/a/{token}", data={"csrf_token": csrf_token(page.text),
                                              "option": "zz"})
    assert bad.status_code == 400
    assert "Kies een antwoord." in bad.text and "has-error" in bad.text
    none = client.post(f"/m/a/{token}", data={"csrf_token": csrf_token(page.text)})
    assert none.status_code == 400
    assert '<a href="#option">Jouw antwoord: Kies een antwoord.</a>' in none.text
    assert 'id="option"' in none.text and " checked" not in none.text
    assert answers() == []


def test_the_confirm_token_is_bound_to_the_link_and_no_cookie_is_set(app, quiz_round) -> None:
    """Opening a personal link sets no cookie; its form's CSRF token is a signature of the link,
    so another link's token (or one signed with another key) is refused."""
    _, (mine, other, *_) = quiz_round
    token, key = answer_token(mine), correct_key(mine)
    opener, confirmer = app.test_client(), app.test_client()
    page = opener.get(f"/m/a/{token}/{key}")
    assert "Set-Cookie" not in page.headers
    foreign = csrf_token(opener.get(f"/m/a/{answer_token(other)}/{key}").text)
    refused = confirmer.post(f"/m/a/{token}/{key}", data={"csrf_token": foreign, "option": key})
    assert refused.status_code == 400 and "Het formulier is verlopen" in refused.text
    assert answers() == []
    # The page's own token works from any client (nothing is kept between the two requests),
    # and after a key rotation the token of a page opened before it still does.
    app.config["SECRET_KEY_FALLBACKS"] = [app.config["SECRET_KEY"]]
    app.config["SECRET_KEY"] = "another-key-for-the-rotation-0123456789abcdef"
    done = confirmer.post(f"/m/a/{token}/{key}", data={"csrf_token": csrf_token(page.text),
                                                       "option": key})
    assert done.status_code == 200 and "Set-Cookie" not in done.headers
    assert len(answers()) == 1


def test_closed_round_shows_the_explanation_and_records_nothing(client, quiz_round) -> None:
    _, (delivery, *_) = quiz_round
    token, key = answer_token(delivery), correct_key(delivery)
    page = client.get(f"/m/a/{token}/{key}")
    freeze(delivery.round.closes_at + timedelta(seconds=1))
    result = client.post(f"/m/a/{token}/{key}",
                         data={"csrf_token": csrf_token(page.text), "option": key})
    assert result.status_code == 200
    assert "gesloten" in result.text
    assert delivery.asked.question["explanation"] in result.text
    assert answers() == []


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: t.split(".")[0],
    lambda t: "niets",
])
def test_tampered_links_get_a_dutch_404(client, quiz_round, mangle) -> None:
    _, (delivery, *_) = quiz_round
    page = client.get(f"/m/a/{mangle(answer_token(delivery))}/a")
    assert page.status_code == 404
    assert "Deze link werkt niet" in page.text


def test_links_for_another_purpose_unknown_ids_and_old_generations_get_404(
        client, quiz_round) -> None:
    _, (delivery, *_) = quiz_round
    staff = delivery.staff_member
    history = tokens.make(tokens.HISTORY, staff.id, staff.token_generation)
    assert client.get(f"/m/a/{history}/a").status_code == 404
    assert client.get(f"/m/a/{tokens.make(tokens.ANSWER, 99999, 0)}/a").status_code == 404
    old = answer_token(delivery)
    staff.token_generation += 1
    db.session.commit()
    assert client.get(f"/m/a/{old}/a").status_code == 404
    assert client.get(f"/m/a/{answer_token(delivery)}/a").status_code == 200


def test_history_shows_only_ones_own_answers(client, quiz_round) -> None:
    _, (mine, other, _third) = quiz_round
    confirm(client, answer_token(other), wrong_key(other))
    staff = mine.staff_member
    token = tokens.make(tokens.HISTORY, staff.id, staff.token_generation)
    page = client.get(f"/m/h/{token}")
    assert page.status_code == 200
    assert mine.asked.question["text"] in page.text
    # Unanswered and still open: no explanation (it would give the answer away).
    assert mine.asked.question["explanation"] not in page.text
    assert "Deze vraag nu beantwoorden" in page.text
    confirm(client, answer_token(mine), correct_key(mine))
    page = client.get(f"/m/h/{token}")
    assert mine.asked.question["explanation"] in page.text
    assert page.text.count("Jouw antwoord") == 1
    assert client.get(f"/m/h/{token}x").status_code == 404


def test_personal_pages_are_limited_per_link_and_answer_links_per_address(app, client,
                                                                         quiz_round) -> None:
    """One's own history is limited per link (30 a minute); the answer link, which writes
    nothing when opened and stores an answer once, by the address ceiling only."""
    _, (delivery, other, *_) = quiz_round
    staff = delivery.staff_member
    mine = tokens.make(tokens.HISTORY, staff.id, staff.token_generation)
    theirs = tokens.make(tokens.HISTORY, other.staff_member.id, other.staff_member.token_generation)
    codes = [client.get(f"/m/h/{mine}").status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
    assert client.get(f"/m/h/{theirs}").status_code == 200
    app.config["STAFF_ADDRESS_LIMIT"] = "45/minute"  # a ceiling counted from here
    answer = f"/m/a/{answer_token(delivery)}/a"
    codes = [client.get(answer).status_code for _ in range(50)]
    assert codes == [200] * 45 + [429] * 5


def test_round_is_reopened_never_by_a_get(client, quiz_round) -> None:
    opened, (delivery, *_) = quiz_round
    client.get(f"/m/a/{answer_token(delivery)}/a")
    round_ = db.session.get(Round, opened.round_id)
    assert round_.closed_at is None and utcnow() < round_.closes_at


@pytest.mark.parametrize("slug, link", [("senior-een", "/module/senior-een"),
                                        ("basiskennis-informatieveiligheid", "/naar/intro")])
def test_result_links_to_the_related_module(client, quiz_round, slug: str, link: str) -> None:
    _, (delivery, *_) = quiz_round
    delivery.asked.question = {**delivery.asked.question, "module_slug": slug}
    db.session.commit()
    result = confirm(client, answer_token(delivery), correct_key(delivery))
    assert link in result.text


def test_answer_pages_lead_to_ones_own_history_and_intro_course(client, quiz_round) -> None:
    """The answer pages link through the answer link, which signs the history or intro link
    when it is followed: a person arrives on their own pages, a bad link nowhere."""
    _, (mine, other, _third) = quiz_round
    # The history link carries the moment it was signed: hold the clock within the round.
    freeze(mine.round.opened_at + timedelta(hours=1))
    mine.asked.question = {**mine.asked.question, "module_slug": "basiskennis-informatieveiligheid"}
    db.session.commit()
    link = answer_token(mine)
    page = client.get(f"/m/a/{link}/a").text
    assert f'href="/m/a/{link}/naar/geschiedenis"' in page
    result = confirm(client, link, correct_key(mine)).text
    assert f'href="/m/a/{link}/naar/geschiedenis"' in result
    assert f'href="/m/a/{link}/naar/intro"' in result
    staff = mine.staff_member
    to_history = client.get(f"/m/a/{link}/naar/geschiedenis")
    assert to_history.status_code == 302
    history = client.get(to_history.location)
    assert history.status_code == 200 and mine.asked.question["text"] in history.text
    assert f'<li><a href="{history.request.path}">' in history.text  # its own link in the menu
    assert history.request.path == (
        f"/m/h/{tokens.make(tokens.HISTORY, staff.id, staff.token_generation)}")
    to_intro = client.get(f"/m/a/{link}/naar/intro")
    assert to_intro.status_code == 302
    token = to_intro.location.rsplit("/", 1)[1]
    assert tokens.read(tokens.INTRO, token).id == staff.id
    assert client.get(to_intro.location).status_code == 200
    for bad in (f"{link}x", answer_token(other)[:-2]):
        assert client.get(f"/m/a/{bad}/naar/geschiedenis").status_code == 404
        assert client.get(f"/m/a/{bad}/naar/intro").status_code == 404
    staff.token_generation += 1  # links revoked
    db.session.commit()
    assert client.get(f"/m/a/{link}/naar/geschiedenis").status_code == 404


def test_a_question_is_read_once_and_again_after_a_content_sync(app, client, quiz_round,
                                                                 monkeypatch) -> None:
    """An open link costs one statement (the delivery's row, on the driver) once its question
    version was read in this process; a content sync (here, a module renamed) shows on the next
    page at once."""
    _, people = quiz_round
    question = people[0].asked
    question.question = {**question.question, "module_slug": "senior-een"}
    for delivery in people:  # everyone the same question version
        delivery.question_id = question.id
    db.session.commit()
    links = [answer_token(delivery) for delivery in people]
    text, last_key = question.question["text"], correct_key(people[2])
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    run = DriverStatement._run

    def run_seen(self, params, fetch):
        statements.append(str(self.statement))
        return run(self, params, fetch)

    monkeypatch.setattr(DriverStatement, "_run", run_seen)
    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        client.get(f"/m/a/{links[0]}/a")
        statements.clear()
        page = client.get(f"/m/a/{links[1]}/a")
        assert text in page.text
        assert len(statements) == 1 and "quiz_question" not in statements[0]
        assert "delivery" in statements[0]
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    db.session.execute(sa.update(Module).where(Module.slug == "senior-een")
                       .values(title={"nl": "Nieuwe titel", "en": "New title"}))
    content_version.bump()
    db.session.commit()
    result = confirm(client, links[2], last_key)
    assert "Nieuwe titel" in result.text
