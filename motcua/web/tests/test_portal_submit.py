"""Online submission through the portal pages: the form, its errors beside the fields, the
one-time key against double clicks, and the confirmation with the code and the secret."""

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.states import Channel, Status
from motcua.testing.personas import JPEG, PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """English pages: the portal's own messages are asserted in their msgid language; the
    Vietnamese page is checked separately."""
    return Client(headers={"Accept-Language": "en"})


HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BIRTH = "1.001193"


def _key(html: str) -> str:
    match = re.search(r'name="key" value="([0-9a-f]{32})"', html)
    assert match is not None
    return match.group(1)


def _form(client: Client, code: str = BIRTH) -> tuple[str, dict[str, Any]]:
    """The key of a freshly shown form, and a valid submission for the birth registration."""
    html = client.get(f"/submit/{code}/").content.decode()
    procedure = Procedure.objects.get(code=code)
    data: dict[str, Any] = {
        "key": _key(html),
        "competent_unit": "24688",
        "name": "Nguyễn Thị Lan",
        "national_id": "068190001234",
        "phone": "0912 345 678",
        "email": "lan@example.vn",
        "address": "Thôn 3, xã Krông Nô",
        "declaration": "on",
    }
    for i, component in enumerate(procedure.components.filter(required=True)):
        content = (PDF, JPEG, PNG)[i % 3]
        data[f"component_{component.pk}"] = SimpleUploadedFile(f"giay-{i}.bin", content)
    return html, data


def test_form_shows_every_component_with_the_file_limits(client: Client) -> None:
    html = client.get(f"/submit/{BIRTH}/").content.decode()
    procedure = Procedure.objects.get(code=BIRTH)
    for component in procedure.components.all():
        assert f'name="component_{component.pk}"' in html
    assert html.count('accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"') == (
        procedure.components.count()
    )
    assert html.count('data-max-bytes="10485760"') == procedure.components.count()
    assert '<optgroup label="Commune">' in html
    assert '<option value="24688">Xã Krông Nô</option>' in html


@time_machine.travel(datetime(2025, 12, 1, 9, 0, tzinfo=HCM), tick=False)
def test_a_citizen_submits_anonymously_and_sees_the_code_and_the_secret(client: Client) -> None:
    _html, data = _form(client)
    response = client.post(f"/submit/{BIRTH}/", data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/submit/done/{dossier.code}/"
    assert dossier.channel == Channel.ONLINE
    assert dossier.status == Status.NEW
    assert dossier.competent_unit.code == dossier.receiving_unit.code == "24688"
    assert dossier.applicant_phone == "0912345678"
    assert dossier.created_by is None
    assert dossier.code.endswith("-251201-0001")
    assert dossier.attachments.filter(kind=Attachment.Kind.COMPONENT).count() == 2
    done = client.get(response["Location"]).content.decode()
    assert f'<strong class="code" id="dossier-code">{dossier.code}</strong>' in done
    assert '<strong class="code" id="dossier-secret">5678</strong>' in done
    # 8 working hours from Monday 09:00 (office 07:30–11:30, 13:30–17:30) is Tuesday 09:00.
    assert "<dt>Checked by</dt><dd>09:00, 02/12/2025</dd>" in done


def test_a_second_click_with_the_same_form_creates_no_second_dossier(client: Client) -> None:
    _html, data = _form(client)
    first = client.post(f"/submit/{BIRTH}/", data)
    for value in data.values():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
    second = client.post(f"/submit/{BIRTH}/", data)
    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"] == f"/submit/done/{Dossier.objects.get().code}/"


def test_two_forms_make_two_dossiers(client: Client) -> None:
    for _ in range(2):
        _html, data = _form(client)
        assert client.post(f"/submit/{BIRTH}/", data).status_code == 302
    assert Dossier.objects.count() == 2


def test_the_confirmation_is_shown_only_to_the_browser_that_submitted(client: Client) -> None:
    _html, data = _form(client)
    location = client.post(f"/submit/{BIRTH}/", data)["Location"]
    other = Client()
    response = other.get(location)
    assert response.status_code == 404
    assert "5678" not in response.content.decode()


def test_bad_input_names_each_problem_beside_its_field_and_keeps_the_input(client: Client) -> None:
    html, data = _form(client)
    data.update(national_id="12345", phone="12", email="lan@", competent_unit="")
    del data["declaration"]
    bad_file = next(k for k in data if k.startswith("component_"))
    data[bad_file] = SimpleUploadedFile("ảnh.gif", b"GIF89a" + b"\x00" * 10)
    response = client.post(f"/submit/{BIRTH}/", data)
    assert response.status_code == 422
    assert Dossier.objects.count() == 0
    page = response.content.decode()

    def error_of(field: str) -> str:
        match = re.search(rf'<p class="field-error" id="id_{field}_error"(?: hidden)?>([^<]*)</p>', page)
        assert match is not None, field
        return match.group(1)

    assert error_of("national_id") == "The personal ID number must have exactly 12 digits."
    assert error_of("phone") == "The phone number must be a Vietnamese number, for example 0912345678."
    assert error_of("email") == "The e-mail address is not valid."
    assert error_of("competent_unit") == (
        "Choose the commune, ward or special zone, or give your address before 2025."
    )
    assert error_of("declaration") == "Tick the declaration to submit the dossier."
    assert error_of(bad_file) == "The file “ảnh.gif” is not a PDF, JPEG or PNG file."
    assert error_of("name") == ""
    assert 'value="Nguyễn Thị Lan"' in page
    assert 'value="12345"' in page
    assert 'id="id_national_id" aria-invalid="true"' in page or 'aria-invalid="true"' in page
    # The same one-time key comes back, so the corrected form is still one dossier.
    assert _key(page) == _key(html)


def test_errors_come_in_the_page_language(client: Client) -> None:
    _html, data = _form(client)
    data["national_id"] = "1"
    page = client.post(f"/submit/{BIRTH}/", data, headers={"Accept-Language": "vi"}).content.decode()
    assert '<html lang="vi" dir="ltr">' in page
    assert "Số định danh cá nhân phải có đúng 12 chữ số." in page


def test_an_old_address_finds_the_new_commune(client: Client) -> None:
    _html, data = _form(client)
    data.update(competent_unit="", old_address="Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông")
    response = client.post(f"/submit/{BIRTH}/", data)
    assert response.status_code == 302
    assert Dossier.objects.get().competent_unit.code == "24688"


def test_an_old_address_that_matches_nothing_is_named_beside_it(client: Client) -> None:
    _html, data = _form(client)
    data.update(competent_unit="", old_address="không biết")
    page = client.post(f"/submit/{BIRTH}/", data).content.decode()
    assert Dossier.objects.count() == 0
    assert re.search(r'id="id_old_address_error">No commune, ward or township before 2025 matches', page)


def test_a_too_large_file_is_refused_by_the_server(client: Client, settings: Any) -> None:
    settings.MOTCUA_ATTACHMENT_MAX_BYTES = 1024 * 1024
    _html, data = _form(client)
    field = next(k for k in data if k.startswith("component_"))
    data[field] = SimpleUploadedFile("to.pdf", PDF + b"0" * (1024 * 1024))
    page = client.post(f"/submit/{BIRTH}/", data).content.decode()
    assert Dossier.objects.count() == 0
    assert f'id="id_{field}_error">The file “to.pdf” is larger than 1 MB.</p>' in page


def test_a_missing_required_document_is_named(client: Client) -> None:
    _html, data = _form(client)
    field = next(k for k in data if k.startswith("component_"))
    del data[field]
    page = client.post(f"/submit/{BIRTH}/", data).content.decode()
    assert Dossier.objects.count() == 0
    assert f'id="id_{field}_error">Attach this document.</p>' in page


def test_a_department_procedure_has_its_one_competent_body(client: Client) -> None:
    procedure = Procedure.objects.filter(level=Procedure.Level.DEPARTMENT).order_by("code").first()
    assert procedure is not None
    html = client.get(f"/submit/{procedure.code}/").content.decode()
    assert 'name="old_address"' not in html
    assert re.search(r'<option value="68\.[A-Z]+" selected>', html)


def test_unknown_procedure_is_404(client: Client) -> None:
    response = client.get("/submit/9.999999/")
    assert response.status_code == 404
    assert "9.999999" in response.content.decode()


def test_the_procedure_chooser_searches_with_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # The count, the header's province, the fields, the page of procedures.
    with django_assert_num_queries(4):
        response = client.get("/submit/", {"q": "khai sinh"})
    assert 'href="/submit/1.001193/">Đăng ký khai sinh</a>' in response.content.decode()


def test_the_form_page_has_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # The procedure, its components, the province, its units, the header's province.
    with django_assert_num_queries(5):
        response = client.get(f"/submit/{BIRTH}/")
    assert response.status_code == 200


def test_an_old_address_is_converted_as_it_is_typed(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    html = client.get(f"/submit/{BIRTH}/").content.decode()
    assert 'hx-get="/submit/unit/"' in html
    with django_assert_num_queries(2):
        response = client.get("/submit/unit/", {"old_address": "thi tran dak mam, krong no, dak nong"})
    assert response.content.decode().strip() == (
        '<p id="unit-note" class="note" aria-live="polite">Your old address is now part of Xã Krông Nô.</p>'
    )
    unknown = client.get("/submit/unit/", {"old_address": "không biết"}).content.decode()
    assert '<p id="unit-note" class="field-error" aria-live="polite">No commune, ward or township' in unknown
    empty = client.get("/submit/unit/").content.decode().strip()
    assert empty == '<p id="unit-note" class="" aria-live="polite"></p>'
