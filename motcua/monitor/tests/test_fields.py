"""Figures of one field (lĩnh vực), against values counted by hand; how a period is read; the
pinned query counts of the lists behind a figure."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from motcua.api.stats import RankedUnits
from motcua.catalog.models import Field
from motcua.dossiers import actions
from motcua.dossiers.states import Channel
from motcua.monitor import selectors
from motcua.monitor.models import DailyCounter, MonthlyCounter
from motcua.monitor.selectors import Period, Plan, read_plan
from motcua.monitor.tests.journeys import at, submit
from motcua.monitor.tests.test_figures import NOVEMBER, NOW, build_month, who
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
CIVIL = "1.001193"  # a same-day civil status procedure (field ho_tich)


def build_two_fields(people: People) -> None:
    """The six household business dossiers of `build_month`, and two of civil status: one online
    still at the desk, one at the desk accepted on Tuesday 10 and not settled."""
    build_month(people)
    submit(people, at(9, 9), procedure=CIVIL)
    civil = submit(people, at(10, 9), procedure=CIVIL, channel=Channel.IN_PERSON)
    assert people.desk.user is not None
    actions.dossier_accept(actor=people.desk.user, dossier=civil, now=at(10, 9))


def field(code: str) -> Field:
    found = selectors.field_for(code)
    assert found is not None
    return found


def test_the_figures_of_one_field_match_the_hand_count(people: People) -> None:
    build_two_fields(people)
    monitor = who(people.monitor)
    everything = selectors.unit_overview(actor=monitor, code="24688", period=NOVEMBER, now=NOW)
    assert (everything.figures.received, everything.figures.received_online) == (8, 4)
    business = selectors.unit_overview(
        actor=monitor, code="24688", period=NOVEMBER, now=NOW, field=field("ho_kinh_doanh")
    )
    # The household business dossiers alone are exactly the month of `build_month`.
    f = business.figures
    assert (f.received_in_person, f.received_online, f.received_post, f.resolved, f.late) == (2, 3, 1, 3, 1)
    assert (f.open.in_progress, f.open.overdue, f.open.waiting) == (1, 1, 1)
    assert str(business.score.total) == "52.17"
    civil = selectors.unit_overview(
        actor=monitor, code="24688", period=NOVEMBER, now=NOW, field=field("ho_tich")
    )
    f = civil.figures
    assert (f.received_in_person, f.received_online, f.accepted, f.resolved) == (1, 1, 1, 0)
    assert (f.open.in_progress, f.open.waiting) == (1, 1)
    assert [m.received for _month, m in civil.months][-1] == 2
    _province, total, _rows = selectors.province_overview(
        actor=monitor, province_code=68, period=NOVEMBER, now=NOW, field=field("ho_tich")
    )
    assert (total.received, total.accepted) == (2, 1)


def test_a_partial_month_is_read_as_its_days_or_as_the_month_less_the_others(people: People) -> None:
    build_two_fields(people)
    monitor = who(people.monitor)
    # 3 to 30 November: 28 days, read as the month less 1 and 2 November (D1 and D2 came then).
    late_month = Period(date(2026, 11, 3), date(2026, 11, 30))
    assert read_plan(late_month) == Plan((date(2026, 11, 1),), (), ((date(2026, 11, 1), date(2026, 11, 2)),))
    report = selectors.unit_overview(actor=monitor, code="24688", period=late_month, now=NOW)
    assert report.figures.received == 6
    business = selectors.unit_overview(
        actor=monitor, code="24688", period=late_month, now=NOW, field=field("ho_kinh_doanh")
    )
    assert business.figures.received == 4
    # 2 to 9 November: 8 days, read from the daily table.
    early = Period(date(2026, 11, 2), date(2026, 11, 9))
    assert read_plan(early) == Plan((), ((date(2026, 11, 2), date(2026, 11, 9)),), ())
    civil = selectors.unit_overview(
        actor=monitor, code="24688", period=early, now=NOW, field=field("ho_tich")
    )
    assert civil.figures.received == 1
    # Both ways give what the daily rows alone give.
    for period in (late_month, early):
        days = DailyCounter.objects.filter(unit__code="24688", day__gte=period.start, day__lte=period.end)
        by_hand = sum(r.received_in_person + r.received_online + r.received_post for r in days)
        assert selectors.unit_overview(
            actor=monitor, code="24688", period=period, now=NOW
        ).figures.received == (by_hand)
    assert MonthlyCounter.objects.filter(unit__code="24688").count() == 2  # one row per field


def test_the_read_plan_of_a_rolling_year() -> None:
    year = Period(date(2025, 11, 20), date(2026, 11, 19))
    months = tuple(date(2025 + (11 + i) // 12, (11 + i) % 12 + 1, 1) for i in range(12))
    assert read_plan(year) == Plan(
        months,  # December 2025 to November 2026
        ((date(2025, 11, 20), date(2025, 11, 30)),),  # 11 days of November 2025
        ((date(2026, 11, 20), date(2026, 11, 30)),),  # November 2026 less its last 11 days
    )


def test_the_api_and_pages_take_a_field(people: People) -> None:
    build_two_fields(people)
    answer = people.monitor.get(
        "/stats/units", province=68, field="ho_tich", **{"from": "2026-11-01", "to": "2026-11-30"}
    )
    assert answer.status_code == 200
    krong_no = next(u for u in answer.json()["units"] if u["code"] == "24688")
    assert (krong_no["figures"]["received"], krong_no["figures"]["in_progress"]) == (2, 1)
    one = people.leader.get(
        "/stats/units/24688", field="ho_kinh_doanh", period="month", **{"from": "2026-11-01"}
    )
    assert (one.json()["index"], one.json()["figures"]["received"]) == ("52.17", 6)
    unknown = people.monitor.get("/stats/units", province=68, field="khong_co")
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (404, "field")
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(who(people.monitor))
    with time_machine.travel(NOW, tick=False):
        page = client.get("/monitor/?period=month&from=2026-11-01&field=ho_tich").content.decode()
        assert "&amp;field=ho_tich" in page and 'value="ho_tich" selected' in page
        listed = client.get(
            "/monitor/units/24688/dossiers/?period=month&from=2026-11-01&field=ho_tich&measure=received"
        ).content.decode()
        assert listed.count("<tr><td>") == 2
        assert client.get("/monitor/units/24688/?field=khong_co").status_code == 404


def test_the_national_ranking_of_every_unit_is_for_monitors_only(people: People) -> None:
    build_two_fields(people)
    answer = people.monitor.get("/stats/ranking", period="month", **{"from": "2026-11-01"})
    assert answer.status_code == 200
    RankedUnits.model_validate(answer.json())  # the answer is what the schema documents
    units = answer.json()["units"]
    assert len(units) == 3321
    krong_no = next(u for u in units if u["code"] == "24688")
    # The civil status dossier accepted on Tuesday 10 is past its due time too: 2 of 5 on time.
    assert (krong_no["index"], krong_no["rank"], krong_no["out_of"], krong_no["figures"]["received"]) == (
        "47.83",
        1,
        1,
        8,
    )
    assert sum(1 for u in units if u["empty"]) == 3320
    refused = people.leader.get("/stats/ranking")
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "not_found")


@time_machine.travel(NOW, tick=False)
def test_the_lists_behind_a_figure_have_pinned_query_counts(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    build_two_fields(people)
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(who(people.monitor))
    # Session, user, unit, grants (read once for watching and for the visible dossiers), the page of
    # dossiers with their procedures, the site's province: as many for 50 dossiers as for 1.
    with django_assert_num_queries(6):
        page = client.get("/monitor/units/24688/dossiers/?period=month&from=2026-11-01&measure=received")
    assert page.content.decode().count("<tr><td>") == 8
    # Session, user, unit, grants, the handlers with their counts, the site's province.
    with django_assert_num_queries(6):
        page = client.get("/monitor/units/24688/handlers/?period=month&from=2026-11-01")
    assert page.status_code == 200
