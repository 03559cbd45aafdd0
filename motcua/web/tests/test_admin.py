import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.tests.factories import UserFactory
from motcua.units.models import Unit
from motcua.web.demo import demo_seed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/units/unit/",
        "/admin/units/unit/?q=krong",
        "/admin/catalog/procedure/",
        "/admin/units/province/",
    ],
)
def test_the_system_administrator_edits_master_data_in_vietnamese(client: Client, path: str) -> None:
    demo_seed(actor=None)
    client.force_login(User.objects.get(username="tinh.quantri"))
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


def test_the_unit_page_lets_an_administrator_fill_population_and_villages(client: Client) -> None:
    demo_seed(actor=None)
    client.force_login(User.objects.get(username="tinh.quantri"))
    unit = Unit.objects.get(code="24688")
    page = client.get(f"/admin/units/unit/{unit.pk}/change/").content.decode()
    assert 'name="population"' in page
    assert 'name="village_count"' in page


def test_an_official_who_is_not_an_administrator_cannot_open_the_admin(client: Client) -> None:
    demo_seed(actor=None)
    client.force_login(User.objects.get(username="krongno.tiepnhan"))
    response = client.get("/admin/units/unit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_citizen_cannot_open_the_admin(client: Client) -> None:
    citizen = UserFactory.create(username="congdan", kind="citizen")
    client.force_login(citizen)
    assert client.get("/admin/catalog/procedure/").status_code == 302
