"""Correction of a wrong result on the site (Decree 118 Art.23): the panel the desk dossier page
includes, the desk's and the agency's buttons, and the applicant's report with the tracking secret."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from motcua.dossiers.models import Attachment, Dossier, Event, ResultCorrection
from motcua.dossiers.tests.test_correction import at, returned
from motcua.testing.personas import PDF, People
from motcua.web.tests.test_desk_pages import browser

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Iterator[None]:
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        yield


@pytest.fixture
def dossier(people: People) -> Iterator[Dossier]:
    result = returned(people)
    with time_machine.travel(at(5, 10), tick=False):
        yield result


def panel(dossier: Dossier, user: object) -> str:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    with translation.override("en"):
        return render_to_string("web/desk/_correction.html", {"dossier": dossier, "request": request})


def test_the_panel_offers_each_official_only_what_they_may_do_art_23(
    people: People, dossier: Dossier
) -> None:
    assert people.desk.user and people.leader.user and people.cujut_desk.user
    desk = panel(dossier, people.desk.user)
    assert f'action="/documents/dossiers/{dossier.code}/correction/"' in desk
    assert '<option value="applicant">' in desk and '<option value="desk">' in desk
    assert '<option value="agency">' not in desk
    assert panel(dossier, people.cujut_desk.user).strip() == ""  # another commune's desk: nothing

    correction = ResultCorrection.objects.create(
        dossier=dossier, reported_via="desk", reported_at=at(5, 9), error="Sai tên", due_at=at(10, 17, 30)
    )
    leader = panel(dossier, people.leader.user)
    assert f"/correction/{correction.pk}/complete/" in leader and "Sai tên" in leader
    assert "/complete/" not in panel(dossier, people.desk.user)  # the desk does not reissue


def test_the_desk_records_a_report_and_the_agency_reissues_the_result_art_23(
    people: People, dossier: Dossier
) -> None:
    desk = browser(people.desk)
    response = desk.post(
        f"/documents/dossiers/{dossier.code}/correction/",
        {"reported_via": "applicant", "error": "Sai năm sinh"},
    )
    assert response.status_code == 302 and response["Location"] == f"/desk/dossiers/{dossier.code}/"
    correction = ResultCorrection.objects.get(dossier=dossier)
    assert (correction.reported_via, correction.error, correction.due_at) == (
        "applicant",
        "Sai năm sinh",
        at(10, 17, 30),
    )

    response = browser(people.leader).post(
        f"/documents/dossiers/{dossier.code}/correction/{correction.pk}/complete/",
        {"note": "Đã sửa", "file": SimpleUploadedFile("sua.pdf", PDF + b"%2\n", "application/pdf")},
    )

    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.corrected_at == at(5, 10) and correction.note == "Đã sửa"
    assert dossier.attachments.filter(kind=Attachment.Kind.RESULT).count() == 2
    assert Event.objects.filter(dossier=dossier, kind="result_corrected").count() == 1


def test_outsiders_get_not_found_and_change_nothing(people: People, dossier: Dossier) -> None:
    response = browser(people.cujut_desk).post(
        f"/documents/dossiers/{dossier.code}/correction/", {"reported_via": "desk", "error": "Sai"}
    )
    assert response.status_code == 404
    response = browser(people.desk).post(
        f"/documents/dossiers/{dossier.code}/correction/", {"reported_via": "desk", "error": ""}
    )
    assert response.status_code == 302  # back to the page with the error message
    assert not ResultCorrection.objects.exists()
    assert Client().post(f"/documents/dossiers/{dossier.code}/correction/", {"error": "x"}).status_code in (
        302,
        404,
    )
    assert not ResultCorrection.objects.exists()


def test_the_applicant_reports_an_error_with_the_tracking_secret_art_23(
    people: People, dossier: Dossier
) -> None:
    public = Client(headers={"Accept-Language": "en"})
    page = public.get(f"/track/{dossier.code}/correction/")
    assert page.status_code == 200 and "3 working days" in page.content.decode()

    wrong = public.post(f"/track/{dossier.code}/correction/", {"secret": "0000", "error": "Sai"})
    assert wrong.status_code == 404 and not ResultCorrection.objects.exists()

    response = public.post(f"/track/{dossier.code}/correction/", {"secret": "5678", "error": "Sai năm sinh"})

    assert response.status_code == 200
    assert "10/11/2026" in response.content.decode()
    correction = ResultCorrection.objects.get()
    assert (correction.reported_via, correction.reported_by, correction.error) == (
        "applicant",
        None,
        "Sai năm sinh",
    )

    again = public.post(f"/track/{dossier.code}/correction/", {"secret": "5678", "error": "Sai nữa"})
    assert again.status_code == 409 and ResultCorrection.objects.count() == 1


def test_an_official_cannot_report_as_the_applicant(people: People, dossier: Dossier) -> None:
    response = browser(people.desk, "en").post(
        f"/track/{dossier.code}/correction/", {"secret": "5678", "error": "Sai"}
    )
    assert response.status_code == 403 and not ResultCorrection.objects.exists()


def test_a_signed_in_applicant_is_recorded_as_the_reporter_art_23(people: People, dossier: Dossier) -> None:
    assert people.citizen.user
    owner = Client(headers={"Accept-Language": "en"})
    owner.force_login(people.citizen.user)
    response = owner.post(f"/track/{dossier.code}/correction/", {"secret": "5678", "error": "Sai"})
    assert response.status_code == 200
    assert ResultCorrection.objects.get().reported_by == people.citizen.user
