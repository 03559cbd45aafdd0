import pytest

from motcua.core.errors import InvalidInput
from motcua.units.address import convert_address
from motcua.units.selectors import address_convert


@pytest.mark.parametrize(
    "address",
    [
        "Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông",
        "xa dak dro, huyen krong no, tinh dak nong",
        "Đắk Drô, Krông Nô, Đắk Nông, Việt Nam",
        "DAK DRO KRONG NO DAK NONG",
    ],
)
def test_an_old_address_with_or_without_diacritics_gives_the_new_commune(address: str) -> None:
    conversion = convert_address(address)
    assert conversion is not None
    assert (conversion.old_unit.name, conversion.old_unit.code, conversion.new_code) == (
        "Xã Đắk Drô",
        "24700",
        "24688",
    )


def test_the_street_part_is_kept() -> None:
    conversion = convert_address("Thôn 3, Xã Tân Thành, Huyện Krông Nô, Tỉnh Đắk Nông")
    assert conversion is not None
    assert conversion.new_code == "24688"
    assert conversion.street == "thon3"


def test_a_township_is_found_by_its_name_alone() -> None:
    conversion = convert_address("Ea Tling, Cư Jút, Đắk Nông")
    assert conversion is not None
    assert (conversion.old_unit.name, conversion.new_code) == ("Thị trấn Ea T'Ling", "24640")


def test_a_divided_old_unit_gives_its_default_successor_and_names_all() -> None:
    conversion = convert_address("Xã Tân Thành, Huyện Thới Lai, Thành phố Cần Thơ")
    assert conversion is not None
    assert len(conversion.successor_codes) == 2
    assert conversion.new_code in conversion.successor_codes


@pytest.mark.parametrize(
    "address", ["", "abc xyz", "Xã Không Có, Huyện Krông Nô, Tỉnh Đắk Nông", "Tỉnh Đắk Nông"]
)
def test_an_address_that_names_no_commune_gives_nothing(address: str) -> None:
    assert convert_address(address) is None


@pytest.mark.django_db
def test_the_selector_returns_database_rows() -> None:
    match = address_convert("xa dak dro huyen krong no tinh dak nong")
    assert (match.unit.code, match.unit.province.code, match.old_unit.code) == ("24688", 68, "24700")
    assert [u.code for u in match.successors] == ["24688"]


@pytest.mark.django_db
def test_the_selector_refuses_an_unknown_address_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as raised:
        address_convert("somewhere over the rainbow")
    assert raised.value.field == "address"
    assert "somewhere over the rainbow" in str(raised.value.message)


def test_our_index_answers_as_the_reference_converter_for_every_old_unit_of_dak_nong() -> None:
    """The 71 pre-2025 communes of Đắk Nông (now in Lâm Đồng), written in full, give the same new
    unit as `vietnamadminunits`' own converter."""
    from vietnamadminunits import convert_address as reference

    from motcua.units.legacy_data import legacy_units

    old_units = [u for u in legacy_units() if u.province_key == "tinhdaknong"]
    assert len(old_units) == 71
    for old in old_units:
        address = f"{old.name}, {old.district_name}, {old.province_name}"
        ours = convert_address(address)
        theirs = reference(address)
        assert ours is not None, address
        assert (ours.old_unit.code, ours.new_code) == (old.code, f"{int(theirs.ward_code):05d}") or (
            ours.old_unit.code == old.code and theirs.ward == _official_name(ours.new_code)
        ), address


def _official_name(code: str) -> str:
    from vietnam_provinces import Ward

    return next(w.name for w in Ward.iter_all() if int(w.code) == int(code))


@pytest.mark.parametrize(
    ("address", "old_code"),
    [
        ("Phường Hương Vân, Thị xã Hương Trà, Thành phố Huế", "20008"),
        ("Phường Hương Văn, Thị xã Hương Trà, Thành phố Huế", "20011"),
    ],
)
def test_two_communes_of_a_district_that_fold_alike_are_told_apart_by_diacritics(
    address: str, old_code: str
) -> None:
    conversion = convert_address(address)
    assert conversion is not None
    assert (conversion.old_unit.code, conversion.new_code) == (old_code, "19996")
