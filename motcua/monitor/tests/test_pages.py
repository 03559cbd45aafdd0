"""The monitor's pages: who sees what, pinned query counts, empty and bad periods, reports."""

from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.interop.models import OutboxMessage
from motcua.monitor.models import ReportExport
from motcua.monitor.tests.journeys import at
from motcua.monitor.tests.test_figures import build_month
from motcua.monitor.warnings import digest_send, warnings_for
from motcua.testing.personas import People, Persona


def who(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


pytestmark = pytest.mark.django_db
NOVEMBER = "?period=month&from=2026-11-01"
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


def client_for(user: User | None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@time_machine.travel(at(12, 10), tick=False)
def test_the_province_overview_reads_only_the_aggregates(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    build_month(people)
    client = client_for(people.monitor.user)
    # Session, user, grants, province, units, weights, counters of the month and of the month
    # before, open dossiers, the fields to choose from, the site's province (base template): as
    # many for 124 units as for 1.
    with django_assert_num_queries(11):
        page = client.get("/monitor/" + NOVEMBER)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xã Krông Nô" in html and "1/1" in html and "52.17" in html
    # The 123 communes with no dossier in November are listed apart, after the ranked one.
    assert html.index("52.17") < html.index("No dossiers in this period")
    assert "123 units had no dossier to handle in this period" in html


@time_machine.travel(at(12, 10), tick=False)
def test_the_unit_page_and_its_index_explanation(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    build_month(people)
    client = client_for(people.leader.user)
    # Session, user, unit, grants, weights, the province's units, counters of the month and the
    # month before, open dossiers, twelve months for the charts, the fields to choose from, the
    # site's province.
    with django_assert_num_queries(12):
        page = client.get("/monitor/units/24688/" + NOVEMBER)
    assert page.status_code == 200
    assert "ranked 1/1 in the province" in page.content.decode()
    assert "chart-4.6.1.umd.min.js" in page.content.decode()
    index = client.get("/monitor/units/24688/index/" + NOVEMBER).content.decode()
    assert "52.17" in index and "28.17 points earned of the 54.00 that could be earned" in index
    assert "measure=progress_late" in index and "See the dossiers (10.00 points lost)" in index
    assert index.count('<td colspan="5">no data yet') == 11


@time_machine.travel(at(12, 10), tick=False)
def test_the_dossiers_and_handlers_behind_a_figure(people: People) -> None:
    build_month(people)
    client = client_for(people.monitor.user)
    late = client.get("/monitor/units/24688/dossiers/" + NOVEMBER + "&measure=late").content.decode()
    assert late.count("<tr><td>") == 1
    overdue = client.get("/monitor/units/24688/dossiers/?measure=overdue").content.decode()
    assert overdue.count("<tr><td>") == 1
    csv = client.get("/monitor/units/24688/dossiers/" + NOVEMBER + "&measure=received&format=csv")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode()  # type: ignore[attr-defined]
    assert len(body.strip().splitlines()) == 7  # the header and the 6 dossiers
    handlers = client.get("/monitor/units/24688/handlers/" + NOVEMBER).content.decode()
    assert "Lê Thị Xử" in handlers


def test_who_sees_what(people: People) -> None:
    allowed = {
        "/monitor/": [people.monitor],
        "/monitor/provinces/": [people.monitor],
        "/monitor/units/24688/": [people.monitor, people.leader, people.director],
        "/monitor/units/24688/index/": [people.monitor, people.leader, people.director],
        "/monitor/units/24688/dossiers/": [people.monitor, people.leader, people.director],
    }
    refused = [people.handler, people.desk, people.cujut_leader, people.outsider, people.citizen]
    for path, personas in allowed.items():
        for persona in personas:
            assert client_for(persona.user).get(path).status_code == 200, (path, persona.name)
        for persona in refused:
            if path == "/monitor/" and persona is people.cujut_leader:
                continue  # a leader is sent to their own unit's page, below
            assert client_for(persona.user).get(path).status_code == 404, (path, persona.name)
    assert client_for(None).get("/monitor/").status_code == 302  # to the login page
    # A leader who opens the overview lands on their own unit.
    assert client_for(people.leader.user).get("/monitor/")["Location"] == "/monitor/units/24688/"


def test_an_empty_or_bad_period_never_fails(people: People) -> None:
    client = client_for(people.monitor.user)
    empty = client.get("/monitor/?period=custom&from=2001-01-01&to=2001-01-31")
    assert empty.status_code == 200
    bad = client.get("/monitor/units/24640/?period=custom&from=2026-11-30&to=2026-11-01")
    assert bad.status_code == 200
    assert "The end of the period is before its start." in bad.content.decode()
    long = client.get("/monitor/provinces/?period=custom&from=2010-01-01&to=2026-01-01")
    assert "A period may not be longer than 5 years." in long.content.decode()


@time_machine.travel(at(12, 10), tick=False)
def test_a_periodic_report_is_built_in_the_background(
    people: People, settings: object, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    build_month(people)
    client = client_for(people.monitor.user)
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(
                "/monitor/reports/",
                {"province": "68", "from": "2026-11-01", "to": "2026-11-30", "format": fmt},
            )
        export = ReportExport.objects.get(format=fmt)
        assert answer["Location"] == f"/monitor/reports/{export.pk}/"
        assert (export.status, export.percent) == ("done", 100)
        status = client.get(f"/monitor/reports/{export.pk}/", headers={"HX-Request": "true"}).content.decode()
        assert "hx-trigger" not in status and "/download/" in status
        download = client.get(f"/monitor/reports/{export.pk}/download/")
        content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
        assert content.startswith(magic)
    # Someone else's report does not exist for them; a unit outside the scope is refused.
    assert client_for(people.leader.user).get(f"/monitor/reports/{export.pk}/").status_code == 404
    refused = client_for(people.leader.user).post(
        "/monitor/reports/", {"unit": "24640", "from": "2026-11-01", "to": "2026-11-30", "format": "pdf"}
    )
    assert refused.status_code == 422
    assert ReportExport.objects.count() == 2


def test_the_excel_report_holds_the_hand_counted_figures(people: People) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from motcua.monitor.reports import periodic_report, report_xlsx
    from motcua.monitor.selectors import Period, unit_for

    build_month(people)
    assert people.monitor.user is not None
    with translation.override("en"):
        report = periodic_report(
            actor=who(people.monitor),
            scope=unit_for(people.monitor.user, "24688"),
            period=Period(at(1, 0).date(), at(30, 0).date()),
        )
        book = load_workbook(BytesIO(report_xlsx(report)))
    rows = list(book["By unit"].iter_rows(values_only=True))
    assert rows[3][:9] == (
        "Code",
        "Name",
        "Received",
        "Online",
        "Online share (%)",
        "Settled",
        "Early",
        "On time",
        "Late",
    )
    assert rows[4][:9] == ("24688", "Xã Krông Nô", 6, 3, 50.0, 3, 1, 1, 1)


def test_early_warnings_and_the_daily_digest(people: People) -> None:
    build_month(people)
    assert people.leader.user is not None
    User.objects.filter(pk=people.leader.user.pk).update(email="lanhdao@krongno.gov.vn")
    found = warnings_for(who(people.leader), now=at(12, 10))
    # D6 overdue since Wed 11 09:00; D5 (online, arrived Fri 6 09:00) long past its 8 hours.
    assert [r.dossier.code for r in found.overdue] and len(found.online_decision) == 1
    assert warnings_for(who(people.cujut_leader), now=at(12, 10)).count == 0
    assert warnings_for(who(people.citizen), now=at(12, 10)).count == 0
    assert digest_send(now=at(12, 6, 59)) == 0  # before 07:00
    assert digest_send(now=at(12, 7, 30)) == 1
    assert digest_send(now=at(12, 9)) == 0  # once a day
    assert digest_send(now=at(14, 9)) == 0  # Saturday
    message = OutboxMessage.objects.get(event_kind="daily_digest")
    assert (message.recipient, message.status) == ("lanhdao@krongno.gov.vn", "pending")
    assert found.overdue[0].dossier.code in message.body


@time_machine.travel(at(12, 10), tick=False)
def test_the_desk_fragment_lists_the_users_warnings(people: People) -> None:
    build_month(people)
    with translation.override("en"):
        html = render_to_string("web/desk/_dossier_warnings.html", {"user": people.leader.user})
        nothing = render_to_string("web/desk/_dossier_warnings.html", {"user": people.cujut_leader.user})
    assert "1 dossier overdue" in html and "1 online dossier close to the 8-working-hour limit" in html
    assert "Early warnings" not in nothing
