"""The desk's landing page and queues: counts, search, sort, scoping and pinned query counts."""

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.testing.personas import People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Wednesday morning, office hours.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=VN)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def user_of(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def browser(persona: Persona, language: str = "vi") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user_of(persona))
    return client


def online(
    people: People,
    when: datetime,
    *,
    name: str = "Nguyễn Thị Lan",
    national_id: str = "068190001234",
    procedure: str = "1.001612",
    unit: str = "24688",
) -> Dossier:
    return actions.dossier_submit(
        actor=user_of(people.citizen),
        procedure_code=procedure,
        competent_unit_code=unit,
        applicant=actions.Applicant(name=name, national_id=national_id, phone="0912345678"),
        now=when,
    )


def processing(people: People, when: datetime, handler: Persona | None = None, **kwargs: str) -> Dossier:
    """An online dossier accepted by the desk and assigned by the leader."""
    dossier = online(people, when, **kwargs)
    actions.dossier_accept(actor=user_of(people.desk), dossier=dossier, now=when)
    return actions.dossier_assign(
        actor=user_of(people.leader),
        dossier=dossier,
        handler=user_of(handler or people.handler),
        now=when,
    )


def counts(html: str) -> dict[str, int]:
    """The queue cards of the landing page: queue name -> count."""
    found = re.findall(r'href="/desk/queues/(\w+)/"><span class="stat">(\d+)</span>', html)
    return {name: int(n) for name, n in found}


def codes(html: str) -> list[str]:
    return re.findall(r'href="/desk/dossiers/([^/"]+)/"', html)


def test_the_receiving_officer_lands_on_their_queues_with_counts(people: People, frozen: object) -> None:
    first = online(people, at(23, 14))
    online(people, at(25, 8), name="Trần Văn Bình", national_id="068190005678")
    late = processing(people, at(10, 9))  # 3 working days: due 13/11, overdue now
    soon = processing(
        people, at(23, 9)
    )  # due Friday 27/11 17:30 (24/11 is off): not due within one working day
    actions.supplement_request(
        actor=user_of(people.desk), dossier=online(people, at(23, 10)), items=["Tờ khai"]
    )
    cujut = online(people, at(25, 8), unit="24640")  # another commune's desk: not ours

    response = browser(people.desk).get("/desk/")

    assert response.status_code == 200
    html = response.content.decode()
    assert counts(html) == {
        "decide": 2,
        "transfer": 0,
        "supplement": 1,
        "due_soon": 0,
        "overdue": 1,
        "return": 0,
    }
    # The online dossiers to decide first, the oldest first, with the hours left of the 8.
    urgent = html[html.index('id="urgent-title"') :].split("</section>")[0]
    assert codes(urgent) == [first.code, codes(urgent)[1]]
    # Arrived Monday 14:00: 3.5 hours that day, Tuesday 24/11 is Vietnam Culture Day (off), 1.5 this
    # morning: 3 hours left.
    assert "còn 3,0 giờ" in urgent
    assert cujut.code not in html and late.code not in urgent and soon.code not in urgent
    assert 'href="/desk/receive/"' in html
    assert 'href="/desk/workload/"' not in html


def test_each_role_sees_its_own_queues(people: People, frozen: object) -> None:
    processing(people, at(25, 8))
    accepted = online(people, at(25, 8), national_id="068190007777")
    actions.dossier_accept(actor=user_of(people.desk), dossier=accepted, now=at(25, 8))
    handler = counts(browser(people.handler).get("/desk/").content.decode())
    leader = counts(browser(people.leader).get("/desk/").content.decode())
    director = counts(browser(people.director).get("/desk/").content.decode())

    assert handler == {"process": 1, "supplement": 0, "due_soon": 0, "overdue": 0}
    assert leader == {"assign": 1, "approve": 0, "supplement": 0, "due_soon": 0, "overdue": 0}
    assert set(director) == {"decide", "transfer", "assign", "supplement", "due_soon", "overdue", "return"}


def test_the_desk_is_for_officials_only(people: People, client: Client) -> None:
    assert client.get("/desk/").status_code == 302  # to the login page
    response = browser(people.citizen).get("/desk/")
    assert response.status_code == 404
    assert browser(people.citizen).get("/desk/queues/all/").status_code == 404


def test_the_landing_page_reads_a_fixed_number_of_queries(
    people: People, frozen: object, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = browser(people.desk)
    online(people, at(23, 14))
    client.get("/desk/")  # the session and the calendar are warm, as on every later visit
    # session, user, grants, home province, its calendar, 6 queue counts, urgent list, memberships,
    # the header's province, the monitor's early warnings (unit, calendar, 3 lists, late paper
    # transfers, late remittances) and the charges to remit
    with django_assert_num_queries(22):
        client.get("/desk/")
    for i in range(6):
        online(people, at(23, 15), national_id=f"06819000{i:04d}")
        processing(people, at(23, 9), national_id=f"06819100{i:04d}")
    with django_assert_num_queries(22):
        html = client.get("/desk/").content.decode()
    assert counts(html)["decide"] == 7


def test_a_queue_is_searched_by_code_name_id_number_and_procedure(people: People, frozen: object) -> None:
    lan = online(people, at(23, 14))
    binh = online(people, at(25, 8), name="Trần Văn Bình", national_id="068190005678")
    birth = online(people, at(25, 8), name="Lê Thị Cúc", national_id="068190009999", procedure="1.001193")
    client = browser(people.desk)

    def found(q: str) -> list[str]:
        return codes(client.get("/desk/queues/decide/", {"q": q}).content.decode())

    assert found(binh.code) == [binh.code]
    assert found("Trần Văn") == [binh.code]
    assert found("068190001234") == [lan.code]
    assert found("1.001193") == [birth.code]
    assert found("không có ai") == []


def test_a_queue_sorts_by_due_time_both_ways(people: People, frozen: object) -> None:
    later = processing(people, at(23, 9))
    sooner = processing(people, at(20, 9))
    client = browser(people.handler)

    assert codes(client.get("/desk/queues/process/").content.decode()) == [sooner.code, later.code]
    assert codes(client.get("/desk/queues/process/", {"sort": "-due"}).content.decode()) == [
        later.code,
        sooner.code,
    ]


def test_htmx_search_answers_the_rows_and_the_count_only(people: People, frozen: object) -> None:
    dossier = online(people, at(23, 14))
    response = browser(people.desk).get("/desk/queues/decide/", {"q": "Lan"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert codes(html) == [dossier.code]
    assert (
        'id="queue-count" class="muted" role="status" aria-live="polite" hx-swap-oob="true">1 hồ sơ.' in html
    )


def test_another_communes_officer_finds_neither_the_dossiers_nor_the_dossier(
    people: People, frozen: object
) -> None:
    dossier = online(people, at(23, 14))
    client = browser(people.cujut_desk)
    assert codes(client.get("/desk/queues/all/").content.decode()) == []
    response = client.get(f"/desk/dossiers/{dossier.code}/")
    assert response.status_code == 404
    assert dossier.code in response.content.decode()  # the message names what was asked for


def test_an_unknown_queue_is_not_found(people: People) -> None:
    assert browser(people.desk).get("/desk/queues/everything/").status_code == 404


def test_the_queue_page_reads_a_fixed_number_of_queries(
    people: People, frozen: object, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = browser(people.handler)
    processing(people, at(23, 9))
    client.get("/desk/queues/process/")
    # session, user, grants, home province, its calendar, count, the page's ids, its rows, the
    # header's province
    with django_assert_num_queries(9):
        client.get("/desk/queues/process/")
    for i in range(8):
        processing(people, at(23, 10), national_id=f"06819200{i:04d}")
    with django_assert_num_queries(9):
        html = client.get("/desk/queues/process/").content.decode()
    assert len(codes(html)) == 9


def test_pages_are_in_vietnamese_and_arabic_is_right_to_left(people: People) -> None:
    client = browser(people.desk)
    assert '<html lang="vi" dir="ltr">' in client.get("/desk/").content.decode()
    client.cookies["motcua_language"] = "ar"
    assert '<html lang="ar" dir="rtl">' in client.get("/desk/").content.decode()


def test_counter_dossiers_are_not_in_the_online_decision_queue_once_decided(
    people: People, frozen: object
) -> None:
    dossier = actions.dossier_submit(
        actor=user_of(people.desk),
        procedure_code="1.001193",
        competent_unit_code="24688",
        applicant=actions.Applicant(name="Lê Văn Tâm", national_id="068190004444", phone="0912345678"),
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
    )
    actions.dossier_accept(actor=user_of(people.desk), dossier=dossier)
    assert counts(browser(people.desk).get("/desk/").content.decode())["decide"] == 0
