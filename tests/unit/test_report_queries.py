"""Report figures against the hand-computed fixture in tests/support/reports.py (k = 5).
Every expected number is a literal with the arithmetic beside it."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask

from awareness.reports.aggregates import tally_round
from awareness.reports.counts import Usage
from awareness.reports.drilldown import RoundNotFoundError, round_report
from awareness.reports.period import Period
from awareness.reports.queries import department_label, staff_overview
from awareness.reports.residents import _month_label, _rows, resident_report, resident_total
from awareness.timeutil import freeze
from tests.support.reports import build_resident_fixture, build_staff_fixture

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def data(synced):
    freeze(datetime(2025, 6, 1, 12, tzinfo=UTC))
    return build_staff_fixture()


# The dashboard counts rounds as a whole (detail=False): the same figures must come out.
@pytest.mark.parametrize("detail", [True, False])
def test_rounds_participation_and_correct(data, detail: bool) -> None:
    report = staff_overview(data.noord, YEAR, detail=detail)
    assert [row.info.number for row in report.rounds] == [1, 2, 3, 4]
    # Every round went to 12 + 7 + 3 = 22 people.
    assert [row.counts.delivered for row in report.rounds] == [22, 22, 22, 22]
    # Answered: R1 9+5+3 = 17, R2 6+2+0 = 8, R3 10+6+2 = 18, R4 1+2+1 = 4.
    assert [row.counts.answered for row in report.rounds] == [17, 8, 18, 4]
    # 17/22 = 77.27, 8/22 = 36.36, 18/22 = 81.82, 4/22 = 18.18
    assert [row.participation for row in report.rounds] == [77.3, 36.4, 81.8, 18.2]
    # Correct: R1 (7+4+1)/17 = 70.59, R2 (3+2)/8 = 62.5, R3 (8+3+2)/18 = 72.22; R4 has only
    # 4 answers (< 5), so its correct rate is hidden.
    assert [row.correct_rate for row in report.rounds] == [70.6, 62.5, 72.2, None]
    # Participation over the range: (17+8+18+4)/(4*22) = 47/88 = 53.41
    assert (report.participation_total.answered, report.participation_total.delivered) == (47, 88)
    assert report.participation_total.participation == 53.4
    # Correct over the range leaves R4 out: (12+5+13)/(17+8+18) = 30/43 = 69.77
    assert (report.correct_total.correct, report.correct_total.answered) == (30, 43)
    assert report.correct_total.correct_rate == 69.8
    # Average time, R4 left out: (17*3600 + 8*7200 + 18*1800)/43 = 151200/43 = 3516.28 s
    average = report.timed_total.average_seconds
    assert average is not None and round(average, 2) == 3516.28
    # Intro course: 10 of 22 active = 45.45
    assert (report.intro.completed, report.intro.active, report.intro.rate) == (10, 22, 45.5)


def _round_figures(report):
    return ([(r.info.number, r.info.tallied, r.counts, r.correct_shown, r.time_shown)
             for r in report.rounds],
            report.participation_by_department, report.correct_by_department, report.topics,
            report.participation_total, report.correct_total, report.timed_total)


# Closed rounds are read from their tally, the others counted live (one open round alone, or
# several): every mix must give the same figures as counting everything live.
@pytest.mark.parametrize("detail", [True, False])
@pytest.mark.parametrize("tallied", [1, 2, 3, 4])
def test_tallied_and_live_rounds_give_the_same_figures(data, detail: bool,
                                                       tallied: int) -> None:
    live = _round_figures(staff_overview(data.noord, YEAR, detail=detail))
    noord_rounds = [row.info.id for row in staff_overview(data.noord, YEAR).rounds]
    for round_id in noord_rounds[:tallied]:
        assert tally_round(round_id)
    mixed = _round_figures(staff_overview(data.noord, YEAR, detail=detail))
    assert [number for number, is_tallied, *_ in mixed[0] if is_tallied] == list(
        range(1, tallied + 1))
    assert _without_tallied_flag(mixed) == _without_tallied_flag(live)


def _without_tallied_flag(figures):
    return ([row[:1] + row[2:] for row in figures[0]], *figures[1:])


def test_topics(data) -> None:
    report = staff_overview(data.noord, YEAR)
    topics = {t.title: (t.rounds, t.counts.answered, t.counts.correct, t.counts.correct_rate)
              for t in report.topics}
    # phishing = R1 + R3: answered 17+18 = 35, correct 12+13 = 25, 25/35 = 71.43
    # wachtwoorden = R2 only (R4 hidden): 8 answered, 5 correct = 62.5
    assert topics == {"Onderwerp phishing": (2, 35, 25, 71.4),
                      "Onderwerp wachtwoorden": (1, 8, 5, 62.5)}
    summary = staff_overview(data.noord, YEAR, detail=False)
    assert (summary.topics, summary.participation_by_department) == ((), ())


def test_departments_are_pooled_with_complementary_suppression(data) -> None:
    report = staff_overview(data.noord, YEAR)
    part = {g.label: (g.counts.delivered, g.counts.answered, g.counts.participation)
            for g in report.participation_by_department}
    # Archief (3 people) is below 5 in every round. Alone in "Overig" it would be Archief
    # itself, so the next-smallest department, Financiën (7), joins it: Overig = B + C.
    # Burgerzaken: delivered 4*12 = 48, answered 9+6+10+1 = 26, 26/48 = 54.17
    # Overig: delivered 4*10 = 40, answered (5+3)+(2+0)+(6+2)+(2+1) = 21, 21/40 = 52.5
    assert part == {"Burgerzaken": (48, 26, 54.2), "Overig": (40, 21, 52.5)}
    correct = {g.label: (g.counts.answered, g.counts.correct, g.counts.correct_rate)
               for g in report.correct_by_department}
    # Correctness pools on answers per round (R4 left out, only 4 answers):
    # R1: A 9 shown; C 3 < 5 so Overig = B5 + C3 = 8 answers, 4+1 = 5 correct
    # R2: B 2 < 5, C 0 (empty, dropped); Overig B alone (2) is too small, so A (6) joins:
    #     Overig = 8 answers, 3+2 = 5 correct, A not shown for R2
    # R3: A 10 shown; Overig = B6 + C2 = 8 answers, 3+2 = 5 correct
    # Burgerzaken: 9+10 = 19 answers, 7+8 = 15 correct, 15/19 = 78.95
    # Overig: 8+8+8 = 24 answers, 5+5+5 = 15 correct, 15/24 = 62.5
    assert correct == {"Burgerzaken": (19, 15, 78.9), "Overig": (24, 15, 62.5)}
    # Shown groups add up to the protected totals: nothing is left to subtract.
    assert sum(g.counts.answered for g in report.correct_by_department) == 43
    labels = {g.label for g in report.participation_by_department + report.correct_by_department}
    assert "Archief" not in labels and "Financiën" not in labels


def test_date_range_selects_rounds_by_opening_day(data) -> None:
    report = staff_overview(data.noord, Period(date(2025, 1, 15), date(2025, 2, 28)))
    assert [row.info.number for row in report.rounds] == [2, 3, 4]
    # (8+18+4)/(3*22) = 30/66 = 45.45; correct (5+13)/(8+18) = 18/26 = 69.23
    assert report.participation_total.participation == 45.5
    assert report.correct_total.correct_rate == 69.2


def test_single_round_range_shows_no_small_group(data) -> None:
    """Date-range differencing: a range of one round still only shows protected groups."""
    for day in (date(2025, 1, 7), date(2025, 1, 21), date(2025, 2, 4), date(2025, 2, 18)):
        report = staff_overview(data.noord, Period(day, day))
        for group in report.participation_by_department:
            assert group.counts.delivered >= 5
        for group in report.correct_by_department:
            assert group.counts.answered >= 5


def test_round_drilldown_distribution(data) -> None:
    report = round_report(data.noord, data.round_ids[0])
    # R1 overall: a 7+4+1 = 12, b 2+0+2 = 4, c 0+1+0 = 1 of 17: 70.59, 23.53, 5.88
    assert [(o.key, o.count, o.share) for o in report.options] == [
        ("a", 12, 70.6), ("b", 4, 23.5), ("c", 1, 5.9)]
    spread = {d.label: [o.count for o in d.options] for d in report.distributions}
    # Burgerzaken a7 b2 c0; Overig = Financiën a4 c1 + Archief a1 b2 = a5 b2 c1
    assert spread == {"Burgerzaken": [7, 2, 0], "Overig": [5, 2, 1]}


def test_round_with_few_answers_hides_distribution(data) -> None:
    report = round_report(data.noord, data.round_ids[3])
    assert report.options == () and report.distributions == ()
    assert report.row.counts.delivered == 22 and report.row.correct_rate is None


def test_round_of_other_organisation_is_not_found(data) -> None:
    with pytest.raises(RoundNotFoundError):
        round_report(data.noord, data.zuid_round_id)


def test_residents_per_audience_module_and_municipality(data) -> None:
    build_resident_fixture(data.noord)
    report = resident_report(data.noord, YEAR)
    # Noord only: 6 + 2 + 3 = 11 starts, 4 + 1 = 5 completions, 6 attempts,
    # score (4+5+6+3+6+3)/(6*6) = 27/36 = 75.0
    total = report.total.usage
    assert (total.starts, total.completions, total.attempts) == (11, 5, 6)
    assert report.total.average_score == 75.0
    # The dashboard's figure is the same row.
    assert resident_total(data.noord, YEAR) == report.total
    modules = {r.label: (r.usage.starts, r.usage.completions, r.average_score)
               for r in report.by_module}
    # senior-een (2) and ondernemer-een (3) pool into Overig (5); its 1 attempt (< 5)
    # hides the score. jong-een: 5 attempts, (4+5+6+3+6)/30 = 80.0
    assert modules == {"Module jong-een": (6, 4, 80.0), "Overig": (5, 1, None)}
    assert [r.label for r in report.by_audience] == ["Jongeren", "Overig"]
    assert report.by_municipality == ()
    everyone = resident_report(None, YEAR, 5)
    places = {r.label: r.usage.starts for r in everyone.by_municipality}
    assert places == {"Gemeente Noord": 11, "Geen gemeente gekozen": 5}


def test_resident_total_is_hidden_below_the_threshold(data) -> None:
    # No resident activity in the fixture yet: 0 starts is below k = 5.
    assert resident_total(data.noord, YEAR) is None


def test_resident_months_run_in_time_order_across_a_year() -> None:
    # By label ("01-2025" < "11-2025" < "12-2024") the order would be wrong.
    groups: dict[object, Usage] = {date(2025, 11, 1): Usage(5), date(2024, 12, 1): Usage(5),
                                   date(2025, 1, 1): Usage(5)}
    rows = _rows(groups, 5, _month_label, sort_by_key=True)
    assert [row.label for row in rows] == ["12-2024", "01-2025", "11-2025"]


def test_department_label_for_no_known_and_deleted_departments(app: Flask) -> None:
    with app.test_request_context():
        assert department_label(None, {3: "ICT"}) == "Geen afdeling"
        assert department_label(3, {3: "ICT"}) == "ICT"
        assert department_label(4, {3: "ICT"}) == "Verwijderde afdeling"
