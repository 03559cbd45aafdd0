"""Agencies' electronic identifiers (Decision 20/2020/QĐ-TTg), the first part of dossier codes
(Decree 118/2025 Art.28.2.a)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from motcua.units.actions import IdentifierListRejected, IdentifierRow, agency_identifiers_load, units_load
from motcua.units.identifiers import identifier_is_valid, validate_agency_identifier
from motcua.units.models import Unit


@pytest.mark.parametrize(
    "value",
    [
        "000.00.00.H36",  # a province's People's Committee
        "000.00.14.H56",  # a department of Thanh Hóa
        "000.60.20.H36",  # a level-3 unit under a level-2 one
        "001.02.03.G12",  # a four-level ministry unit
        "H36",
        "H01.151",  # a commune of An Giang, Decision 20/2020 form
        "G22.99.08",  # a group of inter-linked procedures on the national portal
        "H55.242.01.001",
    ],
)
def test_art_28_2_a_identifiers_of_decision_20_2020_are_accepted(value: str) -> None:
    assert identifier_is_valid(value)
    validate_agency_identifier(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "68.24688",  # the invented format of earlier versions
        "68.STP",
        "000.00.00.h36",  # lower-case letter
        "000.00.00.H3",
        "00.00.00.H36",
        "000.00.00.H00",  # no level-1 body 00
        "000.01.00.H36",  # level 3 without level 2
        "001.00.05.H36",  # level 4 without level 3
        "000.00.00.H36-",
        " 000.00.00.H36",
        "H36.1",
        "H36.1234",
        "36.H36",
    ],
)
def test_art_28_2_a_other_identifiers_are_refused_with_a_translated_error(value: str) -> None:
    assert not identifier_is_valid(value)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_agency_identifier(value)
    with translation.override("en"):
        assert refused.value.messages == [
            f"“{value}” is not an agency electronic identifier (Decision 20/2020/QĐ-TTg): "
            "write it like 000.00.00.H36 or H36.123."
        ]
    assert refused.value.messages[0].startswith(f"“{value}” không phải là mã định danh điện tử")


@pytest.mark.django_db
def test_the_admin_form_refuses_a_malformed_identifier() -> None:
    unit = Unit.objects.get(code="24688")
    unit.agency_code = "68.24688"
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert list(refused.value.message_dict) == ["agency_code"]


@pytest.mark.django_db
def test_every_unit_gets_a_provisional_identifier_under_lam_dongs_h36() -> None:
    codes = dict(Unit.objects.filter(province__code=68).values_list("code", "agency_code"))
    assert codes["68"] == "000.00.00.H36"
    assert codes["68.STP"] == "000.00.01.H36"
    assert codes["68.SNNMT"] == "000.00.04.H36"
    assert codes["24640"] == "000.53.20.H36"  # Cư Jút
    assert codes["24688"] == "000.60.20.H36"  # Krông Nô
    assert all(identifier_is_valid(code) for code in codes.values())
    assert len(set(codes.values())) == len(codes) == 135
    assert not Unit.objects.filter(agency_code="").exists()
    assert not Unit.objects.filter(agency_code_provisional=False).exists()
    assert Unit.objects.get(code="79").agency_code == "000.00.00.H79"


@pytest.mark.django_db
def test_load_units_replaces_invented_identifiers_and_keeps_loaded_ones() -> None:
    Unit.objects.filter(code="24688").update(agency_code="68.24688")
    Unit.objects.filter(code="24640").update(agency_code="000.12.34.H36", agency_code_provisional=False)
    units_load()
    assert Unit.objects.get(code="24688").agency_code == "000.60.20.H36"
    cu_jut = Unit.objects.get(code="24640")
    assert (cu_jut.agency_code, cu_jut.agency_code_provisional) == ("000.12.34.H36", False)


@pytest.mark.django_db
def test_load_units_skips_a_provisional_identifier_another_unit_holds() -> None:
    Unit.objects.filter(code="24688").update(agency_code="")
    Unit.objects.filter(code="24640").update(agency_code="000.60.20.H36", agency_code_provisional=False)
    units_load()
    krong_no = Unit.objects.get(code="24688")
    assert krong_no.agency_code == "000.26.21.H36"  # the 125th commune-level number of Lâm Đồng
    assert krong_no.agency_code_provisional


@pytest.mark.django_db
def test_a_published_list_sets_identifiers_by_code_or_name_and_clears_the_mark() -> None:
    count = agency_identifiers_load(
        province_code=68,
        rows=[
            IdentifierRow(2, "24688", "000.21.31.H36"),
            IdentifierRow(3, "Cư Jút", "000.22.31.H36"),
            IdentifierRow(4, "Sở Tư pháp tỉnh Lâm Đồng", "000.00.12.H36"),
            IdentifierRow(5, "xa duc trong", "H36.117"),
        ],
    )
    assert count == 4
    loaded = dict(Unit.objects.filter(agency_code_provisional=False).values_list("code", "agency_code"))
    assert loaded == {
        "24688": "000.21.31.H36",
        "24640": "000.22.31.H36",
        "68.STP": "000.00.12.H36",
        "24958": "H36.117",
    }


@pytest.mark.django_db
def test_a_published_list_may_swap_two_identifiers() -> None:
    agency_identifiers_load(
        province_code=68,
        rows=[IdentifierRow(1, "24688", "000.53.20.H36"), IdentifierRow(2, "24640", "000.60.20.H36")],
    )
    assert Unit.objects.get(code="24688").agency_code == "000.53.20.H36"
    assert Unit.objects.get(code="24640").agency_code == "000.60.20.H36"


@pytest.mark.django_db
def test_a_list_with_wrong_rows_changes_nothing_and_names_each_line() -> None:
    before = list(Unit.objects.order_by("pk").values_list("agency_code", "agency_code_provisional"))
    with translation.override("en"), pytest.raises(IdentifierListRejected) as rejected:
        agency_identifiers_load(
            province_code=68,
            rows=[
                IdentifierRow(2, "24688", "000.21.31.H36"),
                IdentifierRow(3, "Xã Không Có", "000.22.31.H36"),
                IdentifierRow(4, "24640", "68.24640"),
                IdentifierRow(5, "Krông Nô", "000.23.31.H36"),
                IdentifierRow(6, "68.STP", "000.21.31.H36"),
                IdentifierRow(7, "68.STC", "000.00.04.H36"),
                IdentifierRow(8, "", "000.00.09.H36"),
            ],
        )
    assert rejected.value.problems == [
        "Line 3: no unit of Lâm Đồng is called or coded “Xã Không Có”.",
        "Line 4: “68.24640” is not an agency electronic identifier (like 000.00.00.H36).",
        "Line 5: Xã Krông Nô is listed twice.",
        "Line 6: the identifier 000.21.31.H36 is already given on line 2.",
        "Line 7: the identifier 000.00.04.H36 belongs to Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng, "
        "which the list does not change.",
        "Line 8: the unit is missing.",
    ]
    assert str(rejected.value.message) == "The list was not loaded: 6 rows are wrong."
    assert list(Unit.objects.order_by("pk").values_list("agency_code", "agency_code_provisional")) == before


@pytest.mark.django_db
def test_load_agency_identifiers_command_loads_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "h36.csv"
    path.write_text("Đơn vị;Mã định danh\n24688;000.21.31.H36\nXã Cư Jút;000.22.31.H36\n", encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("load_agency_identifiers", str(path), stdout=out)
    assert out.getvalue() == "Agency identifiers loaded for 2 units.\n"
    assert Unit.objects.get(code="24640").agency_code == "000.22.31.H36"


@pytest.mark.django_db
def test_load_agency_identifiers_command_reports_bad_lines_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h36.csv"
    path.write_text("unit,identifier\n24688,000.21.31.H36\n24640,68.24640\n", encoding="utf-8")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as failed:
        call_command("load_agency_identifiers", str(path), stderr=err)
    assert str(failed.value) == "The list was not loaded: 1 row is wrong."
    assert (
        err.getvalue() == "Line 3: “68.24640” is not an agency electronic identifier (like 000.00.00.H36).\n"
    )
    assert Unit.objects.get(code="24688").agency_code == "000.60.20.H36"
