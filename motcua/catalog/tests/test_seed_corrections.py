"""The catalogue as the national procedure database has it (legal review §8): corrections, sources,
dated versions, conditional times and fee kinds, applied by an idempotent seed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from motcua.catalog.actions import catalog_seed
from motcua.catalog.models import Fee, Procedure, ProcedureVersion, TimeVariant
from motcua.catalog.seed_data import DEFAULT_SOURCE, PROCEDURES, validate
from motcua.catalog.selectors import TimeVariantRule, procedure_rules

pytestmark = pytest.mark.django_db


def rows() -> tuple[int, int, int, int]:
    return (
        Procedure.objects.count(),
        Fee.objects.count(),
        ProcedureVersion.objects.count(),
        TimeVariant.objects.count(),
    )


def test_the_seed_is_valid() -> None:
    assert validate() == []


def test_art_17_land_transfer_registration_is_8_working_days_without_the_payment_time() -> None:
    transfer = Procedure.objects.get(code="1.013831")
    assert (transfer.time_amount, transfer.time_unit) == (8, "days")
    rules = procedure_rules(transfer, on=date(2026, 12, 5))
    assert (rules.effective_from, rules.time_amount, rules.time_unit) == (date(2025, 7, 1), 8, "days")
    assert rules.payment_time_excluded is True
    assert (rules.decision_hours, rules.supplement_window_days, rules.closure_days) == (8, 3, 15)
    assert rules.source_decision.startswith("CSDL quốc gia về TTHC, bản công bố của tỉnh Đồng Nai")


def test_land_taxes_are_computed_at_appraisal() -> None:
    fees = list(
        Procedure.objects.get(code="1.013831").fees.values_list("kind", "amount", "computed_at_appraisal")
    )
    assert fees == [("charge", 30_000, False), ("charge", 0, True)]


def test_fee_kinds_read_phi_as_a_fee_and_le_phi_as_a_charge() -> None:
    birth = list(Procedure.objects.get(code="1.001193").fees.values_list("label", "kind"))
    assert birth == [
        ("Miễn lệ phí đăng ký khai sinh đúng hạn", "charge"),
        ("Phí cấp bản sao Giấy khai sinh (nếu có yêu cầu), mỗi bản", "fee"),
    ]


def test_2_000986_is_replaced_by_3_000722_an_interlinked_procedure() -> None:
    new = Procedure.objects.get(code="3.000722")
    assert new.name == (
        "Liên thông điện tử: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế, cấp thẻ căn "
        "cước cho trẻ em dưới 6 tuổi"
    )
    assert (new.interlinked, new.active, new.source_code) == (True, True, "3.000722")
    assert new.source_decision.startswith("Quyết định 3582/QĐ-UBND của UBND TP Hải Phòng")
    assert not Procedure.objects.filter(code="2.000986").exists()


def test_an_old_catalogue_with_2_000986_loses_it_when_3_000722_arrives() -> None:
    old = Procedure.objects.get(code="3.000722")
    old.code, old.source_code, old.interlinked = "2.000986", "", False
    old.save()
    catalog_seed()
    assert Procedure.objects.get(code="2.000986").active is False
    assert Procedure.objects.get(code="3.000722").active is True
    Procedure.objects.filter(code="2.000986").update(active=True)  # an administrator brings it back
    catalog_seed()
    assert Procedure.objects.get(code="2.000986").active is True


def test_the_civil_status_law_of_2026_is_a_version_from_1_march_2027_keeping_birth_same_day() -> None:
    birth = Procedure.objects.get(code="1.001193")
    before = procedure_rules(birth, on=date(2027, 2, 28))
    after = procedure_rules(birth, on=date(2027, 3, 1))
    assert (before.effective_from, before.time_unit, before.time_amount) == (None, "same_day", 0)
    assert (after.effective_from, after.time_unit, after.time_amount) == (date(2027, 3, 1), "same_day", 0)
    assert after.source_decision == "Luật Hộ tịch số 03/2026/QH16, hiệu lực từ 01/3/2027"


@pytest.mark.parametrize(
    ("code", "variant"),
    [
        (
            "1.000894",
            TimeVariantRule("xac_minh", "Cần xác minh điều kiện kết hôn của hai bên nam, nữ", 5, "days"),
        ),
        ("1.004873", TimeVariantRule("xac_minh", "Phải xác minh tình trạng hôn nhân", 23, "cal_days")),
        (
            "1.013978",
            TimeVariantRule(
                "vung_kho_khan",
                "Xã miền núi, hải đảo, vùng sâu, vùng xa, vùng có điều kiện kinh tế - xã hội khó khăn hoặc "
                "đặc biệt khó khăn",
                30,
                "days",
            ),
        ),
    ],
)
def test_conditional_legal_times(code: str, variant: TimeVariantRule) -> None:
    assert procedure_rules(Procedure.objects.get(code=code), on=date(2026, 12, 5)).variants == (variant,)


def test_certification_of_a_transaction_keeps_its_time_until_lam_dongs_decision_is_checked() -> None:
    transaction = Procedure.objects.get(code="2.001035")
    assert (transaction.time_amount, transaction.time_unit, transaction.source_decision) == (
        1,
        "days",
        DEFAULT_SOURCE,
    )


def test_every_seeded_procedure_records_its_source() -> None:
    sources = dict(Procedure.objects.values_list("code", "source_code"))
    assert all(sources[seed.code] == seed.code for seed in PROCEDURES)
    assert not Procedure.objects.filter(source_decision="").exists()


def test_seeding_again_changes_nothing() -> None:
    before = rows()
    assert catalog_seed() == 0
    assert rows() == before


def test_an_old_seed_is_corrected_but_an_administrators_value_is_kept() -> None:
    transfer = Procedure.objects.get(code="1.013831")
    transfer.versions.all().delete()
    transfer.fees.all().delete()
    Fee.objects.create(
        procedure=transfer,
        label="Lệ phí chứng nhận đăng ký biến động (mức theo Nghị quyết của HĐND tỉnh); thuế, "
        "lệ phí trước bạ nộp theo thông báo của cơ quan thuế",
        amount=30_000,
    )
    Procedure.objects.filter(code="1.013831").update(time_amount=10, source_code="", source_decision="")
    Procedure.objects.filter(code="1.012786").update(time_amount=12)  # an administrator's own value
    catalog_seed()
    transfer.refresh_from_db()
    assert (transfer.time_amount, transfer.source_code) == (8, "1.013831")
    assert transfer.versions.get().payment_time_excluded is True
    assert list(transfer.fees.values_list("computed_at_appraisal", flat=True)) == [False, True]
    assert Procedure.objects.get(code="1.012786").time_amount == 12


def test_the_admin_shows_sources_versions_and_conditional_times() -> None:
    client = Client()
    client.force_login(get_user_model().objects.create_user(username="qt", is_staff=True, is_superuser=True))
    transfer = Procedure.objects.get(code="1.013831")
    listing = client.get("/admin/catalog/procedure/", {"q": "1.013831"}).content.decode()
    assert "CSDL quốc gia về TTHC, bản công bố của tỉnh Đồng Nai" in listing
    page = client.get(f"/admin/catalog/procedure/{transfer.pk}/change/").content.decode()
    assert 'name="versions-0-effective_from" value="2025-07-01"' in page
    assert 'name="versions-0-payment_time_excluded" id="id_versions-0-payment_time_excluded" checked' in page
    marriage = Procedure.objects.get(code="1.000894")
    page = client.get(f"/admin/catalog/procedure/{marriage.pk}/change/").content.decode()
    assert 'name="time_variants-0-code" value="xac_minh"' in page


@time_machine.travel(datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_the_catalogue_api_gives_sources_versions_variants_and_todays_rules(client: Client) -> None:
    body = client.get("/api/v1/procedures/1.013831").json()
    assert (body["interlinked"], body["source_code"]) == (False, "1.013831")
    assert body["fees"][1] == {
        "label": "Thuế thu nhập cá nhân, lệ phí trước bạ: nộp theo thông báo của cơ quan thuế",
        "amount": 0,
        "kind": "charge",
        "computed_at_appraisal": True,
    }
    assert body["rules_today"] == {
        "effective_from": "2025-07-01",
        "time_amount": 8,
        "time_unit": "days",
        "decision_hours": 8,
        "supplement_window_days": 3,
        "closure_days": 15,
        "payment_time_excluded": True,
        "source_decision": body["versions"][0]["source_decision"],
    }
    assert [v["effective_from"] for v in body["versions"]] == ["2025-07-01"]
    marital = client.get("/api/v1/procedures/1.004873").json()
    assert marital["time_variants"] == [
        {
            "code": "xac_minh",
            "label": "Phải xác minh tình trạng hôn nhân",
            "time_amount": 23,
            "time_unit": "cal_days",
        }
    ]
    assert client.get("/api/v1/procedures/3.000722").json()["interlinked"] is True
