"""The Decision 766 index as the national portal computes it: each indicator's formula with exact
numbers, N/A and "no data yet" leaving the maximum, the score scaled back to 100, units with no
dossier listed apart, and the progress indicator (766: 2.1) judging every accepted dossier against
its due time: stopped, withdrawn, still in progress, or asked for a supplement more than once."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, ResultKind
from motcua.monitor import selectors
from motcua.monitor.drill import figure_dossiers
from motcua.monitor.index import NO_DATA, NOT_APPLICABLE, RULES, SCORED, Weights, index_score, ranks
from motcua.monitor.models import COUNTERS, IndexMeasure
from motcua.monitor.selectors import Period
from motcua.monitor.tests.journeys import at, result_file, settle, submit
from motcua.monitor.tests.test_figures import NOVEMBER, NOW, who
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
NATIONAL = Weights({r.code: r.points for r in RULES}, {r.code: r.target for r in RULES})
EXTRA = ("open_handled", "open_late", "procedures", "procedures_online", "procedures_complete")

# Decree 118 Art.21: the desk records a stop or withdrawal with the applicant's written request.
WRITTEN_REQUEST: dict[str, Any] = {"request_date": date(2026, 1, 2), "request_reference": "Đơn 1"}


def sums(**values: int) -> dict[str, int]:
    out = dict.fromkeys((*COUNTERS, *EXTRA), 0)
    out.update(values)
    return out


# A unit's period, with every scored indicator at a rate of its own.
PERIOD = sums(
    procedures=10,
    procedures_online=7,
    procedures_complete=7,
    received_in_person=5,
    received_online=5,
    received_full_online_level=8,
    received_full_online_level_online=6,
    digitised=6,
    reused=4,
    resolved_early=3,
    resolved_on_time=2,
    resolved_late=1,
    ended_in_time=1,
    ended_late=1,
    open_handled=2,
    open_late=1,
    granted=4,
    e_results=3,
    certified_copies=1,
    dislikes=2,
)


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "rate", "earned"),
    [
        ("public_complete", 7, 10, "70.00", "1.40"),  # 1.3: 70 % of 2 points, target 100 %
        # 2.1: (3 early + 2 on time + 1 ended in time + 1 in progress within time) ÷ (6 settled +
        # 2 stopped or withdrawn + 2 in progress) = 7/10 of 20.
        ("on_time", 7, 10, "70.00", "14.00"),
        ("full_online", 6, 8, "75.00", "9.00"),  # 3: 75 % of 12
        ("online_procedures", 7, 10, "70.00", "0.00"),  # 3.1: no national points
        ("online_share", 5, 10, "50.00", "0.00"),  # 3.3: no national points
        ("e_results", 3, 4, "75.00", "4.50"),  # 4.1: 75 % of 6
        ("digitised", 6, 10, "60.00", "3.00"),  # 4.2: 60 % of a target of 80 %: 3/4 of 4
        ("certified_copies", 1, 3, "33.33", "0.67"),  # e-certified copies of the 3 e-results
        ("reused", 4, 10, "40.00", "1.00"),  # 4.3: 40 % of a target of 80 %: half of 2
        # 5.4: 100 % − (3 late + 2 disliked) ÷ 10 handled = 50 %, target 90 %: 5/9 of 6.
        ("satisfied", 5, 10, "50.00", "3.33"),
    ],
)
def test_decision_766_each_indicator_formula(
    code: str, numerator: int, denominator: int, rate: str, earned: str
) -> None:
    measure = next(m for m in index_score(PERIOD, NATIONAL).measures if m.code == code)
    assert (measure.status, measure.numerator, measure.denominator) == (SCORED, numerator, denominator)
    assert (measure.rate, measure.earned) == (Decimal(rate), Decimal(earned))


def test_decision_766_the_national_points_and_targets() -> None:
    groups = {g.code: g.points for g in index_score(PERIOD, NATIONAL).groups()}
    assert groups == {
        "transparency": Decimal(18),
        "progress": Decimal(20),
        "online": Decimal(12),
        "payment": Decimal(10),
        "digitisation": Decimal(22),
        "satisfaction": Decimal(18),
    }
    targets = {r.number: r.target for r in RULES if r.target != 100}
    assert targets == {"3.1": 80, "3.3": 50, "3.5": 80, "3.5b": 80, "4.2": 80, "4.3": 80, "5.4": 90}


def test_decision_766_a_rate_above_the_target_earns_the_points_and_never_more() -> None:
    score = index_score(sums(received_in_person=10, digitised=9), NATIONAL)
    digitised = next(m for m in score.measures if m.code == "digitised")
    assert (digitised.rate, digitised.earned, digitised.lost) == (Decimal("90.00"), Decimal("4.00"), 0)


def test_decision_766_na_and_no_data_leave_the_maximum_and_the_score_is_scaled_to_100() -> None:
    """Only three groups have something to count: transparency (1.3), progress (2.1) and
    satisfaction (5.4). Nothing was received in the period, so the online and digitisation
    indicators are N/A; payment and feedback have no data yet."""
    score = index_score(
        sums(procedures=5, procedures_complete=5, resolved_on_time=3, resolved_late=1), NATIONAL
    )
    by_status: dict[str, set[str]] = {}
    for m in score.measures:
        by_status.setdefault(m.status, set()).add(m.number)
    assert by_status == {
        SCORED: {"1.3", "2.1", "3.1", "5.4"},
        NOT_APPLICABLE: {"3", "3.3", "4.1", "4.2", "4.2c", "4.3"},
        NO_DATA: {"1.1", "1.2", "1.4", "3.5", "3.5b", "3.6", "4.4", "4.5a", "4.5b", "5.2", "5.3"},
    }
    # N/A and no data never earn points, and put none in the maximum.
    for m in score.measures:
        if m.status != SCORED:
            assert (m.earned, m.possible, m.lost) == (None, 0, 0), m.code
    # 2 (1.3) + 15 (2.1: 3 of 4) + 5 (5.4: 75 % of a 90 % target) of 2 + 20 + 6 possible points.
    assert (score.earned_points, score.possible_points) == (Decimal("22.00"), Decimal("28.00"))
    assert score.total == Decimal("78.57")
    groups = {g.code: (g.possible, g.earned) for g in score.groups()}
    assert groups["payment"] == (0, 0) and groups["progress"] == (Decimal(20), Decimal(15))


def test_decision_766_a_unit_without_dossiers_has_no_score_and_no_rank() -> None:
    empty = index_score(sums(procedures=5, procedures_complete=5, procedures_online=5), NATIONAL)
    assert (empty.has_dossiers, empty.total) == (False, None)
    assert ranks(
        {"worked": Decimal("3.50"), "empty": None, "better": Decimal("80"), "tie": Decimal("3.50")}
    ) == {
        "better": 1,
        "tie": 2,
        "worked": 2,
    }


def test_decision_766_the_province_sets_points_and_targets(people: People) -> None:
    IndexMeasure.objects.filter(code="on_time").update(points=Decimal(40), target=Decimal(80))
    weights = selectors.weights_current()
    score = index_score(sums(resolved_on_time=3, resolved_late=1), weights)
    on_time = next(m for m in score.measures if m.code == "on_time")
    # 75 % of a target of 80 %: 15/16 of 40 points; with 5.4 (75 % of 90 %: 5 of 6) of 46.
    assert (on_time.points, on_time.earned) == (Decimal(40), Decimal("37.50"))
    assert (score.earned_points, score.possible_points, score.total) == (
        Decimal("42.50"),
        Decimal("46.00"),
        Decimal("92.39"),
    )


# -- the progress indicator on real dossiers ----------------------------------------------------


def _accepted(people: People, when: Any, unit: str = "24688") -> Dossier:
    """A household business dossier (3 working days) handed in at the desk and accepted at once."""
    dossier = submit(people, when, channel=Channel.IN_PERSON, unit=unit)
    desk = people.desk.user if unit == "24688" else people.cujut_desk.user
    leader = people.leader.user if unit == "24688" else people.cujut_leader.user
    handler = people.handler.user if unit == "24688" else people.cujut_handler.user
    assert desk is not None and leader is not None and handler is not None
    actions.dossier_accept(actor=desk, dossier=dossier, now=when)
    actions.dossier_assign(actor=leader, dossier=dossier, handler=handler, now=when)
    return dossier


def _progress(people: People, period: Period = NOVEMBER, now: Any = NOW, code: str = "24688") -> Any:
    report = selectors.unit_overview(actor=who(people.monitor), code=code, period=period, now=now)
    return next(m for m in report.score.measures if m.code == "on_time")


def test_decision_766_2_1_stopped_and_overdue_in_progress_dossiers_cost_progress_points(
    people: People,
) -> None:
    desk = who(people.desk)
    # Due Thu 5 08:00 and stopped on Fri 6: late.
    stopped = _accepted(people, at(2, 8))
    actions.dossier_stop(
        actor=desk, dossier=stopped, reason="Công dân xin dừng", now=at(6, 9), **WRITTEN_REQUEST
    )
    # Due Thu 5 08:00 and still being processed on Thu 12: late.
    _accepted(people, at(2, 8))
    # Settled early.
    settle(people, submit(people, at(2, 8), channel=Channel.IN_PERSON), accepted=at(2, 8), resolved=at(4, 9))
    # Due Fri 6 08:00, withdrawn on Wed 4: on time.
    withdrawn = _accepted(people, at(3, 8))
    actions.dossier_withdraw(actor=desk, dossier=withdrawn, reason="Rút", now=at(4, 9), **WRITTEN_REQUEST)
    # Withdrawn before acceptance: no legal time ran, not counted.
    waiting = submit(people, at(3, 9))
    actions.dossier_withdraw(actor=desk, dossier=waiting, reason="Rút", now=at(3, 10), **WRITTEN_REQUEST)
    progress = _progress(people)
    assert (progress.numerator, progress.denominator, progress.earned) == (2, 4, Decimal("10.00"))
    report = selectors.unit_overview(actor=who(people.monitor), code="24688", period=NOVEMBER, now=NOW)
    f = report.figures
    assert (f.resolved, f.ended_in_time, f.ended_late, f.open.handled, f.open.handled_late) == (1, 1, 1, 1, 1)
    assert (f.handled, f.handled_late, f.progress_rate) == (4, 2, Decimal("50.0"))
    # The dossiers that cost the points: the stopped one and the overdue one.
    costly = figure_dossiers(
        dossiers=Dossier.objects.all(),
        unit_id=stopped.competent_unit_id,
        measure="progress_late",
        period=NOVEMBER,
        now=NOW,
    )
    assert {d.status for d in costly} == {"stopped", "processing"}


def test_decision_766_2_1_more_than_one_supplement_request_counts_late(people: People) -> None:
    desk, leader, handler = who(people.desk), who(people.leader), who(people.handler)
    dossier = submit(people, at(2, 8), channel=Channel.IN_PERSON)
    actions.supplement_request(actor=desk, dossier=dossier, items=["Tờ khai"], now=at(2, 8, 30))
    actions.supplement_provide(actor=desk, dossier=dossier, note="Đã nộp", now=at(2, 9))
    actions.dossier_accept(actor=desk, dossier=dossier, now=at(2, 9))
    actions.dossier_assign(actor=leader, dossier=dossier, handler=handler, now=at(2, 9))
    actions.supplement_request(actor=handler, dossier=dossier, items=["Bản vẽ"], now=at(3, 9))
    actions.supplement_provide(actor=desk, dossier=dossier, note="Đã nộp", now=at(3, 10))
    actions.dossier_propose(actor=handler, dossier=dossier, proposal=ResultKind.GRANTED, now=at(4, 9))
    # Settled Wed 4, two days before its restarted due time (Fri 6 10:00): yet late, asked twice.
    actions.dossier_decide(
        actor=leader, dossier=dossier, result=ResultKind.GRANTED, files=result_file(), now=at(4, 10)
    )
    report = selectors.unit_overview(actor=who(people.monitor), code="24688", period=NOVEMBER, now=NOW)
    assert (report.figures.resolved_early, report.figures.resolved_late) == (0, 1)
    assert (_progress(people).numerator, _progress(people).denominator) == (0, 1)
    late = figure_dossiers(
        dossiers=Dossier.objects.all(),
        unit_id=dossier.competent_unit_id,
        measure="late",
        period=NOVEMBER,
        now=NOW,
    )
    assert [d.code for d in late] == [dossier.code]


def test_decision_766_2_1_a_dossier_waiting_for_the_applicant_is_judged_at_the_request(
    people: People,
) -> None:
    handler = who(people.handler)
    dossier = _accepted(people, at(2, 8))  # due Thu 5 08:00
    actions.supplement_request(actor=handler, dossier=dossier, items=["Bản vẽ"], now=at(3, 9))
    # On Thu 12 the applicant has not come back: judged at the request, Tue 3, within the time.
    assert (_progress(people).numerator, _progress(people).denominator) == (1, 1)
    # Closed for want of the supplement on Thu 19: still judged at the request, on time.
    assert actions.supplements_close_expired(now=at(19, 9)) == 1
    report = selectors.unit_overview(actor=who(people.monitor), code="24688", period=NOVEMBER, now=at(19, 10))
    assert (report.figures.ended_in_time, report.figures.ended_late, report.figures.open.handled) == (1, 0, 0)


def test_decision_766_2_1_a_past_period_judges_open_dossiers_at_its_end(people: People) -> None:
    # Accepted Fri 30 October, due Wed 4 November, still being processed on Thu 12 November.
    _accepted(people, at(30, 9, month=10))
    october = Period(date(2026, 10, 1), date(2026, 10, 31), "month")
    assert (_progress(people, october).numerator, _progress(people, october).denominator) == (1, 1)
    assert (_progress(people).numerator, _progress(people).denominator) == (0, 1)


def test_decision_766_an_empty_unit_is_never_ranked_above_one_that_worked(people: People) -> None:
    # Cư Jút's only dossier is overdue: a poor score, yet the only one ranked. Krông Nô had none.
    _accepted(people, at(2, 8), unit="24640")
    monitor = who(people.monitor)
    for sort in ("rank", "name", "received", "trend"):
        rows = selectors.province_overview(
            actor=monitor, province_code=68, period=NOVEMBER, now=NOW, sort=sort
        )[2]
        assert (rows[0].unit.code, rows[0].rank, rows[0].out_of) == ("24640", 1, 1), sort
        assert rows[0].score.total == Decimal("4.35")  # 2 of 46 possible points (1.3 only)
        krong_no = next(r for r in rows if r.unit.code == "24688")
        assert (krong_no.empty, krong_no.rank, krong_no.score.total) == (True, None, None)
    national = selectors.all_units_ranked(period=NOVEMBER, now=NOW)
    assert [r.unit.code for r in national if r.rank is not None] == ["24640"]
    provinces = selectors.provinces_ranked(actor=monitor, period=NOVEMBER, now=NOW)
    assert (provinces[0].province.code, provinces[0].rank) == (68, 1)
    assert all(r.empty for r in provinces[1:])


@time_machine.travel(NOW, tick=False)
def test_decision_766_the_explanation_page_shows_na_and_no_data(people: People) -> None:
    _accepted(people, at(2, 8), unit="24640")
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(who(people.cujut_leader))
    page = client.get("/monitor/units/24640/index/?period=month&from=2026-11-01").content.decode()
    assert "<strong>4.35</strong>/100" in page
    assert "2.00 points earned of the 46.00 that could be earned" in page
    # Nothing settled: no result to count (4.1 and the certified copies) is N/A.
    assert page.count("N/A: nothing to count") == 2
    assert "N/A: nothing to count, 6.00 points left out of the maximum" in page
    assert page.count('<td colspan="5">no data yet') == 11
    assert "waiting for online payment through the national portal" in page
    # The formula, numerator and denominator of the progress indicator, and the dossiers behind it.
    assert "dossiers handled in the period" in page and "0 of 20.00" in page
    assert "measure=progress_late" in page and "See the dossiers (20.00 points lost)" in page
    listed = client.get("/monitor/units/24640/dossiers/?period=month&from=2026-11-01&measure=progress_late")
    assert listed.content.decode().count("<tr><td>") == 1
    empty = client.get("/monitor/units/24640/index/?period=month&from=2026-10-01").content.decode()
    assert "No dossiers in this period: the unit is listed apart, not ranked." in empty
