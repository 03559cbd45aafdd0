"""The agency identifier in the admin and the units API: editable, validated, visibly provisional."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.utils import translation

from motcua.units.admin import UnitAdmin
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.create_user(username="tinh.quantri", is_staff=True, is_superuser=True)
    )
    return client


def test_the_admin_list_shows_the_identifier_and_that_it_is_provisional(admin_client_: Client) -> None:
    with translation.override("en"):
        response = admin_client_.get("/admin/units/unit/", {"q": "24688"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "000.60.20.H36" in page
    assert '<td class="field-identifier_status">provisional</td>' in page


def test_the_admin_list_filters_provisional_identifiers(admin_client_: Client) -> None:
    Unit.objects.filter(code="24688").update(agency_code_provisional=False)
    response = admin_client_.get("/admin/units/unit/", {"agency_code_provisional__exact": "0"})
    assert response.context["cl"].result_count == 1


def test_an_identifier_edited_in_the_admin_is_no_longer_provisional() -> None:
    unit = Unit.objects.get(code="24688")
    unit.agency_code = "000.21.31.H36"
    request = RequestFactory().post("/admin/units/unit/")
    UnitAdmin(Unit, admin.site).save_model(request, unit, SimpleNamespace(changed_data=["agency_code"]), True)
    unit.refresh_from_db()
    assert (unit.agency_code, unit.agency_code_provisional) == ("000.21.31.H36", False)


def test_the_admin_may_keep_an_edited_identifier_provisional() -> None:
    unit = Unit.objects.get(code="24688")
    unit.agency_code = "000.21.31.H36"
    request = RequestFactory().post("/admin/units/unit/")
    form = SimpleNamespace(changed_data=["agency_code", "agency_code_provisional"])
    UnitAdmin(Unit, admin.site).save_model(request, unit, form, True)
    unit.refresh_from_db()
    assert unit.agency_code_provisional


def test_the_admin_form_refuses_a_malformed_identifier(admin_client_: Client) -> None:
    unit = Unit.objects.get(code="24688")
    form_class = UnitAdmin(Unit, admin.site).get_form(RequestFactory().get("/"), unit)
    form = form_class(
        data={"name": unit.name, "agency_code": "68.24688", "agency_code_provisional": ""}, instance=unit
    )
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["agency_code"] == [
            "“68.24688” is not an agency electronic identifier (Decision 20/2020/QĐ-TTg): "
            "write it like 000.00.00.H36 or H36.123."
        ]
    assert Unit.objects.get(code="24688").agency_code == "000.60.20.H36"


def test_the_units_api_says_the_identifier_is_provisional(client: Client) -> None:
    unit = client.get("/api/v1/units/24688").json()
    assert (unit["agency_code"], unit["agency_code_provisional"]) == ("000.60.20.H36", True)
    Unit.objects.filter(code="24688").update(agency_code="000.21.31.H36", agency_code_provisional=False)
    unit = client.get("/api/v1/units/24688").json()
    assert (unit["agency_code"], unit["agency_code_provisional"]) == ("000.21.31.H36", False)
