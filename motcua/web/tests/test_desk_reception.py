"""Counter reception in one screen: accept, supplement, refuse, bad input, double submit, the
procedure search as you type and the old address that finds the new commune."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.catalog.models import Component
from motcua.dossiers.models import Dossier, Supplement
from motcua.dossiers.states import Channel, Status
from motcua.testing.personas import PDF, People
from motcua.web.tests.test_desk_pages import NOW, at, browser

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


BIRTH = "1.001193"  # birth registration: same day, next working day after 15:00


def token(client: Client) -> str:
    html = client.get("/desk/receive/").content.decode()
    found = re.search(r'name="token" value="(desk-[0-9a-f]{32})"', html)
    assert found is not None
    return found.group(1)


def form(client: Client, **changes: Any) -> dict[str, Any]:
    components = list(Component.objects.filter(procedure__code=BIRTH).order_by("position", "pk"))
    data: dict[str, Any] = {
        "token": token(client),
        "procedure": BIRTH,
        "competent_unit": "24688",
        "receiving_unit": "24688",
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_national_id": "068190001234",
        "applicant_phone": "0912 345 678",
        "applicant_email": "",
        "applicant_address": "Thôn 3, xã Krông Nô",
        "components": [c.pk for c in components if c.required],
        f"file_{components[0].pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
        "missing": "",
        "reason": "",
        "decision": "accept",
    }
    data.update(changes)
    return data


def test_a_counter_dossier_is_accepted_and_the_receipt_gives_the_appointment(
    people: People, frozen: object
) -> None:
    client = browser(people.desk)
    response = client.post("/desk/receive/", form(client))

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/dossiers/{dossier.code}/receipt/"
    assert (dossier.status, dossier.channel, dossier.receiving_unit.code) == (
        Status.ACCEPTED,
        Channel.IN_PERSON,
        "24688",
    )
    assert dossier.applicant_phone == "0912345678"
    assert dossier.due_at == at(25, 17, 30)  # received at 09:00, before the 15:00 cut-off
    assert [(a.name, a.component.position if a.component else None) for a in dossier.attachments.all()] == [
        (
            "to-khai.pdf",
            Component.objects.filter(procedure__code=BIRTH).order_by("position", "pk")[0].position,
        )
    ]
    receipt = client.get(response["Location"]).content.decode()
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in receipt
    assert '<dd class="appointment"><strong>17:30 25/11/2026</strong></dd>' in receipt
    # The slip lists the papers ticked, in their form and number (Art.17.1.c), and the scan.
    first = Component.objects.filter(procedure__code=BIRTH).order_by("position", "pk")[0]
    assert (
        f"<li>{first.name} · Bản chính · 1</li>" in receipt
        or f"<li>{first.name} · Original · 1</li>" in receipt
    )
    assert people.desk.user is not None
    assert people.desk.user.display_name in receipt


def test_unticked_required_components_and_other_items_make_the_supplement_request(
    people: People, frozen: object
) -> None:
    client = browser(people.desk)
    required = list(Component.objects.filter(procedure__code=BIRTH, required=True).order_by("position", "pk"))
    data = form(client, decision="supplement", components=[required[0].pk], missing="Bản sao sổ hộ khẩu\n\n")

    response = client.post("/desk/receive/", data)

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    supplement = Supplement.objects.get(dossier=dossier)
    assert supplement.items == [required[1].name, "Bản sao sổ hộ khẩu"]
    assert supplement.stage == Supplement.Stage.RECEPTION
    slip = client.get(response["Location"]).content.decode()
    assert "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in slip
    assert "<li>Bản sao sổ hộ khẩu</li>" in slip


def test_a_refusal_needs_its_reason_and_without_one_nothing_is_recorded(
    people: People, frozen: object
) -> None:
    client = browser(people.desk)
    response = client.post("/desk/receive/", form(client, decision="refuse"))

    assert response.status_code == 422
    html = response.content.decode()
    assert '<p class="error field-error" id="id_reason-error">Nêu lý do từ chối hồ sơ.</p>' in html
    assert 'value="Nguyễn Thị Lan"' in html  # the input is kept
    assert Dossier.objects.count() == 0

    response = client.post("/desk/receive/", form(client, decision="refuse", reason="Không thuộc thẩm quyền"))
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.events.last().data) == (  # type: ignore[union-attr]
        Status.NOT_ACCEPTED,
        {"reason": "Không thuộc thẩm quyền"},
    )
    assert "Không thuộc thẩm quyền" in client.get(response["Location"]).content.decode()


def test_bad_input_names_each_problem_beside_its_field_and_keeps_the_input(people: People) -> None:
    client = browser(people.desk)
    data = form(client, applicant_name="", applicant_national_id="12345", applicant_phone="abc", procedure="")

    response = client.post("/desk/receive/", data)

    assert response.status_code == 422
    html = response.content.decode()
    for field in ("procedure", "id_applicant_name", "id_applicant_national_id", "id_applicant_phone"):
        assert f'id="{field}-error"' in html
    assert 'aria-describedby="id_applicant_national_id-error"' in html
    assert 'value="12345"' in html and 'value="abc"' in html
    assert Dossier.objects.count() == 0


def test_a_domain_error_lands_beside_its_field(people: People) -> None:
    client = browser(people.desk)
    response = client.post(
        "/desk/receive/", form(client, competent_unit="68.STC")
    )  # finance settles no births

    assert response.status_code == 422
    html = response.content.decode()
    error = re.search(r'<p class="error field-error" id="id_competent_unit-error">([^<]+)</p>', html)
    assert error is not None and "Sở Tài chính" in error.group(1)
    assert Dossier.objects.count() == 0


def test_a_double_click_records_one_dossier(people: People, frozen: object) -> None:
    client = browser(people.desk)
    data = form(client)
    second = dict(data)
    components = Component.objects.filter(procedure__code=BIRTH).order_by("position", "pk")
    second[f"file_{components[0].pk}"] = SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")

    first_answer = client.post("/desk/receive/", data)
    second_answer = client.post("/desk/receive/", second)

    dossier = Dossier.objects.get()
    assert first_answer["Location"] == second_answer["Location"] == f"/desk/dossiers/{dossier.code}/receipt/"
    # submitted, papers received, accepted: once each
    assert list(dossier.events.values_list("kind", flat=True)) == ["submitted", "papers_received", "accepted"]


def test_only_desk_officers_receive(people: People) -> None:
    assert browser(people.handler).get("/desk/receive/").status_code == 404
    assert browser(people.director).get("/desk/receive/").status_code == 200


def test_the_procedure_search_ignores_diacritics(people: People) -> None:
    client = browser(people.desk)
    for query in ("dang ky khai sinh", "Đăng ký khai sinh", "KHAI SINH"):
        html = client.get("/desk/receive/procedures/", {"procedure_q": query}).content.decode()
        assert f'value="{BIRTH}"' in html, query
    assert (
        "Không tìm thấy thủ tục nào"
        in client.get("/desk/receive/procedures/", {"procedure_q": "zzzz"}).content.decode()
    )


def test_choosing_a_department_procedure_selects_the_department(people: People) -> None:
    html = (
        browser(people.desk)
        .get("/desk/receive/components/", {"procedure": "2.001610", "competent_unit": "24688"})
        .content.decode()
    )
    assert 'hx-swap-oob="true"' in html
    assert re.search(r'<option value="68\.STC" selected>', html)


def test_an_old_address_finds_the_new_commune(people: People) -> None:
    html = (
        browser(people.cujut_desk)
        .get(
            "/desk/receive/address/",
            {"applicant_address": "Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông", "competent_unit": "24640"},
        )
        .content.decode()
    )
    assert '<option value="24688" selected>' in html
    assert "Xã Krông Nô" in html


def test_without_scripts_the_find_the_unit_button_converts_and_keeps_the_input(people: People) -> None:
    client = browser(people.cujut_desk)
    data = form(
        client,
        decision="convert",
        receiving_unit="24640",
        competent_unit="24640",
        applicant_address="Thị trấn Đắk Mâm, Huyện Krông Nô, Tỉnh Đắk Nông",
    )
    html = client.post("/desk/receive/", data).content.decode()
    assert '<option value="24688" selected>' in html
    assert 'value="Nguyễn Thị Lan"' in html
    assert Dossier.objects.count() == 0


def test_the_counter_records_each_paper_in_its_form_and_number_and_the_result_delivery(
    people: People, frozen: object
) -> None:
    """Art.17.1.c: the papers ticked, each as original, certified copy or copy with its quantity;
    the scan as an electronic copy; an unticked component is not recorded as received."""
    client = browser(people.desk)
    components = list(Component.objects.filter(procedure__code=BIRTH).order_by("position", "pk"))
    ticked, unticked = components[0], components[1]
    data = form(
        client,
        components=[ticked.pk],
        result_delivery=str(Channel.POST),
        **{f"form_{ticked.pk}": "certified_copy", f"quantity_{ticked.pk}": "2"},
    )

    response = client.post("/desk/receive/", data)

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert list(dossier.received_papers.values_list("component_id", "form", "quantity")) == [
        (ticked.pk, "certified_copy", 2),
        (ticked.pk, "electronic", 1),
    ]
    assert not dossier.received_papers.filter(component=unticked).exists()
    assert dossier.result_delivery == Channel.POST


def test_a_bad_quantity_records_nothing(people: People, frozen: object) -> None:
    client = browser(people.desk)
    components = list(Component.objects.filter(procedure__code=BIRTH).order_by("position", "pk"))
    pk = components[0].pk
    for quantity in ("0", "abc", "100"):
        data = form(client, components=[pk], **{f"quantity_{pk}": quantity, f"form_{pk}": "certified_copy"})
        response = client.post("/desk/receive/", data)
        assert response.status_code == 422
        html = response.content.decode()
        assert '<option value="certified_copy" selected>' in html  # the officer's choice is kept
        assert f'name="quantity_{pk}" value="{quantity}"' in html
    assert Dossier.objects.count() == 0


MARRIAGE = "1.000894"  # marriage: same day; up to 5 working days when conditions need verifying


def test_the_counter_chooses_a_conditional_legal_time_with_its_reason(people: People, frozen: object) -> None:
    """Art.18 and the procedure's conditional time: chosen at acceptance, with its reason."""
    from motcua.catalog.models import TimeVariant

    client = browser(people.desk)
    components = list(Component.objects.filter(procedure__code=MARRIAGE).order_by("position", "pk"))
    page = client.post(
        "/desk/receive/", {"token": token(client), "procedure": MARRIAGE, "decision": "choose"}
    ).content.decode()
    assert 'name="time_variant"' in page and 'value="xac_minh"' in page
    data = form(
        client,
        procedure=MARRIAGE,
        components=[components[0].pk],
        time_variant="xac_minh",
        time_variant_reason="Bên nữ cư trú ở tỉnh khác",
        **{f"file_{components[0].pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")},
    )
    data.pop(f"file_{Component.objects.filter(procedure__code=BIRTH).order_by('position', 'pk')[0].pk}")

    response = client.post("/desk/receive/", data)

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.time_variant == TimeVariant.objects.get(procedure__code=MARRIAGE, code="xac_minh")
    assert dossier.time_variant_reason == "Bên nữ cư trú ở tỉnh khác"
    assert dossier.legal_amount == 5
    slip = client.get(response["Location"]).content.decode()
    assert "Bên nữ cư trú ở tỉnh khác" in slip


def test_a_conditional_time_without_its_reason_records_nothing(people: People, frozen: object) -> None:
    client = browser(people.desk)
    components = list(Component.objects.filter(procedure__code=MARRIAGE).order_by("position", "pk"))
    data = form(client, procedure=MARRIAGE, components=[components[0].pk], time_variant="xac_minh")
    data.pop(f"file_{Component.objects.filter(procedure__code=BIRTH).order_by('position', 'pk')[0].pk}")
    response = client.post("/desk/receive/", data)
    assert response.status_code == 422
    assert Dossier.objects.count() == 0


def test_the_population_lookup_made_while_typing_is_recorded_on_the_dossier_art_17_1_b(
    people: People, frozen: object
) -> None:
    from motcua.accounts.models import User
    from motcua.registries.models import Consent, Outcome, Registry, RegistryLookup

    def lookup(actor: User | None, request_id: str) -> RegistryLookup:
        return RegistryLookup.objects.create(
            registry=Registry.POPULATION, subject="068190001234", actor=actor, purpose="reception",
            consent=Consent.AT_DESK, outcome=Outcome.FOUND, request_id=request_id, at=NOW,
        )  # fmt: skip

    mine = lookup(people.desk.user, "r-mine")
    theirs = lookup(people.handler.user, "r-theirs")
    client = browser(people.desk)
    client.post("/desk/receive/", form(client, registry_lookup=str(theirs.pk)))
    client.post("/desk/receive/", form(client, registry_lookup=str(mine.pk)))

    first, second = Dossier.objects.order_by("pk")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    # Only the officer's own lookup is linked; another officer's is left alone.
    assert (mine.dossier_id, theirs.dossier_id) == (second.pk, None)
    assert first.registry_lookups.count() == 0
