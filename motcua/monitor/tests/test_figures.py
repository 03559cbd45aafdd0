"""Figures and the 766 index of a hand-built month of Krông Nô, against values computed by hand."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from motcua.accounts.models import User
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers import actions
from motcua.dossiers.states import Channel
from motcua.monitor import selectors
from motcua.monitor.selectors import Period, period_parse
from motcua.monitor.tests.journeys import at, result_file, settle, submit
from motcua.testing.personas import People, Persona


def who(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


pytestmark = pytest.mark.django_db
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")
NOW = at(12, 10)


def build_month(people: People) -> None:
    """Six dossiers of household business registration (3 working days) at Krông Nô."""
    desk, leader, handler = people.desk.user, people.leader.user, people.handler.user
    assert desk is not None and leader is not None and handler is not None and people.citizen.user
    # Online, accepted within the 8 working hours, due Thu 5 10:00, settled Wed 4: early.
    d1 = settle(people, submit(people, at(2, 9)), accepted=at(2, 10), resolved=at(4, 15))
    actions.dossier_return(actor=desk, dossier=d1, via=Channel.ONLINE, now=at(5, 9))
    actions.dossier_rate(actor=who(people.citizen), dossier=d1, score=4, now=at(5, 10))
    # Online, accepted after the decision was due (Tue 09:00), due Fri 6 10:00, settled Mon 9: late.
    d2 = settle(people, submit(people, at(2, 9)), accepted=at(3, 10), resolved=at(9, 9))
    actions.dossier_return(actor=desk, dossier=d2, via=Channel.IN_PERSON, now=at(9, 10))
    actions.dossier_rate(actor=who(people.citizen), dossier=d2, dislike=True, now=at(9, 11))
    # At the desk, due Mon 9 08:00 and settled at that minute: on time.
    settle(people, submit(people, at(4, 8), channel=Channel.IN_PERSON), accepted=at(4, 8), resolved=at(9, 8))
    # By post, refused at reception.
    d4 = submit(people, at(5, 9), channel=Channel.POST)
    actions.dossier_refuse(actor=desk, dossier=d4, reason="Sai thẩm quyền", now=at(5, 9, 30))
    # Online, still waiting at the desk.
    submit(people, at(6, 9))
    # At the desk, due Wed 11 09:00, still being processed on Thu 12: overdue.
    d6 = submit(people, at(6, 9), channel=Channel.IN_PERSON)
    actions.dossier_accept(actor=desk, dossier=d6, now=at(6, 9))
    actions.dossier_assign(actor=leader, dossier=d6, handler=handler, now=at(6, 9))
    assert result_file()


def test_the_figures_of_a_unit_match_the_hand_count(people: People) -> None:
    build_month(people)
    report = selectors.unit_overview(actor=who(people.monitor), code="24688", period=NOVEMBER, now=NOW)
    f = report.figures
    assert (f.received_in_person, f.received_online, f.received_post, f.received) == (2, 3, 1, 6)
    assert f.online_share == Decimal("50.0")
    assert (f.accepted, f.not_accepted, f.refusals) == (4, 1, 1)
    assert (f.resolved_early, f.resolved_on_time, f.resolved_late) == (1, 1, 1)
    assert f.timely_rate == Decimal("66.7")
    # 19 + 31 + 24 working hours over 3 dossiers, 8 hours a day.
    assert f.processing_minutes == (19 + 31 + 24) * 60
    assert f.average_days == Decimal("3.08")
    assert (f.returned, f.returned_online, f.ratings, f.dislikes, f.average_score) == (2, 1, 2, 1, Decimal(4))
    assert (f.open.in_progress, f.open.overdue, f.open.waiting) == (1, 1, 1)


def test_the_766_index_of_a_unit_matches_the_hand_count(people: People) -> None:
    """The national portal's indicators (Decision 766, as the portal's formula description gives
    them), counted by hand on the month of `build_month`, judged on Thursday 12 at 10:00."""
    build_month(people)
    report = selectors.unit_overview(actor=who(people.monitor), code="24688", period=NOVEMBER, now=NOW)
    scored = {
        m.code: (m.numerator, m.denominator, m.earned) for m in report.score.measures if m.earned is not None
    }
    assert scored == {
        "public_complete": (25, 25, Decimal("2.00")),  # the 25 commune procedures have all their parts
        # D1 early, D3 on time, D2 late, D6 in progress past its due time: 2 of 4, half of 20.
        "on_time": (2, 4, Decimal("10.00")),
        "full_online": (3, 6, Decimal("6.00")),  # 3 of 6 of a fully-online procedure: 50 % of 12
        "online_procedures": (25, 25, Decimal("0.00")),  # no national points
        "online_share": (3, 6, Decimal("0.00")),  # no national points
        "e_results": (3, 3, Decimal("6.00")),  # every result granted came as a file
        "digitised": (3, 6, Decimal("2.50")),  # 50 % of a target of 80 %: 5/8 of 4
        "certified_copies": (0, 3, Decimal("0.00")),
        "reused": (0, 6, Decimal("0.00")),
        # 100 % − 2/4 late − 1/4 disliked = 25 %, of a target of 90 %: 25/90 of 6.
        "satisfied": (1, 4, Decimal("1.67")),
    }
    no_data = {m.code for m in report.score.measures if m.status == "no_data"}
    assert no_data == {
        "published_on_time",
        "public_on_time",
        "synchronised",
        "payable_online",
        "paid_online_procedures",
        "paid_online",
        "citizen_store",
        "population_procedures",
        "population_dossiers",
        "feedback_on_time",
        "feedback_satisfied",
    }
    # 28.17 points earned of the 54 that could be: 52.17 on 100.
    assert (report.score.earned_points, report.score.possible_points) == (Decimal("28.17"), Decimal("54.00"))
    assert report.score.total == Decimal("52.17")
    # Every other commune of Lâm Đồng had no dossier: listed apart, Krông Nô alone is ranked.
    assert report.row is not None and (report.row.rank, report.row.out_of) == (1, 1)


def test_a_custom_period_adds_the_days_of_partial_months(people: People) -> None:
    build_month(people)
    days = Period(date(2026, 10, 20), date(2026, 11, 4))  # D1, D2 and D3 were received by then
    report = selectors.unit_overview(actor=who(people.monitor), code="24688", period=days, now=NOW)
    assert (report.figures.received, report.figures.accepted, report.figures.resolved) == (3, 3, 1)


def test_the_province_overview_ranks_and_compares_with_the_previous_month(people: People) -> None:
    build_month(people)
    province, total, rows = selectors.province_overview(
        actor=who(people.monitor), province_code=68, period=NOVEMBER, now=NOW, sort="rank"
    )
    assert (province.code, len(rows), total.received, total.open.overdue) == (68, 124, 6, 1)
    first = rows[0]
    # October had no dossier: no score to compare with.
    assert (first.unit.code, first.rank, first.out_of, first.score.total, first.previous_total) == (
        "24688",
        1,
        1,
        Decimal("52.17"),
        None,
    )
    assert first.trend is None
    # The 123 communes with no dossier come after it, unranked, whatever the order asked for.
    assert all(r.empty and r.rank is None and r.score.total is None for r in rows[1:])
    by_name = selectors.province_overview(
        actor=who(people.monitor), province_code=68, period=NOVEMBER, now=NOW, sort="name"
    )[2]
    assert by_name[0].unit.code == "24688"


def test_watching_is_scoped(people: People) -> None:
    build_month(people)
    for persona in (people.leader, people.director, people.monitor):
        assert selectors.unit_for(who(persona), "24688").code == "24688"
    for persona in (people.cujut_leader, people.handler, people.desk, people.outsider, people.citizen):
        with pytest.raises(NotFound):
            selectors.unit_for(who(persona), "24688")
    for persona in (people.leader, people.outsider, people.citizen):
        with pytest.raises(NotFound):
            selectors.province_overview(actor=who(persona), province_code=68, period=NOVEMBER, now=NOW)
        with pytest.raises(NotFound):
            selectors.provinces_ranked(actor=who(persona), period=NOVEMBER, now=NOW)
    rows = selectors.provinces_ranked(actor=who(people.monitor), period=NOVEMBER, now=NOW)
    assert len(rows) == 34
    lam_dong = next(r for r in rows if r.province.code == 68)
    assert (lam_dong.figures.received, lam_dong.rank) == (6, 1)
    assert all(r.rank is None for r in rows if r.province.code != 68)


@time_machine.travel(at(12, 10), tick=False)
@translation.override("en")
def test_bad_periods_are_refused_with_a_message() -> None:
    today = date(2026, 11, 12)
    assert period_parse(kind="quarter", start="2026-11-12", end=None, today=today) == Period(
        date(2026, 10, 1), date(2026, 12, 31), "quarter"
    )
    assert period_parse(kind="", start=None, end=None, today=today).start == date(2026, 11, 1)
    with pytest.raises(InvalidInput) as backwards:
        period_parse(kind="custom", start="2026-11-12", end="2026-11-01", today=today)
    assert (str(backwards.value.message), backwards.value.field) == (
        "The end of the period is before its start.",
        "to",
    )
    with pytest.raises(InvalidInput, match="5 years"):
        period_parse(kind="custom", start="2020-01-01", end="2026-01-01", today=today)
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        period_parse(kind="custom", start="12/11/2026", end="2026-11-30", today=today)
    with pytest.raises(InvalidInput, match="Unknown period"):
        period_parse(kind="week", start=None, end=None, today=today)
