from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_provinces_lists_all_34_with_their_commune_counts(client: Client) -> None:
    response = client.get("/api/v1/provinces")
    assert response.status_code == 200
    provinces = response.json()
    assert len(provinces) == 34
    lam_dong = next(p for p in provinces if p["code"] == 68)
    assert lam_dong == {"code": 68, "name": "Lâm Đồng", "kind": "tỉnh", "unit_count": 124}


def test_units_of_a_province_filtered_by_kind(client: Client) -> None:
    wards = client.get("/api/v1/units", {"province": "68", "kind": "phuong"}).json()
    assert len(wards) == 20
    assert {w["kind"] for w in wards} == {"phuong"}
    all_units = client.get("/api/v1/units", {"province": 68}).json()
    assert len([u for u in all_units if u["kind"] in ("xa", "phuong", "dac_khu")]) == 124


def test_unit_search_ignores_diacritics(client: Client) -> None:
    found = client.get("/api/v1/units", {"province": "68", "q": "krong no"}).json()
    assert [u["code"] for u in found] == ["24688"]


def test_a_unit_comes_with_its_lineage(client: Client) -> None:
    unit = client.get("/api/v1/units/24688").json()
    assert unit["name"] == "Xã Krông Nô"
    assert unit["province"] == 68
    assert sorted(link["old_unit"]["name"] for link in unit["lineage"]) == [
        "Thị trấn Đắk Mâm",
        "Xã Tân Thành",
        "Xã Đắk Drô",
    ]


def test_an_unknown_unit_is_404_with_a_message(client: Client) -> None:
    response = client.get("/api/v1/units/99999")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Không có đơn vị nào mang mã 99999.", "field": "code"}
    }


def test_an_unknown_province_is_404(client: Client) -> None:
    response = client.get("/api/v1/units", {"province": "99"})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "province"


def test_convert_an_old_address(client: Client) -> None:
    response = client.get("/api/v1/units/convert", {"address": "Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông"})
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == {"code": "24688", "name": "Xã Krông Nô", "kind": "xa", "province": 68}
    assert body["province_name"] == "Lâm Đồng"
    assert body["old_unit"]["code"] == "24700"


def test_an_address_that_matches_nothing_is_422_naming_the_field(client: Client) -> None:
    response = client.get("/api/v1/units/convert", {"address": "nowhere"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "address"
    assert error["message"].startswith("No commune, ward or township before 2025 matches “nowhere”.")


class TestCalendarDue:
    def test_three_working_days_skip_the_weekend(self, client: Client) -> None:
        # Accepted Thursday 19 Nov 2026: Fri 20 is day 1, Mon 23 day 2, Tue 24 is a holiday, Wed 25 day 3.
        response = client.get(
            "/api/v1/calendar/due",
            {"start": "2026-11-19T10:00:00+07:00", "amount": "3", "unit": "days"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        body = response.json()
        assert body["due"] == "2026-11-25T17:30:00+07:00"
        assert body["province"] == 68
        assert [(line["day"], line["what"]) for line in body["explanation"]][1:2] == [
            ("2026-11-20", "counted as working day 1 of 3")
        ]
        assert "2026-11-24" in body["explanation_text"]

    def test_same_day_after_15h_is_due_next_working_day(self, client: Client) -> None:
        body = client.get(
            "/api/v1/calendar/due", {"start": "2026-11-20T15:00:00+07:00", "unit": "same_day"}
        ).json()
        assert body["due"] == "2026-11-23T17:30:00+07:00"

    def test_eight_working_hours_cross_the_lunch_break(self, client: Client) -> None:
        body = client.get(
            "/api/v1/calendar/due", {"start": "2026-11-23T10:00:00+07:00", "amount": "8", "unit": "hours"}
        ).json()
        # 1.5 h to 11:30, 4 h in the afternoon, Tuesday 24 is a holiday, 2.5 h on Wednesday from 07:30.
        assert body["due"] == "2026-11-25T10:00:00+07:00"

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"start": "2026-11-19T10:00:00+07:00", "amount": -1}, "amount"),
            ({"start": "2026-11-19T10:00:00+07:00", "amount": 3651}, "amount"),
            ({"start": "2026-11-19T10:00:00", "amount": 3}, "start"),
            ({"start": "next tuesday", "amount": 3}, "start"),
            ({"amount": 3}, "start"),
            ({"start": "2026-11-19T10:00:00+07:00", "amount": 3, "unit": "weeks"}, "unit"),
        ],
    )
    def test_bad_input_is_422_naming_the_field(
        self, client: Client, params: dict[str, Any], field: str
    ) -> None:
        response = client.get("/api/v1/calendar/due", params, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["field"] == field
        assert field in error["message"]


def test_a_province_day_off_entered_by_an_administrator_moves_the_due_time(client: Client) -> None:
    from datetime import date

    from motcua.units.models import CalendarOverride, Province

    CalendarOverride.objects.create(
        province=Province.objects.get(code=68), day=date(2026, 11, 25), working=False, reason="Nghỉ bù bão lũ"
    )
    body = client.get(
        "/api/v1/calendar/due", {"start": "2026-11-19T10:00:00+07:00", "amount": "3", "unit": "days"}
    ).json()
    assert body["due"] == "2026-11-26T17:30:00+07:00"
    assert "Nghỉ bù bão lũ" in body["explanation_text"]
    # Another province keeps the national calendar.
    other = client.get(
        "/api/v1/calendar/due",
        {"start": "2026-11-19T10:00:00+07:00", "amount": "3", "unit": "days", "province": "1"},
    ).json()
    assert other["due"] == "2026-11-25T17:30:00+07:00"
