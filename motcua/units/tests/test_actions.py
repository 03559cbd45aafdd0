import pytest

from motcua.units.actions import units_load
from motcua.units.models import Lineage, OldUnit, Province, Unit

pytestmark = pytest.mark.django_db


def test_all_provinces_and_commune_level_units_are_loaded() -> None:
    assert Province.objects.count() == 34
    assert Unit.objects.filter(kind__in=Unit.COMMUNE_LEVEL).count() == 3321


def test_lam_dong_has_103_communes_20_wards_and_1_special_zone() -> None:
    lam_dong = Province.objects.get(code=68)
    units = Unit.objects.filter(province=lam_dong)
    assert units.filter(kind=Unit.Kind.COMMUNE).count() == 103
    assert units.filter(kind=Unit.Kind.WARD).count() == 20
    assert units.filter(kind=Unit.Kind.SPECIAL_ZONE).count() == 1
    assert lam_dong.name == "Lâm Đồng"


def test_krong_no_was_formed_from_dak_dro_tan_thanh_and_dak_mam() -> None:
    krong_no = Unit.objects.get(code="24688")
    formed_from = sorted(
        (link.old_unit.name, link.old_unit.district_name, link.partial) for link in krong_no.lineage.all()
    )
    assert krong_no.name == "Xã Krông Nô"
    assert (krong_no.agency_code, krong_no.agency_code_provisional) == ("000.60.20.H36", True)
    assert formed_from == [
        ("Thị trấn Đắk Mâm", "Huyện Krông Nô", False),
        ("Xã Tân Thành", "Huyện Krông Nô", False),
        ("Xã Đắk Drô", "Huyện Krông Nô", False),
    ]


def test_province_bodies_exist_for_every_province() -> None:
    assert Unit.objects.get(code="68").kind == Unit.Kind.PROVINCE
    assert Unit.objects.get(code="68.STP").name == "Sở Tư pháp tỉnh Lâm Đồng"
    assert Unit.objects.filter(kind=Unit.Kind.PROVINCE).count() == 34


def test_loading_again_changes_nothing_and_keeps_what_administrators_entered() -> None:
    Unit.objects.filter(code="24688").update(population=31_245, village_count=27)
    before = (Unit.objects.count(), OldUnit.objects.count(), Lineage.objects.count())
    report = units_load()
    assert report.created == 0
    assert (Unit.objects.count(), OldUnit.objects.count(), Lineage.objects.count()) == before
    krong_no = Unit.objects.get(code="24688")
    assert (krong_no.population, krong_no.village_count) == (31_245, 27)


def test_loading_reports_progress_for_each_stage() -> None:
    stages: list[tuple[str, int, int]] = []
    units_load(progress=lambda stage, done, total: stages.append((stage, done, total)))
    finished = [s for s in stages if s[1] == s[2]]
    assert [s[0] for s in finished] == ["provinces", "units", "pre-2025 units", "lineage"]
    assert finished[0] == ("provinces", 34, 34)
