"""The Kennis die blijft report against the fixture of tests/support/lasting.py, worked out by
hand (threshold k = 3; "first" and "repeat" as (asked, answered, right)):

R1 (history, before the range): phishing first (10, 9, 5). Shown: it only feeds the share.
R2: wachtwoorden first (5, 5, 4); phishing repeat (5, 5, 4). Both topics have 5 answers and
    both halves of each are empty or >= 3: published per topic.
R3: phishing only. First: b1 r, b2 w, b3 -, c3 r = (4, 3, 2); repeat: PH1 for a1-a4, c1, c2 =
    (6, 6, 6). a1-a4 and c1 answer PH1 right for the second time in a row: 5 retirements, all
    of PH1 pairs started in R1, where phishing was published under its own name too.
R4: wachtwoorden only: c2's first time (1 answer) beside 5 repeats (a1, a2 and c1 retire
    WW1). The first-time half is 1 < 3, and there is nothing to pool it with: nothing of R4
    is shown (the staff report shows R4 whole, so its repeat half would give c2's answer).
R5: still open: not counted at all.

Range January-February 2026:
    phishing      first (4, 3, 2) = 66.7%   repeat (5+6, 5+6, 4+6) = 10/11 = 90.9%
                  given to date 10 (R1) + 4 (R3) = 14, retired 5: 35.7%
    wachtwoorden  first (5, 5, 4) = 80.0%   no repeats; no share: it was asked in R4, which
                  showed nothing, so its retirements there can not be counted
    total         first 6/8 = 75.0%         repeat 10/11 = 90.9%; given 19, retired 5: 26.3%
                  (R4's retirements are not counted: they lie in no published cell)
    01-2026 (R2, R3) as the total; 02-2026 nothing shown, the share still 5/19 = 26.3%.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from awareness.administration.roster import delete_person
from awareness.extensions import db
from awareness.organisations.models import SAME
from awareness.reports.counts import Counts
from awareness.reports.lasting import lasting_report
from awareness.reports.lasting_cells import Figures, Tally, always_own, policy, published
from awareness.reports.period import Period
from awareness.reports.privacy import OTHER, split_pooling
from awareness.staffquiz.models import Answer, Round
from awareness.timeutil import freeze
from tests.support.accounts import make_user
from tests.support.lasting import NOW, LastingFixture, add_round, build_lasting_fixture

RANGE = Period(date(2026, 1, 1), date(2026, 2, 28))


@pytest.fixture
def fixture(synced):  # type: ignore[no-untyped-def]
    freeze(NOW)
    return build_lasting_fixture()


def figures(row):  # type: ignore[no-untyped-def]
    first, repeat = row.figures.first, row.figures.repeat
    return ((first.delivered, first.answered, first.correct), row.first_rate,
            (repeat.delivered, repeat.answered, repeat.correct), row.repeat_rate,
            (row.started, row.retired), row.retired_share)


def test_figures_match_the_hand_computed_fixture(fixture: LastingFixture) -> None:
    report = lasting_report(fixture.organisation, RANGE, NOW)
    assert report.threshold == 3
    assert {row.label: figures(row) for row in report.topics} == {
        "Onderwerp phishing": ((4, 3, 2), 66.7, (11, 11, 10), 90.9, (14, 5), 35.7),
        "Onderwerp wachtwoorden": ((5, 5, 4), 80.0, (0, 0, 0), None, (None, None), None),
    }
    assert report.total is not None
    assert figures(report.total) == ((9, 8, 6), 75.0, (11, 11, 10), 90.9, (19, 5), 26.3)
    assert [(row.label, figures(row)) for row in report.months] == [
        ("01-2026", ((9, 8, 6), 75.0, (11, 11, 10), 90.9, (19, 5), 26.3)),
        ("02-2026", ((0, 0, 0), None, (0, 0, 0), None, (19, 5), 26.3)),
    ]
    assert (report.hidden_rounds, report.open_rounds) == (1, 1)


def test_the_total_is_the_sum_of_its_rows(fixture: LastingFixture) -> None:
    """No subtraction: what the total holds beyond the shown topics is nothing at all."""
    report = lasting_report(fixture.organisation, RANGE, NOW)
    assert report.total is not None
    assert sum((row.figures for row in report.topics), type(report.total.figures)()) \
        == report.total.figures
    assert sum((row.figures for row in report.months), type(report.total.figures)()) \
        == report.total.figures


def test_a_round_before_the_range_only_feeds_the_share(fixture: LastingFixture) -> None:
    december = lasting_report(fixture.organisation, Period(date(2025, 12, 1),
                                                           date(2025, 12, 31)), NOW)
    assert december.total is not None
    assert figures(december.total) == ((10, 9, 5), 55.6, (0, 0, 0), None, (10, 0), 0.0)


def test_an_open_round_counts_once_it_is_final(fixture: LastingFixture) -> None:
    before = lasting_report(fixture.organisation, RANGE, NOW)
    # Every answer of R5 is in already; it counts from its close plus the settling hour.
    freeze(NOW.replace(month=3, day=3, hour=9))
    round5 = db.session.scalar(sa.select(Round).filter_by(number=5))
    assert round5 is not None
    round5.closed_at = round5.closes_at
    db.session.commit()
    after = lasting_report(fixture.organisation, RANGE, NOW.replace(month=3, day=3, hour=9))
    assert before.open_rounds == 1 and after.open_rounds == 0
    assert after.months[1].figures.first.answered == 4  # a1-a4 answered PH2 right
    assert after.months[0] == before.months[0]


def test_an_answer_in_an_open_round_is_not_counted(fixture: LastingFixture) -> None:
    """R5's answers are in the database, yet the report is the same as without them."""
    with_answers = lasting_report(fixture.organisation, RANGE, NOW)
    round5 = db.session.scalar(sa.select(Round).filter_by(number=5))
    assert round5 is not None
    db.session.execute(sa.delete(Answer).where(Answer.round_id == round5.id))
    db.session.commit()
    assert lasting_report(fixture.organisation, RANGE, NOW) == with_answers


def test_below_the_threshold_nothing_is_shown(fixture: LastingFixture) -> None:
    fixture.organisation.privacy_threshold = 7
    db.session.commit()
    report = lasting_report(fixture.organisation, RANGE, NOW)
    # R2 and R3 have 10 answers each, but first-time and repeat halves below 7: nothing.
    assert report.topics == () and report.total is None
    assert report.hidden_rounds == 3


def test_a_mode_switch_later_does_not_change_earlier_figures(fixture: LastingFixture) -> None:
    january = Period(date(2026, 1, 1), date(2026, 1, 31))
    before = lasting_report(fixture.organisation, january, NOW)
    fixture.organisation.question_mode = SAME
    add_round(fixture.organisation, 6, date(2026, 3, 3),
              {"WW1": {name: "w" for name in fixture.people}}, fixture.people)
    db.session.commit()
    later = NOW.replace(month=4)
    freeze(later)
    assert lasting_report(fixture.organisation, january, later) == before


def test_split_pooling_keeps_parts_whose_halves_may_be_shown() -> None:
    def part(first: int, repeat: int) -> tuple[Counts, Counts]:
        return (Counts(first, first), Counts(repeat, repeat))

    # c's first-time half is 1: it joins Overig, topped up with the smallest kept part (b)
    # until both halves of Overig hold at least 3.
    pooled = split_pooling({"a": part(5, 5), "b": part(3, 0), "c": part(1, 4)}, 3)
    assert pooled.into == {"a": "a", "b": OTHER, "c": OTHER}
    assert split_pooling({"a": part(5, 0), "b": part(0, 6)}, 3).into == {"a": "a", "b": "b"}
    # An unanswered delivery is not an empty half: 2 sent, none answered.
    assert split_pooling({"a": (Counts(5, 5), Counts(2, 0))}, 3).into == {}
    assert split_pooling({"a": part(2, 5), "b": part(0, 4)}, 3).into == {}


def test_a_retirement_is_counted_where_it_and_its_start_were_shown() -> None:
    """k = 3. R1: topic x, 5 first times, and w, 3. R2: x comes back for 3 people, who
    retire it; y is new for 1 and z for 3. By answers x (3) and z (3) could stay, y (1) joins
    Overig with the smallest, x; but Overig's first-time half is then 1, so z joins too: all
    of R2 is Overig. Its 3 retirements count (x was shown as given in R1), but only w keeps
    a share of its own: x was pooled in R2, and naming it there would show its answers."""
    def tally(first: tuple[int, int, int] = (0, 0, 0), repeat: tuple[int, int, int] = (0, 0, 0),
              retired_from: tuple[int, ...] = ()) -> Tally:
        return Tally(list(first), list(repeat), retired_from=list(retired_from))

    tallies = {1: {"x": tally(first=(5, 5, 5)), "w": tally(first=(3, 3, 1))},
               2: {"x": tally(repeat=(3, 3, 3), retired_from=(1, 1, 1)),
                   "y": tally(first=(1, 1, 1)), "z": tally(first=(3, 3, 2))}}
    policies = {number: policy(topics, 3) for number, topics in tallies.items()}
    assert policies[2] == {"x": OTHER, "y": OTHER, "z": OTHER}
    assert published(tallies, policies) == {
        1: {"x": Figures(Counts(5, 5, 5)), "w": Figures(Counts(3, 3, 1))},
        2: {OTHER: Figures(Counts(4, 4, 3), Counts(3, 3, 3), retired=3)}}
    assert always_own(tallies, policies, {1, 2}) == {"w"}
    # With R1 beyond the retention period, x was never shown as given: R2's retirements go.
    policies[1] = {}
    assert published(tallies, policies)[2][OTHER].retired == 0


def test_rounds_of_a_deleted_person_show_nothing_until_k_are_deleted(
        fixture: LastingFixture) -> None:
    """c2 is deleted: their deliveries stay in the staff report's counts without a person,
    so no history to tell first time from repeat. Shown beside the staff report, any split
    of a round with one such delivery would give c2's answers: R1-R4 all had c2."""
    coordinator = make_user("coord@blijft.nl", organisation=fixture.organisation)
    delete_person(fixture.organisation.id, fixture.people["c2"].id, coordinator.id)
    report = lasting_report(fixture.organisation, RANGE, NOW)
    assert report.total is None and report.topics == ()
    assert (report.hidden_rounds, report.open_rounds) == (3, 1)


def test_rounds_beyond_the_retention_period_show_nothing(fixture: LastingFixture) -> None:
    """Retention may have deleted part of an old round's answers (the staff report reads its
    tally then); counting the rest would differ from the staff report by the deleted part."""
    fixture.organisation.retention_months = 1  # back to 2026-01-20 12:00: R1-R3 are older
    db.session.commit()
    report = lasting_report(fixture.organisation, RANGE, NOW)
    assert report.total is None and report.hidden_rounds == 3
