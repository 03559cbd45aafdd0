import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_search_procedures_of_a_commune(client: Client) -> None:
    response = client.get("/api/v1/procedures", {"unit": "24688", "q": "khai sinh"})
    assert response.status_code == 200
    found = {p["code"]: p for p in response.json()}
    assert found["1.001193"]["name"] == "Đăng ký khai sinh"
    assert found["1.001193"]["time_unit"] == "same_day"
    assert {p["level"] for p in found.values()} == {"xa"}


def test_a_procedure_with_components_fees_and_steps(client: Client) -> None:
    body = client.get("/api/v1/procedures/1.001193").json()
    assert body["code"] == "1.001193"
    assert body["field"]["code"] == "ho_tich"
    assert body["process_version"] == 1
    assert sum(step["share"] for step in body["steps"]) == 100
    assert [step["position"] for step in body["steps"]] == list(range(1, len(body["steps"]) + 1))
    assert body["components"][0]["name"]
    assert all(isinstance(fee["amount"], int) for fee in body["fees"])


def test_unknown_procedure_is_404_with_a_message(client: Client) -> None:
    response = client.get("/api/v1/procedures/9.999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "There is no procedure with code 9.999999."


def test_unknown_unit_filter_is_404(client: Client) -> None:
    response = client.get("/api/v1/procedures", {"unit": "00000"})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "code"
