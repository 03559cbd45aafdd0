"""The stats API: figures, index and rank per unit, the breakdown of one unit, the provinces."""

from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from motcua.monitor.tests.journeys import at
from motcua.monitor.tests.test_figures import build_month
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def test_units_of_the_province_with_figures_index_and_rank(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    build_month(people)
    # Token and its last use, grants, province, units, weights, counters of the month and of the
    # 30 days before (October less its first day: two), open dossiers: the same for 124 units as
    # for one.
    with django_assert_num_queries(10):
        answer = people.monitor.get("/stats/units", province=68, **NOVEMBER)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["province"], body["period"]["kind"], len(body["units"])) == (68, "custom", 124)
    krong_no = body["units"][0]
    assert (krong_no["code"], krong_no["index"], krong_no["rank"], krong_no["out_of"], krong_no["empty"]) == (
        "24688",
        "52.17",
        1,
        1,
        False,
    )
    # The communes with no dossier are listed after it, without a score or a rank.
    assert {(u["index"], u["rank"], u["empty"]) for u in body["units"][1:]} == {(None, None, True)}
    assert krong_no["figures"]["received"] == 6
    assert krong_no["figures"]["timely_rate"] == "66.7"
    assert (krong_no["figures"]["handled"], krong_no["figures"]["handled_late"]) == (4, 2)
    assert krong_no["figures"]["progress_rate"] == "50.0"


def test_one_unit_with_its_index_breakdown(people: People) -> None:
    build_month(people)
    answer = people.leader.get("/stats/units/24688", **NOVEMBER)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["index"], body["rank"], body["points_earned"], body["points_possible"]) == (
        "52.17",
        1,
        "28.17",
        "54.00",
    )
    timely = next(m for m in body["measures"] if m["code"] == "on_time")
    assert (timely["number"], timely["status"], timely["numerator"], timely["denominator"]) == (
        "2.1",
        "scored",
        2,
        4,
    )
    assert (timely["earned"], timely["lost"], timely["possible"]) == ("10.00", "10.00", "20.00")
    synced = next(m for m in body["measures"] if m["code"] == "synchronised")
    assert (synced["status"], synced["earned"], synced["possible"], synced["numerator"]) == (
        "no_data",
        None,
        "0",
        None,
    )
    assert synced["missing"]
    assert sum(Decimal(m["earned"] or 0) for m in body["measures"]) == Decimal("28.17")
    assert sum(Decimal(m["possible"]) for m in body["measures"]) == Decimal("54.00")


def test_the_provinces_ranking_is_open_to_any_monitor_only(people: People) -> None:
    answer = people.monitor.get("/stats/provinces", period="year", **{"from": "2026-05-05"})
    assert answer.status_code == 200
    assert answer.json()["period"] == {"start": "2026-01-01", "end": "2026-12-31", "kind": "year"}
    assert len(answer.json()["provinces"]) == 34
    refused = people.leader.get("/stats/provinces")
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, 422, "to"),
        ({"from": "2019-01-01", "to": "2026-11-01"}, 422, "to"),
        ({"from": "30/11/2026", "to": "2026-12-01"}, 422, "from"),
        ({"province": 1}, 404, "province"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    people: People, params: dict[str, object], status: int, field: str
) -> None:
    answer = people.monitor.get("/stats/units", **params)
    assert (answer.status_code, answer.json()["error"]["field"]) == (status, field)
    assert answer.json()["error"]["message"]


def test_a_unit_outside_the_scope_is_not_found(people: People) -> None:
    for persona in (people.cujut_leader, people.handler, people.outsider, people.citizen):
        answer = persona.get("/stats/units/24688")
        assert answer.status_code == 404, persona.name
    assert people.public.get("/stats/units/24688").status_code == 401


def test_an_empty_period_answers_zeros(people: People) -> None:
    answer = people.monitor.get("/stats/units/24640", **{"from": "2020-01-01", "to": "2020-01-31"})
    assert answer.status_code == 200
    assert answer.json()["figures"]["received"] == 0
    assert answer.json()["figures"]["timely_rate"] is None
    assert (answer.json()["index"], answer.json()["empty"], answer.json()["rank"]) == (None, True, None)
    assert at(1, 8)  # the journeys' clock is importable without data
